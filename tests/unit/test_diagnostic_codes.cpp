// Tests for the stable codes of diagnostics (every problem the loader reports has one) and for the
// rule book's match index (built when the book is loaded, same answers as a plain scan).
#include "salesim/diagnostic.hpp"
#include "salesim/loader.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

namespace salesim {
namespace {

namespace fs = std::filesystem;

const std::string k_source = SALESIM_SOURCE_DIR;

std::string read_all(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    EXPECT_TRUE(in) << p;
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

std::shared_ptr<const RuleBook> valid_book() {
    static const RuleBookLoad load = load_rulebook_file(k_source + "/tests/fixtures/valid/rulebook.yaml");
    return load.book;
}

// Every diagnostic of every file in tests/fixtures/invalid, each file loaded the way validate does.
std::vector<Diagnostic> invalid_fixture_diagnostics() {
    std::vector<Diagnostic> out;
    for (const auto& entry : fs::directory_iterator(k_source + "/tests/fixtures/invalid")) {
        const fs::path& p = entry.path();
        if (p.extension() != ".yaml") continue;
        const std::vector<Diagnostic> ds = p.filename().string().rfind("rulebook", 0) == 0
                                               ? load_rulebook_file(p.string()).diagnostics
                                               : load_scenario_file(p.string(), valid_book()).diagnostics;
        EXPECT_FALSE(ds.empty()) << p;
        out.insert(out.end(), ds.begin(), ds.end());
    }
    return out;
}

bool is_kebab(const std::string& code) {
    static const std::regex kebab("[a-z0-9]+(-[a-z0-9]+)*");
    return std::regex_match(code, kebab);
}

std::set<std::string> codes_of(const std::vector<Diagnostic>& ds) {
    std::set<std::string> out;
    for (const Diagnostic& d : ds) out.insert(d.code);
    return out;
}

TEST(DiagnosticCodes, EveryInvalidFixtureDiagnosticHasAKebabCaseCode) {
    const std::vector<Diagnostic> ds = invalid_fixture_diagnostics();
    ASSERT_GT(ds.size(), 18u);
    for (const Diagnostic& d : ds) {
        EXPECT_FALSE(d.code.empty()) << format(d);
        EXPECT_TRUE(is_kebab(d.code)) << d.code << "\n" << format(d);
    }
}

TEST(DiagnosticCodes, TheLibraryOfInvalidFixturesHasCodesToo) {
    const Library lib =
        load_library(k_source + "/tests/fixtures/invalid", k_source + "/tests/fixtures/valid/rulebook.yaml");
    ASSERT_FALSE(lib.diagnostics.empty());
    for (const Diagnostic& d : lib.diagnostics) EXPECT_TRUE(is_kebab(d.code)) << format(d);
}

TEST(DiagnosticCodes, NameTheKindOfProblem) {
    const std::set<std::string> codes = codes_of(invalid_fixture_diagnostics());
    for (const char* code :
         {"unknown-move", "unknown-key", "duplicate-key", "invalid-utf8", "nul-byte", "tab-indentation",
          "anchor-not-allowed", "alias-not-allowed", "empty-file", "wrong-type", "out-of-range",
          "missing-key", "unknown-fact", "missing-fallback-rule", "move-of-other-stage"})
        EXPECT_EQ(codes.count(code), 1u) << code;
}

TEST(DiagnosticCodes, FileProblemsHaveCodes) {
    std::vector<Diagnostic> out;
    EXPECT_FALSE(read_file_checked(k_source + "/no/such/file.yaml", 1000, out));
    EXPECT_FALSE(read_file_checked(k_source + "/tests/fixtures", 1000, out));
    EXPECT_FALSE(read_file_checked(k_source + "/tests/fixtures/valid/rulebook.yaml", 10, out));
    ASSERT_EQ(out.size(), 3u);
    EXPECT_EQ(out[0].code, "no-such-file");
    EXPECT_EQ(out[1].code, "not-a-file");
    EXPECT_EQ(out[2].code, "file-too-large");
    const Library none = load_library(k_source + "/no/such/folder");
    ASSERT_EQ(none.diagnostics.size(), 1u);
    EXPECT_EQ(none.diagnostics[0].code, "no-such-folder");
}

TEST(DiagnosticCodes, MissingTranslationNamesTheLanguage) {
    std::string text = read_all(k_source + "/tests/fixtures/valid/scenario.yaml");
    const std::string from = "title: {en: Tiny chairs, fi: Pienet tuolit}";
    ASSERT_NE(text.find(from), std::string::npos);
    text.replace(text.find(from), from.size(), "title: {en: Tiny chairs}");
    for (const bool required : {false, true}) {
        LoadOptions opts;
        if (required) opts.require_langs = {"fi"};
        const ScenarioLoad load = load_scenario(text, "test.yaml", valid_book(), opts);
        ASSERT_EQ(load.diagnostics.size(), 1u);
        const Diagnostic& d = load.diagnostics[0];
        EXPECT_EQ(d.severity, required ? Severity::Error : Severity::Warning);
        EXPECT_EQ(d.code, "missing-translation");
        EXPECT_EQ(d.ref, "fi");
    }
}

TEST(DiagnosticCodes, AreInTheJson) {
    std::vector<Diagnostic> out;
    read_file_checked(k_source + "/no/such/file.yaml", 1000, out);
    const nlohmann::json j = nlohmann::json::parse(to_json(out));
    ASSERT_EQ(j.size(), 1u);
    EXPECT_EQ(j[0]["code"], "no-such-file");
    EXPECT_EQ(j[0]["message"], "no such file");
}

// ---------------------------------------------------------------------------------------------
// The rule book's match index

TEST(RuleBookIndex, ALoadedBookIsIndexedAndACopyIsNotUntilAskedTo) {
    const RuleBookLoad load = load_rulebook_file(k_source + "/scenarios/rulebook.yaml");
    ASSERT_TRUE(load.book) << (load.diagnostics.empty() ? "" : format(load.diagnostics[0]));
    EXPECT_TRUE(load.book->indexed());
    RuleBook copy = *load.book;
    EXPECT_FALSE(copy.indexed());
    copy.build_index();
    EXPECT_TRUE(copy.indexed());
    copy.rules.push_back(copy.rules.front());
    EXPECT_FALSE(copy.indexed());
}

TEST(RuleBookIndex, MatchesLikeAPlainScanForEveryShippedScenario) {
    const Library lib = load_library(k_source + "/scenarios");
    ASSERT_FALSE(lib.scenarios.empty());
    std::size_t compared = 0;
    std::size_t matched = 0;
    for (const auto& sc : lib.scenarios) {
        ASSERT_TRUE(sc->rules->indexed()) << sc->id;
        const RuleBook scan = *sc->rules;  // a copy is matched by a plain scan
        ASSERT_FALSE(scan.indexed());
        std::vector<const Objection*> objections{nullptr};
        std::vector<const Lead*> leads{nullptr};
        for (const StageContent& st : sc->stages) {
            for (const Objection& o : st.objections) objections.push_back(&o);
            for (const Lead& l : st.leads) leads.push_back(&l);
        }
        for (int v = 0; v <= 100; v += 10) {
            Situation s;
            s.context = sc->context;
            s.authority = sc->persona.authority;
            s.traits = &sc->persona.traits;
            s.facts = &sc->facts;
            s.state = {v, 100 - v, (v * 7) % 101, (v * 3) % 101};
            s.needs_found = v / 25;
            s.objections_open = v / 40;
            s.questions_asked = v / 20;
            s.close_attempt = v / 30;
            s.objection_need_found = v % 20 == 0;
            s.lead_top = v % 30 == 0;
            for (const Objection* o : objections) {
                for (const Lead* l : leads) {
                    s.objection = o;
                    s.lead = l;
                    for (const MoveInfo& m : sc->rules->moves) {
                        const Rule* fast = sc->rules->match(m.stage, m.id, s);
                        const Rule* slow = scan.match(m.stage, m.id, s);
                        ASSERT_EQ(fast == nullptr, slow == nullptr) << sc->id << " " << m.id;
                        if (fast != nullptr) {
                            EXPECT_EQ(fast->id, slow->id) << sc->id << " " << m.id;
                            ++matched;
                        }
                        ++compared;
                    }
                }
            }
        }
        EXPECT_EQ(sc->rules->match(Stage::Closing, "no_such_move", Situation{}), nullptr);
    }
    EXPECT_GT(compared, 1000u);
    EXPECT_GT(matched, compared / 2);
}

}  // namespace
}  // namespace salesim
