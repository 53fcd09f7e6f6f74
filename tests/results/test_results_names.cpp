// What a name may hold as it enters the results, and gradebook cells a spreadsheet never runs.
#include <salesim/results/exchange.hpp>
#include <salesim/results/names.hpp>

#include <gtest/gtest.h>

#include <string>

namespace salesim::results {
namespace {

TEST(Names, OrdinaryNamesPass) {
    EXPECT_EQ(name_problem("Maija Virtanen"), std::nullopt);
    EXPECT_EQ(name_problem("Äijälä Öljynen"), std::nullopt);
    EXPECT_EQ(name_problem("李小龍"), std::nullopt);
    EXPECT_EQ(name_problem("=HYPERLINK(\"x\")"), std::nullopt);  // text; the exports make it safe
    EXPECT_EQ(name_problem(std::string(200, 'x')), std::nullopt);
}

TEST(Names, LengthCountsCharacters) {
    std::string ae200;
    for (int i = 0; i < 200; ++i) ae200 += "ä";
    EXPECT_EQ(name_problem(ae200), std::nullopt);  // 400 bytes, 200 characters
    EXPECT_EQ(name_problem(ae200 + "ä"), "is longer than 200 characters (201)");
    EXPECT_EQ(name_problem(""), "is empty");
}

TEST(Names, ControlsAndBrokenTextAreRefused) {
    EXPECT_EQ(name_problem("a\tb"), "holds a tab (U+0009) at character 2");
    EXPECT_EQ(name_problem("two\nlines"), "holds a line break (U+000A) at character 4");
    EXPECT_EQ(name_problem("\x1b[2J"), "holds an escape character (U+001B) at character 1");
    EXPECT_EQ(name_problem("bell\x07"), "holds a control character (U+0007) at character 5");
    EXPECT_EQ(name_problem("del\x7f"), "holds a control character (U+007F) at character 4");
    EXPECT_EQ(name_problem("ä\xc2\x9b"), "holds a control character (U+009B) at character 2");
    EXPECT_EQ(name_problem("Anna\u202eNiemi"), "holds a bidirectional-text control (U+202E) at character 5");
    EXPECT_EQ(name_problem("\u2066x"), "holds a bidirectional-text control (U+2066) at character 1");
    EXPECT_EQ(name_problem("x\u200f"), "holds a bidirectional-text control (U+200F) at character 2");
    EXPECT_EQ(name_problem("a\xff"), "is not valid UTF-8 text (byte 0xFF at byte 2)");
    EXPECT_EQ(name_problem("\xc0\x80"), "is not valid UTF-8 text (byte 0xC0 at byte 1)");
}

TEST(Names, EmailsHaveTheShapeOfAnAddress) {
    EXPECT_EQ(email_problem("maija@example.org"), std::nullopt);
    EXPECT_EQ(email_problem("maija.virtanen+salesim@koulu.esimerkki.fi"), std::nullopt);
    EXPECT_EQ(email_problem("äiti@esimerkki.fi"), std::nullopt);
    EXPECT_EQ(email_problem("maija"), "has no '@'");
    EXPECT_EQ(email_problem("a@b@c.d"), "has more than one '@'");
    EXPECT_EQ(email_problem("@example.org"), "has nothing before the '@'");
    EXPECT_EQ(email_problem("maija@"), "has nothing after the '@'");
    EXPECT_EQ(email_problem("maija@localhost"), "has no dot in the domain after the '@'");
    EXPECT_EQ(email_problem("maija@example..org"), "has an empty part in the domain 'example..org'");
    EXPECT_EQ(email_problem("maija@example.org."), "has an empty part in the domain 'example.org.'");
    EXPECT_EQ(email_problem("maija virtanen@example.org"), "holds ' ' before the '@'");
    EXPECT_EQ(email_problem("m,v@example.org"), "holds ',' before the '@'");
    EXPECT_EQ(email_problem("maija@exa_mple.org"), "holds '_' in the domain after the '@'");
    EXPECT_EQ(email_problem("maija@example.org\n"), "holds a line break (U+000A) at character 18");
    EXPECT_EQ(email_problem(""), "is empty");
}

TEST(SpreadsheetSafe, FormulaStartsBecomeText) {
    EXPECT_EQ(spreadsheet_safe("=HYPERLINK(\"http://x\",\"y\")"), "'=HYPERLINK(\"http://x\",\"y\")");
    EXPECT_EQ(spreadsheet_safe("+SUM(1,2)"), "'+SUM(1,2)");
    EXPECT_EQ(spreadsheet_safe("-2+3"), "'-2+3");
    EXPECT_EQ(spreadsheet_safe("@SUM(A1)"), "'@SUM(A1)");
    EXPECT_EQ(spreadsheet_safe("\t=1"), "'\t=1");
    EXPECT_EQ(spreadsheet_safe("\r=1"), "'\r=1");
    EXPECT_EQ(spreadsheet_safe("=cmd|'/C calc'!A1"), "'=cmd|'/C calc'!A1");
    EXPECT_EQ(spreadsheet_safe("-"), "'-");
    EXPECT_EQ(spreadsheet_safe("-1."), "'-1.");
}

TEST(SpreadsheetSafe, NumbersAndOrdinaryTextStayAsTheyAre) {
    EXPECT_EQ(spreadsheet_safe("Maija Virtanen"), "Maija Virtanen");
    EXPECT_EQ(spreadsheet_safe(""), "");
    EXPECT_EQ(spreadsheet_safe("100"), "100");
    EXPECT_EQ(spreadsheet_safe("-5"), "-5");
    EXPECT_EQ(spreadsheet_safe("+3"), "+3");
    EXPECT_EQ(spreadsheet_safe("-12.5"), "-12.5");
    EXPECT_EQ(spreadsheet_safe("a=b"), "a=b");
    EXPECT_EQ(spreadsheet_safe("    Points Possible"), "    Points Possible");
}

TEST(SpreadsheetSafe, EveryCsvFieldIsSafeAndStillRfc4180) {
    EXPECT_EQ(csv_field("=1+1"), "'=1+1");
    EXPECT_EQ(csv_field("=HYPERLINK(\"x\",\"y\")"), "\"'=HYPERLINK(\"\"x\"\",\"\"y\"\")\"");
    EXPECT_EQ(csv_field("\r=1"), "\"'\r=1\"");
    EXPECT_EQ(csv_field("plain"), "plain");
}

}  // namespace
}  // namespace salesim::results
