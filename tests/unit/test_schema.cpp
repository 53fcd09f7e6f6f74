// docs/scenario.schema.json, docs/rulebook.schema.json and the C++ loader agree: shipped scenarios
// and rule book, guide examples and fixtures pass or fail both (checked with a real JSON Schema
// validator run by node).
#include "salesim/loader.hpp"

#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <regex>
#include <string>
#include <vector>

#include <unistd.h>

using namespace salesim;
namespace fs = std::filesystem;

namespace {

const std::string root = SALESIM_SOURCE_DIR;

bool have_node() {
    return std::system("command -v node >/dev/null 2>&1") == 0;
}

// File -> the validator's first verdict line ("valid", "invalid: ...", "not YAML: ...").
std::map<std::string, std::string> schema_check(const std::vector<std::string>& files,
                                                const std::string& schema = "scenario.schema.json") {
    std::string cmd = "node " + root + "/tests/schema/validate.mjs " + root + "/docs/" + schema;
    for (const std::string& f : files) cmd += " '" + f + "'";
    cmd += " 2>&1";
    std::map<std::string, std::string> out;
    FILE* p = popen(cmd.c_str(), "r");
    if (p == nullptr) return out;
    std::array<char, 4096> buf{};
    while (fgets(buf.data(), static_cast<int>(buf.size()), p) != nullptr) {
        std::string line(buf.data());
        if (!line.empty() && line.back() == '\n') line.pop_back();
        for (const std::string& f : files)
            if (line.rfind(f + ": ", 0) == 0 && out.count(f) == 0) out[f] = line.substr(f.size() + 2);
        if (out.empty() && line.find("Cannot find package") != std::string::npos) out["<setup>"] = line;
    }
    pclose(p);
    return out;
}

// The scenario files of a folder (test plans, NAME.plan.yaml, are not scenarios), or with
// `plans` every YAML file.
std::vector<std::string> yaml_files(const std::string& dir, bool plans = false) {
    std::vector<std::string> out;
    for (const auto& e : fs::directory_iterator(dir))
        if (e.path().extension() == ".yaml" &&
            (plans || !e.path().filename().string().ends_with(".plan.yaml")))
            out.push_back(e.path().string());
    std::sort(out.begin(), out.end());
    return out;
}

std::shared_ptr<const RuleBook> shipped_book() {
    static RuleBookLoad load = load_rulebook_file(root + "/scenarios/rulebook.yaml");
    return load.book;
}

class Schema : public ::testing::Test {
protected:
    void SetUp() override {
        if (!have_node()) GTEST_SKIP() << "node is not installed; the schema tests need it";
        ASSERT_TRUE(fs::exists(root + "/tests/schema/node_modules/ajv"))
            << "the validator is not installed: run npm ci --prefix tests/schema (scripts/test.sh does)";
    }
};

}  // namespace

TEST_F(Schema, ShippedScenariosPassSchemaAndLoader) {
    std::vector<std::string> files;
    for (const std::string& f : yaml_files(root + "/scenarios"))
        if (fs::path(f).filename() != "rulebook.yaml") files.push_back(f);
    ASSERT_FALSE(files.empty());
    const auto verdicts = schema_check(files);
    for (const std::string& f : files) {
        EXPECT_EQ(verdicts.count(f) ? verdicts.at(f) : "(no answer)", "valid") << f;
        const ScenarioLoad load = load_scenario_file(f, shipped_book());
        EXPECT_TRUE(load.scenario) << f << ": "
                                   << (load.diagnostics.empty() ? "" : format(load.diagnostics[0]));
        std::ifstream in(f);
        std::string first;
        std::getline(in, first);
        EXPECT_EQ(first, "# yaml-language-server: $schema=../docs/scenario.schema.json") << f;
    }
}

