// A quoted string that runs to the end of the file without its closing quote: the YAML library
// takes it as closed, the loader refuses it at the opening quote.
#include "salesim/loader.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>

using namespace salesim;

namespace {

std::shared_ptr<const RuleBook> book() {
    static const RuleBookLoad load =
        load_rulebook_file(std::string(SALESIM_SOURCE_DIR) + "/tests/fixtures/valid/rulebook.yaml");
    return load.book;
}

const Diagnostic* find_code(const std::vector<Diagnostic>& ds, const std::string& code) {
    const auto it = std::find_if(ds.begin(), ds.end(), [&](const Diagnostic& d) { return d.code == code; });
    return it == ds.end() ? nullptr : &*it;
}

}  // namespace

TEST(YamlQuotes, ADoubleQuotedStringWithoutItsClosingQuoteIsRefusedWhereItOpens) {
    const ScenarioLoad load = load_scenario("format: 1\nid: x\ntitle:\n  en: \"abc\n", "q.yaml", book());
    EXPECT_FALSE(load.scenario);
    const Diagnostic* d = find_code(load.diagnostics, "quote-not-closed");
    ASSERT_NE(d, nullptr);
    EXPECT_EQ(d->loc.line, 4);
    EXPECT_EQ(d->loc.column, 7);
}

TEST(YamlQuotes, ASingleQuotedStringWithoutItsClosingQuoteIsRefused) {
    const ScenarioLoad load = load_scenario("format: 1\nid: x\ntitle:\n  en: 'it''s\n", "q.yaml", book());
    EXPECT_NE(find_code(load.diagnostics, "quote-not-closed"), nullptr);
}

TEST(YamlQuotes, ClosedStringsWithEscapedQuotesAtTheEndAreFine) {
    for (const char* text :
         {"format: 1\nid: x\ntitle:\n  en: \"say \\\"hi\\\"\"\n", "format: 1\nid: x\ntitle:\n  en: 'it''s'\n",
          "format: 1\nid: x\ntitle:\n  en: \"a\"",
          "format: 1\nid: x\ntitle:\n  en: \"ends with a backslash \\\\\"\n"}) {
        const ScenarioLoad load = load_scenario(text, "q.yaml", book());
        EXPECT_EQ(find_code(load.diagnostics, "quote-not-closed"), nullptr) << text;
    }
}
