// What a name may hold: length, valid UTF-8, no control characters or bidirectional controls, and
// the rough shape of an e-mail address.
#include "salesim/results/names.hpp"

#include <cstdio>

namespace salesim::results {

namespace {

bool is_bidi_control(char32_t cp) {
    return cp == 0x061C || cp == 0x200E || cp == 0x200F || (cp >= 0x202A && cp <= 0x202E) ||
           (cp >= 0x2066 && cp <= 0x2069);
}

std::string code_point_name(char32_t cp) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "U+%04X", static_cast<unsigned>(cp));
    return buf;
}

// "a tab (U+0009)": what the character is, for a reader who cannot see it.
std::string describe(char32_t cp) {
    std::string what = cp == 0x09                                                 ? "a tab"
                       : cp == 0x0A || cp == 0x0D || cp == 0x2028 || cp == 0x2029 ? "a line break"
                       : cp == 0x1B                                               ? "an escape character"
                       : is_bidi_control(cp) ? "a bidirectional-text control"
                                             : "a control character";
    return what + " (" + code_point_name(cp) + ")";
}

bool domain_char(unsigned char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c >= 0x80;
}

}  // namespace

std::optional<CodePoint> decode_utf8(std::string_view text) {
    if (text.empty()) return CodePoint{};
    const auto b0 = static_cast<unsigned char>(text[0]);
    if (b0 < 0x80) return CodePoint{b0, 1};
    std::size_t n = 0;
    char32_t cp = 0;
    char32_t least = 0;
    if ((b0 & 0xE0) == 0xC0) {
        n = 2;
        cp = static_cast<char32_t>(b0 & 0x1F);
        least = 0x80;
    } else if ((b0 & 0xF0) == 0xE0) {
        n = 3;
        cp = static_cast<char32_t>(b0 & 0x0F);
        least = 0x800;
    } else if ((b0 & 0xF8) == 0xF0) {
        n = 4;
        cp = static_cast<char32_t>(b0 & 0x07);
        least = 0x10000;
    } else {
        return std::nullopt;
    }
    if (text.size() < n) return std::nullopt;
    for (std::size_t i = 1; i < n; ++i) {
        const auto b = static_cast<unsigned char>(text[i]);
        if ((b & 0xC0) != 0x80) return std::nullopt;
        cp = (cp << 6) | static_cast<char32_t>(b & 0x3F);
    }
    if (cp < least || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return std::nullopt;
    return CodePoint{cp, n};
}

bool is_control_code_point(char32_t cp) {
    return cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F) || cp == 0x2028 || cp == 0x2029 ||
           is_bidi_control(cp);
}

std::optional<std::string> name_problem(std::string_view name) {
    if (name.empty()) return "is empty";
    std::size_t chars = 0;
    for (std::size_t pos = 0; pos < name.size();) {
        const auto cp = decode_utf8(name.substr(pos));
        if (!cp) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "0x%02X",
                          static_cast<unsigned>(static_cast<unsigned char>(name[pos])));
            return "is not valid UTF-8 text (byte " + std::string(buf) + " at byte " +
                   std::to_string(pos + 1) + ")";
        }
        ++chars;
        if (is_control_code_point(cp->value))
            return "holds " + describe(cp->value) + " at character " + std::to_string(chars);
        pos += cp->bytes;
    }
    if (chars > max_name_length)
        return "is longer than " + std::to_string(max_name_length) + " characters (" + std::to_string(chars) +
               ")";
    return std::nullopt;
}

std::optional<std::string> email_problem(std::string_view email) {
    if (auto why = name_problem(email)) return why;
    const std::size_t at = email.find('@');
    if (at == std::string_view::npos) return "has no '@'";
    if (email.find('@', at + 1) != std::string_view::npos) return "has more than one '@'";
    const std::string_view local = email.substr(0, at);
    const std::string_view domain = email.substr(at + 1);
    if (local.empty()) return "has nothing before the '@'";
    for (char c : local)
        if (c == ' ' || std::string_view("\"(),:;<>[\\]").find(c) != std::string_view::npos)
            return "holds '" + std::string(1, c) + "' before the '@'";
    if (domain.empty()) return "has nothing after the '@'";
    if (domain.find('.') == std::string_view::npos) return "has no dot in the domain after the '@'";
    std::size_t start = 0;
    while (true) {
        const std::size_t dot = domain.find('.', start);
        const std::string_view label =
            domain.substr(start, dot == std::string_view::npos ? dot : dot - start);
        if (label.empty()) return "has an empty part in the domain '" + std::string(domain) + "'";
        for (char c : label)
            if (!domain_char(static_cast<unsigned char>(c)))
                return "holds '" + std::string(1, c) + "' in the domain after the '@'";
        if (dot == std::string_view::npos) break;
        start = dot + 1;
    }
    return std::nullopt;
}

}  // namespace salesim::results
