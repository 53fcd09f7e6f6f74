// The scenario analyzer: state counts, best and worst paths that replay to their scores, exact path
// counts against brute force, and unreachable content.
#include "salesim/analyzer.hpp"

#include "salesim/loader.hpp"
#include "session_fixture.hpp"

#include <gtest/gtest.h>

#include <array>
#include <atomic>
#include <functional>
#include <string>

using namespace salesim;
using salesim::testing::make_scenario;

namespace {

// Replays 1-based choices with a fresh session and returns it.
Session replay(const std::shared_ptr<const Scenario>& s, const AnalyzedPath& p, std::uint64_t seed = 1) {
    Session session(s, seed, false);
    for (std::size_t c : p.choices) session.choose(c - 1);
    return session;
}

// Every path, one by one: counts and the score distribution (the reference for the merged search).
struct Brute {
    double paths = 0;
    std::array<double, 101> scores{};
    int best = -1, worst = 101;
    double sales = 0, passes = 0;
};

void enumerate(const Session& s, Brute& out) {
    if (s.finished()) {
        const ScoreCard card = s.score();
        out.paths += 1;
        out.scores[static_cast<std::size_t>(card.overall)] += 1;
        out.best = std::max(out.best, card.overall);
        out.worst = std::min(out.worst, card.overall);
        if (s.outcome() == Outcome::Sale) out.sales += 1;
        if (card.passed) out.passes += 1;
        return;
    }
    for (std::size_t i = 0; i < s.current().options.size(); ++i) {
        Session next = s;
        next.choose(i);
        enumerate(next, out);
    }
}

// The fixture cut down so that brute force stays quick: no prospecting or follow-up, the price
// objection (hiding the delivery worry) only, and two closing attempts.
std::shared_ptr<Scenario> tiny() {
    auto s = make_scenario();
    s->stages.erase(s->stages.begin());  // prospecting
    s->stages.pop_back();                // follow-up
    for (StageContent& sc : s->stages)
        if (sc.stage == Stage::Objections) sc.objections.pop_back();  // the loyalty excuse
    s->rubric.weights.erase(Stage::Prospecting);
    s->rubric.weights.erase(Stage::FollowUp);
    s->rubric.close_attempts = 2;
    return s;
}

std::string fixture(const std::string& name) {
    return std::string(SALESIM_SOURCE_DIR) + "/tests/fixtures/analyzer/" + name;
}

}  // namespace

TEST(Analyzer, FixtureIsCompleteAndPassable) {
    const Analysis a = analyze(make_scenario());
    EXPECT_TRUE(a.complete);
    // The fixture's rule book has no gates: its direct close is judged best at any readiness, a
    // breach of the closing rules the analyzer reports, so the scenario as a whole fails.
    EXPECT_EQ(a.unready_close_rule, "close.direct");
    EXPECT_TRUE(a.failed());
    EXPECT_TRUE(a.pass_reachable);
    EXPECT_TRUE(a.sale_reachable);
    EXPECT_TRUE(a.no_sale_reachable);
    EXPECT_EQ(a.dead_ends, 0u);
    EXPECT_GT(a.states, 50u);
    EXPECT_GE(a.transitions, a.states - 1);
    ASSERT_TRUE(a.best);
    EXPECT_EQ(a.best->score, 100);
    EXPECT_TRUE(a.best->passed);
    EXPECT_EQ(a.best->outcome, Outcome::Sale);
    // Seven decisions, and a trial close before the close: it ties (no points, no effect) and comes
    // first among the techniques.
    EXPECT_EQ(a.best->choices.size(), 8u);
}

TEST(Analyzer, BestAndWorstPathsReplayToTheirScores) {
    auto scn = make_scenario();
    for (std::uint64_t seed : {1u, 5u, 99u}) {
        AnalyzeOptions opts;
        opts.seed = seed;
        const Analysis a = analyze(scn, opts);
        ASSERT_TRUE(a.best && a.worst);
        const Session best = replay(scn, *a.best, seed);
        ASSERT_TRUE(best.finished());
        EXPECT_EQ(best.score().overall, a.best->score);
        EXPECT_EQ(best.score().passed, a.best->passed);
        const Session worst = replay(scn, *a.worst, seed);
        ASSERT_TRUE(worst.finished());
        EXPECT_EQ(worst.score().overall, a.worst->score);
        EXPECT_EQ(worst.outcome(), a.worst->outcome);
        EXPECT_LE(a.worst->score, a.best->score);
        // Every end's score lies between them.
        for (int s = 0; s <= 100; ++s)
            if (a.score_paths[static_cast<std::size_t>(s)] > 0) {
                EXPECT_GE(s, a.worst->score);
                EXPECT_LE(s, a.best->score);
            }
    }
}

