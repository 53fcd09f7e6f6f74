// The text sanitiser for the terminal: escape sequences, bells, OSC titles, bidirectional overrides
// and broken UTF-8 are shown as visible escapes; ordinary text, Finnish included, is unchanged.
#include <salesim/app/display_text.hpp>

#include <gtest/gtest.h>

#include <string>

namespace salesim::app {
namespace {

TEST(DisplayText, PlainAndFinnishTextIsUnchanged) {
    EXPECT_EQ(display_line("Maija Virtanen"), "Maija Virtanen");
    EXPECT_EQ(display_line("Äijälä Öljynen, “Pörröinen” ✓ 😀"), "Äijälä Öljynen, “Pörröinen” ✓ 😀");
    EXPECT_EQ(display_line(""), "");
    // A backslash the user typed stays one: only what a terminal would act on is escaped.
    EXPECT_EQ(display_line("C:\\temp"), "C:\\temp");
}

TEST(DisplayText, EscapeSequencesAreShownNotSent) {
    EXPECT_EQ(display_line("\x1b[2J"), "\\e[2J");                                 // CSI: clear the screen
    EXPECT_EQ(display_line("\x1b]0;pwned\x07"), "\\e]0;pwned\\a");                // OSC: the window title
    EXPECT_EQ(display_line("\x1b]8;;http://x\x1b\\y"), "\\e]8;;http://x\\e\\y");  // OSC 8 link
    EXPECT_EQ(display_line("ring\x07"), "ring\\a");
    EXPECT_EQ(display_line("\x08\x0b\x0c\x0d"), "\\b\\v\\f\\r");
    EXPECT_EQ(display_line(std::string("nul\0x", 5)), "nul\\x00x");
    EXPECT_EQ(display_line("\x01\x1f"), "\\x01\\x1f");
    EXPECT_EQ(display_line("del\x7f"), "del\\x7f");
}

TEST(DisplayText, C1ControlsAreEscaped) {
    EXPECT_EQ(display_line("\xc2\x9b"
                           "31m"),
              "\\u009B31m");  // the one-character CSI
    EXPECT_EQ(display_line("\xc2\x85"), "\\u0085");
    EXPECT_EQ(display_line("\xc2\xa0"), "\xc2\xa0");  // a no-break space is a character
}

TEST(DisplayText, BidirectionalControlsAreEscaped) {
    EXPECT_EQ(display_line("Anna\u202eNiemi"), "Anna\\u202ENiemi");
    EXPECT_EQ(display_line("\u202a\u202b\u202c\u202d"), "\\u202A\\u202B\\u202C\\u202D");
    EXPECT_EQ(display_line("\u2066\u2067\u2068\u2069"), "\\u2066\\u2067\\u2068\\u2069");
    EXPECT_EQ(display_line("\u200e\u200f"), "\\u200E\\u200F");
    EXPECT_EQ(display_line("a\u2028b"), "a\\u2028b");
}

TEST(DisplayText, NamesAreOneLine) {
    EXPECT_EQ(display_line("two\nlines"), "two\\nlines");
    EXPECT_EQ(display_line("tab\there"), "tab\\there");
    EXPECT_EQ(display_line("crlf\r\n"), "crlf\\r\\n");
}

TEST(DisplayText, LinesKeepLineFeedsAndNothingElse) {
    EXPECT_EQ(display_lines("first\nsecond"), "first\nsecond");
    EXPECT_EQ(display_lines("first\r\n\x1b[31msecond\x07"), "first\\r\n\\e[31msecond\\a");
    EXPECT_EQ(display_lines("Hyvää päivää!\n\u202eevil"), "Hyvää päivää!\n\\u202Eevil");
}

TEST(DisplayText, InvalidUtf8IsShownByteByByte) {
    EXPECT_EQ(display_line("a\xff"
                           "b"),
              "a\\xffb");
    EXPECT_EQ(display_line("\xc3"), "\\xc3");                    // cut off
    EXPECT_EQ(display_line("\xc3("), "\\xc3(");                  // a lead byte without its continuation
    EXPECT_EQ(display_line("\x80"), "\\x80");                    // a stray continuation byte
    EXPECT_EQ(display_line("\xc0\xaf"), "\\xc0\\xaf");           // overlong '/'
    EXPECT_EQ(display_line("\xe0\x80\x9b"), "\\xe0\\x80\\x9b");  // overlong ESC-like
    EXPECT_EQ(display_line("\xed\xa0\x80"), "\\xed\\xa0\\x80");  // a surrogate
    EXPECT_EQ(display_line("\xf4\x90\x80\x80"), "\\xf4\\x90\\x80\\x80");  // beyond U+10FFFF
    EXPECT_EQ(display_line("\xc3\xa4\xff\xc3\xb6"), "ä\\xffö");           // valid text around it survives
}

TEST(DisplayText, TheResultIsNeverActedOn) {
    // Whatever the bytes, what comes out holds no byte below 0x20 and no DEL.
    std::string all;
    for (int b = 0; b < 256; ++b) all += static_cast<char>(b);
    for (const std::string& shown : {display_line(all), display_lines(all)})
        for (char c : shown) {
            const auto b = static_cast<unsigned char>(c);
            EXPECT_TRUE(b >= 0x20 || b == '\n') << static_cast<int>(b);
            EXPECT_NE(b, 0x7f);
        }
    EXPECT_EQ(display_line(all).find('\n'), std::string::npos);
}

}  // namespace
}  // namespace salesim::app
