// Tests for persona.address: a buyer addressed formally hears the rule book's formal Finnish lines
// and replies (fi_formal), English and informal scenarios stay as they were, and the shipped rule
// book has a formal variant for every Finnish default line or reply that says "sinä".
#include "salesim/diagnostic.hpp"
#include "salesim/loader.hpp"
#include "salesim/session.hpp"
#include "salesim/text.hpp"

#include <gtest/gtest.h>

#include <cctype>
#include <filesystem>
#include <fstream>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace salesim {
namespace {

const std::string k_source = SALESIM_SOURCE_DIR;

std::string read_all(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    EXPECT_TRUE(in) << path;
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

std::shared_ptr<const RuleBook> shipped_book() {
    static const RuleBookLoad load = load_rulebook_file(k_source + "/scenarios/rulebook.yaml");
    return load.book;
}

std::shared_ptr<const RuleBook> fixture_book() {
    static const RuleBookLoad load = load_rulebook_file(k_source + "/tests/fixtures/valid/rulebook.yaml");
    return load.book;
}

// `text` with `line` put right below its first line that is exactly `after`.
std::string insert_after(std::string text, const std::string& after, const std::string& line) {
    const std::size_t at = text.find("\n" + after + "\n");
    EXPECT_NE(at, std::string::npos) << after;
    if (at == std::string::npos) return text;
    text.insert(at + after.size() + 2, line + "\n");
    return text;
}

// The words of a Finnish text, lowercased (ASCII letters only; the others are kept as they are,
// and none of the words below starts with one).
std::vector<std::string> words(const std::string& s) {
    std::vector<std::string> out;
    std::string w;
    for (const char c : s) {
        const auto u = static_cast<unsigned char>(c);
        if (std::isalpha(u) != 0 || u >= 0x80) {
            w += static_cast<char>(std::tolower(u));
        } else if (!w.empty()) {
            out.push_back(w);
            w.clear();
        }
    }
    if (!w.empty()) out.push_back(w);
    return out;
}

// Words by which a Finnish speaker says "sinä" to one person: the pronoun, possessives and verbs in
// the second person singular, and imperatives. A formal text has none of them.
const std::set<std::string>& informal_words() {
    static const std::set<std::string> words{
        "sinä",      "sinun",      "sinua",     "sinulle",     "sinulla",    "sinulta",  "sinuun",
        "sinusta",   "sinut",      "sinuna",    "sinussa",     "sä",         "sun",      "sulla",
        "sulle",     "sua",        "sut",       "kollegasi",   "tiimistäsi", "huoleesi", "puolestasi",
        "pointtisi", "olet",       "et",        "oletko",      "etkö",       "saat",     "saatat",
        "tiedät",    "tiedätkö",   "tunnut",    "näytät",      "ajattelet",  "päätät",   "huomaat",
        "tarvitset", "kilpailet",  "alat",      "kysyt",       "kysyit",     "kerroit",  "järjestit",
        "olit",      "päättäisit", "haluaisit", "kertoisitko", "voisitko",   "haluatko", "muistatko",
        "väitätkö",  "voitko",     "kerro",     "katso",       "kokeile",    "tule",     "jatka",
        "laita"};
    return words;
}

std::string informal_word_in(const std::string& s) {
    for (const std::string& w : words(s))
        if (informal_words().count(w) != 0) return w;
    return {};
}

// Moves whose line is over-familiar on purpose: the register is the mistake it teaches.
const std::set<std::string> k_familiar_on_purpose{"too_familiar"};

std::shared_ptr<const Scenario> load_text(const std::string& text, const std::string& path) {
    const ScenarioLoad load = load_scenario(text, path, shipped_book());
    EXPECT_TRUE(load.scenario) << (load.diagnostics.empty() ? "" : format(load.diagnostics[0]));
    return load.scenario;
}

TEST(Address, TextInAddressTakesTheFormalVariantWhereThereIsOne) {
    Text t("Go on.", "Jatka.");
    t.by_lang[formal_key("fi")] = "Jatkakaa.";
    EXPECT_EQ(formal_key("fi"), "fi_formal");
    const Text formal = t.in_address(Address::Formal);
    EXPECT_EQ(formal.get("fi"), "Jatkakaa.");
    EXPECT_EQ(formal.get("en"), "Go on.");
    EXPECT_EQ(t.in_address(Address::Informal), t);
    EXPECT_EQ(t.get("fi"), "Jatka.");
    const Text plain("Hello.", "Hei.");
    EXPECT_EQ(plain.in_address(Address::Formal), plain);
    EXPECT_EQ(std::string(to_string(Address::Formal)), "formal");
    EXPECT_EQ(std::string(to_string(Address::Informal)), "informal");
}

TEST(Address, ScenarioReadsAddressDefaultInformal) {
    const std::string path = k_source + "/tests/fixtures/valid/scenario.yaml";
    const std::string text = read_all(path);
    const ScenarioLoad plain = load_scenario(text, path, fixture_book());
    ASSERT_TRUE(plain.scenario);
    EXPECT_EQ(plain.scenario->persona.address, Address::Informal);
    for (const char* value : {"formal", "informal"}) {
        const ScenarioLoad load = load_scenario(
            insert_after(text, "persona:", std::string("  address: ") + value), path, fixture_book());
        ASSERT_TRUE(load.scenario) << value;
        EXPECT_TRUE(load.diagnostics.empty()) << format(load.diagnostics[0]);
        EXPECT_EQ(load.scenario->persona.address,
                  std::string(value) == "formal" ? Address::Formal : Address::Informal);
    }
}

TEST(Address, ABadValueIsAnErrorWithASuggestion) {
    const std::string path = k_source + "/tests/fixtures/invalid/unknown_address.yaml";
    const ScenarioLoad load = load_scenario_file(path, fixture_book());
    EXPECT_FALSE(load.scenario);
    ASSERT_EQ(load.diagnostics.size(), 1u) << format(load.diagnostics[0]);
    const Diagnostic& d = load.diagnostics[0];
    EXPECT_EQ(d.severity, Severity::Error);
    EXPECT_EQ(d.code, "unknown-address");
    EXPECT_NE(d.message.find("'formel'"), std::string::npos) << d.message;
    EXPECT_NE(d.help.find("did you mean 'formal'?"), std::string::npos) << d.help;
    EXPECT_NE(d.help.find("informal, formal"), std::string::npos) << d.help;
    EXPECT_EQ(d.loc.line, 21);
}

TEST(Address, AFormalVariantIsOnlyReadInTheRuleBooksLinesAndReplies) {
    const std::string path = k_source + "/tests/fixtures/valid/scenario.yaml";
    std::string text = read_all(path);
    const std::string from = "title: {en: Tiny chairs, fi: Pienet tuolit}";
    ASSERT_NE(text.find(from), std::string::npos);
    text.replace(text.find(from), from.size(),
                 "title: {en: Tiny chairs, fi: Pienet tuolit, fi_formal: Pienet tuolit}");
    const ScenarioLoad load = load_scenario(text, path, fixture_book());
    EXPECT_FALSE(load.scenario);
    ASSERT_FALSE(load.diagnostics.empty());
    EXPECT_EQ(load.diagnostics[0].code, "misplaced-formal-variant");
    EXPECT_NE(load.diagnostics[0].help.find("fi: \"...\""), std::string::npos) << load.diagnostics[0].help;
}

TEST(Address, ARuleBookFormalVariantNeedsThePlainLanguage) {
    const std::string path = k_source + "/scenarios/rulebook.yaml";
    std::string text = read_all(path);
    const std::string from = "fi: \"Hyvä, jatka.\", fi_formal:";
    ASSERT_NE(text.find(from), std::string::npos);
    text.replace(text.find(from), from.size(), "fi_formal:");
    const RuleBookLoad load = load_rulebook(text, path);
    EXPECT_FALSE(load.book);
    ASSERT_FALSE(load.diagnostics.empty());
    EXPECT_EQ(load.diagnostics[0].code, "formal-without-plain") << format(load.diagnostics[0]);
}

TEST(Address, ShippedRuleBookHasAFormalVariantForEveryInformalFinnishText) {
    ASSERT_TRUE(shipped_book());
    int variants = 0;
    auto check = [&](const std::string& where, const Text& t) {
        const auto formal = t.by_lang.find(formal_key("fi"));
        const std::string said = informal_word_in(t.get("fi"));
        if (formal == t.by_lang.end()) {
            EXPECT_EQ(said, "") << where << " says '" << said << "' and has no fi_formal: " << t.get("fi");
            return;
        }
        ++variants;
        EXPECT_NE(said, "") << where << ": its fi says no 'sinä', so it needs no fi_formal";
        EXPECT_EQ(informal_word_in(formal->second), "")
            << where << ": fi_formal still says '" << informal_word_in(formal->second)
            << "': " << formal->second;
        EXPECT_NE(formal->second, t.get("fi")) << where;
    };
    for (const MoveInfo& m : shipped_book()->moves)
        if (k_familiar_on_purpose.count(m.id) == 0) check("move " + m.id, m.line);
    for (const Rule& r : shipped_book()->rules) check("rule " + r.id, r.reply);
    EXPECT_GT(variants, 40);
}

// Each shipped scenario once informal and once formal, played with the same choices: every option
// and every reply is the same in English and the same or its formal variant in Finnish, and the
// play is the same.
TEST(Address, AFormalBuyerHearsTheFormalDefaultLinesAndReplies) {
    const RuleBook& book = *shipped_book();
    auto formal_of = [&](const std::string& plain_fi) -> std::string {
        for (const MoveInfo& m : book.moves)
            if (m.line.get("fi") == plain_fi && m.line.by_lang.count("fi_formal") != 0)
                return m.line.by_lang.at("fi_formal");
        for (const Rule& r : book.rules)
            if (r.reply.get("fi") == plain_fi && r.reply.by_lang.count("fi_formal") != 0)
                return r.reply.by_lang.at("fi_formal");
        return {};
    };
    int lines_changed = 0, replies_changed = 0, kept = 0;
    auto compare = [&](const Text& plain, const Text& said, const std::string& where) {
        EXPECT_EQ(plain.get("en"), said.get("en")) << where;
        if (plain.get("fi") == said.get("fi")) {
            ++kept;
            EXPECT_EQ(formal_of(plain.get("fi")), "") << where << " kept its sinä: " << plain.get("fi");
            return false;
        }
        EXPECT_EQ(said.get("fi"), formal_of(plain.get("fi"))) << where;
        return true;
    };
    const std::string address_line = "  address: formal";
    int scenarios = 0;
    for (const auto& entry : std::filesystem::directory_iterator(k_source + "/scenarios")) {
        const std::string path = entry.path().string();
        if (entry.path().extension() != ".yaml" || path.ends_with(".plan.yaml") ||
            entry.path().filename() == "rulebook.yaml")
            continue;
        SCOPED_TRACE(path);
        std::string text = read_all(path);
        if (text.find("\n" + address_line + "\n") != std::string::npos)
            text.erase(text.find("\n" + address_line + "\n") + 1, address_line.size() + 1);
        const auto informal = load_text(text, path);
        const auto formal = load_text(insert_after(text, "persona:", address_line), path);
        ASSERT_TRUE(informal && formal);
        ASSERT_EQ(informal->persona.address, Address::Informal);
        ASSERT_EQ(formal->persona.address, Address::Formal);
        ++scenarios;
        for (std::uint64_t seed = 1; seed <= 8; ++seed) {
            Session a(informal, seed);
            Session b(formal, seed);
            for (std::size_t turn = 0; !a.finished() && turn < 200; ++turn) {
                ASSERT_FALSE(b.finished());
                const Decision& da = a.current();
                const Decision& db = b.current();
                ASSERT_EQ(da.options.size(), db.options.size());
                for (std::size_t i = 0; i < da.options.size(); ++i) {
                    ASSERT_EQ(da.options[i].move, db.options[i].move);
                    if (compare(da.options[i].say, db.options[i].say, "option " + da.options[i].move))
                        ++lines_changed;
                }
                const std::size_t pick = (turn * seed + seed) % da.options.size();
                const DecisionRecord ra = a.choose(pick);
                const DecisionRecord rb = b.choose(pick);
                ASSERT_EQ(ra.rule != nullptr, rb.rule != nullptr);
                if (ra.rule != nullptr) {
                    EXPECT_EQ(ra.rule->id, rb.rule->id);
                }
                EXPECT_EQ(ra.points, rb.points);
                if (compare(ra.reply, rb.reply, "reply to " + ra.move)) ++replies_changed;
            }
            EXPECT_TRUE(b.finished());
            EXPECT_EQ(a.outcome(), b.outcome());
            EXPECT_EQ(a.score().overall, b.score().overall);
        }
        // A save of the formal scenario replays it.
        Session b(formal, 3);
        b.choose(0);
        const Session again = Session::resume(formal, b.save("fi"));
        EXPECT_EQ(again.decisions().size(), 1u);
        EXPECT_EQ(again.transcript().size(), b.transcript().size());
    }
    EXPECT_GE(scenarios, 5);
    EXPECT_GT(lines_changed, 0);
    EXPECT_GT(replies_changed, 0);
    EXPECT_GT(kept, 0);
}

// The scenario's rules are resolved at load, so a front end that reads the rule book of the scenario
// (the move catalogue, a rule's reply) gets the formal words without asking for them.
TEST(Address, TheFormalScenariosRulesSpeakFormally) {
    const std::string path = k_source + "/scenarios/chairs-agency.yaml";
    std::string text = read_all(path);
    const auto formal = load_text(insert_after(text, "persona:", "  address: formal"), path);
    ASSERT_TRUE(formal);
    const MoveInfo* confirm = formal->rules->find_move("confirm");
    ASSERT_NE(confirm, nullptr);
    EXPECT_EQ(confirm->line.get("fi"), "Vastasiko tämä huoleenne?");
    EXPECT_EQ(confirm->line.get("en"), shipped_book()->find_move("confirm")->line.get("en"));
    EXPECT_EQ(shipped_book()->find_move("confirm")->line.get("fi"), "Vastasiko tämä huoleesi?");
    const Rule* settled = formal->rules->find_rule("objection.carry_on.settled");
    ASSERT_NE(settled, nullptr);
    EXPECT_EQ(settled->reply.get("fi"), "Hyvä, jatkakaa.");
    EXPECT_TRUE(formal->rules->indexed());
}

}  // namespace
}  // namespace salesim
