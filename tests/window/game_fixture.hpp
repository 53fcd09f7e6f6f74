// A window controller (Game) over the shipped scenarios, in a fresh data folder per test.
#pragma once

#include "window/model/game.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

namespace salesim::window::testing {

class GameTest : public ::testing::Test {
protected:
    void SetUp() override {
        const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
        dir = std::filesystem::temp_directory_path() /
              ("salesim-" + std::string(info->test_suite_name()) + "-" + info->name());
        std::filesystem::remove_all(dir);
    }
    void TearDown() override { std::filesystem::remove_all(dir); }

    /// A controller with the library loaded, keeping its data in `dir`.
    Game make() {
        const std::string src = SALESIM_SOURCE_DIR;
        Game g(dir.string(), src + "/scenarios", src + "/assets");
        g.load();
        return g;
    }

    std::filesystem::path dir;
};

/// True when every decision of `s` keeps the options as they were offered (the debrief names the
/// better option from them).
inline bool keeps_offered(const Session& s) {
    for (const DecisionRecord& r : s.decisions()) {
        if (r.offered.options.empty() || r.chosen >= r.offered.options.size() ||
            r.offered.options[r.chosen].move != r.move)
            return false;
    }
    return true;
}

}  // namespace salesim::window::testing
