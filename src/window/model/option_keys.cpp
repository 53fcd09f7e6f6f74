// Which key chooses which option of a decision.
#include "window/model/option_keys.hpp"

namespace salesim::window {

char option_key(std::size_t index, std::string_view reserved) {
    if (index < 9) return static_cast<char>('1' + index);
    if (index == 9) return '0';
    std::size_t left = index - 10;
    for (char c = 'a'; c <= 'z'; ++c) {
        if (reserved.find(c) != std::string_view::npos) continue;
        if (left == 0) return c;
        --left;
    }
    return '\0';
}

std::optional<std::size_t> option_for_key(char key, std::size_t count, std::string_view reserved) {
    if (key == '\0') return std::nullopt;
    for (std::size_t i = 0; i < count; ++i) {
        const char k = option_key(i, reserved);
        if (k == '\0') break;
        if (k == key) return i;
    }
    return std::nullopt;
}

std::string option_key_label(std::size_t index, std::string_view reserved) {
    const char k = option_key(index, reserved);
    if (k == '\0') return "";
    if (k >= 'a' && k <= 'z') return std::string(1, static_cast<char>(k - 'a' + 'A'));
    return std::string(1, k);
}

}  // namespace salesim::window
