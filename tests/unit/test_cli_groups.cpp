// `salesim group assign` and `group unassign` run as a trainer would: ids checked against the
// library with the nearest one suggested, nothing changed when one is wrong, the order kept, `group
// list` showing them, and `store copy` carrying them over once.
#include "../cli/run_salesim.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using salesim::test::run_salesim;
using salesim::test::RunResult;

namespace {

class CliGroups : public ::testing::Test {
protected:
    void SetUp() override {
        const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
        m_dir = fs::path(SALESIM_BINARY_DIR) / "test_cli_groups" / info->name();
        fs::remove_all(m_dir);
        fs::create_directories(m_dir);
        ::unsetenv("SALESIM_STORE");
    }
    /// Runs salesim with its results in this test's own folder.
    RunResult run(std::vector<std::string> args) {
        args.insert(args.begin(), {"--data-dir", (m_dir / "data").string()});
        return run_salesim(args, m_dir);
    }
    fs::path m_dir;
};

}  // namespace

TEST_F(CliGroups, ScenariosAreAssignedInOrderListedAndUnassigned) {
    ASSERT_EQ(run({"trainee", "add", "Tia"}).code, 0);
    ASSERT_EQ(run({"group", "add", "Class 9A"}).code, 0);
    ASSERT_EQ(run({"group", "join", "Class 9A", "Tia"}).code, 0);
    const RunResult assigned = run({"group", "assign", "Class 9A", "chairs-agency", "bike-shop"});
    ASSERT_EQ(assigned.code, 0) << assigned.err;
    EXPECT_EQ(assigned.out, "Assigned chairs-agency\nAssigned bike-shop\n");
    const RunResult again = run({"group", "assign", "Class 9A", "chairs-agency"});
    EXPECT_EQ(again.code, 0);
    EXPECT_EQ(again.out, "Already assigned: chairs-agency\n");

    const RunResult list = run({"group", "list"});
    EXPECT_EQ(list.out, "Class 9A (1): Tia\n  assigned: chairs-agency, bike-shop\n");
    EXPECT_NE(run({"group", "list", "--json"})
                  .out.find("\"scenarios\": [\n      \"chairs-agency\",\n      \"bike-shop\"\n"),
              std::string::npos);
    const RunResult fi = run({"--lang", "fi", "group", "list"});
    EXPECT_NE(fi.out.find("  tehtävinä: chairs-agency, bike-shop\n"), std::string::npos) << fi.out;

    const RunResult removed = run({"group", "unassign", "Class 9A", "chairs-agency"});
    ASSERT_EQ(removed.code, 0) << removed.err;
    EXPECT_EQ(removed.out, "Unassigned chairs-agency\n");
    EXPECT_EQ(run({"group", "unassign", "Class 9A", "chairs-agency"}).out,
              "Was not assigned: chairs-agency\n");
    EXPECT_EQ(run({"group", "list"}).out, "Class 9A (1): Tia\n  assigned: bike-shop\n");
}

TEST_F(CliGroups, AnUnknownScenarioIsRefusedWithTheNearestIdAndNothingChanges) {
    ASSERT_EQ(run({"group", "add", "Class 9A"}).code, 0);
    const RunResult typo = run({"group", "assign", "Class 9A", "bike-shop", "chairs-agncy"});
    EXPECT_EQ(typo.code, 2);
    EXPECT_EQ(typo.err,
              "salesim: error: there is no scenario 'chairs-agncy' in the library\n"
              "help: did you mean 'chairs-agency'?\n");
    EXPECT_TRUE(typo.out.empty());
    EXPECT_EQ(run({"group", "list"}).out, "Class 9A (0)\n");  // bike-shop was not assigned either

    const RunResult far = run({"group", "assign", "Class 9A", "zzzzzzzzzzzzzzzz"});
    EXPECT_EQ(far.code, 2);
    EXPECT_NE(far.err.find("help: `salesim list` shows the scenario ids"), std::string::npos) << far.err;
    const RunResult fi = run({"--lang", "fi", "group", "assign", "Class 9A", "bike-shp"});
    EXPECT_EQ(fi.err,
              "salesim: virhe: kirjastossa ei ole skenaariota 'bike-shp'\nohje: tarkoititko 'bike-shop'?\n");

    const RunResult no_group = run({"group", "assign", "Class 9B", "bike-shop"});
    EXPECT_EQ(no_group.code, 2);
    EXPECT_NE(no_group.err.find("no group named 'Class 9B'"), std::string::npos) << no_group.err;
    EXPECT_EQ(run({"group", "unassign", "Class 9A", "bike-shp"}).code, 2);
}

TEST_F(CliGroups, StoreCopyCarriesAssignmentsOnce) {
    ASSERT_EQ(run({"group", "add", "Class 9A"}).code, 0);
    ASSERT_EQ(run({"group", "assign", "Class 9A", "bike-shop", "chairs-agency"}).code, 0);
    const std::string from = (m_dir / "data" / "results.db").string();
    const std::string to = (m_dir / "copy.db").string();
    const RunResult first = run({"store", "copy", "--from", from, "--to", to});
    ASSERT_EQ(first.code, 0) << first.err;
    EXPECT_NE(first.out.find("Scenario assignments: 2 copied, 0 already there"), std::string::npos)
        << first.out;
    const RunResult second = run({"store", "copy", "--from", from, "--to", to});
    ASSERT_EQ(second.code, 0) << second.err;
    EXPECT_NE(second.out.find("Scenario assignments: 0 copied, 2 already there"), std::string::npos)
        << second.out;
    const RunResult list = run_salesim({"--store", to, "group", "list"}, m_dir);
    EXPECT_EQ(list.out, "Class 9A (0)\n  assigned: bike-shop, chairs-agency\n") << list.err;
}
