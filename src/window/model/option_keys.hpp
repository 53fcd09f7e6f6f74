// Which key chooses which option of a decision: 1–9, 0, then the letters the play screen does not
// use for its own shortcuts. Display-free, so the mapping is unit-tested without a window.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace salesim::window {

/// The letters the play screen keeps for itself (H: hint, R: read the line aloud again); options
/// never get them.
inline constexpr std::string_view play_shortcut_letters = "hr";

/// The key that chooses option `index` (0-based): '1'..'9', '0', then 'a', 'b', ... without the
/// letters in `reserved` (lower case); '\0' when the keys run out.
char option_key(std::size_t index, std::string_view reserved = play_shortcut_letters);

/// The option (0-based) that `key` chooses among `count` options: only a key option_key() gives
/// one of them, so a key no button shows never chooses anything.
std::optional<std::size_t> option_for_key(char key, std::size_t count,
                                          std::string_view reserved = play_shortcut_letters);

/// The key as the option's button shows it: a digit, or a letter in upper case; "" when none.
std::string option_key_label(std::size_t index, std::string_view reserved = play_shortcut_letters);

}  // namespace salesim::window
