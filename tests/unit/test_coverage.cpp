// Library coverage over hand-built analyses: verdict counts per method and close, and each check
// firing and not firing.
#include <salesim/coverage.hpp>
#include <salesim/loader.hpp>

#include <gtest/gtest.h>

#include <initializer_list>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace {

using namespace salesim;

unsigned bits(std::initializer_list<Verdict> vs) {
    unsigned b = 0;
    for (Verdict v : vs) b |= 1u << static_cast<unsigned>(v);
    return b;
}

OptionReport option(std::string move, std::initializer_list<Verdict> vs) {
    OptionReport o;
    o.move = std::move(move);
    o.verdicts = bits(vs);
    o.best_somewhere = vs.size() > 0 && *vs.begin() == Verdict::Best;
    return o;
}

// An objection at which `best` is best, `wrong` a mistake and every other method weak.
DecisionReport objection(std::string id, Method best, Method wrong, std::size_t states = 3) {
    DecisionReport d;
    d.stage = Stage::Objections;
    d.kind = DecisionKind::Objection;
    d.ref = std::move(id);
    d.states = states;
    for (Method m : all_methods)
        d.options.push_back(option(std::string(to_string(m)), {m == best    ? Verdict::Best
                                                               : m == wrong ? Verdict::Mistake
                                                                            : Verdict::Weak}));
    return d;
}

// A closing decision at which `best` is best and every other technique good.
DecisionReport close(Technique best, std::size_t states = 2) {
    DecisionReport d;
    d.stage = Stage::Closing;
    d.kind = DecisionKind::Close;
    d.ref = "close";
    d.states = states;
    for (Technique t : all_techniques) {
        d.options.push_back(option(std::string(to_string(t)), {t == best ? Verdict::Best : Verdict::Good}));
        if (t == best) d.options.back().best_states = states;
    }
    d.best_states = states;
    return d;
}

Analysis scenario(std::string id, std::vector<DecisionReport> decisions) {
    Analysis a;
    a.scenario_id = std::move(id);
    a.decisions = std::move(decisions);
    return a;
}

// Six objections that between them make every method best once and a mistake once.
std::vector<DecisionReport> every_method_both_ways() {
    std::vector<DecisionReport> out = {objection("price", Method::Compensation, Method::Denial),
                                       objection("wait", Method::Question, Method::PassUp),
                                       objection("myth", Method::Denial, Method::Boomerang),
                                       objection("excuse", Method::Boomerang, Method::Compensation),
                                       objection("remark", Method::PassUp, Method::Question),
                                       objection("mixed", Method::YesBut, Method::Denial)};
    // Best in one reachable state and a mistake in another.
    out.back().options[static_cast<std::size_t>(Method::YesBut)].verdicts =
        bits({Verdict::Best, Verdict::Mistake});
    out.back().options[static_cast<std::size_t>(Method::Denial)].verdicts = bits({Verdict::Weak});
    return out;
}

const CoverageCheck& check(const Coverage& c, CoverageCheckKind kind, const std::string& ref) {
    for (const CoverageCheck& k : c.checks)
        if (k.kind == kind && k.ref == ref) return k;
    throw std::logic_error("no such check");
}

const CoverageRow& row(const std::vector<CoverageRow>& rows, const std::string& id) {
    for (const CoverageRow& r : rows)
        if (r.id == id) return r;
    throw std::logic_error("no such row");
}

}  // namespace

TEST(Coverage, RowsInCatalogueOrderWithOneCheckOfEachKindPerMethodAndTechnique) {
    const Coverage c = library_coverage({});
    ASSERT_EQ(c.methods.size(), all_methods.size());
    ASSERT_EQ(c.techniques.size(), all_techniques.size());
    EXPECT_EQ(c.methods.front().id, "denial");
    EXPECT_EQ(c.methods.back().id, "question");
    EXPECT_EQ(c.techniques.front().id, "trial");
    EXPECT_EQ(c.techniques.back().id, "details");
    EXPECT_EQ(c.checks.size(), 2 * all_methods.size() + all_techniques.size());
    // An empty library teaches no method either way.
    EXPECT_TRUE(check(c, CoverageCheckKind::MethodNeverBest, "compensation").failed);
    EXPECT_TRUE(check(c, CoverageCheckKind::MethodNeverMistake, "compensation").failed);
    EXPECT_FALSE(c.passed());
}

