// The analyzer within its budgets: a search stopped by its state limit, its memory budget or its
// time budget still answers soundly. The paths it reports replay to the scores it claims, the best
// score lies between the best found and the bound, the memory stays under the budget, and nothing
// is said to be "never" reached.
#include "../support/grown_scenario.hpp"
#include "salesim/analyzer.hpp"
#include "salesim/loader.hpp"
#include "salesim/session.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <string>

using namespace salesim;

namespace {

const Library& shipped() {
    static const Library lib = [] {
        const std::string dir = std::string(SALESIM_SOURCE_DIR) + "/scenarios";
        return load_library(dir, dir + "/rulebook.yaml");
    }();
    return lib;
}

// accounting-software grown to `count` objections.
std::shared_ptr<const Scenario> grown(std::size_t count) {
    const std::string dir = std::string(SALESIM_SOURCE_DIR) + "/scenarios";
    static const RuleBookLoad book = load_rulebook_file(dir + "/rulebook.yaml");
    std::ifstream in(dir + "/accounting-software.yaml");
    std::stringstream text;
    text << in.rdbuf();
    const std::string yaml = testing_support::grow_objections(text.str(), count);
    ScenarioLoad load = load_scenario(yaml, "accounting-" + std::to_string(count) + ".yaml", book.book);
    EXPECT_TRUE(load.scenario) << (load.diagnostics.empty() ? "" : load.diagnostics.front().message);
    return load.scenario;
}

// A reported path, played again: it ends as claimed.
void expect_replays(const std::shared_ptr<const Scenario>& scn, const AnalyzedPath& p, std::uint64_t seed) {
    Session s(scn, seed, false);
    for (std::size_t c : p.choices) {
        ASSERT_FALSE(s.finished());
        ASSERT_LT(c - 1, s.current().options.size());
        s.choose(c - 1);
    }
    ASSERT_TRUE(s.finished());
    EXPECT_EQ(s.outcome(), p.outcome);
    EXPECT_EQ(s.score().overall, p.score);
    EXPECT_EQ(s.score().passed, p.passed);
}

bool has_finding(const Analysis& a, const std::string& code) {
    return std::any_of(a.findings.begin(), a.findings.end(),
                       [&](const Finding& f) { return f.code == code; });
}

void expect_bounded_answer(const std::shared_ptr<const Scenario>& scn, const Analysis& a) {
    EXPECT_FALSE(a.complete);
    EXPECT_TRUE(a.bounded());
    EXPECT_TRUE(has_finding(a, "bounded"));
    // "Never" needs a finished search.
    for (const char* never : {"step_never_shown", "objection_never_raised", "closing_never_reached",
                              "need_never_discovered", "rule_never_used", "choice_never_matters"})
        EXPECT_FALSE(has_finding(a, never)) << never;
    EXPECT_FALSE(a.distribution_exact);
    EXPECT_EQ(a.paths, 0);
    if (a.best) {
        expect_replays(scn, *a.best, a.seed);
        EXPECT_LE(a.best->score, a.best_bound);
        EXPECT_EQ(a.pass_reachable, a.best->passed);
    }
    if (a.worst) expect_replays(scn, *a.worst, a.seed);
}

}  // namespace

// Cut at many sizes, every shipped scenario's bounded answer brackets its exact one.
TEST(AnalyzerBounds, AStateLimitGivesABestScoreIntervalThatHoldsTheExactBest) {
    std::size_t checked = 0;
    for (const auto& scn : shipped().scenarios) {
        const Analysis exact = analyze(scn);
        ASSERT_TRUE(exact.complete && exact.best && exact.worst) << scn->id;
        EXPECT_EQ(exact.end, SearchEnd::Finished);
        EXPECT_EQ(exact.best_bound, exact.best->score) << scn->id;
        for (std::size_t limit : {2u, 50u, 400u, 3'000u, 20'000u}) {
            if (limit >= exact.states) continue;
            AnalyzeOptions opts;
            opts.max_states = limit;
            const Analysis a = analyze(scn, opts);
            SCOPED_TRACE(scn->id + " at " + std::to_string(limit) + " states");
            ASSERT_EQ(a.end, SearchEnd::StateLimit);
            expect_bounded_answer(scn, a);
            ASSERT_TRUE(a.best);  // the best answers' own path is always tried
            EXPECT_LE(a.best->score, exact.best->score);
            EXPECT_GE(a.best_bound, exact.best->score);
            EXPECT_GE(a.worst->score, exact.worst->score);
            // What it found is there; what it did not is not claimed absent.
            EXPECT_TRUE(!a.sale_reachable || exact.sale_reachable);
            EXPECT_TRUE(!a.walk_away_reachable || exact.walk_away_reachable);
            EXPECT_TRUE(!a.pass_reachable || exact.pass_reachable);
            ++checked;
        }
    }
    EXPECT_GT(checked, 40u);
}