TEST(Analyzer, PathCountsAndDistributionMatchBruteForce) {
    std::shared_ptr<const Scenario> scn = tiny();
    Brute brute;
    enumerate(Session(scn, 1, false), brute);
    ASSERT_GT(brute.paths, 1000);
    const Analysis a = analyze(scn);
    ASSERT_TRUE(a.complete);
    EXPECT_EQ(a.paths, brute.paths);
    for (std::size_t s = 0; s <= 100; ++s) EXPECT_EQ(a.score_paths[s], brute.scores[s]) << "score " << s;
    EXPECT_EQ(a.sale_paths, brute.sales);
    EXPECT_EQ(a.passed_paths, brute.passes);
    ASSERT_TRUE(a.best && a.worst);
    EXPECT_EQ(a.best->score, brute.best);
    EXPECT_EQ(a.worst->score, brute.worst);
    double bucket_sum = 0;
    for (double b : a.buckets()) bucket_sum += b;
    EXPECT_EQ(bucket_sum, brute.paths);
    // The search visits far fewer states than there are paths.
    EXPECT_LT(static_cast<double>(a.states), brute.paths / 4);
}

TEST(Analyzer, FoldingAndOmittingMergeSoundly) {
    // The full fixture with every merging on, and with the plain engine key plus every stage's sums:
    // the same answers, from fewer states.
    auto scn = make_scenario();
    const Analysis merged = analyze(scn);
    AnalyzeOptions plain;
    plain.fold_finished_stages = false;
    plain.omit_unread = false;
    plain.merge_value_ranges = false;
    plain.trial_twins = false;
    plain.reuse_transitions = false;
    plain.fold_loose_objections = false;
    const Analysis reference = analyze(scn, plain);
    ASSERT_TRUE(merged.complete && reference.complete);
    EXPECT_LT(merged.states, reference.states);
    EXPECT_EQ(merged.paths, reference.paths);
    EXPECT_EQ(merged.score_paths, reference.score_paths);
    EXPECT_EQ(merged.passed_paths, reference.passed_paths);
    EXPECT_EQ(merged.walk_away_paths, reference.walk_away_paths);
    EXPECT_EQ(merged.best->score, reference.best->score);
    EXPECT_EQ(merged.worst->score, reference.worst->score);
    EXPECT_EQ(merged.best->choices, reference.best->choices);
}

namespace {

// Everything two analyses report, compared: the merged search must answer exactly as the plain one.
// The score distribution is compared when both are exact; `need_exact` says whether they must be
// (a large drawn graph outgrows the exact histograms' budget, and then both are sampled).
void expect_same_answers(const Analysis& merged, const Analysis& reference, bool need_exact = true) {
    ASSERT_TRUE(merged.complete && reference.complete);
    EXPECT_EQ(merged.paths, reference.paths);
    EXPECT_EQ(merged.sale_paths, reference.sale_paths);
    EXPECT_EQ(merged.no_sale_paths, reference.no_sale_paths);
    EXPECT_EQ(merged.walk_away_paths, reference.walk_away_paths);
    if (need_exact) {
        ASSERT_TRUE(merged.distribution_exact && reference.distribution_exact);
    }
    if (merged.distribution_exact && reference.distribution_exact) {
        EXPECT_EQ(merged.score_paths, reference.score_paths);
        EXPECT_EQ(merged.passed_paths, reference.passed_paths);
    }
    ASSERT_TRUE(merged.best && reference.best && merged.worst && reference.worst);
    EXPECT_EQ(merged.best->choices, reference.best->choices);
    EXPECT_EQ(merged.best->score, reference.best->score);
    EXPECT_EQ(merged.worst->choices, reference.worst->choices);
    EXPECT_EQ(merged.worst->score, reference.worst->score);
    EXPECT_EQ(merged.pass_reachable, reference.pass_reachable);
    EXPECT_EQ(merged.walk_away_reachable, reference.walk_away_reachable);
    EXPECT_EQ(merged.dead_ends, reference.dead_ends);
    ASSERT_EQ(merged.decisions.size(), reference.decisions.size());
    for (std::size_t i = 0; i < merged.decisions.size(); ++i) {
        const DecisionReport& m = merged.decisions[i];
        const DecisionReport& r = reference.decisions[i];
        SCOPED_TRACE(m.ref);
        EXPECT_EQ(m.states > 0, r.states > 0);
        EXPECT_LE(m.states, r.states);
        EXPECT_EQ(m.need_found_somewhere, r.need_found_somewhere);
        ASSERT_EQ(m.options.size(), r.options.size());
        for (std::size_t j = 0; j < m.options.size(); ++j) {
            EXPECT_EQ(m.options[j].verdicts, r.options[j].verdicts) << m.options[j].move;
            EXPECT_EQ(m.options[j].best_somewhere, r.options[j].best_somewhere) << m.options[j].move;
            EXPECT_EQ(m.options[j].on_best_path, r.options[j].on_best_path) << m.options[j].move;
            EXPECT_EQ(m.options[j].on_worst_path, r.options[j].on_worst_path) << m.options[j].move;
        }
    }
}

}  // namespace