TEST_F(Schema, GuideExamplesPassSchemaAndLoader) {
    const std::vector<std::string> files = yaml_files(root + "/docs/examples");
    ASSERT_FALSE(files.empty());
    const auto verdicts = schema_check(files);
    for (const std::string& f : files) {
        EXPECT_EQ(verdicts.count(f) ? verdicts.at(f) : "(no answer)", "valid") << f;
        const ScenarioLoad load = load_scenario_file(f, shipped_book());
        EXPECT_TRUE(load.scenario) << f << ": "
                                   << (load.diagnostics.empty() ? "" : format(load.diagnostics[0]));
    }
    // Every YAML example in the guide is the modeline or is part of one of these files, word for word.
    std::string examples;
    for (const std::string& f : yaml_files(root + "/docs/examples", true)) {
        std::ifstream in(f);
        examples.append(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }
    {
        std::ifstream guide(root + "/docs/authoring.md");
        const std::string text((std::istreambuf_iterator<char>(guide)), std::istreambuf_iterator<char>());
        int blocks = 0;
        for (std::size_t at = text.find("```yaml\n"); at != std::string::npos;
             at = text.find("```yaml\n", at + 1)) {
            const std::size_t start = at + 8;
            const std::size_t end = text.find("```", start);
            ASSERT_NE(end, std::string::npos);
            std::string block = text.substr(start, end - start);
            // Indented blocks (inside a list item) are compared without their indentation.
            std::string plain;
            std::size_t indent = block.find_first_not_of(' ');
            for (std::size_t p = 0; p < block.size();) {
                std::size_t nl = block.find('\n', p);
                if (nl == std::string::npos) nl = block.size();
                std::string line = block.substr(p, nl - p);
                plain +=
                    line.substr(std::min(
                        indent, line.find_first_not_of(' ') == std::string::npos ? line.size() : indent)) +
                    "\n";
                p = nl + 1;
            }
            ++blocks;
            if (plain.rfind("# yaml-language-server:", 0) == 0) continue;
            EXPECT_NE(examples.find(plain), std::string::npos)
                << "this example of the guide is in no docs/examples file:\n"
                << plain;
        }
        EXPECT_GE(blocks, 2);
    }
    // Every example file the guide names exists (and so was checked above).
    std::ifstream guide(root + "/docs/authoring.md");
    const std::string text((std::istreambuf_iterator<char>(guide)), std::istreambuf_iterator<char>());
    const std::regex named_file(R"(docs/examples/[a-z0-9-]+\.yaml)");
    int named = 0;
    for (auto it = std::sregex_iterator(text.begin(), text.end(), named_file); it != std::sregex_iterator();
         ++it) {
        ++named;
        EXPECT_TRUE(fs::exists(root + "/" + it->str())) << "the guide names " << it->str();
    }
    EXPECT_GE(named, 1);
}

TEST_F(Schema, ValidFixturesPassBoth) {
    const std::vector<std::string> files{root + "/tests/fixtures/valid/scenario.yaml",
                                         root + "/tests/fixtures/analyzer/passable.yaml"};
    const auto verdicts = schema_check(files);
    for (const std::string& f : files)
        EXPECT_EQ(verdicts.count(f) ? verdicts.at(f) : "(no answer)", "valid") << f;
}

TEST_F(Schema, InvalidScenarioFixturesAreRejectedByBoth) {
    // Problems a JSON Schema cannot see, with the reason. Each must still pass the schema, so the
    // list shrinks when the schema learns more.
    const std::map<std::string, std::string> beyond_schema{
        {"alias.yaml", "anchors and aliases are YAML syntax; the schema sees the expanded data"},
        {"bad_reference.yaml",
         "ids that point at other ids (hidden, turns_on, discovers) are cross-references"},
        {"duplicate_key.yaml", "a key given twice is a YAML-level problem; the data keeps one value"},
    };
    const std::string dir = root + "/tests/fixtures/invalid";
    std::vector<std::string> files;
    for (const std::string& f : yaml_files(dir))
        if (fs::path(f).filename().string().rfind("rulebook_", 0) != 0) files.push_back(f);
    ASSERT_FALSE(files.empty());
    const auto verdicts = schema_check(files);
    const auto book = load_rulebook_file(root + "/tests/fixtures/valid/rulebook.yaml").book;
    ASSERT_TRUE(book);
    for (const std::string& f : files) {
        const std::string name = fs::path(f).filename().string();
        const ScenarioLoad load = load_scenario_file(f, book);
        EXPECT_FALSE(load.scenario) << name << " loads, but is meant to be invalid";
        const std::string verdict = verdicts.count(f) ? verdicts.at(f) : "(no answer)";
        if (beyond_schema.count(name) != 0)
            EXPECT_EQ(verdict, "valid") << name << " is now caught by the schema: remove it from the list";
        else
            EXPECT_NE(verdict, "valid") << name << " passes the schema but the loader rejects it";
    }
}

// Rule books: the shipped one and the loader's fixtures against docs/rulebook.schema.json.

namespace {

const std::string rulebook_schema = "rulebook.schema.json";

std::string slurp(const std::string& path) {
    std::ifstream in(path);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// `text` with its first `from` replaced by `to`; fails the test when `from` is not there.
std::string replaced(std::string text, const std::string& from, const std::string& to) {
    const std::size_t at = text.find(from);
    EXPECT_NE(at, std::string::npos) << "'" << from << "' is not in the fixture";
    if (at != std::string::npos) text.replace(at, from.size(), to);
    return text;
}

}  // namespace

TEST_F(Schema, RuleBooksPassSchemaAndLoader) {
    const std::vector<std::string> files{root + "/scenarios/rulebook.yaml",
                                         root + "/tests/fixtures/valid/rulebook.yaml"};
    const auto verdicts = schema_check(files, rulebook_schema);
    for (const std::string& f : files) {
        EXPECT_EQ(verdicts.count(f) ? verdicts.at(f) : "(no answer)", "valid") << f;
        const RuleBookLoad load = load_rulebook_file(f);
        EXPECT_TRUE(load.book) << f << ": " << (load.diagnostics.empty() ? "" : format(load.diagnostics[0]));
    }
    std::ifstream in(root + "/scenarios/rulebook.yaml");
    std::string first;
    std::getline(in, first);
    EXPECT_EQ(first, "# yaml-language-server: $schema=../docs/rulebook.schema.json");
}

TEST_F(Schema, BrokenRuleBooksAreRejectedByBoth) {
    const std::string valid = slurp(root + "/tests/fixtures/valid/rulebook.yaml");
    ASSERT_FALSE(valid.empty());
    // Each a copy of the valid fixture with one mistake the loader reports.
    const std::map<std::string, std::string> broken{
        {"unknown_top_key.yaml", replaced(valid, "\nrules:\n", "\ncolour: red\nrules:\n")},
        {"unknown_rule_key.yaml",
         replaced(valid, "    verdict: weak\n", "    verdict: weak\n    weight: 2\n")},
        {"unknown_effect.yaml",
         replaced(valid, "    verdict: weak\n", "    verdict: weak\n    effects: {charm: 5}\n")},
        {"bad_verdict.yaml", replaced(valid, "    verdict: weak\n", "    verdict: great\n")},
        {"unknown_stage.yaml", replaced(valid, "    stage: presentation\n", "    stage: negotiation\n")},
        {"unknown_move_stage.yaml",
         replaced(valid, "{id: rapport, stage: presentation", "{id: rapport, stage: negotiation")},
        {"bad_points.yaml", replaced(valid, "best: 100", "best: 150")},
        {"missing_feedback.yaml",
         replaced(valid, "    feedback: {en: \"A generic lead.\", fi: \"Yleinen lead.\"}\n", "")},
        {"unknown_text_group.yaml", replaced(valid, "\ntexts:\n", "\ntexts:\n  greetings: {}\n")},
    };
    const fs::path dir =
        fs::temp_directory_path() / ("salesim-rulebook-schema-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    std::vector<std::string> files;
    for (const auto& [name, text] : broken) {
        const std::string path = (dir / name).string();
        std::ofstream(path) << text;
        files.push_back(path);
    }
    files.push_back(root + "/tests/fixtures/invalid/rulebook_unknown_fact.yaml");
    const auto verdicts = schema_check(files, rulebook_schema);
    for (const std::string& f : files) {
        const std::string name = fs::path(f).filename().string();
        EXPECT_FALSE(load_rulebook_file(f).book) << name << " loads, but is meant to be invalid";
        const std::string verdict = verdicts.count(f) ? verdicts.at(f) : "(no answer)";
        EXPECT_NE(verdict, "valid") << name << " passes the schema but the loader rejects it";
        EXPECT_NE(verdict, "(no answer)") << name;
    }
    fs::remove_all(dir);

    // A move without a fallback rule is a rule between entries, which a JSON Schema cannot see:
    // it passes the schema, and only the loader rejects it.
    const std::string no_fallback = root + "/tests/fixtures/invalid/rulebook_no_fallback.yaml";
    EXPECT_FALSE(load_rulebook_file(no_fallback).book);
    const auto nf = schema_check({no_fallback}, rulebook_schema);
    EXPECT_EQ(nf.count(no_fallback) ? nf.at(no_fallback) : "(no answer)", "valid")
        << "the schema now catches a missing fallback: move this fixture into the list above";
}