// Nine objections: far more than 64 MiB to search exactly. The search stays under the budget
// and still proves the scenario can be won, with a path a trainee can play.
TEST(AnalyzerBounds, AMemoryBudgetHoldsAndAPassingPathIsStillFound) {
    const auto scn = grown(9);
    ASSERT_TRUE(scn);
    AnalyzeOptions opts;
    opts.max_memory = std::size_t{64} << 20;
    const Analysis a = analyze(scn, opts);
    ASSERT_EQ(a.end, SearchEnd::MemoryLimit);
    EXPECT_LE(a.memory, opts.max_memory);
    EXPECT_GT(a.memory, opts.max_memory / 4) << "the budget is used, not given up early";
    expect_bounded_answer(scn, a);
    ASSERT_TRUE(a.best);
    EXPECT_TRUE(a.pass_reachable);
    EXPECT_FALSE(a.failed());
    EXPECT_EQ(a.best->outcome, Outcome::Sale);
    EXPECT_TRUE(a.sale_reachable);
    EXPECT_FALSE(has_finding(a, "pass_not_found"));
}

TEST(AnalyzerBounds, ATimeBudgetStopsTheSearchWithABoundedAnswer) {
    const auto scn = grown(9);
    ASSERT_TRUE(scn);
    AnalyzeOptions opts;
    opts.time_limit = 0.05;
    const Analysis a = analyze(scn, opts);
    ASSERT_EQ(a.end, SearchEnd::TimeLimit);
    expect_bounded_answer(scn, a);
    EXPECT_TRUE(a.pass_reachable);
}

// A pass mark no path can reach is proven out of reach even when the search was bounded, because
// the bound is below it; one the bound allows but no found path reaches is "not found", not "no".
TEST(AnalyzerBounds, APassMarkAboveTheBoundIsProvenOutOfReach) {
    const auto base = grown(6);
    ASSERT_TRUE(base);
    AnalyzeOptions opts;
    opts.max_states = 5'000;
    {
        auto scn = std::make_shared<Scenario>(*base);
        scn->rubric.pass = 101;
        const Analysis a = analyze(scn, opts);
        ASSERT_TRUE(a.bounded());
        EXPECT_FALSE(a.pass_reachable);
        EXPECT_TRUE(a.failed());
        EXPECT_TRUE(has_finding(a, "not_passable"));
    }
    const Analysis open = analyze(base, opts);
    ASSERT_TRUE(open.bounded() && open.best);
    auto scn = std::make_shared<Scenario>(*base);
    scn->rubric.pass = std::min(open.best_bound, 100);
    if (scn->rubric.pass > open.best->score) {
        const Analysis a = analyze(scn, opts);
        if (!a.pass_reachable) {
            EXPECT_TRUE(has_finding(a, "pass_not_found"));
            EXPECT_FALSE(has_finding(a, "not_passable"));
        }
    }
}

// A caller's stop still claims nothing, as before.
TEST(AnalyzerBounds, AStoppedSearchIsNotABoundedOne) {
    std::atomic<bool> stop{true};
    AnalyzeOptions opts;
    opts.stop = &stop;
    const Analysis a = analyze(shipped().scenarios.front(), opts);
    EXPECT_EQ(a.end, SearchEnd::Stopped);
    EXPECT_FALSE(a.bounded());
    EXPECT_TRUE(a.failed());
    EXPECT_FALSE(a.best);
}
