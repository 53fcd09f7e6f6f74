// `salesim play` driven as a user would: same input gives the same bytes, saves resume exactly.
#include "../cli/run_salesim.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

namespace fs = std::filesystem;
using salesim::test::run_salesim;
using salesim::test::slurp;

namespace {

// A full play of the tutorial with a hint taken; the same list the golden transcript uses.
const std::string all_choices = "3,3,2,3,1,2,1,h2,4,3,5,4,1,1,1,2,2";
const std::string first_part = "3,3,2,3,1,2";
const std::string second_part = "1,h2,4,3,5,4,1,1,1,2,2";

class CliPlay : public ::testing::Test {
protected:
    void SetUp() override {
        const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
        m_dir = fs::path(SALESIM_BINARY_DIR) / "test_cli_play" / info->name();
        fs::remove_all(m_dir);
        fs::create_directories(m_dir);
    }
    fs::path m_dir;
};

TEST_F(CliPlay, SameSeedAndChoicesGiveIdenticalBytes) {
    for (const char* format : {"--json", "--seed"}) {
        std::vector<std::string> args{"play", "tutorial-first-sale", "--seed",
                                      "11",   "--choices",           all_choices};
        if (std::string(format) == "--json") args.push_back("--json");
        const auto a = run_salesim(args, m_dir);
        const auto b = run_salesim(args, m_dir);
        ASSERT_EQ(a.code, 0) << a.err;
        EXPECT_FALSE(a.out.empty());
        EXPECT_EQ(a.out, b.out);
        EXPECT_EQ(a.err, b.err);
    }
}

TEST_F(CliPlay, SaveThenResumeEqualsPlayingStraightThrough) {
    const auto straight = run_salesim(
        {"play", "tutorial-first-sale", "--seed", "7", "--choices", all_choices, "--json"}, m_dir);
    ASSERT_EQ(straight.code, 0) << straight.err;

    const auto part1 = run_salesim(
        {"play", "tutorial-first-sale", "--seed", "7", "--choices", first_part, "--save", "s.json"}, m_dir);
    ASSERT_EQ(part1.code, 0) << part1.err;
    EXPECT_NE(part1.out.find("Session unfinished; decisions made: 6."), std::string::npos) << part1.out;
    EXPECT_NE(part1.out.find("salesim play --resume s.json"), std::string::npos) << part1.out;
    ASSERT_TRUE(fs::exists(m_dir / "s.json"));
    EXPECT_FALSE(fs::exists(m_dir / "s.json.tmp"));

    const auto resumed =
        run_salesim({"play", "--resume", "s.json", "--choices", second_part, "--json"}, m_dir);
    ASSERT_EQ(resumed.code, 0) << resumed.err;
    EXPECT_EQ(resumed.out, straight.out);
}

TEST_F(CliPlay, TypedSessionSavesOnQuitAndResumesWithTheSameResult) {
    // Typed: garbage first, then three decisions, then quit. --json keeps the talk on stderr.
    const auto typed = run_salesim({"play", "tutorial-first-sale", "--seed", "7", "--save", "t.json"}, m_dir,
                                   "x\n3\n\n3\n2\nq\n");
    ASSERT_EQ(typed.code, 0) << typed.err;
    EXPECT_NE(typed.out.find("'x' is not a choice"), std::string::npos);
    const auto resumed = run_salesim(
        {"play", "--resume", "t.json", "--choices", "3,1,2,1,h2,4,3,5,4,1,1,1,2,2", "--json"}, m_dir);
    ASSERT_EQ(resumed.code, 0) << resumed.err;
    const auto straight = run_salesim(
        {"play", "tutorial-first-sale", "--seed", "7", "--choices", all_choices, "--json"}, m_dir);
    EXPECT_EQ(resumed.out, straight.out);
}

TEST_F(CliPlay, EndOfInputQuitsCleanlyAndSaves) {
    const auto r =
        run_salesim({"play", "tutorial-first-sale", "--seed", "3", "--save", "e.json"}, m_dir, "2\n");
    EXPECT_EQ(r.code, 0) << r.err;
    EXPECT_NE(r.out.find("Session unfinished; decisions made: 1."), std::string::npos) << r.out;
    EXPECT_NE(slurp(m_dir / "e.json").find("tutorial-first-sale"), std::string::npos);
}

TEST_F(CliPlay, ResumingASaveForAChangedScenarioSaysSo) {
    fs::copy_file(fs::path(SALESIM_SOURCE_DIR) / "scenarios" / "tutorial-first-sale.yaml",
                  m_dir / "tut.yaml");
    const auto part =
        run_salesim({"play", "tut.yaml", "--seed", "7", "--choices", "3,3", "--save", "c.json"}, m_dir);
    ASSERT_EQ(part.code, 0) << part.err;
    std::ofstream(m_dir / "tut.yaml", std::ios::app) << "# edited after saving\n";
    const auto r = run_salesim({"play", "tut.yaml", "--resume", "c.json"}, m_dir);
    EXPECT_EQ(r.code, 1);
    EXPECT_NE(r.err.find("cannot resume c.json"), std::string::npos) << r.err;
    EXPECT_TRUE(r.out.empty()) << r.out;
}

TEST_F(CliPlay, ABrokenSaveFileIsAClearError) {
    std::ofstream(m_dir / "bad.json") << "{not json";
    const auto r = run_salesim({"play", "--resume", "bad.json"}, m_dir);
    EXPECT_EQ(r.code, 1);
    EXPECT_NE(r.err.find("bad.json"), std::string::npos) << r.err;
}

TEST_F(CliPlay, FinnishRendersItsLetters) {
    const auto r =
        run_salesim({"--lang", "fi", "play", "tutorial-first-sale", "--seed", "7", "--choices", "3"}, m_dir);
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_NE(r.out.find("Etsintä ja arviointi"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("Harjoitus jäi kesken"), std::string::npos) << r.out;
}

}  // namespace
