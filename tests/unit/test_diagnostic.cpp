// Tests for the compiler-style diagnostic text, its JSON form and "did you mean" suggestions.
#include "salesim/diagnostic.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace salesim {
namespace {

Diagnostic boomrang() {
    Diagnostic d;
    d.path = "scenarios/chairs.yaml";
    d.loc = {42, 9};
    d.length = 8;
    d.message = "unknown objection method 'boomrang'";
    d.help = "did you mean 'boomerang'? Methods: denial, boomerang, yes_but, compensation, pass_up, question";
    d.source_line = "        boomrang: {en: \"...\", fi: \"...\"}";
    return d;
}

TEST(DiagnosticFormat, CaretBlockIsPinned) {
    EXPECT_EQ(format(boomrang()),
              "scenarios/chairs.yaml:42:9: error: unknown objection method 'boomrang'\n"
              "   42 |         boomrang: {en: \"...\", fi: \"...\"}\n"
              "      |         ^~~~~~~~\n"
              "help: did you mean 'boomerang'? Methods: denial, boomerang, yes_but, compensation, pass_up, "
              "question\n");
}

TEST(DiagnosticFormat, WarningWithoutHelp) {
    Diagnostic d = boomrang();
    d.severity = Severity::Warning;
    d.help.clear();
    d.length = 1;
    EXPECT_EQ(format(d),
              "scenarios/chairs.yaml:42:9: warning: unknown objection method 'boomrang'\n"
              "   42 |         boomrang: {en: \"...\", fi: \"...\"}\n"
              "      |         ^\n");
}

TEST(DiagnosticFormat, CaretCountsCharactersNotBytes) {
    Diagnostic d;
    d.path = "a.yaml";
    d.loc = {3, 12};
    d.length = 3;
    d.message = "m";
    d.source_line = "fi: \"Hyvää\" bad";
    EXPECT_EQ(format(d),
              "a.yaml:3:12: error: m\n"
              "    3 | fi: \"Hyvää\" bad\n"
              "      |            ^~~\n");
}

TEST(DiagnosticFormat, TabsBeforeTheCaretAreKept) {
    Diagnostic d;
    d.path = "a.yaml";
    d.loc = {1, 3};
    d.message = "m";
    d.source_line = "\tx: y";
    EXPECT_EQ(format(d), "a.yaml:1:3: error: m\n    1 | \tx: y\n      | \t ^\n");
}

TEST(DiagnosticFormat, WideLineNumbersWidenTheGutter) {
    Diagnostic d;
    d.path = "big.yaml";
    d.loc = {123456, 1};
    d.message = "m";
    d.source_line = "x";
    EXPECT_EQ(format(d), "big.yaml:123456:1: error: m\n123456 | x\n       | ^\n");
}

TEST(DiagnosticFormat, WholeFileProblemHasNoPosition) {
    Diagnostic d;
    d.path = "missing.yaml";
    d.message = "no such file";
    d.help = "check the path and the file name";
    EXPECT_EQ(format(d), "missing.yaml: error: no such file\nhelp: check the path and the file name\n");
}

TEST(DiagnosticJson, HasTheDocumentedKeys) {
    Diagnostic w = boomrang();
    w.severity = Severity::Warning;
    const nlohmann::json j = nlohmann::json::parse(to_json({boomrang(), w}));
    ASSERT_TRUE(j.is_array());
    ASSERT_EQ(j.size(), 2u);
    EXPECT_EQ(j[0]["severity"], "error");
    EXPECT_EQ(j[1]["severity"], "warning");
    EXPECT_EQ(j[0]["path"], "scenarios/chairs.yaml");
    EXPECT_EQ(j[0]["line"], 42);
    EXPECT_EQ(j[0]["column"], 9);
    EXPECT_EQ(j[0]["length"], 8);
    EXPECT_EQ(j[0]["message"], "unknown objection method 'boomrang'");
    EXPECT_EQ(j[0]["help"], boomrang().help);
    EXPECT_EQ(nlohmann::json::parse(to_json({})), nlohmann::json::array());
}

TEST(DiagnosticJson, BytesThatAreNotUtf8StillPrint) {
    Diagnostic d = boomrang();
    d.message = "bad \xff byte";
    EXPECT_NO_THROW(nlohmann::json::parse(to_json({d})));
}

TEST(Diagnostics, HasErrorsIgnoresWarnings) {
    Diagnostic w = boomrang();
    w.severity = Severity::Warning;
    EXPECT_FALSE(has_errors({}));
    EXPECT_FALSE(has_errors({w}));
    EXPECT_TRUE(has_errors({w, boomrang()}));
}

TEST(ClosestMatch, FindsTyposAndRefusesStrangers) {
    const std::vector<std::string> methods{"denial",       "boomerang", "yes_but",
                                           "compensation", "pass_up",   "question"};
    EXPECT_EQ(closest_match("boomrang", methods), "boomerang");
    EXPECT_EQ(closest_match("yse_but", methods), "yes_but");  // a swapped pair is one slip
    EXPECT_EQ(closest_match("Denial", methods), "denial");
    EXPECT_EQ(closest_match("questoin", methods), "question");
    EXPECT_EQ(closest_match("banana", methods), "");
    EXPECT_EQ(closest_match("x", methods), "");
    EXPECT_EQ(closest_match("", methods), "");
    EXPECT_EQ(closest_match("valdi", {"id", "kind", "valid", "ego"}), "valid");
}

}  // namespace
}  // namespace salesim