TEST(Coverage, CountsReachableDecisionsByVerdictAndNamesTheScenariosWhereBest) {
    std::vector<DecisionReport> a_decisions = every_method_both_ways();
    a_decisions.push_back(close(Technique::Direct));
    std::vector<DecisionReport> b_decisions = {objection("price", Method::Compensation, Method::PassUp),
                                               close(Technique::Benefit)};
    // Judged differently in different states: counted under each verdict it got.
    b_decisions[0].options[static_cast<std::size_t>(Method::YesBut)].verdicts =
        bits({Verdict::Good, Verdict::Weak});
    const Coverage c = library_coverage({scenario("a", a_decisions), scenario("b", b_decisions)});

    EXPECT_EQ(c.scenarios, 2u);
    EXPECT_EQ(c.objection_decisions, 7u);
    EXPECT_EQ(c.close_decisions, 2u);
    const CoverageRow& comp = row(c.methods, "compensation");
    EXPECT_EQ(comp.count(Verdict::Best), 2u);
    EXPECT_EQ(comp.count(Verdict::Mistake), 1u);
    EXPECT_EQ(comp.count(Verdict::Weak), 4u);
    EXPECT_EQ(comp.best_in, (std::vector<std::string>{"a", "b"}));
    const CoverageRow& yes_but = row(c.methods, "yes_but");
    EXPECT_EQ(yes_but.count(Verdict::Good), 1u);
    EXPECT_EQ(yes_but.count(Verdict::Weak), 6u);
    EXPECT_EQ(yes_but.count(Verdict::Best), 1u);  // "mixed": best, and a mistake: both bits
    EXPECT_EQ(yes_but.count(Verdict::Mistake), 1u);
    EXPECT_EQ(row(c.techniques, "direct").best_in, std::vector<std::string>{"a"});
    EXPECT_EQ(row(c.techniques, "benefit").best_in, std::vector<std::string>{"b"});
    EXPECT_EQ(row(c.techniques, "story").count(Verdict::Good), 2u);
    EXPECT_TRUE(row(c.techniques, "story").best_in.empty());
    EXPECT_TRUE(c.passed());
}

TEST(Coverage, DecisionsNeverShownAreNotCounted) {
    std::vector<DecisionReport> decisions = every_method_both_ways();
    // The only objection where question is best is never raised.
    decisions[1].states = 0;
    decisions.push_back(close(Technique::Direct, 0));
    const Coverage c = library_coverage({scenario("a", decisions)});
    EXPECT_EQ(c.objection_decisions, 5u);
    EXPECT_EQ(c.close_decisions, 0u);
    EXPECT_EQ(row(c.methods, "question").count(Verdict::Best), 0u);
    EXPECT_EQ(row(c.techniques, "direct").count(Verdict::Best), 0u);
    EXPECT_TRUE(check(c, CoverageCheckKind::MethodNeverBest, "question").failed);
    EXPECT_FALSE(check(c, CoverageCheckKind::MethodNeverMistake, "question").failed);
}

TEST(Coverage, MethodNeverBestFiresOnlyForThatMethod) {
    std::vector<DecisionReport> decisions = every_method_both_ways();
    decisions[0] = objection("price", Method::YesBut, Method::Denial);  // compensation's only best
    const Coverage c = library_coverage({scenario("a", decisions)});
    EXPECT_TRUE(check(c, CoverageCheckKind::MethodNeverBest, "compensation").failed);
    for (Method m : all_methods) {
        const std::string id(to_string(m));
        if (m != Method::Compensation) {
            EXPECT_FALSE(check(c, CoverageCheckKind::MethodNeverBest, id).failed) << id;
        }
        EXPECT_FALSE(check(c, CoverageCheckKind::MethodNeverMistake, id).failed) << id;
    }
    EXPECT_FALSE(c.passed());
}

TEST(Coverage, MethodNeverMistakeFiresOnlyForThatMethod) {
    std::vector<DecisionReport> decisions = every_method_both_ways();
    decisions[1] = objection("wait", Method::Question, Method::Denial);  // pass_up's only mistake
    const Coverage c = library_coverage({scenario("a", decisions)});
    EXPECT_TRUE(check(c, CoverageCheckKind::MethodNeverMistake, "pass_up").failed);
    for (Method m : all_methods) {
        const std::string id(to_string(m));
        if (m != Method::PassUp) {
            EXPECT_FALSE(check(c, CoverageCheckKind::MethodNeverMistake, id).failed) << id;
        }
        EXPECT_FALSE(check(c, CoverageCheckKind::MethodNeverBest, id).failed) << id;
    }
    EXPECT_FALSE(c.passed());
}

