// What a scenario's own rules may say about the meeting so far: moves already taken (`after:`,
// `taken.<move>`), objections open or resolved by id, and a trait on one objection's topic; the
// loader's errors for each, and the analyzer answering exactly when rules read them.
#include "salesim/analyzer.hpp"
#include "salesim/loader.hpp"
#include "salesim/rulebook.hpp"
#include "salesim/scenario.hpp"
#include "salesim/test_plan.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

using namespace salesim;

namespace {

const std::string k_dir = std::string(SALESIM_SOURCE_DIR) + "/scenarios";

std::shared_ptr<const RuleBook> shipped_book() {
    static const RuleBookLoad load = load_rulebook_file(k_dir + "/rulebook.yaml");
    return load.book;
}

std::string tutorial_text() {
    std::ifstream in(k_dir + "/tutorial-first-sale.yaml");
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

// The tutorial with `rules` appended to its own rules (its `rules:` list is the file's last key).
ScenarioLoad tutorial_with(const std::string& rules) {
    return load_scenario(tutorial_text() + rules, "tutorial.yaml", shipped_book());
}

std::shared_ptr<const Scenario> loaded(const ScenarioLoad& load) {
    EXPECT_TRUE(load.scenario) << (load.diagnostics.empty() ? "" : format(load.diagnostics.front()));
    return load.scenario;
}

// Runs a plan's paths and returns every failure's text ("" when all hold).
std::string failures(const std::shared_ptr<const Scenario>& scn, const std::string& paths) {
    const TestPlanLoad plan =
        load_test_plan("scenario: tutorial-first-sale\npaths:\n" + paths, "t.plan.yaml");
    EXPECT_TRUE(plan.plan) << (plan.diagnostics.empty() ? "" : format(plan.diagnostics.front()));
    if (!plan.plan) return "no plan";
    std::string out;
    for (const PathResult& r : run_test_plan(*plan.plan, scn))
        for (const Diagnostic& d : r.failures) out += format(d) + "\n";
    return out;
}

const std::string k_to_objections =
    "anna-virtanen, research_personality, appointment_request, greet_properly, repeat_contact, rapport, "
    "needs_question, demo, assess_cues, pass_up";

const std::string k_referral_rules =
    "  - id: follow_up.ask_for_referral.after-check\n"
    "    stage: follow_up\n"
    "    move: ask_for_referral\n"
    "    after: [short_check_in]\n"
    "    verdict: best\n"
    "    feedback: {en: \"Anna has seen it work; now a referral comes easily.\", fi: \"Anna on nähnyt sen "
    "toimivan; nyt suositus tulee helposti.\"}\n"
    "  - id: follow_up.ask_for_referral.unchecked\n"
    "    stage: follow_up\n"
    "    move: ask_for_referral\n"
    "    when: {taken.short_check_in: false}\n"
    "    verdict: weak\n"
    "    feedback: {en: \"Ask for a referral once you know the purifier works for her.\", fi: \"Pyydä "
    "suositusta vasta, kun tiedät laitteen toimivan hänellä.\"}\n";

const std::string k_close_rule =
    "  - id: closing.direct.cost-open\n"
    "    stage: closing\n"
    "    move: direct\n"
    "    when: {open.filter-cost: true, ready: false}\n"
    "    verdict: mistake\n"
    "    effects: {patience: -5, closes: true}\n"
    "    feedback: {en: \"The filter cost still stands between Anna and a yes.\", fi: \"Suodattimien hinta "
    "seisoo yhä Annan ja myöntävän vastauksen välissä.\"}\n"
    "  - id: closing.direct.cost-resolved\n"
    "    stage: closing\n"
    "    move: direct\n"
    "    when: {resolved.filter-cost: true, ready: true}\n"
    "    verdict: best\n"
    "    effects: {readiness: 25, closes: true}\n"
    "    feedback: {en: \"The one real concern is settled and Anna is ready: ask.\", fi: \"Ainoa todellinen "
    "huoli on ratkaistu ja Anna on valmis: kysy.\"}\n";

}  // namespace

TEST(AuthorConditions, AfterMakesTheOrderInsideFollowUpMatter) {
    const auto scn = loaded(tutorial_with(k_referral_rules));
    ASSERT_TRUE(scn);
    const std::string prefix = k_to_objections + ", compensation, confirm, trial, assumptive";
    EXPECT_EQ(failures(scn, "  - name: checked first\n    moves: [" + prefix +
                                ", short_check_in, ask_for_referral: best]\n"
                                "  - name: not checked\n    moves: [" +
                                prefix + ", upsell_immediately, ask_for_referral: weak]\n"),
              "");
    // Without the scenario's rules the referral is judged the same either way.
    const auto plain = loaded(tutorial_with(""));
    ASSERT_TRUE(plain);
    EXPECT_EQ(failures(plain, "  - name: checked first\n    moves: [" + prefix +
                                  ", short_check_in, ask_for_referral: good]\n"
                                  "  - name: not checked\n    moves: [" +
                                  prefix + ", upsell_immediately, ask_for_referral: good]\n"),
              "");
}

TEST(AuthorConditions, ACloseCanDependOnOneObjectionByItsId) {
    const auto scn = loaded(tutorial_with(k_close_rule));
    ASSERT_TRUE(scn);
    // Answered well and checked: resolved, and a ready buyer's direct close is best.
    EXPECT_EQ(failures(scn, "  - name: resolved\n    moves: [" + k_to_objections +
                                ", compensation, confirm, trial, direct: best]\n"),
              "");
    // Denied (a mistake), and denied again when it comes back at the close: still open, and the
    // scenario's rule makes the direct close a mistake where the rule book's gate says weak.
    const std::string open_path = "  - name: open\n    moves: [" + k_to_objections +
                                  ", denial, carry_on, filter-cost/denial, carry_on, direct: ";
    EXPECT_EQ(failures(scn, open_path + "mistake]\n"), "");
    EXPECT_EQ(failures(loaded(tutorial_with("")), open_path + "weak]\n"), "");
}

TEST(AuthorConditions, HistoryConditionsReadTheSituation) {
    std::vector<Objection> objs(2);
    objs[0].id = "price";
    objs[1].id = "delivery";
    const std::vector<bool> open{false, true};
    const std::vector<bool> raised{true, true};
    const std::vector<std::string> moves{"rapport", "short_check_in"};
    Situation s;
    s.objections = &objs;
    s.open = &open;
    s.raised = &raised;
    s.taken_moves = &moves;
    s.taken = 2;  // short_check_in
    EXPECT_EQ(s.get("resolved.price"), FactValue(true));
    EXPECT_EQ(s.get("open.price"), FactValue(false));
    EXPECT_EQ(s.get("open.delivery"), FactValue(true));
    EXPECT_EQ(s.get("resolved.delivery"), FactValue(false));
    EXPECT_EQ(s.get("taken.short_check_in"), FactValue(true));
    EXPECT_EQ(s.get("taken.rapport"), FactValue(false));
    EXPECT_EQ(s.get("taken.demo"), FactValue(false));
    // Not raised yet: neither open nor resolved.
    const std::vector<bool> none{false, false};
    s.raised = &none;
    s.open = &none;
    EXPECT_EQ(s.get("resolved.price"), FactValue(false));
    EXPECT_EQ(s.get("open.price"), FactValue(false));
}

TEST(AuthorConditions, AnObjectionsOwnTraitIsReadWhileItIsAnswered) {
    const std::map<std::string, double> persona{{"ego", 0.3}};
    Objection proud;
    proud.traits = {{"ego", 0.8}};
    Condition c;
    c.fact = "trait.ego";
    c.op = Condition::Op::Compare;
    c.ge = 0.7;
    ASSERT_TRUE(c.resolve());
    Situation s;
    s.traits = &persona;
    EXPECT_FALSE(c.holds(s));
    s.objection = &proud;
    EXPECT_TRUE(c.holds(s));
    Objection plain;
    s.objection = &plain;
    EXPECT_FALSE(c.holds(s));
}

TEST(AuthorConditions, ATraitOnOneTopicChangesOnlyThatObjectionsVerdict) {
    // Anna (ego 0.2) is proud of how she runs her household budget: on the filter cost only, her
    // ego is 0.9, and a scenario rule for a proud buyer judges yes-but best there. The colour
    // worry and her general ego are unchanged.
    std::string text = tutorial_text();
    const std::string at = "      - id: filter-cost\n";
    const std::size_t pos = text.find(at);
    ASSERT_NE(pos, std::string::npos);
    const std::string rule =
        "  - id: objection.yes_but.proud-topic\n    stage: objections\n    move: yes_but\n"
        "    when: {trait.ego: {ge: 0.85}, objection.valid: true, objection.ego: false}\n"
        "    verdict: best\n    feedback: x\n";
    std::string proud = text;
    proud.insert(pos + at.size(), "        traits: {ego: 0.9}\n");
    const auto scn = loaded(load_scenario(proud + rule, "tutorial.yaml", shipped_book()));
    const auto plain = loaded(load_scenario(text + rule, "tutorial.yaml", shipped_book()));
    ASSERT_TRUE(scn && plain);
    EXPECT_EQ(scn->persona.traits.at("ego"), 0.2);
    const std::string path = "  - name: p\n    moves: [" + k_to_objections + ", yes_but: ";
    EXPECT_EQ(failures(scn, path + "best]\n"), "");
    EXPECT_EQ(failures(plain, path + "good]\n"), "");
}

TEST(AuthorConditions, MistakesAreReportedWhereTheyAreWritten) {
    const auto codes = [](const ScenarioLoad& l) {
        std::string out;
        for (const Diagnostic& d : l.diagnostics) out += d.code + ":" + std::to_string(d.loc.line) + " ";
        return out;
    };
    ScenarioLoad l = tutorial_with(
        "  - id: a\n    stage: follow_up\n    move: ask_for_referral\n    after: [short_checkin]\n"
        "    verdict: best\n    feedback: x\n");
    EXPECT_FALSE(l.scenario);
    ASSERT_FALSE(l.diagnostics.empty());
    EXPECT_EQ(l.diagnostics.front().code, "unknown-move");
    EXPECT_NE(l.diagnostics.front().help.find("short_check_in"), std::string::npos)
        << format(l.diagnostics.front());

    l = tutorial_with(
        "  - id: a\n    stage: closing\n    move: direct\n    when: {resolved.filter-costs: true}\n"
        "    verdict: best\n    feedback: x\n");
    EXPECT_FALSE(l.scenario);
    ASSERT_FALSE(l.diagnostics.empty()) << codes(l);
    EXPECT_EQ(l.diagnostics.front().code, "unknown-objection");
    EXPECT_NE(l.diagnostics.front().help.find("filter-cost"), std::string::npos)
        << format(l.diagnostics.front());

    l = tutorial_with(
        "  - id: a\n    stage: closing\n    move: direct\n    after: [demo]\n    when: {taken.demo: true}\n"
        "    verdict: best\n    feedback: x\n");
    EXPECT_FALSE(l.scenario);
    ASSERT_FALSE(l.diagnostics.empty());
    EXPECT_EQ(l.diagnostics.front().code, "duplicate-condition");

    // The rule book has no objections to name.
    std::ifstream in(k_dir + "/rulebook.yaml");
    std::stringstream ss;
    ss << in.rdbuf();
    std::string book = ss.str();
    const std::string rule = "  - id: prospect.not_able\n";
    const std::size_t pos = book.find(rule);
    ASSERT_NE(pos, std::string::npos);
    book.insert(pos,
                "  - id: closing.direct.x\n    stage: closing\n    move: direct\n"
                "    when: {open.price: true}\n    verdict: weak\n    feedback: x\n");
    const RuleBookLoad bl = load_rulebook(book, "rulebook.yaml");
    EXPECT_FALSE(bl.book);
    bool found = false;
    for (const Diagnostic& d : bl.diagnostics) found = found || d.code == "objection-condition-in-rulebook";
    EXPECT_TRUE(found);

    // A trait on an objection's topic must be a known trait.
    std::string text = tutorial_text();
    const std::string at = "      - id: filter-cost\n";
    text.insert(text.find(at) + at.size(), "        traits: {egos: 0.9}\n");
    l = load_scenario(text, "tutorial.yaml", shipped_book());
    EXPECT_FALSE(l.scenario);
    ASSERT_FALSE(l.diagnostics.empty());
    EXPECT_EQ(l.diagnostics.front().code, "unknown-trait");
    EXPECT_NE(l.diagnostics.front().help.find("ego"), std::string::npos);
}

TEST(AuthorConditions, TheAnalyzerAnswersExactlyWhenRulesReadTheHistory) {
    // Rules that read moves taken (a trial close among them) and objections by id: the search with
    // its shortcuts answers as the one without them.
    const auto scn = loaded(tutorial_with(
        k_referral_rules + k_close_rule +
        "  - id: closing.assumptive.after-trial\n    stage: closing\n    move: assumptive\n"
        "    after: [trial]\n    when: {ready: true}\n    verdict: best\n    effects: {readiness: 25, "
        "closes: true}\n"
        "    feedback: x\n"
        "  - id: closing.assumptive.no-trial\n    stage: closing\n    move: assumptive\n"
        "    when: {taken.trial: false}\n    verdict: weak\n    effects: {closes: true}\n    feedback: x\n"));
    ASSERT_TRUE(scn);
    // The reference keeps every value in the key that the shortcuts would leave out (which
    // objections are open and revealed, the closing history) and simulates every choice, trial
    // closes included. Merging by value ranges stays on: without it the tutorial's state space
    // does not fit in memory.
    AnalyzeOptions plain;
    plain.omit_unread = false;
    plain.trial_twins = false;
    plain.reuse_transitions = false;
    plain.fold_loose_objections = false;
    const Analysis reference = analyze(scn, plain);
    const Analysis fast = analyze(scn);
    ASSERT_TRUE(reference.complete && fast.complete);
    EXPECT_EQ(fast.paths, reference.paths);
    EXPECT_EQ(fast.sale_paths, reference.sale_paths);
    EXPECT_EQ(fast.no_sale_paths, reference.no_sale_paths);
    EXPECT_EQ(fast.score_paths, reference.score_paths);
    EXPECT_EQ(fast.passed_paths, reference.passed_paths);
    ASSERT_TRUE(fast.best && reference.best && fast.worst && reference.worst);
    EXPECT_EQ(fast.best->score, reference.best->score);
    EXPECT_EQ(fast.worst->score, reference.worst->score);
    EXPECT_EQ(fast.best->choices, reference.best->choices);
    // The rules change what the analysis finds: without them the best path differs or scores
    // differently somewhere.
    const Analysis without = analyze(loaded(tutorial_with("")));
    EXPECT_NE(without.score_paths, fast.score_paths);
}
