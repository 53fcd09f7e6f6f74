// The one sanitiser for text that leaves the program for a terminal: escapes what a terminal would
// act on (ESC sequences, BEL, OSC titles) or that would reorder the line (bidirectional overrides).
#include "salesim/app/display_text.hpp"

#include <salesim/results/names.hpp>

#include <cstdio>

namespace salesim::app {

namespace {

void append_hex(std::string& out, const char* format, unsigned value) {
    char buf[16];
    std::snprintf(buf, sizeof buf, format, value);
    out += buf;
}

std::string escaped(std::string_view text, bool keep_line_feeds) {
    bool plain = true;
    for (char c : text) {
        const auto b = static_cast<unsigned char>(c);
        if (b < 0x20 || b >= 0x7F) {
            plain = false;
            break;
        }
    }
    if (plain) return std::string(text);

    std::string out;
    out.reserve(text.size() + 8);
    for (std::size_t pos = 0; pos < text.size();) {
        const auto cp = results::decode_utf8(text.substr(pos));
        if (!cp) {
            append_hex(out, "\\x%02x", static_cast<unsigned char>(text[pos]));
            ++pos;
            continue;
        }
        const char32_t v = cp->value;
        if (!results::is_control_code_point(v) || (v == '\n' && keep_line_feeds)) {
            out.append(text.substr(pos, cp->bytes));
        } else if (v < 0x80) {
            switch (v) {
                case 0x07:
                    out += "\\a";
                    break;
                case 0x08:
                    out += "\\b";
                    break;
                case 0x09:
                    out += "\\t";
                    break;
                case 0x0A:
                    out += "\\n";
                    break;
                case 0x0B:
                    out += "\\v";
                    break;
                case 0x0C:
                    out += "\\f";
                    break;
                case 0x0D:
                    out += "\\r";
                    break;
                case 0x1B:
                    out += "\\e";
                    break;
                default:
                    append_hex(out, "\\x%02x", static_cast<unsigned>(v));
                    break;
            }
        } else {
            append_hex(out, "\\u%04X", static_cast<unsigned>(v));
        }
        pos += cp->bytes;
    }
    return out;
}

}  // namespace

std::string display_line(std::string_view text) {
    return escaped(text, false);
}

std::string display_lines(std::string_view text) {
    return escaped(text, true);
}

}  // namespace salesim::app