TEST(Analyzer, ValueRangesMergeExactlyOnAShippedScenario) {
    // A shipped scenario with the shipped rule book, whose rules test readiness against close_at
    // and 45, interest against 60 and 70, and whose buyers walk away: merging states by the ranges
    // of values their futures cannot tell apart gives every answer of the search that keeps the
    // values (unread ones left out) in its key, from far fewer states.
    const Library lib = load_library(std::string(SALESIM_SOURCE_DIR) + "/scenarios");
    const std::shared_ptr<const Scenario> scn = lib.find_shared("coffee-machines-office");
    ASSERT_TRUE(scn);
    AnalyzeOptions plain;
    plain.merge_value_ranges = false;
    plain.trial_twins = false;
    plain.reuse_transitions = false;
    const Analysis reference = analyze(scn, plain);
    const Analysis merged = analyze(scn);
    expect_same_answers(merged, reference);
    EXPECT_LT(merged.states * 5, reference.states);
    // Two choices that lead to one future are one node: the groups of options that never matter
    // can only grow.
    for (std::size_t i = 0; i < merged.decisions.size(); ++i)
        EXPECT_GE(merged.decisions[i].same_effect.size(), reference.decisions[i].same_effect.size());
}

TEST(Analyzer, TrialTwinsAnswerExactlyAsExploringThem) {
    // After a trial close the decision stays, less the trial close: the search takes that state's
    // future from its parent's other choices instead of exploring it. On the tutorial (trial
    // closes at every presentation step and in the closing) both searches answer the same.
    const Library lib = load_library(std::string(SALESIM_SOURCE_DIR) + "/scenarios");
    const std::shared_ptr<const Scenario> scn = lib.find_shared("tutorial-first-sale");
    ASSERT_TRUE(scn);
    AnalyzeOptions explored;
    explored.trial_twins = false;
    const Analysis reference = analyze(scn, explored);
    const Analysis twins = analyze(scn);
    expect_same_answers(twins, reference);
    EXPECT_EQ(twins.states, reference.states);
    EXPECT_LT(twins.transitions * 10, reference.transitions * 7)
        << "a third of the choices are not simulated";
    for (std::size_t i = 0; i < twins.decisions.size(); ++i)
        EXPECT_EQ(twins.decisions[i].states, reference.decisions[i].states) << twins.decisions[i].ref;

    // A rule book whose trial close changes the buyer: the state after it is not its parent's, so
    // it is explored like any other, and the answers are still the same.
    auto book = std::make_shared<RuleBook>(*scn->rules);
    for (Rule& r : book->rules)
        if (r.move == "trial") r.effects.interest = 3;
    auto changed = std::make_shared<Scenario>(*scn);
    changed->rules = book;
    const Analysis changed_reference = analyze(changed, explored);
    const Analysis changed_twins = analyze(changed);
    expect_same_answers(changed_twins, changed_reference, false);
    EXPECT_EQ(changed_twins.transitions, changed_reference.transitions);
}

