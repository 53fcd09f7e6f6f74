// Line positions and token lengths of a file's text, and the helpers every diagnostic goes through.
#include "load/source_text.hpp"

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

namespace salesim::load {

bool is_continuation(char c) {
    return (static_cast<unsigned char>(c) & 0xC0u) == 0x80u;
}

int count_chars(std::string_view s) {
    int n = 0;
    for (char c : s)
        if (!is_continuation(c)) ++n;
    return n;
}

std::string join(const std::vector<std::string>& items, std::string_view sep) {
    std::string out;
    for (const std::string& s : items) {
        if (!out.empty()) out += sep;
        out += s;
    }
    return out;
}

// Messages quote values from the file; a hostile megabyte-long value must not be quoted whole.
// Keeps the start and the end, cut on UTF-8 character boundaries.
std::string shorten(std::string text, std::size_t max_bytes) {
    if (text.size() <= max_bytes) return text;
    auto boundary = [&text](std::size_t i) {
        while (i > 0 && i < text.size() && (static_cast<unsigned char>(text[i]) & 0xC0u) == 0x80u) --i;
        return i;
    };
    const std::size_t head = boundary(max_bytes * 2 / 3);
    const std::size_t tail = boundary(text.size() - max_bytes / 3);
    return text.substr(0, head) + "..." + text.substr(tail);
}

Diagnostic file_diagnostic(std::string_view code, const std::string& path, std::string message,
                           std::string help) {
    Diagnostic d;
    d.path = path;
    d.code = std::string(code);
    d.message = std::move(message);
    d.help = std::move(help);
    return d;
}

void sort_by_position(std::vector<Diagnostic>& ds) {
    std::stable_sort(ds.begin(), ds.end(), [](const Diagnostic& a, const Diagnostic& b) {
        if (a.path != b.path) return a.path < b.path;
        if (a.loc.line != b.loc.line) return a.loc.line < b.loc.line;
        return a.loc.column < b.loc.column;
    });
}

}  // namespace salesim::load
