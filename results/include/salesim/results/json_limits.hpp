// Limits on JSON read from a user's file, checked on the raw bytes before a JSON library sees them:
// nlohmann::json copies and compares nested values recursively, so a deep enough nest of brackets
// overflows the stack. Shared by the xAPI import and the save-file reader.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

namespace salesim::results {

/// The deepest nesting of arrays and objects accepted in a JSON file from a user. Salesim's own
/// files nest at most 8 levels (an xAPI statement's grouping names).
inline constexpr std::size_t max_json_depth = 64;

/// A place in some text: the byte offset and its 1-based line and column (in characters).
struct TextPosition {
    std::size_t byte = 0;
    std::size_t line = 1;
    std::size_t column = 1;
};

/// The line and column of byte offset `byte` of `text` (UTF-8: a column counts characters).
TextPosition position_of(std::string_view text, std::size_t byte);

/// Where `text` first opens more than `max_depth` nested arrays and objects: the position of the
/// `[` or `{` that goes one level too deep, or nullopt when it never does. One pass over the bytes,
/// nothing allocated; brackets inside strings do not count (backslash escapes are honoured), and
/// the text need not be valid JSON, so it is safe to call before any parser.
std::optional<TextPosition> json_too_deep(std::string_view text, std::size_t max_depth = max_json_depth);

}  // namespace salesim::results