TEST(Analyzer, ReusedTransitionsAnswerExactlyAsSimulatingThem) {
    // States that differ only in the points of the stage at hand take each choice's outcome from
    // the first of them. On two shipped scenarios the search answers exactly as the one that
    // simulates every choice, with the same states, from fewer simulated choices.
    const Library lib = load_library(std::string(SALESIM_SOURCE_DIR) + "/scenarios");
    for (const char* id : {"coffee-machines-office", "tutorial-first-sale"}) {
        SCOPED_TRACE(id);
        const std::shared_ptr<const Scenario> scn = lib.find_shared(id);
        ASSERT_TRUE(scn);
        AnalyzeOptions simulated;
        simulated.reuse_transitions = false;
        const Analysis reference = analyze(scn, simulated);
        const Analysis reused = analyze(scn);
        expect_same_answers(reused, reference);
        EXPECT_EQ(reused.states, reference.states);
        EXPECT_EQ(reused.engine_keys, reference.engine_keys);
        EXPECT_LT(reused.transitions, reference.transitions);
        for (std::size_t i = 0; i < reused.decisions.size(); ++i) {
            EXPECT_EQ(reused.decisions[i].states, reference.decisions[i].states) << reused.decisions[i].ref;
            EXPECT_EQ(reused.decisions[i].same_effect, reference.decisions[i].same_effect)
                << reused.decisions[i].ref;
        }
        EXPECT_EQ(reused.findings.size(), reference.findings.size());
    }
}

TEST(Analyzer, LooseObjectionsCountedAnswerExactlyAsNamingThem) {
    // An objection answered weakly stays open but does not block the sale: it never comes back,
    // and the rules read only how many are open. Counting such objections instead of naming them
    // merges states; on a shipped scenario with three objections the answers are the same.
    const Library lib = load_library(std::string(SALESIM_SOURCE_DIR) + "/scenarios");
    const std::shared_ptr<const Scenario> scn = lib.find_shared("accounting-software");
    ASSERT_TRUE(scn);
    AnalyzeOptions named;
    named.fold_loose_objections = false;
    const Analysis reference = analyze(scn, named);
    const Analysis folded = analyze(scn);
    expect_same_answers(folded, reference);
    EXPECT_LT(folded.states, reference.states);
    EXPECT_EQ(folded.findings.size(), reference.findings.size());
}

TEST(Analyzer, ValueRangesMergeExactlyOnTheFixtureAtEverySeed) {
    auto scn = make_scenario();
    scn->persona.start.patience = 45;  // walking away is reachable by several paths
    for (std::uint64_t seed : {1u, 5u, 99u}) {
        AnalyzeOptions plain;
        plain.seed = seed;
        plain.merge_value_ranges = false;
        plain.trial_twins = false;
        plain.reuse_transitions = false;
        plain.fold_loose_objections = false;
        AnalyzeOptions merged_opts;
        merged_opts.seed = seed;
        const Analysis reference = analyze(scn, plain);
        const Analysis merged = analyze(scn, merged_opts);
        expect_same_answers(merged, reference);
        EXPECT_TRUE(merged.walk_away_reachable);
    }
}

