// Compiler-style printing of content diagnostics, their JSON form and "did you mean" suggestions.
#include "salesim/diagnostic.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <cstddef>
#include <string_view>

namespace salesim {

namespace {

std::string_view severity_name(Severity s) {
    return s == Severity::Error ? "error" : "warning";
}

// Byte offset of the character at 0-based index `chars` in UTF-8 text (or the end).
std::size_t byte_of_char(std::string_view text, int chars) {
    std::size_t i = 0;
    int seen = 0;
    while (i < text.size()) {
        if ((static_cast<unsigned char>(text[i]) & 0xC0u) != 0x80u) {
            if (seen == chars) return i;
            ++seen;
        }
        ++i;
    }
    return text.size();
}

std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

// Optimal string alignment distance: a swapped pair of letters ("yse_but") counts as one edit,
// which is the most common typing slip.
std::size_t edit_distance(std::string_view a, std::string_view b) {
    const std::size_t n = a.size();
    const std::size_t m = b.size();
    std::vector<std::vector<std::size_t>> d(n + 1, std::vector<std::size_t>(m + 1, 0));
    for (std::size_t i = 0; i <= n; ++i) d[i][0] = i;
    for (std::size_t j = 0; j <= m; ++j) d[0][j] = j;
    for (std::size_t i = 1; i <= n; ++i) {
        for (std::size_t j = 1; j <= m; ++j) {
            const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
        }
    }
    return d[n][m];
}

}  // namespace

std::string format(const Diagnostic& d) {
    std::string out = d.path;
    if (d.loc.line > 0) {
        out += ':' + std::to_string(d.loc.line) + ':' + std::to_string(std::max(d.loc.column, 1));
    }
    out += ": ";
    out += severity_name(d.severity);
    out += ": ";
    out += d.message;
    out += '\n';
    if (d.loc.line > 0) {
        const std::string number = std::to_string(d.loc.line);
        // At least five columns so that the bars of neighbouring diagnostics line up.
        const std::size_t gutter = std::max<std::size_t>(5, number.size());
        out += std::string(gutter - number.size(), ' ') + number + " |";
        // A very long line (a megabyte on one line, minified content) is shown as a window around
        // the column, so one diagnostic cannot flood the terminal.
        std::string line = d.source_line;
        int column = std::max(d.loc.column, 1);
        int length = std::max(d.length, 1);
        constexpr int shown_chars = 160;
        int chars = 0;
        for (const char ch : d.source_line)
            if ((static_cast<unsigned char>(ch) & 0xC0u) != 0x80u) ++chars;
        if (chars > shown_chars) {
            const int first = std::clamp(column - 1 - shown_chars / 3, 0, chars - shown_chars);
            const std::size_t from = byte_of_char(d.source_line, first);
            const std::size_t to = byte_of_char(d.source_line, first + shown_chars);
            line = (first > 0 ? "..." : "") + d.source_line.substr(from, to - from) +
                   (first + shown_chars < chars ? "..." : "");
            column = column - first + (first > 0 ? 3 : 0);
            length = std::min(length, shown_chars);
        }
        if (!line.empty()) out += ' ' + line;
        out += '\n';
        out += std::string(gutter, ' ') + " | ";
        // Keep tabs of the source line so that the caret sits under the right character.
        const std::size_t pad_end = byte_of_char(line, column - 1);
        int pad_chars = column - 1;
        std::string_view before(line.data(), pad_end);
        for (std::size_t i = 0; i < before.size(); ++i) {
            const auto c = static_cast<unsigned char>(before[i]);
            if ((c & 0xC0u) == 0x80u) continue;
            out += c == '\t' ? '\t' : ' ';
            --pad_chars;
        }
        // A column past the end of the line (an error at the end of the file) still gets its caret.
        if (pad_chars > 0) out += std::string(static_cast<std::size_t>(pad_chars), ' ');
        out += '^';
        if (length > 1) out += std::string(static_cast<std::size_t>(length - 1), '~');
        out += '\n';
    }
    if (!d.help.empty()) out += "help: " + d.help + '\n';
    return out;
}

std::string to_json(const std::vector<Diagnostic>& ds) {
    nlohmann::json arr = nlohmann::json::array();
    for (const Diagnostic& d : ds) {
        arr.push_back({{"severity", severity_name(d.severity)},
                       {"code", d.code},
                       {"path", d.path},
                       {"line", d.loc.line},
                       {"column", d.loc.column},
                       {"length", d.length},
                       {"message", d.message},
                       {"help", d.help}});
    }
    // Replace rather than throw on bytes that are not UTF-8: a diagnostic must always print.
    return arr.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
}

bool has_errors(const std::vector<Diagnostic>& ds) {
    return std::any_of(ds.begin(), ds.end(),
                       [](const Diagnostic& d) { return d.severity == Severity::Error; });
}

std::string closest_match(const std::string& word, const std::vector<std::string>& candidates) {
    if (word.empty()) return {};
    const std::string w = lower(word);
    // Short words tolerate one slip, longer ones a few; more than that is a different word.
    const std::size_t limit = w.size() <= 3 ? 1 : w.size() <= 6 ? 2 : 3;
    std::string best;
    std::size_t best_distance = limit + 1;
    for (const std::string& c : candidates) {
        const std::size_t dist = edit_distance(w, lower(c));
        if (dist < best_distance && dist < std::max(w.size(), c.size())) {
            best = c;
            best_distance = dist;
        }
    }
    return best;
}

}  // namespace salesim
