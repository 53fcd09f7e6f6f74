// `salesim play --mode` and the commands around it, run as a user would: what each mode shows in the
// terminal, hints refused in assessment, the mode kept in saves, the results, reports, exports and
// a group's required mode.
#include "../cli/run_salesim.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <regex>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using salesim::test::run_salesim;
using salesim::test::RunResult;
using salesim::test::slurp;

namespace {

const std::string choices = "3,3,2,3,1,2,1,2,4,3,5,4,1,1,1,2,2";  // the tutorial's golden play, no hint

class CliModes : public ::testing::Test {
protected:
    void SetUp() override {
        const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
        m_dir = fs::path(SALESIM_BINARY_DIR) / "test_cli_modes" / info->name();
        fs::remove_all(m_dir);
        fs::create_directories(m_dir);
    }
    /// Runs salesim with its results in this test's own folder.
    RunResult run(std::vector<std::string> args, const std::string& input = {}) {
        args.insert(args.begin(), {"--data-dir", (m_dir / "data").string()});
        return run_salesim(args, m_dir, input);
    }
    RunResult play(const std::string& mode, std::vector<std::string> more = {}) {
        std::vector<std::string> args{"play", "tutorial-first-sale", "--seed", "7", "--choices", choices};
        if (!mode.empty()) {
            args.push_back("--mode");
            args.push_back(mode);
        }
        args.insert(args.end(), more.begin(), more.end());
        return run(args);
    }
    fs::path m_dir;
};

/// The part of a transcript before the debrief.
std::string during_play(const std::string& out) {
    return out.substr(0, out.find("══ Debrief ══"));
}

}  // namespace

TEST_F(CliModes, GuidedIsTheDefaultAndPrintsTheSameBytes) {
    const RunResult plain = play("");
    const RunResult guided = play("guided");
    ASSERT_EQ(plain.code, 0) << plain.err;
    EXPECT_EQ(guided.out, plain.out);
    EXPECT_NE(plain.out.find("[trust "), std::string::npos);
    EXPECT_NE(plain.out.find("· trust +"), std::string::npos);
}

TEST_F(CliModes, PracticeShowsVerdictsButNoNumbersAboutTheBuyer) {
    const RunResult r = play("practice");
    ASSERT_EQ(r.code, 0) << r.err;
    const std::string play_part = during_play(r.out);
    EXPECT_NE(play_part.find("Mode: practice: no meters"), std::string::npos) << play_part;
    EXPECT_EQ(play_part.find("[trust"), std::string::npos) << play_part;
    EXPECT_EQ(play_part.find("trust +"), std::string::npos) << play_part;
    EXPECT_EQ(play_part.find("readiness"), std::string::npos) << play_part;
    EXPECT_NE(play_part.find("✓ best · "), std::string::npos) << play_part;  // the verdict at once
    EXPECT_NE(r.out.find("══ Debrief ══"), std::string::npos);
}

TEST_F(CliModes, AssessmentShowsNothingJudgedUntilTheDebrief) {
    const RunResult guided = play("guided");
    const RunResult r = play("assessment");
    ASSERT_EQ(r.code, 0) << r.err;
    const std::string play_part = during_play(r.out);
    EXPECT_NE(play_part.find("Mode: assessment"), std::string::npos) << play_part;
    // No meters, no verdict lines (they start with their mark), no points, feedback or hints.
    for (const char* hidden : {"[trust", "\n✓ ", "\n~ ", "\n✗ ", "Why:", "Hint ("})
        EXPECT_EQ(play_part.find(hidden), std::string::npos) << hidden << " in\n" << play_part;
    EXPECT_FALSE(std::regex_search(play_part, std::regex("[0-9]+ points"))) << play_part;
    // The debrief is the guided one, word for word.
    const std::string debrief = r.out.substr(r.out.find("══ Debrief ══"));
    EXPECT_EQ(debrief, guided.out.substr(guided.out.find("══ Debrief ══")));
    EXPECT_NE(debrief.find("Why: "), std::string::npos);
}

TEST_F(CliModes, AssessmentRefusesAHintInTheScriptAndAtTheKeyboard) {
    const RunResult scripted =
        run({"play", "tutorial-first-sale", "--mode", "assessment", "--choices", "3,h3", "--no-record"});
    EXPECT_EQ(scripted.code, 2);
    EXPECT_NE(scripted.err.find("'h3' at position 2 takes a hint, but hints are off in assessment mode"),
              std::string::npos)
        << scripted.err;
    EXPECT_TRUE(scripted.out.empty()) << scripted.out;

    const RunResult typed =
        run({"play", "tutorial-first-sale", "--mode", "assessment", "--seed", "7", "--no-record"}, "h\n");
    EXPECT_EQ(typed.code, 0) << typed.err;
    EXPECT_NE(typed.out.find("Hints are off in assessment mode; the debrief shows what was best."),
              std::string::npos)
        << typed.out;
    EXPECT_EQ(typed.out.find("Hint (this decision"), std::string::npos);
    EXPECT_NE(typed.out.find("Type the number of your choice, s to save, q to quit."), std::string::npos);
}

TEST_F(CliModes, ABadModeIsMisuseNamingTheModes) {
    const RunResult r = run({"play", "tutorial-first-sale", "--mode", "exam", "--no-record"});
    EXPECT_EQ(r.code, 2);
    const std::string all = r.out + r.err;
    for (const char* id : {"guided", "practice", "assessment"})
        EXPECT_NE(all.find(id), std::string::npos) << all;
}

