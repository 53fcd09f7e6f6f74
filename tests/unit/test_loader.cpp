// Tests for reading rule books, scenarios and libraries: the valid fixtures load completely, and
// every kind of bad input gets an error at the exact place with the exact text.
#include "salesim/loader.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace salesim {
namespace {

namespace fs = std::filesystem;

std::string read_fixture(const std::string& rel) {
    std::ifstream in(std::string(SALESIM_SOURCE_DIR) + "/tests/fixtures/" + rel, std::ios::binary);
    EXPECT_TRUE(in) << rel;
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

std::shared_ptr<const RuleBook> test_book() {
    static const RuleBookLoad load =
        load_rulebook(read_fixture("valid/rulebook.yaml"), "tests/fixtures/valid/rulebook.yaml");
    return load.book;
}

ScenarioLoad load_text(const std::string& text, const std::string& path = "test.yaml",
                       const LoadOptions& opts = {}) {
    return load_scenario(text, path, test_book(), opts);
}

ScenarioLoad load_invalid(const std::string& name, const LoadOptions& opts = {}) {
    return load_scenario(read_fixture("invalid/" + name), "tests/fixtures/invalid/" + name, test_book(),
                         opts);
}

// The first line of the formatted diagnostic: "path:line:column: error: message".
std::string head(const Diagnostic& d) {
    const std::string f = format(d);
    return f.substr(0, f.find('\n'));
}

std::vector<std::string> heads(const std::vector<Diagnostic>& ds) {
    std::vector<std::string> out;
    for (const Diagnostic& d : ds) out.push_back(head(d));
    return out;
}

std::string valid_scenario() {
    return read_fixture("valid/scenario.yaml");
}

// ---------------------------------------------------------------------------------------------
// Valid content

TEST(LoadRuleBook, ValidFixtureLoadsCompletely) {
    const RuleBookLoad load =
        load_rulebook(read_fixture("valid/rulebook.yaml"), "tests/fixtures/valid/rulebook.yaml");
    ASSERT_TRUE(load.book) << (load.diagnostics.empty() ? "" : format(load.diagnostics.front()));
    EXPECT_TRUE(load.diagnostics.empty());
    const RuleBook& b = *load.book;
    EXPECT_EQ(b.version, "test.1");
    EXPECT_EQ(b.moves.size(), 21u);
    EXPECT_EQ(b.rules.size(), 24u);
    EXPECT_EQ(b.points.at(Verdict::Weak), 40);
    const Rule* r = b.find_rule("objections.denial.ego");
    ASSERT_NE(r, nullptr);
    EXPECT_EQ(r->stage, Stage::Objections);
    EXPECT_EQ(r->move, "denial");
    EXPECT_EQ(r->verdict, Verdict::Mistake);
    EXPECT_EQ(r->competency, "objection_handling");
    EXPECT_EQ(r->effects.trust, -25);
    EXPECT_EQ(r->effects.patience, -15);
    EXPECT_EQ(r->file, "tests/fixtures/valid/rulebook.yaml");
    EXPECT_EQ(r->loc, (SourceLoc{154, 9}));
    EXPECT_EQ(r->feedback.get("fi"), "Älä kiistä egoon osuvaa vastalausetta.");
    ASSERT_EQ(r->when.size(), 2u);
    EXPECT_EQ(r->when[0].fact, "objection.ego");
    EXPECT_EQ(r->when[0].op, Condition::Op::IsTrue);
    EXPECT_EQ(r->when[1].op, Condition::Op::OneOf);
    EXPECT_EQ(r->when[1].strings, (std::vector<std::string>{"b2b", "b2c"}));
    const Rule* boomerang = b.find_rule("objections.boomerang.excuse");
    ASSERT_NE(boomerang, nullptr);
    ASSERT_EQ(boomerang->when.size(), 2u);
    EXPECT_EQ(boomerang->when[1].op, Condition::Op::Compare);
    EXPECT_EQ(boomerang->when[1].ge, 40.0);
    EXPECT_TRUE(boomerang->effects.resolves);
    // A rule without `competency:` gets its stage's.
    EXPECT_EQ(b.find_rule("prospecting.lead.top")->competency, default_competency(Stage::Prospecting));
}

TEST(LoadScenario, ValidFixtureLoadsEveryField) {
    const ScenarioLoad load = load_text(valid_scenario(), "tests/fixtures/valid/scenario.yaml");
    ASSERT_TRUE(load.scenario) << (load.diagnostics.empty() ? "" : format(load.diagnostics.front()));
    EXPECT_TRUE(load.diagnostics.empty());
    const Scenario& s = *load.scenario;
    EXPECT_EQ(s.id, "tiny-chairs");
    EXPECT_EQ(s.path, "tests/fixtures/valid/scenario.yaml");
    EXPECT_EQ(s.content_hash.size(), 16u);
    EXPECT_EQ(s.title.get("fi"), "Pienet tuolit");
    EXPECT_EQ(s.languages, (std::vector<std::string>{"en", "fi"}));
    EXPECT_EQ(s.context, "b2b");
    EXPECT_EQ(s.difficulty, 2);
    EXPECT_TRUE(s.product_complex);
    EXPECT_TRUE(s.facts.at("financing_available"));
    EXPECT_EQ(s.persona.name, "Liisa Koskinen");
    EXPECT_EQ(s.persona.authority, "shared");
    EXPECT_DOUBLE_EQ(s.persona.traits.at("ego"), 0.3);
    EXPECT_DOUBLE_EQ(s.persona.traits.at("patience"), 0.5);  // the default
    EXPECT_EQ(s.persona.traits.size(), 7u);
    EXPECT_EQ(s.persona.start.trust, 35);
    EXPECT_EQ(s.persona.start.patience, 70);  // the default
    ASSERT_NE(s.find_need("back-pain"), nullptr);
    EXPECT_EQ(s.find_need("back-pain")->loc, (SourceLoc{26, 7}));

    // Stages in process order; weights for the missing two share what is left of 100.
    ASSERT_EQ(s.stages.size(), 4u);
    EXPECT_EQ(s.stages[0].stage, Stage::Prospecting);
    EXPECT_EQ(s.stages[3].stage, Stage::Closing);
    EXPECT_EQ(s.rubric.weights, (std::map<Stage, int>{{Stage::Prospecting, 15},
                                                      {Stage::Presentation, 15},
                                                      {Stage::Objections, 40},
                                                      {Stage::Closing, 30}}));
    EXPECT_EQ(s.rubric.pass, 60);
    EXPECT_EQ(s.rubric.close_at, 70);
    EXPECT_EQ(s.rubric.pass_outcomes, std::vector<Outcome>{Outcome::Sale});

    const StageContent* pro = s.find_stage(Stage::Prospecting);
    ASSERT_NE(pro, nullptr);
    ASSERT_EQ(pro->leads.size(), 2u);
    EXPECT_TRUE(pro->leads[0].qualified());
    EXPECT_FALSE(pro->leads[1].qualified());
    EXPECT_EQ(pro->leads[1].loc, (SourceLoc{40, 9}));
    const StageContent* pres = s.find_stage(Stage::Presentation);
    ASSERT_NE(pres, nullptr);
    ASSERT_EQ(pres->steps.size(), 1u);
    EXPECT_EQ(pres->steps[0].speaker, Speaker::Buyer);
    ASSERT_EQ(pres->steps[0].options.size(), 2u);
    EXPECT_EQ(pres->steps[0].options[0].discovers, std::vector<std::string>{"back-pain"});
    EXPECT_EQ(pres->steps[0].options[1].loc, (SourceLoc{54, 13}));
    EXPECT_FALSE(s.has_stage(Stage::FollowUp));

    const Objection* price = s.find_objection("price-too-high");
    ASSERT_NE(price, nullptr);
    EXPECT_TRUE(price->valid);
    EXPECT_TRUE(price->offsets);  // defaults to `valid`
    EXPECT_EQ(price->hidden, "delivery-worry");
    EXPECT_EQ(price->turns_on, "back-pain");
    EXPECT_EQ(price->lines.at(Method::Boomerang).get("en"), "That is why it pays off.");
    const Objection* worry = s.find_objection("delivery-worry");
    ASSERT_NE(worry, nullptr);
    EXPECT_TRUE(worry->concealed);
    EXPECT_FALSE(worry->offsets);
    EXPECT_EQ(s.find_stage(Stage::Closing)->lines.at(Technique::Alternative).get("fi"), "Musta vai harmaa?");

    EXPECT_EQ(s.language_or_default("fi"), "fi");
    EXPECT_EQ(s.language_or_default("sv"), "en");
}

TEST(LoadScenario, OverridesApplyToACopyFieldByField) {
    const ScenarioLoad load = load_text(valid_scenario(), "tests/fixtures/valid/scenario.yaml");
    ASSERT_TRUE(load.scenario);
    const RuleBook& rules = *load.scenario->rules;
    EXPECT_NE(load.scenario->rules.get(), test_book().get());
    const Rule* over = rules.find_rule("objections.denial.ego");
    ASSERT_NE(over, nullptr);
    EXPECT_EQ(over->verdict, Verdict::Weak);                      // overridden
    EXPECT_EQ(over->effects.trust, -10);                          // overridden
    EXPECT_EQ(over->effects.patience, -15);                       // kept from the book
    EXPECT_EQ(over->when.size(), 2u);                             // kept from the book
    EXPECT_EQ(over->file, "tests/fixtures/valid/scenario.yaml");  // points at the override
    EXPECT_EQ(over->loc, (SourceLoc{74, 9}));
    EXPECT_EQ(test_book()->find_rule("objections.denial.ego")->verdict, Verdict::Mistake);
    const Rule* added = rules.find_rule("closing.scarcity.tiny");
    ASSERT_NE(added, nullptr);
    EXPECT_EQ(added->competency, default_competency(Stage::Closing));
    EXPECT_EQ(rules.rules.size(), test_book()->rules.size() + 1);
}

TEST(LoadScenario, WithoutOverridesSharesTheBook) {
    std::string text = valid_scenario();
    text = text.substr(0, text.find("rules:\n"));
    const ScenarioLoad load = load_text(text);
    ASSERT_TRUE(load.scenario);
    EXPECT_EQ(load.scenario->rules.get(), test_book().get());
}

TEST(LoadScenario, ByteOrderMarkAndCrlfAreAccepted) {
    std::string crlf;
    for (char c : valid_scenario()) {
        if (c == '\n') crlf += '\r';
        crlf += c;
    }
    const ScenarioLoad load = load_text("\xEF\xBB\xBF" + crlf);
    ASSERT_TRUE(load.scenario) << (load.diagnostics.empty() ? "" : format(load.diagnostics.front()));
    EXPECT_EQ(load.scenario->title.get("en"), "Tiny chairs");
    // Positions are unchanged by the BOM and the carriage returns.
    EXPECT_EQ(load.scenario->find_stage(Stage::Presentation)->steps[0].options[1].loc, (SourceLoc{54, 13}));
}

TEST(LoadScenario, AmpersandsStarsAndBangsInsideTextAreFine) {
    std::string text = valid_scenario();
    const std::string from = "summary: {en: A short drill., fi: Lyhyt harjoitus.}";
    text.replace(text.find(from), from.size(), "summary: {en: \"*Now* & then!\", fi: Tom & Jerry *!}");
    const ScenarioLoad load = load_text(text);
    ASSERT_TRUE(load.scenario) << (load.diagnostics.empty() ? "" : format(load.diagnostics.front()));
    EXPECT_EQ(load.scenario->summary.get("en"), "*Now* & then!");
    EXPECT_EQ(load.scenario->summary.get("fi"), "Tom & Jerry *!");
}

// ---------------------------------------------------------------------------------------------
// Invalid content: each pins the place and the message

TEST(LoadInvalid, MisspeltMethodGetsTheCaretBlockAndSuggestion) {
    const ScenarioLoad load = load_invalid("boomrang.yaml");
    EXPECT_FALSE(load.scenario);
    ASSERT_EQ(load.diagnostics.size(), 1u);
    EXPECT_EQ(format(load.diagnostics[0]),
              "tests/fixtures/invalid/boomrang.yaml:65:11: error: unknown objection method 'boomrang'\n"
              "   65 |           boomrang: {en: \"That is why it pays off.\", fi: \"Siksi se kannattaa.\"}\n"
              "      |           ^~~~~~~~\n"
              "help: did you mean 'boomerang'? Methods: denial, boomerang, yes_but, compensation, pass_up, "
              "question\n");
}

TEST(LoadInvalid, CaretColumnCountsCharacters) {
    // "Kyllä" comes before the error on the same line: 'ä' is two bytes but one column.
    const ScenarioLoad load = load_invalid("unicode_column.yaml");
    ASSERT_EQ(load.diagnostics.size(), 1u);
    EXPECT_EQ(head(load.diagnostics[0]),
              "tests/fixtures/invalid/unicode_column.yaml:64:64: error: unknown objection method 'boomrang'");
    EXPECT_EQ(load.diagnostics[0].length, 8);
}

TEST(LoadInvalid, UnknownKeySuggestsTheKnownOne) {
    const ScenarioLoad load = load_invalid("unknown_key.yaml");
    ASSERT_EQ(load.diagnostics.size(), 1u);
    EXPECT_EQ(head(load.diagnostics[0]),
              "tests/fixtures/invalid/unknown_key.yaml:61:9: error: unknown key 'valdi' in an objection");
    EXPECT_EQ(load.diagnostics[0].help.substr(0, 40), "did you mean 'valid'? Keys: id, kind, sa");
}

TEST(LoadInvalid, TabIndentation) {
    const ScenarioLoad load = load_invalid("tab_indent.yaml");
    ASSERT_EQ(load.diagnostics.size(), 1u);
    EXPECT_EQ(head(load.diagnostics[0]),
              "tests/fixtures/invalid/tab_indent.yaml:19:1: error: tab character used for indentation");
    EXPECT_EQ(load.diagnostics[0].help, "indent with spaces only; YAML does not allow tabs for indentation");
}

TEST(LoadInvalid, DuplicateKey) {
    const ScenarioLoad load = load_invalid("duplicate_key.yaml");
    ASSERT_EQ(load.diagnostics.size(), 1u);
    EXPECT_EQ(head(load.diagnostics[0]),
              "tests/fixtures/invalid/duplicate_key.yaml:11:1: error: duplicate key 'difficulty'");
    EXPECT_EQ(load.diagnostics[0].help, "'difficulty' is already set on line 10; remove one of them");
}

TEST(LoadInvalid, AnchorAndAlias) {
    const ScenarioLoad load = load_invalid("alias.yaml");
    EXPECT_EQ(heads(load.diagnostics),
              (std::vector<std::string>{
                  "tests/fixtures/invalid/alias.yaml:4:8: error: anchor '&t' is not allowed",
                  "tests/fixtures/invalid/alias.yaml:5:10: error: alias '*t' is not allowed"}));
}

TEST(LoadInvalid, AliasBombIsRefusedWithoutExpanding) {
    const auto start = std::chrono::steady_clock::now();
    const ScenarioLoad load = load_invalid("alias_bomb.yaml");
    (void)start;
    EXPECT_FALSE(load.scenario);
    // Nine anchors and eighty aliases, each reported once; nothing expanded.
    ASSERT_EQ(load.diagnostics.size(), 89u);
    EXPECT_EQ(head(load.diagnostics[0]),
              "tests/fixtures/invalid/alias_bomb.yaml:2:4: error: anchor '&a' is not allowed");
    EXPECT_EQ(head(load.diagnostics[2]),
              "tests/fixtures/invalid/alias_bomb.yaml:3:8: error: alias '*a' is not allowed");
}

TEST(LoadInvalid, TagsAndMergeKeys) {
    const ScenarioLoad load = load_text("format: 1\nid: !custom x\nbase: {a: 1}\nmore:\n  <<: {b: 2}\n");
    const std::vector<std::string> h = heads(load.diagnostics);
    ASSERT_EQ(h.size(), 2u);
    EXPECT_EQ(h[0], "test.yaml:2:5: error: tag '!custom' is not allowed");
    EXPECT_EQ(h[1], "test.yaml:5:3: error: merge key '<<' is not allowed");
}

TEST(LoadInvalid, DeepNestingIsRefusedQuickly) {
    for (const std::string& opener : {std::string("["), std::string("{a: "), std::string("- ")}) {
        std::string text = "x: ";
        if (opener == "- ") text = "x:\n";
        for (int i = 0; i < 100000; ++i) text += opener;
        const ScenarioLoad load = load_text(text);
        ASSERT_FALSE(load.diagnostics.empty()) << opener;
        EXPECT_EQ(load.diagnostics[0].message, "nesting is deeper than 64 levels") << opener;
    }
    std::string brackets = "x: ";
    for (int i = 0; i < 100000; ++i) brackets += '[';
    // The map holding x is the first level; the 64th bracket opens the 65th.
    EXPECT_EQ(head(load_text(brackets).diagnostics[0]),
              "test.yaml:1:67: error: nesting is deeper than 64 levels");
}

TEST(LoadInvalid, NestingWithinTheLimitIsParsed) {
    std::string text = "x: ";
    for (int i = 0; i < 60; ++i) text += '[';
    for (int i = 0; i < 60; ++i) text += ']';
    const ScenarioLoad load = load_text(text + "\n");
    EXPECT_EQ(heads(load.diagnostics).at(0), "test.yaml:1:1: error: unknown key 'x' in the scenario");
    for (const Diagnostic& d : load.diagnostics) EXPECT_EQ(d.message.find("nesting"), std::string::npos);
}

TEST(LoadInvalid, NulByte) {
    const ScenarioLoad load = load_invalid("nul.yaml");
    ASSERT_EQ(load.diagnostics.size(), 1u);
    EXPECT_EQ(head(load.diagnostics[0]), "tests/fixtures/invalid/nul.yaml:3:8: error: NUL byte in the file");
}

TEST(LoadInvalid, InvalidUtf8) {
    const ScenarioLoad load = load_invalid("invalid_utf8.yaml");
    ASSERT_EQ(load.diagnostics.size(), 1u);
    EXPECT_EQ(head(load.diagnostics[0]),
              "tests/fixtures/invalid/invalid_utf8.yaml:3:15: error: invalid UTF-8 (byte 0xFF)");
    EXPECT_EQ(load.diagnostics[0].source_line, "title: \"Hyvää ");
}

TEST(LoadInvalid, EmptyFile) {
    const ScenarioLoad load = load_invalid("empty.yaml");
    ASSERT_EQ(load.diagnostics.size(), 1u);
    EXPECT_EQ(head(load.diagnostics[0]), "tests/fixtures/invalid/empty.yaml:1:1: error: the file is empty");
    EXPECT_EQ(head(load_text("").diagnostics.at(0)), "test.yaml:1:1: error: the file is empty");
}

TEST(LoadInvalid, ScalarWhereAMapBelongs) {
    const ScenarioLoad load = load_invalid("scalar_for_map.yaml");
    ASSERT_EQ(load.diagnostics.size(), 1u);
    EXPECT_EQ(
        head(load.diagnostics[0]),
        "tests/fixtures/invalid/scalar_for_map.yaml:17:10: error: expected a map for 'persona', found the "
        "value 'Liisa Koskinen'");
    EXPECT_EQ(load.diagnostics[0].length, 14);
    EXPECT_EQ(head(load_text("just words\n").diagnostics.at(0)),
              "test.yaml:1:1: error: expected a map for 'scenario', found the value 'just words'");
}

TEST(LoadInvalid, NumbersOutOfRange) {
    const ScenarioLoad load = load_invalid("out_of_range.yaml");
    EXPECT_EQ(heads(load.diagnostics),
              (std::vector<std::string>{
                  "tests/fixtures/invalid/out_of_range.yaml:10:13: error: 'difficulty' is out of range: 7",
                  "tests/fixtures/invalid/out_of_range.yaml:22:33: error: 'readiness' is out of range: "
                  "99999999999999999999"}));
    EXPECT_EQ(load.diagnostics[0].help, "use a whole number between 1 and 5");
}

TEST(LoadInvalid, NotANumber) {
    const ScenarioLoad load = load_invalid("nan.yaml");
    ASSERT_EQ(load.diagnostics.size(), 1u);
    EXPECT_EQ(
        head(load.diagnostics[0]),
        "tests/fixtures/invalid/nan.yaml:21:17: error: 'trait ego' must be a finite number, not '.nan'");
}

TEST(LoadInvalid, MissingRequiredField) {
    const ScenarioLoad load = load_invalid("missing_field.yaml");
    ASSERT_EQ(load.diagnostics.size(), 1u);
    EXPECT_EQ(head(load.diagnostics[0]),
              "tests/fixtures/invalid/missing_field.yaml:2:1: error: missing required key 'context' in the "
              "scenario");
}

TEST(LoadInvalid, BadReferencesPointAtTheReference) {
    const ScenarioLoad load = load_invalid("bad_reference.yaml");
    const std::string p = "tests/fixtures/invalid/bad_reference.yaml:";
    EXPECT_EQ(heads(load.diagnostics),
              (std::vector<std::string>{
                  p + "53:25: error: unknown need 'back-pian'",
                  p + "62:17: error: unknown objection 'delivery-wory'",
                  p + "63:19: error: unknown need 'sore-feet'",
                  p + "66:9: error: concealed objection 'delivery-worry' is not hidden behind any other",
              }));
    EXPECT_EQ(load.diagnostics[0].help, "did you mean 'back-pain'? Needs: back-pain");
}

TEST(LoadInvalid, StepMoveOfAnotherStage) {
    const ScenarioLoad load = load_invalid("wrong_stage_move.yaml");
    ASSERT_EQ(load.diagnostics.size(), 1u);
    EXPECT_EQ(head(load.diagnostics[0]),
              "tests/fixtures/invalid/wrong_stage_move.yaml:54:19: error: move 'denial' "
              "belongs to stage objections, not presentation");
    EXPECT_EQ(load.diagnostics[0].help, "Moves of presentation: rapport, needs_question, monologue");
}

TEST(LoadInvalid, EveryProblemIsCollectedInOrder) {
    std::string text = valid_scenario();
    auto swap = [&](const std::string& from, const std::string& to) {
        text.replace(text.find(from), from.size(), to);
    };
    swap("context: b2b", "context: b2x");
    swap("kind: delivery", "kind: delivry");
    swap("verdict: weak", "verdict: weakk");
    swap("difficulty: 2", "difficulty: two");
    const ScenarioLoad load = load_text(text);
    EXPECT_EQ(heads(load.diagnostics),
              (std::vector<std::string>{
                  "test.yaml:9:10: error: unknown context 'b2x'",
                  "test.yaml:10:13: error: 'difficulty' must be a whole number between 1 and 5, not 'two'",
                  "test.yaml:67:15: error: unknown objection kind 'delivry'",
                  "test.yaml:75:14: error: unknown verdict 'weakk'",
              }));
    EXPECT_EQ(
        load.diagnostics[2].help,
        "did you mean 'delivery'? Kinds: price, delivery, product, company, competitor, need, authority, "
        "stall, apathy");
}

TEST(LoadInvalid, ScenarioFormatRules) {
    std::string text = valid_scenario();
    auto swap = [&](const std::string& from, const std::string& to) {
        text.replace(text.find(from), from.size(), to);
    };
    swap("weights: {objections: 40, closing: 30}", "weights: {objections: 40, follow_up: 30}");
    swap(
        "      - id: startup\n        name: {en: The startup, fi: Startup}\n        able: false\n"
        "        willing: true\n        authorised: true\n",
        "");
    swap(
        "          - move: monologue\n            say: {en: \"Let me tell you everything.\", fi: \"Kerron "
        "kaiken.\"}\n",
        "");
    const ScenarioLoad load = load_text(text);
    EXPECT_EQ(heads(load.diagnostics),
              (std::vector<std::string>{
                  "test.yaml:28:29: error: weight for stage 'follow_up', which this scenario does not have",
                  "test.yaml:34:7: error: prospecting needs at least two leads, found 1",
                  "test.yaml:46:11: error: a step needs at least two options, found 1",
              }));
}

TEST(LoadInvalid, WeightsMustLeaveRoomForUnweightedStages) {
    std::string text = valid_scenario();
    const std::string from = "weights: {objections: 40, closing: 30}";
    text.replace(text.find(from), from.size(), "weights: {objections: 60, closing: 40}");
    const ScenarioLoad load = load_text(text);
    EXPECT_EQ(heads(load.diagnostics),
              std::vector<std::string>{
                  "test.yaml:28:3: error: the rubric weights leave nothing for prospecting, presentation"});
}

TEST(LoadInvalid, MissingLanguagesWarnUnlessRequired) {
    std::string text = valid_scenario();
    const std::string from = "title: {en: Tiny chairs, fi: Pienet tuolit}";
    text.replace(text.find(from), from.size(), "title: {en: Tiny chairs}");
    const ScenarioLoad warned = load_text(text);
    ASSERT_TRUE(warned.scenario);
    ASSERT_EQ(warned.diagnostics.size(), 1u);
    EXPECT_EQ(format(warned.diagnostics[0]),
              "test.yaml:4:8: warning: text 'title' has no 'fi' version\n"
              "    4 | title: {en: Tiny chairs}\n"
              "      |        ^\n"
              "help: add fi: \"...\" to it (the file promises languages en, fi)\n");
    LoadOptions strict;
    strict.require_langs = {"fi"};
    const ScenarioLoad failed = load_text(text, "test.yaml", strict);
    EXPECT_FALSE(failed.scenario);
    ASSERT_EQ(failed.diagnostics.size(), 1u);
    EXPECT_EQ(head(failed.diagnostics[0]), "test.yaml:4:8: error: text 'title' has no 'fi' version");
}

TEST(LoadInvalid, TooLarge) {
    LoadOptions small;
    small.max_bytes = 100;
    const ScenarioLoad load = load_text(valid_scenario(), "test.yaml", small);
    ASSERT_EQ(load.diagnostics.size(), 1u);
    EXPECT_EQ(head(load.diagnostics[0]), "test.yaml: error: the file is too large (" +
                                             std::to_string(valid_scenario().size()) +
                                             " bytes; the limit is 100 bytes)");
}

TEST(LoadInvalid, YamlSyntaxError) {
    const ScenarioLoad load = load_text("format: 1\ntitle: [a, b\n");
    ASSERT_EQ(load.diagnostics.size(), 1u);
    EXPECT_EQ(head(load.diagnostics[0]),
              "test.yaml:3:1: error: YAML syntax error: end of sequence flow not found");
}

// ---------------------------------------------------------------------------------------------
// Rule books

TEST(LoadRuleBookInvalid, UnknownFactListsTheFacts) {
    const RuleBookLoad load = load_rulebook(read_fixture("invalid/rulebook_unknown_fact.yaml"),
                                            "tests/fixtures/invalid/rulebook_unknown_fact.yaml");
    EXPECT_FALSE(load.book);
    ASSERT_EQ(load.diagnostics.size(), 1u);
    EXPECT_EQ(
        head(load.diagnostics[0]),
        "tests/fixtures/invalid/rulebook_unknown_fact.yaml:157:12: error: unknown fact 'objection.egoo'");
    EXPECT_EQ(load.diagnostics[0].help.substr(0, 41), "did you mean 'objection.ego'? Facts: cont");
}

TEST(LoadRuleBookInvalid, MoveWithoutFallback) {
    const RuleBookLoad load = load_rulebook(read_fixture("invalid/rulebook_no_fallback.yaml"),
                                            "tests/fixtures/invalid/rulebook_no_fallback.yaml");
    ASSERT_EQ(load.diagnostics.size(), 1u);
    EXPECT_EQ(
        head(load.diagnostics[0]),
        "tests/fixtures/invalid/rulebook_no_fallback.yaml:26:10: error: move 'details' has no fallback rule");
}

TEST(LoadRuleBookInvalid, CatalogueAndRuleChecks) {
    std::string text = read_fixture("valid/rulebook.yaml");
    auto swap = [&](const std::string& from, const std::string& to) {
        text.replace(text.find(from), from.size(), to);
    };
    swap(
        "  - {id: pass_up, stage: objections, name: {en: \"pass_up move\", fi: \"pass_up siirto\"}, line: "
        "{en: "
        "\"A pass_up line.\", fi: \"pass_up repliikki.\"}}\n",
        "");
    swap("when: {objection.excuse: true, state.trust: {ge: 40}}",
         "when: {objection.excuse: yes, state.trust: 40}");
    swap("    move: lead\n    when: {lead.top: true}", "    move: rapport\n    when: {lead.top: true}");
    const RuleBookLoad load = load_rulebook(text, "rb.yaml");
    EXPECT_EQ(
        heads(load.diagnostics),
        (std::vector<std::string>{
            "rb.yaml:5:1: error: the move catalogue lacks objection method 'pass_up'",
            "rb.yaml:77:11: error: unknown objection method 'pass_up'",
            "rb.yaml:166:30: error: 'objection.excuse' must be true or false, not 'yes'",
            "rb.yaml:166:48: error: fact 'state.trust' is a number; compare it with lt, le, gt, ge or eq",
            "rb.yaml:172:11: error: move 'rapport' belongs to stage presentation, not prospecting",
        }));
}

TEST(LoadRuleBookInvalid, MisspeltMethodInTheCatalogue) {
    std::string text = read_fixture("valid/rulebook.yaml");
    const std::string from = "  - {id: boomerang, stage: objections";
    text.replace(text.find(from), from.size(), "  - {id: boomrang, stage: objections");
    const RuleBookLoad load = load_rulebook(text, "rb.yaml");
    ASSERT_FALSE(load.diagnostics.empty());
    EXPECT_EQ(head(load.diagnostics[0]), "rb.yaml:11:10: error: unknown objection method 'boomrang'");
}

// ---------------------------------------------------------------------------------------------
// Files and libraries

class TempDir : public ::testing::Test {
protected:
    void SetUp() override {
        m_dir = fs::temp_directory_path() /
                ("salesim-loader-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "-" +
                 ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(m_dir);
        fs::create_directories(m_dir);
    }
    void TearDown() override { fs::remove_all(m_dir); }
    void write(const std::string& name, const std::string& text) {
        std::ofstream(m_dir / name, std::ios::binary) << text;
    }
    fs::path m_dir;
};

TEST_F(TempDir, ReadFileCheckedReportsEachFailure) {
    std::vector<Diagnostic> out;
    const std::string missing = (m_dir / "nope.yaml").string();
    EXPECT_FALSE(read_file_checked(missing, 1000, out));
    EXPECT_FALSE(read_file_checked(m_dir.string(), 1000, out));
    write("big.yaml", std::string(2000, 'x'));
    EXPECT_FALSE(read_file_checked((m_dir / "big.yaml").string(), 1000, out));
    ASSERT_EQ(out.size(), 3u);
    EXPECT_EQ(head(out[0]), missing + ": error: no such file");
    EXPECT_EQ(head(out[1]), m_dir.string() + ": error: this is a folder, not a file");
    EXPECT_EQ(head(out[2]), (m_dir / "big.yaml").string() +
                                ": error: the file is too large (2000 bytes; the limit is 1000 bytes)");
    write("ok.yaml", "a: 1\n");
    EXPECT_EQ(read_file_checked((m_dir / "ok.yaml").string(), 1000, out), "a: 1\n");
    EXPECT_EQ(out.size(), 3u);
}

TEST_F(TempDir, LibraryLoadsSortedAndRefusesDuplicateIds) {
    write("rulebook.yaml", read_fixture("valid/rulebook.yaml"));
    std::string second = valid_scenario();
    second.replace(second.find("id: tiny-chairs"), 15, "id: alpha-chairs");
    write("b.yaml", valid_scenario());
    write("a.yaml", second);
    write("c.yaml", valid_scenario());  // the same id as b.yaml
    write("notes.txt", "not yaml");
    fs::create_directories(m_dir / "sub");
    write("sub/d.yaml", "ignored: true\n");
    const Library lib = load_library(m_dir.string());
    ASSERT_TRUE(lib.book);
    EXPECT_EQ(lib.files, 3u);
    ASSERT_EQ(lib.scenarios.size(), 2u);
    EXPECT_EQ(lib.scenarios[0]->id, "alpha-chairs");
    EXPECT_EQ(lib.scenarios[1]->id, "tiny-chairs");
    EXPECT_EQ(lib.scenarios[1]->path, (m_dir / "b.yaml").string());
    ASSERT_EQ(lib.diagnostics.size(), 1u);
    EXPECT_EQ(head(lib.diagnostics[0]),
              (m_dir / "c.yaml").string() + ":3:5: error: duplicate scenario id 'tiny-chairs'");
    EXPECT_EQ(lib.find("alpha-chairs"), lib.scenarios[0].get());
    EXPECT_EQ(lib.find_shared("tiny-chairs"), lib.scenarios[1]);
    EXPECT_EQ(lib.find("nope"), nullptr);
}

TEST_F(TempDir, LibraryUsesTheFallbackRuleBook) {
    write("s.yaml", valid_scenario());
    const Library none = load_library(m_dir.string());
    ASSERT_EQ(none.diagnostics.size(), 1u);
    EXPECT_EQ(none.diagnostics[0].message, "no rule book");
    const Library lib =
        load_library(m_dir.string(), std::string(SALESIM_SOURCE_DIR) + "/tests/fixtures/valid/rulebook.yaml");
    ASSERT_EQ(lib.scenarios.size(), 1u);
    EXPECT_TRUE(lib.diagnostics.empty());
}

TEST(ContentHash, IsFnv1a64InHex) {
    EXPECT_EQ(content_hash(""), "cbf29ce484222325");
    EXPECT_EQ(content_hash("a"), "af63dc4c8601ec8c");
    EXPECT_NE(load_text(valid_scenario()).scenario->content_hash, content_hash(valid_scenario()));
}

}  // namespace
}  // namespace salesim
