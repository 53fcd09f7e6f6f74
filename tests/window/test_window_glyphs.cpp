// Glyph coverage: every character of the shipped scenarios and the string tables is in the font's
// ranges, and DejaVu Sans really has a glyph for it (no '?' on screen).
#include "window/model/glyphs.hpp"

#include "window/model/strings.hpp"

#include <gtest/gtest.h>

#include <salesim/loader.hpp>

#include <stb_truetype.h>

#include <cctype>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <string>

using namespace salesim;
using namespace salesim::window;

namespace {

std::set<char32_t> shipped_text() {
    std::set<char32_t> cps;
    const Library lib = load_library(std::string(SALESIM_SOURCE_DIR) + "/scenarios");
    EXPECT_FALSE(lib.scenarios.empty()) << "no scenarios loaded";
    add_library_text(cps, lib);
    Strings strings;
    strings.load_dir(std::string(SALESIM_SOURCE_DIR) + "/assets/strings");
    add_strings_text(cps, strings);
    return cps;
}

}  // namespace

TEST(WindowGlyphs, DecodesUtf8AndFlagsBrokenBytes) {
    EXPECT_EQ(decode_utf8("a\xC3\xA4\xE2\x82\xAC"), (std::vector<char32_t>{U'a', U'ä', U'€'}));
    EXPECT_EQ(decode_utf8("\xE2\x82"), (std::vector<char32_t>{0xFFFD, 0xFFFD}));
    EXPECT_EQ(decode_utf8("\xF0\x9F\x98\x80"), (std::vector<char32_t>{0x1F600}));
}

TEST(WindowGlyphs, RangesAreSortedMergedAndTerminated) {
    const auto r = glyph_ranges({U'€', U'–', U'—', U'ä'});
    ASSERT_FALSE(r.empty());
    EXPECT_EQ(r.back(), 0);
    EXPECT_EQ(r.size() % 2, 1u);
    for (std::size_t i = 2; i + 1 < r.size(); i += 2) EXPECT_GT(r[i], r[i - 1] + 1) << "unmerged at " << i;
    EXPECT_TRUE(ranges_contain(r, U'–'));
    EXPECT_TRUE(ranges_contain(r, U'—'));  // merged with the en dash
    EXPECT_TRUE(ranges_contain(r, U'€'));
    EXPECT_TRUE(ranges_contain(r, U'A'));
    EXPECT_FALSE(ranges_contain(r, U'“'));
}

TEST(WindowGlyphs, EveryShippedCharacterIsInTheRanges) {
    const std::set<char32_t> cps = shipped_text();
    for (const char32_t must : {U'ä', U'ö', U'Ä', U'–'})
        EXPECT_TRUE(cps.count(must)) << "expected in Finnish text";
    const auto ranges = glyph_ranges(cps);
    for (const char32_t c : cps) {
        if (c < 0x20) continue;  // line breaks are layout, not glyphs
        EXPECT_LE(c, 0xFFFFu) << "U+" << std::hex << static_cast<unsigned>(c)
                              << " cannot be drawn by a 16-bit atlas";
        EXPECT_TRUE(ranges_contain(ranges, c)) << "U+" << std::hex << static_cast<unsigned>(c);
    }
    EXPECT_FALSE(cps.count(0xFFFD)) << "some shipped text is not valid UTF-8";
}

TEST(WindowGlyphs, DejaVuSansHasEveryShippedCharacter) {
    const std::filesystem::path font = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
    if (!std::filesystem::exists(font)) GTEST_SKIP() << "fonts-dejavu-core is not installed";
    std::ifstream in(font, std::ios::binary);
    const std::vector<unsigned char> bytes((std::istreambuf_iterator<char>(in)),
                                           std::istreambuf_iterator<char>());
    stbtt_fontinfo info;
    ASSERT_NE(stbtt_InitFont(&info, bytes.data(), stbtt_GetFontOffsetForIndex(bytes.data(), 0)), 0);
    for (const char32_t c : shipped_text()) {
        if (c < 0x20) continue;
        EXPECT_NE(stbtt_FindGlyphIndex(&info, static_cast<int>(c)), 0)
            << "DejaVu Sans has no glyph for U+" << std::hex << static_cast<unsigned>(c);
    }
}

namespace {

/// The code points of `wanted` that the font file has no glyph for.
std::set<char32_t> missing_glyphs(const std::filesystem::path& font, const std::set<char32_t>& wanted) {
    std::ifstream in(font, std::ios::binary);
    const std::vector<unsigned char> bytes((std::istreambuf_iterator<char>(in)),
                                           std::istreambuf_iterator<char>());
    stbtt_fontinfo info;
    EXPECT_NE(stbtt_InitFont(&info, bytes.data(), stbtt_GetFontOffsetForIndex(bytes.data(), 0)), 0) << font;
    std::set<char32_t> out;
    for (const char32_t c : wanted)
        if (c >= 0x20 && stbtt_FindGlyphIndex(&info, static_cast<int>(c)) == 0) out.insert(c);
    return out;
}

std::string listed(const std::set<char32_t>& cps) {
    std::string out;
    char buf[16];
    for (const char32_t c : cps) {
        std::snprintf(buf, sizeof buf, " U+%04X", static_cast<unsigned>(c));
        out += buf;
    }
    return out;
}

}  // namespace

// The dyslexia-friendly font draws every letter of Finnish and English text itself; DejaVu Sans,
// merged in behind it, has whatever else the texts use (dashes, signs), so nothing shows as '?'.
TEST(WindowGlyphs, OpenDyslexicHasEveryLetterAndDejaVuTheRest) {
    const std::filesystem::path od = "/usr/share/fonts/opentype/opendyslexic/OpenDyslexic-Regular.otf";
    const std::filesystem::path dejavu = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
    if (!std::filesystem::exists(od)) GTEST_SKIP() << "fonts-opendyslexic is not installed";
    const std::set<char32_t> finnish{U'å', U'ä', U'ö', U'Å', U'Ä', U'Ö'};
    EXPECT_EQ(listed(missing_glyphs(od, finnish)), "");
    const std::set<char32_t> text = shipped_text();
    std::set<char32_t> letters;
    for (const char32_t c : text)
        if (c < 0x80 ? std::isalnum(static_cast<int>(c)) != 0
                     : (c >= 0xC0 && c <= 0x24F && c != 0xD7 && c != 0xF7))
            letters.insert(c);
    EXPECT_EQ(listed(missing_glyphs(od, letters)), "") << "letters OpenDyslexic cannot draw";
    if (!std::filesystem::exists(dejavu)) GTEST_SKIP() << "fonts-dejavu-core is not installed";
    EXPECT_EQ(listed(missing_glyphs(dejavu, missing_glyphs(od, text))), "") << "characters neither font has";
}
