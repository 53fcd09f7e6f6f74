// Internal to the loader: a file's text with line positions, and the sink its diagnostics go to.
#pragma once

#include "salesim/diagnostic.hpp"

#include <algorithm>
#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace salesim::load {

bool is_continuation(char c);
int count_chars(std::string_view s);
std::string join(const std::vector<std::string>& items, std::string_view sep = ", ");

// The text of a file as the YAML parser sees it (BOM removed, CRLF turned into LF), with the
// start of every line so that byte offsets become 1-based line and character columns.
class Source {
public:
    Source(std::string path, std::string text) : m_path(std::move(path)), m_text(std::move(text)) {
        m_starts.push_back(0);
        for (std::size_t i = 0; i < m_text.size(); ++i)
            if (m_text[i] == '\n') m_starts.push_back(i + 1);
    }

    const std::string& path() const { return m_path; }
    const std::string& text() const { return m_text; }
    int line_count() const { return static_cast<int>(m_starts.size()); }

    /// Line `n` (1-based) without its line break; "" past the end.
    std::string_view line(int n) const {
        if (n < 1 || n > line_count()) return {};
        const std::size_t begin = m_starts[static_cast<std::size_t>(n - 1)];
        std::size_t end = n < line_count() ? m_starts[static_cast<std::size_t>(n)] - 1 : m_text.size();
        if (end > begin && m_text[end - 1] == '\r') --end;
        return std::string_view(m_text).substr(begin, end - begin);
    }

    /// A 0-based line and byte column (yaml-cpp's marks) as a 1-based line and character column.
    SourceLoc loc(int line0, int byte_col0) const {
        if (line0 < 0) return {};
        const std::string_view text = line(line0 + 1);
        const std::size_t cut = std::min(text.size(), static_cast<std::size_t>(std::max(byte_col0, 0)));
        return {line0 + 1, count_chars(text.substr(0, cut)) + 1};
    }

    /// Byte offset inside its line of a character column.
    std::size_t byte_col(SourceLoc l) const {
        const std::string_view text = line(l.line);
        int seen = 0;
        for (std::size_t i = 0; i < text.size(); ++i) {
            if (is_continuation(text[i])) continue;
            if (seen == l.column - 1) return i;
            ++seen;
        }
        return text.size();
    }

    /// Characters of the YAML token starting at `l`: a quoted string up to its closing quote, or a
    /// plain scalar up to ": ", " #" (and ",]}" inside flow collections).
    int token_length(SourceLoc l, bool in_flow) const {
        const std::string_view text = line(l.line);
        std::size_t i = byte_col(l);
        if (i >= text.size()) return 1;
        const std::size_t begin = i;
        const char first = text[i];
        if (first == '"' || first == '\'') {
            ++i;
            while (i < text.size()) {
                if (first == '"' && text[i] == '\\') {
                    i += 2;
                    continue;
                }
                if (text[i] == first) {
                    if (first == '\'' && i + 1 < text.size() && text[i + 1] == '\'') {
                        i += 2;
                        continue;
                    }
                    ++i;
                    break;
                }
                ++i;
            }
            return std::max(1, count_chars(text.substr(begin, std::min(i, text.size()) - begin)));
        }
        if (first == '[' || first == '{' || first == '|' || first == '>') return 1;
        while (i < text.size()) {
            const char c = text[i];
            const bool next_blank = i + 1 >= text.size() || text[i + 1] == ' ' || text[i + 1] == '\t';
            if (c == ':' && (next_blank || (in_flow && std::string_view(",]}").find(text[i + 1]) !=
                                                           std::string_view::npos)))
                break;
            if ((c == '#') && i > begin && (text[i - 1] == ' ' || text[i - 1] == '\t')) break;
            if (in_flow && (c == ',' || c == ']' || c == '}')) break;
            ++i;
        }
        while (i > begin && (text[i - 1] == ' ' || text[i - 1] == '\t')) --i;
        return std::max(1, count_chars(text.substr(begin, i - begin)));
    }

private:
    std::string m_path;
    std::string m_text;
    std::vector<std::size_t> m_starts;
};

// Messages quote values from the file; a hostile megabyte-long value must not be quoted whole.
// Keeps the start and the end, cut on UTF-8 character boundaries.
std::string shorten(std::string text, std::size_t max_bytes = 400);

// Collects diagnostics for one file.
class Sink {
public:
    Sink(const Source& src, std::vector<Diagnostic>& out) : m_src(src), m_out(out) {}

    Diagnostic& add(Severity sev, std::string_view code, SourceLoc loc, int length, std::string message,
                    std::string help) {
        Diagnostic d;
        d.severity = sev;
        d.code = std::string(code);
        d.path = m_src.path();
        d.loc = loc;
        d.length = std::max(1, length);
        d.message = shorten(std::move(message));
        d.help = shorten(std::move(help));
        d.source_line = std::string(m_src.line(loc.line));
        m_out.push_back(std::move(d));
        if (sev == Severity::Error) ++m_errors;
        return m_out.back();
    }
    Diagnostic& error(std::string_view code, SourceLoc loc, int length, std::string message,
                      std::string help = {}) {
        return add(Severity::Error, code, loc, length, std::move(message), std::move(help));
    }
    int errors() const { return m_errors; }
    const Source& source() const { return m_src; }

private:
    const Source& m_src;
    std::vector<Diagnostic>& m_out;
    int m_errors = 0;
};

/// A diagnostic about a whole file (no position).
Diagnostic file_diagnostic(std::string_view code, const std::string& path, std::string message,
                           std::string help);
void sort_by_position(std::vector<Diagnostic>& ds);

}  // namespace salesim::load