TEST_F(CliModes, JsonCarriesTheModeAndASaveResumesInIt) {
    const RunResult j = play("practice", {"--json"});
    ASSERT_EQ(j.code, 0) << j.err;
    EXPECT_NE(j.out.find("\"lang\": \"en\",\n  \"mode\": \"practice\","), std::string::npos) << j.out;

    const RunResult part = run({"play", "tutorial-first-sale", "--seed", "7", "--mode", "assessment",
                                "--choices", "3,3", "--save", "s.json", "--no-record"});
    ASSERT_EQ(part.code, 0) << part.err;
    EXPECT_NE(slurp(m_dir / "s.json").find("\"mode\": \"assessment\""), std::string::npos);
    const RunResult resumed = run({"play", "--resume", "s.json", "--choices", "2", "--no-record", "--json"});
    ASSERT_EQ(resumed.code, 0) << resumed.err;
    EXPECT_NE(resumed.out.find("\"mode\": \"assessment\""), std::string::npos);
    const RunResult other = run({"play", "--resume", "s.json", "--mode", "guided", "--no-record"});
    EXPECT_EQ(other.code, 2);
    EXPECT_NE(other.err.find("--mode guided differs from the save's mode assessment"), std::string::npos)
        << other.err;
}

TEST_F(CliModes, AGroupsModeIsPlayedAndAnotherIsRefused) {
    ASSERT_EQ(run({"trainee", "add", "Tia"}).code, 0);
    ASSERT_EQ(run({"group", "add", "Exam class"}).code, 0);
    ASSERT_EQ(run({"group", "join", "Exam class", "Tia"}).code, 0);
    const RunResult set = run({"group", "set", "Exam class", "--mode", "assessment"});
    ASSERT_EQ(set.code, 0) << set.err;
    EXPECT_EQ(set.out, "Group Exam class now plays in assessment mode.\n");
    EXPECT_NE(run({"group", "list"}).out.find("Exam class (1, assessment): Tia"), std::string::npos);
    EXPECT_NE(run({"group", "list", "--json"}).out.find("\"mode\": \"assessment\""), std::string::npos);

    const RunResult played = play("", {"--trainee", "Tia", "--json"});
    ASSERT_EQ(played.code, 0) << played.err;
    EXPECT_NE(played.out.find("\"mode\": \"assessment\""), std::string::npos);
    const RunResult refused = play("practice", {"--trainee", "Tia"});
    EXPECT_EQ(refused.code, 2);
    EXPECT_NE(refused.err.find("Tia is in group Exam class, which plays in assessment mode; --mode practice"),
              std::string::npos)
        << refused.err;
    EXPECT_TRUE(refused.out.empty());
    EXPECT_EQ(play("assessment", {"--trainee", "Tia"}).code, 0);
    // Not recording does not lift it.
    EXPECT_EQ(play("practice", {"--trainee", "Tia", "--no-record"}).code, 2);
    const RunResult unrecorded = play("", {"--trainee", "Tia", "--no-record", "--json"});
    EXPECT_NE(unrecorded.out.find("\"mode\": \"assessment\""), std::string::npos) << unrecorded.err;

    ASSERT_EQ(run({"group", "set", "Exam class", "--mode", "any"}).out,
              "Group Exam class now plays in any mode.\n");
    EXPECT_EQ(play("practice", {"--trainee", "Tia"}).code, 0);
    EXPECT_EQ(run({"group", "set", "No such", "--mode", "any"}).code, 2);
    EXPECT_EQ(run({"group", "set", "Exam class", "--mode", "exam"}).code, 2);
}

TEST_F(CliModes, ReportAndExportFilterByModeAndImportKeepsIt) {
    ASSERT_EQ(play("guided", {"--trainee", "Ann"}).code, 0);
    ASSERT_EQ(play("assessment", {"--trainee", "Ann"}).code, 0);
    ASSERT_EQ(play("practice", {"--trainee", "Ben"}).code, 0);

    const RunResult all = run({"report", "--json"});
    ASSERT_EQ(all.code, 0) << all.err;
    const RunResult only = run({"report", "--json", "--mode", "assessment"});
    ASSERT_EQ(only.code, 0) << only.err;
    EXPECT_NE(only.out.find("\"mode\": \"assessment\""), std::string::npos);
    EXPECT_EQ(only.out.find("\"mode\": \"guided\""), std::string::npos) << only.out;
    EXPECT_EQ(only.out.find("\"Ben\""), std::string::npos) << only.out;
    EXPECT_EQ(run({"report", "--mode", "exam"}).code, 2);
    const RunResult text = run({"report", "--mode", "practice"});
    EXPECT_NE(text.out.find("Trainee Ben"), std::string::npos) << text.out;
    EXPECT_EQ(text.out.find("Trainee Ann"), std::string::npos) << text.out;

    const RunResult csv = run({"export", "--format", "csv", "--mode", "practice"});
    ASSERT_EQ(csv.code, 0) << csv.err;
    EXPECT_NE(csv.out.find(",mode\r\n"), std::string::npos) << csv.out;
    EXPECT_NE(csv.out.find(",practice\r\n"), std::string::npos) << csv.out;
    EXPECT_EQ(csv.out.find(",guided\r\n"), std::string::npos) << csv.out;

    ASSERT_EQ(run({"export", "--format", "xapi", "--out", "x.json"}).code, 0);
    const std::string copy = (m_dir / "copy").string();
    ASSERT_EQ(run_salesim({"--data-dir", copy, "import", "x.json"}, m_dir).code, 0);
    const RunResult copied =
        run_salesim({"--data-dir", copy, "report", "--json", "--mode", "assessment"}, m_dir);
    EXPECT_NE(copied.out.find("\"Ann\""), std::string::npos) << copied.out;
    EXPECT_EQ(copied.out.find("\"Ben\""), std::string::npos) << copied.out;
}