TEST(Analyzer, ValueRangesMergeExactlyOnRandomisedRuleBooks) {
    // Two hundred rule books made from the fixture's by chance: every effect redrawn, and more
    // specific copies of rules that test trust, interest, patience or readiness against drawn
    // bounds (each kind of comparison, and `ready`), with drawn start values, close_at and
    // attempts. Merging by value ranges must answer exactly as the search that keeps the values.
    std::uint64_t rng = 0x5eed;
    auto draw = [&rng](int lo, int hi) {  // uniform in [lo, hi]
        rng = rng * 6364136223846793005ull + 1442695040888963407ull;
        return lo + static_cast<int>((rng >> 33) % static_cast<std::uint64_t>(hi - lo + 1));
    };
    const char* values[] = {"state.trust", "state.interest", "state.patience", "state.readiness"};
    std::size_t merged_states = 0, plain_states = 0;
    int exact_rounds = 0, too_large = 0;
    for (int round = 0; round < 200; ++round) {
        SCOPED_TRACE("round " + std::to_string(round));
        auto book = std::make_shared<RuleBook>(*salesim::testing::make_book());
        std::vector<Rule> extra;
        for (Rule& r : book->rules) {
            r.effects.trust = draw(-30, 20);
            r.effects.interest = draw(-20, 20);
            r.effects.patience = draw(-35, 10);
            r.effects.readiness = draw(-20, 35);
            if (draw(0, 2) != 0) continue;
            Rule tested = r;
            tested.id += ".tested";
            tested.verdict = static_cast<Verdict>(draw(0, 3));
            tested.effects.readiness = draw(-20, 35);
            tested.effects.patience = draw(-35, 10);
            Condition c;
            if (draw(0, 4) == 0) {
                c.fact = "ready";
                c.op = draw(0, 1) == 0 ? Condition::Op::IsTrue : Condition::Op::IsFalse;
            } else {
                c.fact = values[draw(0, 3)];
                c.op = Condition::Op::Compare;
                switch (draw(0, 4)) {
                    case 0:
                        c.ge = draw(0, 100);
                        break;
                    case 1:
                        c.lt = draw(0, 100);
                        break;
                    case 2:
                        c.gt = draw(0, 100) + 0.5;
                        break;
                    case 3:
                        c.ge = draw(0, 60);
                        c.le = *c.ge + draw(0, 40);
                        break;
                    default:
                        c.eq = draw(0, 100);
                        break;
                }
            }
            ASSERT_TRUE(c.resolve());
            tested.when.push_back(c);
            extra.push_back(tested);
        }
        book->rules.insert(book->rules.end(), extra.begin(), extra.end());
        // A trial close reads the buyer and changes nothing, as in the shipped rule book; offered at
        // every presentation step, drawn effects would multiply the graph past the exact
        // distribution's budget.
        for (Rule& r : book->rules)
            if (r.move == "trial") r.effects = Effects{};
        auto scn = make_scenario(book);
        scn->persona.start = BuyerState{draw(0, 100), draw(0, 100), draw(20, 100), draw(0, 100)};
        scn->rubric.close_at = draw(30, 95);
        scn->rubric.close_attempts = draw(1, 4);
        AnalyzeOptions plain;
        plain.merge_value_ranges = false;
        plain.trial_twins = false;
        plain.reuse_transitions = false;
        plain.fold_loose_objections = false;
        plain.omit_unread = draw(0, 1) == 0;
        // A drawn book whose graph grows large (objections that come back, answered again) is left
        // out: the bound keeps the test quick, under the sanitizers too.
        plain.max_states = 5'000;
        const Analysis reference = analyze(scn, plain);
        if (!reference.complete) {
            ++too_large;
            continue;
        }
        const Analysis merged = analyze(scn);
        expect_same_answers(merged, reference, false);
        if (merged.distribution_exact && reference.distribution_exact) ++exact_rounds;
        merged_states += merged.states;
        plain_states += reference.states;
        if (::testing::Test::HasFailure()) break;
    }
    EXPECT_LT(merged_states, plain_states);
    EXPECT_GE(exact_rounds, 60) << "most drawn rule books compare exact score distributions";
    EXPECT_LE(too_large, 140);
    std::printf("drawn rule books: %d compared exactly, %d left out as too large\n", exact_rounds, too_large);
}

TEST(Analyzer, AStoppedSearchSaysSoAndClaimsNothing) {
    std::atomic<bool> stop{true};
    AnalyzeOptions opts;
    opts.stop = &stop;
    const Analysis a = analyze(make_scenario(), opts);
    EXPECT_FALSE(a.complete);
    EXPECT_TRUE(a.failed());
    EXPECT_FALSE(a.best);
    EXPECT_FALSE(a.pass_reachable);
    ASSERT_FALSE(a.findings.empty());
    EXPECT_EQ(a.findings.front().code, "stopped");
    // Not stopped: the same options give the whole answer.
    stop = false;
    EXPECT_TRUE(analyze(make_scenario(), opts).complete);
}

TEST(Analyzer, StateCountsOfATwoStepScenario) {
    // One presentation step with two options that differ and a trial close (which keeps the
    // decision, without itself), then one closing attempt of 11 techniques, the first a trial close
    // that uses up no attempt and leaves the other 10: 1 start, 1 after the trial, 2 states at
    // closing and 2 after a trial there, and ends merged by outcome, score and pass.
    auto s = make_scenario();
    std::vector<StageContent> keep;
    for (const StageContent& sc : s->stages)
        if (sc.stage == Stage::Presentation || sc.stage == Stage::Closing) keep.push_back(sc);
    s->stages = keep;
    s->rubric.weights = {{Stage::Presentation, 50}, {Stage::Closing, 50}};
    s->rubric.close_attempts = 1;
    const Analysis a = analyze(s);
    EXPECT_EQ(a.paths, 4.0 * (10.0 + 10.0));
    EXPECT_EQ(a.transitions, 3u + 2u + 2u * 11u + 2u * 10u);
    const DecisionReport* close = a.find_decision(DecisionKind::Close, "close");
    ASSERT_NE(close, nullptr);
    EXPECT_EQ(close->states, 4u);
    // Ends: the closing verdicts give a handful of distinct (outcome, score) pairs.
    EXPECT_EQ(a.states, 1u + 1u + 4u + a.end_states);
    EXPECT_LE(a.end_states, 8u);
}

