// Size, UTF-8, NUL, BOM, tabs and nesting depth: what makes bytes unusable before the YAML parser runs.
#include "load/byte_checks.hpp"

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace salesim::load {

namespace {

// Length of the UTF-8 sequence starting at `i`, or 0 when the bytes there are not valid UTF-8.
std::size_t utf8_sequence(std::string_view s, std::size_t i) {
    const auto b0 = static_cast<unsigned char>(s[i]);
    if (b0 < 0x80) return 1;
    std::size_t len = 0;
    std::uint32_t cp = 0;
    if ((b0 & 0xE0u) == 0xC0u) {
        len = 2;
        cp = b0 & 0x1Fu;
    } else if ((b0 & 0xF0u) == 0xE0u) {
        len = 3;
        cp = b0 & 0x0Fu;
    } else if ((b0 & 0xF8u) == 0xF0u) {
        len = 4;
        cp = b0 & 0x07u;
    } else {
        return 0;
    }
    if (i + len > s.size()) return 0;
    for (std::size_t k = 1; k < len; ++k) {
        const auto b = static_cast<unsigned char>(s[i + k]);
        if ((b & 0xC0u) != 0x80u) return 0;
        cp = (cp << 6) | (b & 0x3Fu);
    }
    // Overlong forms, surrogates and values past U+10FFFF are not UTF-8 either.
    if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000)) return 0;
    if ((cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) return 0;
    return len;
}

std::string hex_byte(unsigned char b) {
    const char* digits = "0123456789ABCDEF";
    return std::string("0x") + digits[b >> 4] + digits[b & 0xF];
}

}  // namespace

extern const char* const k_no_yaml_features_help;
const char* const k_no_yaml_features_help =
    "write the content out in full: this format refuses YAML anchors, aliases, tags and merge keys";

// Turns raw bytes into parser text, or reports why they cannot be YAML of ours. The position of a
// bad byte is counted in characters on its line; the line shown stops before the bad byte.
std::optional<std::string> check_bytes(std::string_view bytes, const std::string& path,
                                       std::vector<Diagnostic>& out) {
    if (bytes.size() >= 3 && bytes.substr(0, 3) == "\xEF\xBB\xBF") bytes.remove_prefix(3);
    int line = 1;
    int column = 1;
    std::size_t line_start = 0;
    for (std::size_t i = 0; i < bytes.size();) {
        const char c = bytes[i];
        if (c == '\0' || utf8_sequence(bytes, i) == 0) {
            Diagnostic d;
            d.path = path;
            d.loc = {line, column};
            d.source_line = std::string(bytes.substr(line_start, i - line_start));
            if (c == '\0') {
                d.code = "nul-byte";
                d.message = "NUL byte in the file";
                d.help = "this looks like a binary file; scenario files are UTF-8 text";
            } else {
                d.code = "invalid-utf8";
                d.message = "invalid UTF-8 (byte " + hex_byte(static_cast<unsigned char>(c)) + ")";
                d.help = "save the file as UTF-8";
            }
            out.push_back(std::move(d));
            return std::nullopt;
        }
        if (c == '\n') {
            ++line;
            column = 1;
            line_start = i + 1;
        } else {
            ++column;
        }
        i += utf8_sequence(bytes, i);
    }
    std::string text;
    text.reserve(bytes.size());
    for (std::size_t i = 0; i < bytes.size(); ++i) {
        if (bytes[i] == '\r' && i + 1 < bytes.size() && bytes[i + 1] == '\n') continue;
        text += bytes[i];
    }
    return text;
}

