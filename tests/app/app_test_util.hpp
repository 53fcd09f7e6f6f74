// What the attempt controller's tests share: reading and writing whole files, and a fixture with a
// scratch folder of its own and a controller recording into a results store.
#pragma once

#include "salesim/app/attempt_controller.hpp"

#include <salesim/results/store.hpp>

#include <gtest/gtest.h>

#include <unistd.h>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>

namespace salesim::app::test {

namespace fs = std::filesystem;

inline std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

inline void write_file(const fs::path& path, std::string_view bytes) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << bytes;
    if (!out) throw std::runtime_error("cannot write " + path.string());
}

class ScratchAttempt : public ::testing::Test {
protected:
    void SetUp() override {
        const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
        dir = fs::path(SALESIM_BINARY_DIR) / "app-test-scratch" /
              (std::string(info->name()) + "-" + std::to_string(::getpid()));
        fs::remove_all(dir);
        fs::create_directories(dir);
    }
    void TearDown() override { fs::remove_all(dir); }

    /// A controller recording into `store` for `trainee`, with an autosave in `dir`.
    app::AttemptController make(results::ResultsStore* store, const std::string& trainee = "Anna") {
        app::AttemptController a(write_file);
        a.record_to(store);
        a.set_trainee(trainee);
        a.set_lang("en");
        a.set_autosave(dir / "autosave.json");
        return a;
    }

    fs::path dir;
};

}  // namespace salesim::app::test