TEST(Analyzer, UnpassableScenarioFails) {
    auto s = make_scenario();
    s->rubric.pass = 101;
    const Analysis a = analyze(s);
    EXPECT_TRUE(a.complete);
    EXPECT_FALSE(a.pass_reachable);
    EXPECT_TRUE(a.failed());
    bool reported = false;
    for (const Finding& f : a.findings)
        reported = reported || (f.code == "not_passable" && f.level == FindingLevel::Error);
    EXPECT_TRUE(reported);
}

TEST(Analyzer, FindsUnreachableContent) {
    auto s = make_scenario();
    // A need no option discovers.
    s->persona.needs.push_back({"colour", Text("colour"), {}});
    // A concealed objection nobody hides.
    for (StageContent& sc : s->stages)
        if (sc.stage == Stage::Objections) {
            Objection lost;
            lost.id = "lost-worry";
            lost.concealed = true;
            lost.says = Text("Nobody ever hears this.");
            sc.objections.push_back(lost);
        }
    // No closing technique can succeed, so follow-up is never shown.
    auto book = std::make_shared<RuleBook>(*s->rules);
    for (Rule& r : book->rules)
        if (r.stage == Stage::Closing) r.effects.readiness = -10;
    s->rules = book;
    const Analysis a = analyze(s);
    EXPECT_FALSE(a.sale_reachable);
    EXPECT_TRUE(a.failed());
    auto has = [&a](const std::string& code, const std::string& ref) {
        for (const Finding& f : a.findings)
            if (f.code == code && f.ref == ref) return true;
        return false;
    };
    EXPECT_TRUE(has("need_never_discovered", "colour"));
    EXPECT_FALSE(has("need_never_discovered", "speed"));
    EXPECT_TRUE(has("objection_never_revealed", "lost-worry"));
    EXPECT_FALSE(has("objection_never_revealed", "delivery"));
    EXPECT_TRUE(has("step_never_shown", "after"));
    EXPECT_TRUE(has("not_passable", ""));
    const DecisionReport* after = a.find_decision(DecisionKind::Step, "after");
    ASSERT_NE(after, nullptr);
    EXPECT_EQ(after->states, 0u);
}

TEST(Analyzer, ReportsOptionsThatNeverMatterAndDeadEnds) {
    auto s = make_scenario();
    for (StageContent& sc : s->stages)
        if (sc.stage == Stage::Presentation) {
            // Two monologues: the same rule, the same effect everywhere.
            sc.steps[0].options.push_back(salesim::testing::option("monologue", "Talk more"));
            // A step without options: the session offers a decision nobody can take.
            Step broken;
            broken.id = "broken";
            sc.steps.push_back(broken);
        }
    const Analysis a = analyze(s);
    const DecisionReport* needs = a.find_decision(DecisionKind::Step, "needs");
    ASSERT_NE(needs, nullptr);
    ASSERT_EQ(needs->same_effect.size(), 1u);
    ASSERT_EQ(needs->same_effect[0].size(), 2u);
    for (std::size_t i : needs->same_effect[0]) EXPECT_EQ(needs->options[i].move, "monologue");
    EXPECT_GT(a.dead_ends, 0u);
    ASSERT_TRUE(a.dead_end_example);
    EXPECT_TRUE(a.failed());
    const Session dead = replay(s, *a.dead_end_example);
    EXPECT_FALSE(dead.finished());
    EXPECT_TRUE(dead.current().options.empty());
}

TEST(Analyzer, MarksTheBestPathsOptions) {
    const Analysis a = analyze(make_scenario());
    const DecisionReport* needs = a.find_decision(DecisionKind::Step, "needs");
    ASSERT_NE(needs, nullptr);
    for (const OptionReport& o : needs->options) EXPECT_EQ(o.on_best_path, o.move == "needs_question");
    const DecisionReport* leads = a.find_decision(DecisionKind::Lead, "leads");
    ASSERT_NE(leads, nullptr);
    for (const OptionReport& o : leads->options) {
        EXPECT_EQ(o.on_best_path, o.ref == "good");
        EXPECT_EQ(o.best_somewhere, o.ref == "good");
    }
}

