// The nesting limit on JSON from a user's file, found in one pass over the bytes.
#include "salesim/results/json_limits.hpp"

namespace salesim::results {

TextPosition position_of(std::string_view text, std::size_t byte) {
    TextPosition p;
    p.byte = byte;
    for (std::size_t i = 0; i < byte && i < text.size(); ++i) {
        if (text[i] == '\n') {
            ++p.line;
            p.column = 1;
        } else if ((static_cast<unsigned char>(text[i]) & 0xC0u) != 0x80u) {
            ++p.column;  // continuation bytes belong to the character before them
        }
    }
    return p;
}

std::optional<TextPosition> json_too_deep(std::string_view text, std::size_t max_depth) {
    std::size_t depth = 0;
    bool in_string = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (in_string) {
            if (c == '\\')
                ++i;  // the escaped character, a quote included, is part of the string
            else if (c == '"')
                in_string = false;
            continue;
        }
        switch (c) {
            case '"':
                in_string = true;
                break;
            case '[':
            case '{':
                if (++depth > max_depth) return position_of(text, i);
                break;
            case ']':
            case '}':
                // A stray closer is the parser's to report; it must not buy depth for later.
                if (depth > 0) --depth;
                break;
            default:
                break;
        }
    }
    return std::nullopt;
}

}  // namespace salesim::results