TEST(Coverage, ACloseBestInEveryScenarioIsACatchAll) {
    auto with_close = [](std::string id, DecisionReport d) {
        std::vector<DecisionReport> decisions = every_method_both_ways();
        decisions.push_back(std::move(d));
        return scenario(std::move(id), std::move(decisions));
    };
    // Direct is best in all three scenarios that reach their close; one never reaches it.
    DecisionReport both = close(Technique::Benefit);
    both.options[static_cast<std::size_t>(Technique::Direct)].verdicts = bits({Verdict::Best, Verdict::Weak});
    both.options[static_cast<std::size_t>(Technique::Direct)].best_states = both.best_states;
    const std::vector<Analysis> catch_all = {with_close("a", close(Technique::Direct)), with_close("b", both),
                                             with_close("c", close(Technique::Direct)),
                                             with_close("d", close(Technique::Story, 0))};
    Coverage c = library_coverage(catch_all);
    EXPECT_TRUE(check(c, CoverageCheckKind::CloseCatchAll, "direct").failed);
    EXPECT_FALSE(check(c, CoverageCheckKind::CloseCatchAll, "benefit").failed);
    EXPECT_FALSE(c.passed());

    // One scenario where another close is best, and direct is not, clears it.
    std::vector<Analysis> varied = catch_all;
    varied[2] = with_close("c", close(Technique::Story));
    c = library_coverage(varied);
    EXPECT_FALSE(check(c, CoverageCheckKind::CloseCatchAll, "direct").failed);
    EXPECT_TRUE(c.passed());

    // Best somewhere in every scenario is not a catch-all when, somewhere, another close is best
    // and it is not: the theory's fits (a ready buyer, needs found) occur in every scenario.
    varied = catch_all;
    varied[1].decisions.back().options[static_cast<std::size_t>(Technique::Direct)].best_states = 1;
    c = library_coverage(varied);
    EXPECT_FALSE(check(c, CoverageCheckKind::CloseCatchAll, "direct").failed);
    EXPECT_EQ(row(c.techniques, "direct").best_in, (std::vector<std::string>{"a", "b", "c"}));

    // The trial close reads the buyer: best wherever nothing else is, it is never a catch-all.
    std::vector<Analysis> trial = {with_close("a", close(Technique::Trial)),
                                   with_close("b", close(Technique::Trial))};
    for (Analysis& a : trial) a.decisions.back().best_states = 0;
    c = library_coverage(trial);
    EXPECT_FALSE(check(c, CoverageCheckKind::CloseCatchAll, "trial").failed);

    // A single scenario proves nothing about a library: some close is always best there.
    c = library_coverage({with_close("a", close(Technique::Direct))});
    EXPECT_FALSE(check(c, CoverageCheckKind::CloseCatchAll, "direct").failed);
    EXPECT_TRUE(c.passed());
}

TEST(Coverage, AVerdictNoRuleCanGiveIsNotAskedOfTheLibrary) {
    // The shipped rule book never judges yes-but a mistake (the theory's safe compromise), so a
    // library where it never is one passes; pass-up can be a mistake, so it is still checked.
    const RuleBookLoad load =
        load_rulebook_file(std::string(SALESIM_SOURCE_DIR) + "/scenarios/rulebook.yaml");
    ASSERT_TRUE(load.book);
    std::vector<DecisionReport> decisions = every_method_both_ways();
    decisions.back().options[static_cast<std::size_t>(Method::YesBut)].verdicts = bits({Verdict::Best});
    decisions.back().options[static_cast<std::size_t>(Method::Denial)].verdicts = bits({Verdict::Mistake});
    const std::vector<Analysis> lib = {scenario("a", decisions)};
    EXPECT_TRUE(check(library_coverage(lib), CoverageCheckKind::MethodNeverMistake, "yes_but").failed);
    const Coverage c = library_coverage(lib, {load.book.get()});
    for (const CoverageCheck& k : c.checks)
        EXPECT_FALSE(k.kind == CoverageCheckKind::MethodNeverMistake && k.ref == "yes_but");
    EXPECT_TRUE(c.passed());

    decisions[1] = objection("wait", Method::Question, Method::Denial);  // pass_up's only mistake
    EXPECT_TRUE(check(library_coverage({scenario("a", decisions)}, {load.book.get()}),
                      CoverageCheckKind::MethodNeverMistake, "pass_up")
                    .failed);
}
