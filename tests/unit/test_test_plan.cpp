// Scenario test plans: the format's mistakes reported at their lines, and each kind of expectation
// checked against the shipped tutorial as it plays.
#include "salesim/loader.hpp"
#include "salesim/test_plan.hpp"

#include <gtest/gtest.h>

#include <string>

using namespace salesim;

namespace {

const std::string k_prefix =
    "anna-virtanen, research_personality, appointment_request, greet_properly, repeat_contact, rapport, "
    "needs_question, demo, assess_cues";

std::shared_ptr<const Scenario> tutorial() {
    static const Library lib = load_library(std::string(SALESIM_SOURCE_DIR) + "/scenarios");
    return lib.find_shared("tutorial-first-sale");
}

TestPlan plan_of(const std::string& yaml) {
    TestPlanLoad load = load_test_plan(yaml, "t.plan.yaml");
    EXPECT_TRUE(load.plan) << (load.diagnostics.empty() ? "" : format(load.diagnostics.front()));
    return load.plan ? *load.plan : TestPlan{};
}

std::vector<std::string> codes(const PathResult& r) {
    std::vector<std::string> out;
    for (const Diagnostic& d : r.failures) out.push_back(d.code);
    return out;
}

}  // namespace

TEST(TestPlan, MistakesInThePlanAreReportedAtTheirLines) {
    const TestPlanLoad load = load_test_plan(
        "scenario: tutorial-first-sale\n"
        "paths:\n"
        "  - name: x\n"
        "    moves: [anna-virtanen: great]\n"
        "    score: 101\n"
        "    outcome: sold\n",
        "t.plan.yaml");
    EXPECT_FALSE(load.plan);
    ASSERT_EQ(load.diagnostics.size(), 3u);
    EXPECT_EQ(load.diagnostics[0].code, "bad-verdict");
    EXPECT_EQ(load.diagnostics[0].loc.line, 4);
    EXPECT_EQ(load.diagnostics[1].code, "bad-score");
    EXPECT_EQ(load.diagnostics[1].loc.line, 5);
    EXPECT_EQ(load.diagnostics[2].code, "bad-outcome");
    EXPECT_EQ(load.diagnostics[2].loc.line, 6);
    EXPECT_FALSE(load_test_plan("scenario: x\npaths: []\n", "t.plan.yaml").plan);
}

TEST(TestPlan, APathThatHoldsHasNoFailures) {
    const TestPlan plan =
        plan_of("scenario: tutorial-first-sale\npaths:\n  - name: sale\n    moves: [" + k_prefix +
                ", pass_up: best, compensation: best, confirm: best, trial, assumptive: best,"
                " short_check_in, ask_for_referral]\n"
                "    outcome: sale\n    score: 95..100\n    passed: true\n");
    const std::vector<PathResult> results = run_test_plan(plan, tutorial());
    ASSERT_EQ(results.size(), 1u);
    EXPECT_TRUE(results[0].failures.empty()) << format(results[0].failures.front());
    EXPECT_EQ(results[0].outcome, Outcome::Sale);
    EXPECT_EQ(results[0].played.size(), 16u);
    EXPECT_EQ(results[0].played.front(), "leads: anna-virtanen (best)");
}

TEST(TestPlan, EachExpectationThatDoesNotHoldIsReportedWhereItIsWritten) {
    const TestPlan plan = plan_of(
        "scenario: tutorial-first-sale\npaths:\n"
        "  - name: wrong verdict and score\n"
        "    moves: [" +
        k_prefix +
        ", pass_up, compensation: weak, confirm, trial, assumptive, short_check_in, ask_for_referral]\n"
        "    outcome: no_sale\n    score: 10..20\n    passed: false\n"
        "  - name: not offered\n"
        "    moves: [anna-virtanen, boomerang]\n"
        "  - name: another decision\n"
        "    moves: [anna-virtanen, close/assumptive]\n"
        "  - name: past the end\n"
        "    moves: [" +
        k_prefix +
        ", pass_up, compensation, confirm, assumptive, short_check_in, ask_for_referral, demo]\n"
        "  - name: unfinished\n"
        "    moves: [anna-virtanen]\n    score: 50\n");
    const std::vector<PathResult> r = run_test_plan(plan, tutorial());
    ASSERT_EQ(r.size(), 5u);
    EXPECT_EQ(codes(r[0]),
              (std::vector<std::string>{"plan-verdict", "plan-outcome", "plan-score", "plan-passed"}));
    EXPECT_EQ(r[0].failures[0].loc.line, 4);
    EXPECT_NE(r[0].failures[0].message.find("judged best, not weak (rule objection.compensation.offsets)"),
              std::string::npos)
        << r[0].failures[0].message;
    EXPECT_EQ(r[0].failures[1].loc.line, 3);  // the path's own line
    EXPECT_EQ(codes(r[1]), (std::vector<std::string>{"plan-move-not-offered"}));
    EXPECT_NE(r[1].failures[0].help.find("research_personality"), std::string::npos) << r[1].failures[0].help;
    EXPECT_EQ(codes(r[2]), (std::vector<std::string>{"plan-wrong-decision"}));
    EXPECT_EQ(codes(r[3]), (std::vector<std::string>{"plan-meeting-over"}));
    EXPECT_EQ(codes(r[4]), (std::vector<std::string>{"plan-unfinished"}));
}

TEST(TestPlan, PlanFilesSitBesideScenariosAndAreNotScenarios) {
    EXPECT_EQ(plan_path_for("scenarios/bike-shop.yaml"), "scenarios/bike-shop.plan.yaml");
    EXPECT_TRUE(is_plan_file("bike-shop.plan.yaml"));
    EXPECT_FALSE(is_plan_file("bike-shop.yaml"));
    const Library lib = load_library(std::string(SALESIM_SOURCE_DIR) + "/scenarios");
    EXPECT_EQ(lib.scenarios.size(), 11u);
    EXPECT_TRUE(lib.diagnostics.empty()) << format(lib.diagnostics.front());
}
