// Which characters the font must hold: every letter of the string tables and loaded scenarios.
#pragma once

#include "window/model/strings.hpp"

#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace salesim {
struct Library;
struct Scenario;
class RuleBook;
}  // namespace salesim

namespace salesim::app {
class LibraryIndex;
}  // namespace salesim::app

namespace salesim::window {

/// The code points of UTF-8 text; a malformed byte becomes U+FFFD.
std::vector<char32_t> decode_utf8(std::string_view text);
/// Adds the code points of UTF-8 text beyond ASCII (which every atlas has) to `out`.
void add_codepoints(std::set<char32_t>& out, std::string_view text);

/// Every text of a scenario (titles, persona, steps, objections, lines...) and of its rules.
void add_scenario_text(std::set<char32_t>& out, const Scenario& s);
void add_rulebook_text(std::set<char32_t>& out, const RuleBook& book);
void add_library_text(std::set<char32_t>& out, const Library& lib);
/// What the index knows of every scenario file (each file's characters, the problems of broken
/// ones) and of the rule books: the atlas holds a scenario's letters before it is parsed.
void add_index_text(std::set<char32_t>& out, const app::LibraryIndex& index);
void add_strings_text(std::set<char32_t>& out, const Strings& strings);

/// Glyph ranges for the font atlas: pairs of [first, last] (inclusive), ending with 0, holding
/// Basic Latin and Latin-1 plus every code point given (those above U+FFFF cannot be rasterised by
/// a 16-bit atlas and are left out). Sorted and merged.
std::vector<std::uint16_t> glyph_ranges(const std::set<char32_t>& needed);
bool ranges_contain(const std::vector<std::uint16_t>& ranges, char32_t c);

}  // namespace salesim::window
