// `salesim trainer passphrase` as IT uses it: set from standard input into the data folder (an
// Argon2id hash only the owner reads), changed only with the current one, refused when too short or
// without a terminal to ask on, and reset when forgotten.
#include "../cli/run_salesim.hpp"

#include <gtest/gtest.h>

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using salesim::test::run_salesim;
using salesim::test::RunResult;
using salesim::test::slurp;

namespace {

class CliTrainer : public ::testing::Test {
protected:
    void SetUp() override {
        const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
        m_dir = fs::path(SALESIM_BINARY_DIR) / "test_cli_trainer" / info->name();
        fs::remove_all(m_dir);
        fs::create_directories(m_dir);
    }
    void TearDown() override { fs::remove_all(m_dir); }

    RunResult passphrase(const std::vector<std::string>& args, const std::string& input = {}) {
        std::vector<std::string> all{"--data-dir", (m_dir / "data").string(), "trainer", "passphrase"};
        all.insert(all.end(), args.begin(), args.end());
        return run_salesim(all, m_dir, input);
    }
    fs::path file() const { return m_dir / "data" / "trainer-passphrase"; }

    fs::path m_dir;
};

TEST_F(CliTrainer, SetChangeAndReset) {
    RunResult r = passphrase({"set", "--stdin"}, "lemonade42\n");
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(r.out, "The trainer passphrase is set (" + file().string() + ").\n");
    EXPECT_EQ(slurp(file()).rfind("$argon2id$", 0), 0u);
    struct stat st {};
    ASSERT_EQ(::stat(file().c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 07777, 0600u);

    // Changing it needs the current one first.
    const std::string before = slurp(file());
    r = passphrase({"set", "--stdin"}, "lemonade24\nbattery staple\n");
    EXPECT_EQ(r.code, 1);
    EXPECT_NE(r.err.find("that is not the current trainer passphrase; nothing was changed"),
              std::string::npos)
        << r.err;
    EXPECT_EQ(slurp(file()), before);
    r = passphrase({"set", "--stdin"}, "lemonade42\nbattery staple\n");
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(r.out, "The trainer passphrase is changed (" + file().string() + ").\n");

    r = passphrase({"reset"});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_FALSE(fs::exists(file()));
    r = passphrase({"reset"});
    EXPECT_EQ(r.code, 0);
    EXPECT_EQ(r.out, "There is no trainer passphrase to remove (" + file().string() + ").\n");
}

TEST_F(CliTrainer, RefusedWithoutEnoughToGoOn) {
    RunResult r = passphrase({"set", "--stdin"}, "short\n");
    EXPECT_EQ(r.code, 1);
    EXPECT_EQ(r.err, "salesim: error: the passphrase has fewer than 8 characters; nothing was changed\n");
    EXPECT_FALSE(fs::exists(file()));
    r = passphrase({"set", "--stdin"}, "");
    EXPECT_EQ(r.code, 1);
    EXPECT_NE(r.err.find("standard input ended before the passphrase"), std::string::npos) << r.err;
    // Without --stdin it asks on a terminal, and there is none here.
    r = passphrase({"set"}, "lemonade42\n");
    EXPECT_EQ(r.code, 2);
    EXPECT_NE(r.err.find("help: give --stdin"), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(file()));
}

TEST_F(CliTrainer, DamagedFileNamedWithTheWayOut) {
    fs::create_directories(file().parent_path());
    std::ofstream(file()) << "lemonade42\n";
    const RunResult r = passphrase({"--lang", "fi", "set", "--stdin"}, "lemonade42\nbattery staple\n");
    EXPECT_EQ(r.code, 1);
    EXPECT_NE(r.err.find(file().string() + ": virhe: tiedosto ei ole kouluttajan tunnuslauseen tiedosto"),
              std::string::npos)
        << r.err;
    EXPECT_NE(r.err.find("`salesim trainer passphrase reset`"), std::string::npos) << r.err;
}

}  // namespace