TEST(Analyzer, LoadedFixturesAndTheShippedRuleBook) {
    const std::string book_path = std::string(SALESIM_SOURCE_DIR) + "/scenarios/rulebook.yaml";
    RuleBookLoad book = load_rulebook_file(book_path);
    ASSERT_TRUE(book.book) << (book.diagnostics.empty() ? "" : format(book.diagnostics.front()));
    ScenarioLoad ok = load_scenario_file(fixture("passable.yaml"), book.book);
    ASSERT_TRUE(ok.scenario) << (ok.diagnostics.empty() ? "" : format(ok.diagnostics.front()));
    const Analysis a = analyze(ok.scenario);
    EXPECT_FALSE(a.failed());
    ASSERT_TRUE(a.best);
    EXPECT_EQ(replay(ok.scenario, *a.best).score().overall, a.best->score);
    ScenarioLoad bad = load_scenario_file(fixture("unpassable.yaml"), book.book);
    ASSERT_TRUE(bad.scenario) << (bad.diagnostics.empty() ? "" : format(bad.diagnostics.front()));
    EXPECT_TRUE(analyze(bad.scenario).failed());
}

TEST(Analyzer, BestWorstAndPassMatchBruteForceOnEverySeed) {
    // The key leaves finished stages out; the per-outcome extremes must still be exact.
    std::shared_ptr<const Scenario> scn = tiny();
    for (std::uint64_t seed : {1u, 7u, 42u}) {
        Brute brute;
        enumerate(Session(scn, seed, false), brute);
        AnalyzeOptions opts;
        opts.seed = seed;
        const Analysis a = analyze(scn, opts);
        ASSERT_TRUE(a.best && a.worst);
        EXPECT_EQ(a.best->score, brute.best);
        EXPECT_EQ(a.worst->score, brute.worst);
        EXPECT_EQ(a.pass_reachable, brute.passes > 0);
        EXPECT_EQ(a.sale_reachable, brute.sales > 0);
        EXPECT_TRUE(a.distribution_exact);
        EXPECT_EQ(replay(scn, *a.best, seed).score().overall, a.best->score);
        EXPECT_EQ(replay(scn, *a.worst, seed).score().overall, a.worst->score);
    }
    // A pass mark only the best path reaches: still found.
    auto strict = tiny();
    Brute brute;
    enumerate(Session(strict, 1, false), brute);
    strict->rubric.pass = brute.best;
    const Analysis a = analyze(strict);
    EXPECT_TRUE(a.pass_reachable);
    strict->rubric.pass = brute.best + 1;
    EXPECT_FALSE(analyze(strict).pass_reachable);
}

TEST(Analyzer, SampledDistributionIsCloseToTheExactOne) {
    std::shared_ptr<const Scenario> scn = tiny();
    const Analysis exact = analyze(scn);
    ASSERT_TRUE(exact.distribution_exact);
    AnalyzeOptions opts;
    opts.exact_distribution_max_states = 0;  // force sampling
    opts.samples = 100'000;
    const Analysis sampled = analyze(scn, opts);
    EXPECT_FALSE(sampled.distribution_exact);
    EXPECT_EQ(sampled.distribution_samples, 100'000u);
    // Exact figures stay exact.
    EXPECT_EQ(sampled.paths, exact.paths);
    EXPECT_EQ(sampled.sale_paths, exact.sale_paths);
    EXPECT_EQ(sampled.best->score, exact.best->score);
    EXPECT_EQ(sampled.worst->score, exact.worst->score);
    // Each bucket's share within 1.5 percentage points (the standard error is under 0.16).
    const auto e = exact.buckets();
    const auto s = sampled.buckets();
    double total = 0;
    for (std::size_t i = 0; i < e.size(); ++i) {
        EXPECT_NEAR(s[i] / sampled.paths, e[i] / exact.paths, 0.015) << "bucket " << i;
        total += s[i];
    }
    EXPECT_NEAR(total, exact.paths, exact.paths * 1e-9);
    EXPECT_NEAR(sampled.passed_paths / sampled.paths, exact.passed_paths / exact.paths, 0.015);
    // No score is drawn that no path has.
    for (std::size_t i = 0; i <= 100; ++i)
        if (exact.score_paths[i] == 0) {
            EXPECT_EQ(sampled.score_paths[i], 0.0) << "score " << i;
        }
}
