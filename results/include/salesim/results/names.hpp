// What a name may hold: the one check for trainee names, group names, e-mails and external ids,
// wherever they enter the results (the command line, the window, an imported file).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace salesim::results {

/// The longest name, group name, e-mail or external id accepted, in characters (code points).
inline constexpr std::size_t max_name_length = 200;

/// One UTF-8 sequence decoded from the front of some text.
struct CodePoint {
    char32_t value = 0;
    std::size_t bytes = 0;  ///< 1 to 4; 0 when the text is empty
};

/// The code point at the front of `text`, or nullopt when the first byte does not start a valid
/// UTF-8 sequence there (a stray continuation byte, an overlong form, a surrogate, a cut-off
/// sequence, a value beyond U+10FFFF): then one byte is what to skip.
std::optional<CodePoint> decode_utf8(std::string_view text);

/// True for the code points a terminal acts on or that reorder the text around them instead of
/// showing as characters: C0 controls (tab and newline too), DEL, C1 controls, the bidirectional
/// marks, embeddings, overrides and isolates (U+200E, U+200F, U+061C, U+202A..U+202E,
/// U+2066..U+2069) and the line and paragraph separators (U+2028, U+2029).
bool is_control_code_point(char32_t cp);

/// Why `name` cannot be a trainee's or a group's name, or an external id, as a phrase that
/// completes "the name ...": "is empty", "is longer than 200 characters (250)", "is not valid
/// UTF-8 text (byte 0xFF at byte 3)", "holds a control character (U+001B) at character 1", "holds a
/// bidirectional-text control (U+202E) at character 4". nullopt when it is fine: 1 to 200
/// characters of valid UTF-8 without control characters.
std::optional<std::string> name_problem(std::string_view name);

/// Why `email` is not an e-mail address, as a phrase like name_problem's ("has no '@'", "has no
/// dot in the domain after '@'"). An address is checked for its rough shape, local@domain.tld: one
/// '@', something before it, a domain of dot-separated labels of letters, digits and hyphens, no
/// spaces or quotes, and what name_problem checks. nullopt when it is fine.
std::optional<std::string> email_problem(std::string_view email);

}  // namespace salesim::results