ScanResult scan_layout(const Source& src, Sink& sink, int max_depth) {
    ScanResult result;
    const int hard_limit = std::min(2 * max_depth + 16, 1000);
    std::vector<int> block;  // columns of open block collections
    int flow = 0;
    char quote = 0;                // inside a quoted scalar that spans lines
    int block_scalar_parent = -1;  // indentation of the line that opened a | or > scalar
    bool have_first_too_deep = false;

    auto check_depth = [&](int line, std::size_t byte) -> bool {
        const int depth = static_cast<int>(block.size()) + flow;
        if (depth > max_depth && !have_first_too_deep) {
            have_first_too_deep = true;
            result.first_too_deep = src.loc(line - 1, static_cast<int>(byte));
        }
        if (depth > hard_limit) {
            result.deep = true;
            return false;
        }
        return true;
    };

    for (int ln = 1; ln <= src.line_count(); ++ln) {
        const std::string_view text = src.line(ln);
        std::size_t indent = 0;
        while (indent < text.size() && (text[indent] == ' ' || text[indent] == '\t')) ++indent;
        const bool blank = indent == text.size();
        if (block_scalar_parent >= 0) {
            if (blank || static_cast<int>(indent) > block_scalar_parent) continue;
            block_scalar_parent = -1;
        }
        std::size_t i = 0;
        bool node_start = true;
        bool item_start = false;
        if (flow == 0 && quote == 0) {
            if (blank || text[indent] == '#') continue;
            const std::size_t tab = text.substr(0, indent).find('\t');
            if (tab != std::string_view::npos) {
                sink.error("tab-indentation", src.loc(ln - 1, static_cast<int>(tab)), 1,
                           "tab character used for indentation",
                           "indent with spaces only; YAML does not allow tabs for indentation");
            }
            if (text[0] == '%') continue;
            if (text.substr(0, 3) == "---" || text.substr(0, 3) == "...") {
                block.clear();
                i = 3;
            } else {
                const int col = static_cast<int>(indent);
                while (!block.empty() && block.back() >= col) block.pop_back();
                i = indent;
                item_start = true;
            }
        }
        while (i < text.size()) {
            const char c = text[i];
            if (quote != 0) {
                if (quote == '"' && c == '\\') {
                    i += 2;
                    continue;
                }
                if (c == quote) {
                    if (quote == '\'' && i + 1 < text.size() && text[i + 1] == '\'') {
                        i += 2;
                        continue;
                    }
                    quote = 0;
                    node_start = false;
                }
                ++i;
                continue;
            }
            if (c == ' ' || c == '\t') {
                ++i;
                continue;
            }
            const bool next_blank = i + 1 >= text.size() || text[i + 1] == ' ' || text[i + 1] == '\t';
            if (c == '#' && (i == 0 || text[i - 1] == ' ' || text[i - 1] == '\t')) break;
            if (flow == 0 && (c == '-' || c == '?') && next_blank && node_start) {
                block.push_back(static_cast<int>(i));
                if (!check_depth(ln, i)) return result;
                item_start = true;
                ++i;
                continue;
            }
            if (c == '[' || c == '{') {
                ++flow;
                if (!check_depth(ln, i)) return result;
                node_start = true;
                item_start = false;
                ++i;
                continue;
            }
            if (c == ']' || c == '}') {
                flow = std::max(0, flow - 1);
                node_start = false;
                ++i;
                continue;
            }
            if (flow > 0 && c == ',') {
                node_start = true;
                ++i;
                continue;
            }
            if (c == ':' && (next_blank || (flow > 0 && std::string_view(",]}").find(text[i + 1]) !=
                                                            std::string_view::npos))) {
                node_start = true;
                ++i;
                continue;
            }
            if (item_start && flow == 0) {
                // The first node of a block entry opens a collection at its column (a map key);
                // a bare scalar over-counts by one, which the exact check on events corrects.
                block.push_back(static_cast<int>(i));
                if (!check_depth(ln, i)) return result;
                item_start = false;
            }
            if (node_start && (c == '"' || c == '\'')) {
                quote = c;
                ++i;
                continue;
            }
            if (node_start && flow == 0 && (c == '|' || c == '>')) {
                block_scalar_parent = static_cast<int>(indent);
                break;
            }
            // Plain text (or an anchor, alias or tag, which the event pass refuses with its position).
            node_start = false;
            ++i;
            while (i < text.size()) {
                const char d = text[i];
                const bool blank_after = i + 1 >= text.size() || text[i + 1] == ' ' || text[i + 1] == '\t';
                if (d == ':' && (blank_after || (flow > 0 && std::string_view(",]}").find(text[i + 1]) !=
                                                                 std::string_view::npos)))
                    break;
                if (d == '#' && (text[i - 1] == ' ' || text[i - 1] == '\t')) break;
                if (flow > 0 && (d == ',' || d == '[' || d == ']' || d == '{' || d == '}')) break;
                ++i;
            }
        }
    }
    return result;
}

std::string too_large_message(std::size_t size, std::size_t limit) {
    return "the file is too large (" + std::to_string(size) + " bytes; the limit is " +
           std::to_string(limit) + " bytes)";
}

}  // namespace salesim::load
