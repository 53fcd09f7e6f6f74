// Reads rule books, scenarios and libraries from YAML, collecting every problem as a diagnostic.
//
// Index:
//   [SECTION] Source text: lines, positions, token lengths
//   [SECTION] Byte checks: size, UTF-8, NUL, BOM, tabs and nesting depth before any YAML parsing
//   [SECTION] YAML events to a positioned tree (anchors, aliases, tags, duplicate keys refused)
//   [SECTION] Reader: typed access with diagnostics
//   [SECTION] Rule book
//   [SECTION] Scenario
//   [SECTION] Files and libraries
#include "salesim/loader.hpp"

#include "load/engine_texts.hpp"

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <set>
#include <sstream>
#include <stdexcept>
#include <system_error>
#include <utility>

namespace salesim {

namespace {

// ============================================================================================
// [SECTION] Source text: lines, positions, token lengths
// ============================================================================================

bool is_continuation(char c) {
    return (static_cast<unsigned char>(c) & 0xC0u) == 0x80u;
}

int count_chars(std::string_view s) {
    int n = 0;
    for (char c : s)
        if (!is_continuation(c)) ++n;
    return n;
}

std::string join(const std::vector<std::string>& items, std::string_view sep = ", ") {
    std::string out;
    for (const std::string& s : items) {
        if (!out.empty()) out += sep;
        out += s;
    }
    return out;
}

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
std::string shorten(std::string text, std::size_t max_bytes = 400) {
    if (text.size() <= max_bytes) return text;
    auto boundary = [&text](std::size_t i) {
        while (i > 0 && i < text.size() && (static_cast<unsigned char>(text[i]) & 0xC0u) == 0x80u) --i;
        return i;
    };
    const std::size_t head = boundary(max_bytes * 2 / 3);
    const std::size_t tail = boundary(text.size() - max_bytes / 3);
    return text.substr(0, head) + "..." + text.substr(tail);
}

// Collects diagnostics for one file.
class Sink {
public:
    Sink(const Source& src, std::vector<Diagnostic>& out) : m_src(src), m_out(out) {}

    void add(Severity sev, SourceLoc loc, int length, std::string message, std::string help) {
        Diagnostic d;
        d.severity = sev;
        d.path = m_src.path();
        d.loc = loc;
        d.length = std::max(1, length);
        d.message = shorten(std::move(message));
        d.help = shorten(std::move(help));
        d.source_line = std::string(m_src.line(loc.line));
        m_out.push_back(std::move(d));
        if (sev == Severity::Error) ++m_errors;
    }
    void error(SourceLoc loc, int length, std::string message, std::string help = {}) {
        add(Severity::Error, loc, length, std::move(message), std::move(help));
    }
    int errors() const { return m_errors; }
    const Source& source() const { return m_src; }

private:
    const Source& m_src;
    std::vector<Diagnostic>& m_out;
    int m_errors = 0;
};

Diagnostic file_diagnostic(const std::string& path, std::string message, std::string help) {
    Diagnostic d;
    d.path = path;
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

// ============================================================================================
// [SECTION] Byte checks: size, UTF-8, NUL, BOM, tabs and nesting depth before any YAML parsing
// ============================================================================================

const char* const k_no_yaml_features_help =
    "write the content out in full: this format refuses YAML anchors, aliases, tags and merge keys";

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
                d.message = "NUL byte in the file";
                d.help = "this looks like a binary file; scenario files are UTF-8 text";
            } else {
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

// A light lexical pass that finds tabs used for indentation and estimates nesting depth, so that a
// file nested thousands of levels deep is refused before the recursive YAML parser sees it.
// The estimate counts block collections by indentation and "- " entries plus open flow brackets;
// the exact depth is checked again on the parsed events.
struct ScanResult {
    bool deep = false;  ///< deeper than the hard limit: do not parse
    SourceLoc first_too_deep;
};

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
                sink.error(src.loc(ln - 1, static_cast<int>(tab)), 1, "tab character used for indentation",
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

// ============================================================================================
// [SECTION] YAML events to a positioned tree (anchors, aliases, tags, duplicate keys refused)
// ============================================================================================

// A YAML node with the position of its first character.
struct YNode {
    enum class Kind { Null, Scalar, Seq, Map };
    Kind kind = Kind::Null;
    std::string value;   ///< scalars
    bool plain = false;  ///< a scalar written without quotes
    bool flow = false;   ///< a collection written in [] or {}
    SourceLoc loc;
    int length = 1;
    std::vector<YNode> items;  ///< sequences; maps hold key, value, key, value...

    std::size_t map_size() const { return items.size() / 2; }
    const YNode& key(std::size_t i) const { return items[2 * i]; }
    const YNode& val(std::size_t i) const { return items[2 * i + 1]; }
};

class TreeBuilder : public YAML::EventHandler {
public:
    TreeBuilder(const Source& src, Sink& sink, int max_depth)
        : m_src(src), m_sink(sink), m_max_depth(max_depth) {}

    std::optional<YNode> root;
    int documents = 0;
    SourceLoc second_document;

    void OnDocumentStart(const YAML::Mark& mark) override {
        ++documents;
        if (documents == 2) second_document = m_src.loc(mark.line, mark.column);
    }
    void OnDocumentEnd() override {}

    void OnNull(const YAML::Mark& mark, YAML::anchor_t) override {
        YNode n;
        n.kind = YNode::Kind::Null;
        n.loc = m_src.loc(mark.line, mark.column);
        // yaml-cpp places an empty value at the next token; the key is the helpful place.
        if (!m_stack.empty() && m_stack.back().kind == YNode::Kind::Map &&
            m_stack.back().items.size() % 2 == 1) {
            n.loc = m_stack.back().items.back().loc;
            n.length = m_stack.back().items.back().length;
        }
        add(std::move(n));
    }

    void OnAlias(const YAML::Mark& mark, YAML::anchor_t) override {
        const SourceLoc at = m_src.loc(mark.line, mark.column);
        const int len = m_src.token_length(at, in_flow());
        m_sink.error(at, len, "alias '" + token(at, len) + "' is not allowed", k_no_yaml_features_help);
        add(YNode{});
    }

    void OnAnchor(const YAML::Mark& mark, const std::string& name) override {
        const SourceLoc at = m_src.loc(mark.line, mark.column);
        m_sink.error(at, count_chars(name) + 1, "anchor '&" + name + "' is not allowed",
                     k_no_yaml_features_help);
    }

    void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t,
                  const std::string& value) override {
        YNode n;
        n.kind = YNode::Kind::Scalar;
        n.value = value;
        n.plain = tag != "!";
        n.loc = m_src.loc(mark.line, mark.column);
        check_tag(n.loc, tag);
        n.length = m_src.token_length(n.loc, in_flow());
        if (n.plain && value == "<<" && is_key_position())
            m_sink.error(n.loc, 2, "merge key '<<' is not allowed", k_no_yaml_features_help);
        add(std::move(n));
    }

    void OnSequenceStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t,
                         YAML::EmitterStyle::value style) override {
        open(YNode::Kind::Seq, mark, tag, style);
    }
    void OnSequenceEnd() override { close(); }
    void OnMapStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t,
                    YAML::EmitterStyle::value style) override {
        open(YNode::Kind::Map, mark, tag, style);
    }
    void OnMapEnd() override {
        check_duplicates(m_stack.back());
        close();
    }

private:
    bool in_flow() const { return !m_stack.empty() && m_stack.back().flow; }
    bool is_key_position() const {
        return !m_stack.empty() && m_stack.back().kind == YNode::Kind::Map &&
               m_stack.back().items.size() % 2 == 0;
    }

    std::string token(SourceLoc at, int len) const {
        const std::string_view text = m_src.line(at.line);
        const std::size_t b = m_src.byte_col(at);
        const std::size_t e = m_src.byte_col({at.line, at.column + len});
        return std::string(text.substr(b, e - b));
    }

    void check_tag(SourceLoc at, const std::string& tag) {
        if (tag.empty() || tag == "?" || tag == "!") return;
        // The tag is written just before the node; show it as written.
        m_sink.error(at, static_cast<int>(count_chars(tag)), "tag '" + tag + "' is not allowed",
                     k_no_yaml_features_help);
    }

    void open(YNode::Kind kind, const YAML::Mark& mark, const std::string& tag,
              YAML::EmitterStyle::value style) {
        YNode n;
        n.kind = kind;
        n.flow = style == YAML::EmitterStyle::Flow;
        n.loc = m_src.loc(mark.line, mark.column);
        check_tag(n.loc, tag);
        m_stack.push_back(std::move(n));
        if (static_cast<int>(m_stack.size()) > m_max_depth && !m_too_deep) {
            m_too_deep = true;
            m_sink.error(m_stack.back().loc, 1,
                         "nesting is deeper than " + std::to_string(m_max_depth) + " levels",
                         "flatten the structure; no part of a scenario needs to be nested this deep");
        }
    }

    void close() {
        YNode n = std::move(m_stack.back());
        m_stack.pop_back();
        add(std::move(n));
    }

    void add(YNode n) {
        if (m_stack.empty()) {
            if (!root) root = std::move(n);
            return;
        }
        m_stack.back().items.push_back(std::move(n));
    }

    void check_duplicates(const YNode& map) {
        std::map<std::string, SourceLoc> seen;
        for (std::size_t i = 0; i < map.map_size(); ++i) {
            const YNode& k = map.key(i);
            if (k.kind != YNode::Kind::Scalar) {
                m_sink.error(k.loc, 1, "a key must be a plain name, not a list or a map",
                             "write keys as 'name: value'");
                continue;
            }
            const auto [it, fresh] = seen.emplace(k.value, k.loc);
            if (!fresh) {
                m_sink.error(k.loc, k.length, "duplicate key '" + k.value + "'",
                             "'" + k.value + "' is already set on line " + std::to_string(it->second.line) +
                                 "; remove one of them");
            }
        }
    }

    const Source& m_src;
    Sink& m_sink;
    int m_max_depth;
    bool m_too_deep = false;
    std::vector<YNode> m_stack;
};

// Parses the text into a tree; nullopt when it is not usable YAML (every reason reported).
std::optional<YNode> parse_tree(const Source& src, Sink& sink, const LoadOptions& opts) {
    const int errors_before = sink.errors();
    const ScanResult scan = scan_layout(src, sink, opts.max_depth);
    if (scan.deep) {
        sink.error(scan.first_too_deep, 1,
                   "nesting is deeper than " + std::to_string(opts.max_depth) + " levels",
                   "flatten the structure; no part of a scenario needs to be nested this deep");
        return std::nullopt;
    }
    if (sink.errors() > errors_before) return std::nullopt;  // tabs: the parser would only add confusion

    std::istringstream in(src.text());
    TreeBuilder builder(src, sink, opts.max_depth);
    try {
        YAML::Parser parser(in);
        if (parser.HandleNextDocument(builder)) parser.HandleNextDocument(builder);
    } catch (const YAML::Exception& e) {
        SourceLoc at = src.loc(e.mark.line, e.mark.column);
        std::string msg = e.msg;
        std::string help = "check the indentation, the quotes and the brackets around this point";
        if (msg == YAML::ErrorMsg::UNKNOWN_ANCHOR) {
            msg = "alias is not allowed";
            help = k_no_yaml_features_help;
        } else {
            msg = "YAML syntax error: " + msg;
        }
        if (e.mark.is_null()) at = {src.line_count(), 1};
        sink.error(at, 1, std::move(msg), std::move(help));
        return std::nullopt;
    }
    if (builder.documents > 1) {
        sink.error(builder.second_document, 3, "more than one YAML document in the file",
                   "a file holds one scenario or one rule book; remove the '---' and what follows");
    }
    if (sink.errors() > errors_before) return std::nullopt;
    if (!builder.root || builder.root->kind == YNode::Kind::Null) {
        sink.error({1, 1}, 1, "the file is empty", "a file starts with 'format: 1'");
        return std::nullopt;
    }
    return std::move(builder.root);
}

// ============================================================================================
// [SECTION] Reader: typed access with diagnostics
// ============================================================================================

std::string kind_name(const YNode& n) {
    switch (n.kind) {
        case YNode::Kind::Null:
            return "nothing";
        case YNode::Kind::Scalar:
            return "the value '" + n.value + "'";
        case YNode::Kind::Seq:
            return "a list";
        case YNode::Kind::Map:
            return "a map";
    }
    return "?";
}

bool is_lang_code(std::string_view s) {
    if (s.size() < 2 || s.size() > 3) return false;
    return std::all_of(s.begin(), s.end(), [](char c) { return c >= 'a' && c <= 'z'; });
}

bool is_name(std::string_view s) {
    if (s.empty() || !(s[0] >= 'a' && s[0] <= 'z')) return false;
    return std::all_of(s.begin(), s.end(),
                       [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; });
}

// Ids of steps, leads, needs...: lowercase letters, digits, '-', '_' and '.'.
bool is_id(std::string_view s) {
    if (s.empty() || !((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= '0' && s[0] <= '9'))) return false;
    return std::all_of(s.begin(), s.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
    });
}

class Reader {
public:
    Reader(Sink& sink, const LoadOptions& opts) : m_sink(sink), m_opts(opts) {}

    Sink& sink() { return m_sink; }
    const std::string& path() const { return m_sink.source().path(); }

    /// Languages every text must have: the scenario's (warning) and the required ones (error).
    std::vector<std::string> languages;

    void error(const YNode& at, std::string message, std::string help = {}) {
        m_sink.error(at.loc, at.length, std::move(message), std::move(help));
    }
    void warning(const YNode& at, std::string message, std::string help = {}) {
        m_sink.add(Severity::Warning, at.loc, at.length, std::move(message), std::move(help));
    }

    /// "unknown X 'y'" with a suggestion and the valid names.
    void unknown(const YNode& at, std::string_view what, const std::string& name,
                 const std::vector<std::string>& valid, std::string_view list_name) {
        std::string help;
        const std::string guess = closest_match(name, valid);
        if (!guess.empty()) help = "did you mean '" + guess + "'? ";
        help += std::string(list_name) + ": " + join(valid);
        error(at, "unknown " + std::string(what) + " '" + name + "'", std::move(help));
    }

    bool expect_map(const YNode& n, std::string_view what) {
        if (n.kind == YNode::Kind::Map) return true;
        error(n, "expected a map for '" + std::string(what) + "', found " + kind_name(n),
              "write the keys of '" + std::string(what) + "' as 'key: value' lines indented below it");
        return false;
    }

    bool expect_seq(const YNode& n, std::string_view what) {
        if (n.kind == YNode::Kind::Seq) return true;
        error(n, "expected a list for '" + std::string(what) + "', found " + kind_name(n),
              "write each entry of '" + std::string(what) + "' on its own line starting with '- '");
        return false;
    }

    /// Reports keys not in `allowed` (duplicates are reported while parsing).
    void check_keys(const YNode& map, const std::vector<std::string>& allowed, std::string_view where) {
        for (std::size_t i = 0; i < map.map_size(); ++i) {
            const YNode& k = map.key(i);
            if (k.kind != YNode::Kind::Scalar) continue;
            if (std::find(allowed.begin(), allowed.end(), k.value) != allowed.end()) continue;
            std::string help;
            const std::string guess = closest_match(k.value, allowed);
            if (!guess.empty()) help = "did you mean '" + guess + "'? ";
            help += "Keys: " + join(allowed);
            error(k, "unknown key '" + k.value + "' in " + std::string(where), std::move(help));
        }
    }

    /// The value of `key`, or nullptr.
    static const YNode* get(const YNode& map, std::string_view key) {
        for (std::size_t i = 0; i < map.map_size(); ++i)
            if (map.key(i).kind == YNode::Kind::Scalar && map.key(i).value == key) return &map.val(i);
        return nullptr;
    }
    static const YNode* key_node(const YNode& map, std::string_view key) {
        for (std::size_t i = 0; i < map.map_size(); ++i)
            if (map.key(i).kind == YNode::Kind::Scalar && map.key(i).value == key) return &map.key(i);
        return nullptr;
    }

    const YNode* require(const YNode& map, std::string_view key, std::string_view where) {
        const YNode* n = get(map, key);
        if (n == nullptr) {
            error(map, "missing required key '" + std::string(key) + "' in " + std::string(where),
                  "add '" + std::string(key) + ": ...' to " + std::string(where));
        }
        return n;
    }

    std::optional<std::string> string(const YNode& n, std::string_view what) {
        if (n.kind == YNode::Kind::Scalar) return n.value;
        error(n, "expected a text for '" + std::string(what) + "', found " + kind_name(n),
              "write it as '" + std::string(what) + ": some text'");
        return std::nullopt;
    }

    std::optional<bool> boolean(const YNode& n, std::string_view what) {
        if (n.kind == YNode::Kind::Scalar && n.plain) {
            if (n.value == "true" || n.value == "True" || n.value == "TRUE") return true;
            if (n.value == "false" || n.value == "False" || n.value == "FALSE") return false;
        }
        error(n, "'" + std::string(what) + "' must be true or false, not " + describe(n),
              n.kind == YNode::Kind::Scalar && !n.plain
                  ? "write true or false without quotes"
                  : "write '" + std::string(what) + ": true' or '" + std::string(what) + ": false'");
        return std::nullopt;
    }

    std::optional<int> integer(const YNode& n, std::string_view what, int lo, int hi) {
        const std::string range = std::to_string(lo) + " and " + std::to_string(hi);
        if (n.kind != YNode::Kind::Scalar || !n.plain) {
            error(n,
                  "'" + std::string(what) + "' must be a whole number between " + range + ", not " +
                      describe(n),
                  n.kind == YNode::Kind::Scalar ? "write the number without quotes" : std::string());
            return std::nullopt;
        }
        long long v = 0;
        std::string_view s = n.value;
        if (!s.empty() && s[0] == '+') s.remove_prefix(1);
        const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
        if (ec == std::errc::result_out_of_range ||
            (ec == std::errc() && end == s.data() + s.size() && (v < lo || v > hi))) {
            error(n, "'" + std::string(what) + "' is out of range: " + n.value,
                  "use a whole number between " + range);
            return std::nullopt;
        }
        if (ec != std::errc() || end != s.data() + s.size() || s.empty()) {
            error(n, "'" + std::string(what) + "' must be a whole number between " + range + ", not '" +
                         n.value + "'");
            return std::nullopt;
        }
        return static_cast<int>(v);
    }

    std::optional<double> number(const YNode& n, std::string_view what, double lo, double hi) {
        const std::string range = fmt_num(lo) + " and " + fmt_num(hi);
        if (n.kind != YNode::Kind::Scalar || !n.plain) {
            error(n, "'" + std::string(what) + "' must be a number between " + range + ", not " + describe(n),
                  n.kind == YNode::Kind::Scalar ? "write the number without quotes" : std::string());
            return std::nullopt;
        }
        std::string lowered = n.value;
        for (char& c : lowered) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        if (lowered == ".nan" || lowered == "nan" || lowered.find(".inf") != std::string::npos ||
            lowered.find("inf") != std::string::npos) {
            error(n, "'" + std::string(what) + "' must be a finite number, not '" + n.value + "'",
                  "use a number between " + range);
            return std::nullopt;
        }
        double v = 0;
        std::string_view s = n.value;
        if (!s.empty() && s[0] == '+') s.remove_prefix(1);
        const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
        if (ec == std::errc::result_out_of_range ||
            (ec == std::errc() && end == s.data() + s.size() && (!std::isfinite(v) || v < lo || v > hi))) {
            error(n, "'" + std::string(what) + "' is out of range: " + n.value,
                  "use a number between " + range);
            return std::nullopt;
        }
        if (ec != std::errc() || end != s.data() + s.size() || s.empty()) {
            error(n, "'" + std::string(what) + "' must be a number between " + range + ", not '" + n.value +
                         "'");
            return std::nullopt;
        }
        return v;
    }

    /// A text: a plain string for every language or a map of languages.
    Text text(const YNode& n, std::string_view what) {
        Text t;
        if (n.kind == YNode::Kind::Scalar) {
            t.by_lang["*"] = n.value;
            return t;
        }
        if (n.kind != YNode::Kind::Map) {
            error(n, "expected a text for '" + std::string(what) + "', found " + kind_name(n),
                  "write a string, or one per language: {en: \"...\", fi: \"...\"}");
            return t;
        }
        for (std::size_t i = 0; i < n.map_size(); ++i) {
            const YNode& k = n.key(i);
            const YNode& v = n.val(i);
            if (k.kind != YNode::Kind::Scalar) continue;
            if (!is_lang_code(k.value)) {
                error(k, "'" + k.value + "' is not a language code",
                      "use two- or three-letter codes such as en or fi");
                continue;
            }
            if (v.kind != YNode::Kind::Scalar) {
                error(
                    v,
                    "expected the " + k.value + " text of '" + std::string(what) + "', found " + kind_name(v),
                    "write it as " + k.value + ": \"...\"");
                continue;
            }
            t.by_lang[k.value] = v.value;
        }
        if (n.map_size() == 0) {
            error(n, "empty text for '" + std::string(what) + "'",
                  "write a string, or {en: \"...\", fi: \"...\"}");
            return t;
        }
        check_languages(n, t, what);
        return t;
    }

    void check_languages(const YNode& n, const Text& t, std::string_view what) {
        for (const std::string& lang : languages) {
            if (t.has(lang)) continue;
            const bool required = std::find(m_opts.require_langs.begin(), m_opts.require_langs.end(), lang) !=
                                  m_opts.require_langs.end();
            const std::string message = "text '" + std::string(what) + "' has no '" + lang + "' version";
            const std::string help =
                "add " + lang + ": \"...\" to it" +
                (required ? std::string(" (the language is required)")
                          : " (the file promises languages " + join(m_scenario_langs) + ")");
            if (required)
                error(n, message, help);
            else
                warning(n, message, help);
        }
    }

    void set_languages(const std::vector<std::string>& scenario_langs) {
        m_scenario_langs = scenario_langs;
        languages = scenario_langs;
        for (const std::string& l : m_opts.require_langs)
            if (std::find(languages.begin(), languages.end(), l) == languages.end()) languages.push_back(l);
    }

private:
    static std::string fmt_num(double v) {
        std::ostringstream os;
        os << v;
        return os.str();
    }

    static std::string describe(const YNode& n) {
        if (n.kind == YNode::Kind::Scalar)
            return n.plain ? "'" + n.value + "'" : "the string \"" + n.value + "\"";
        return kind_name(n);
    }

    Sink& m_sink;
    const LoadOptions& m_opts;
    std::vector<std::string> m_scenario_langs;
};

template <typename T, std::size_t N>
std::vector<std::string> names_of(const std::array<T, N>& all) {
    std::vector<std::string> out;
    for (T v : all) out.emplace_back(to_string(v));
    return out;
}

}  // namespace

namespace {

// ============================================================================================
// [SECTION] Rule book
// ============================================================================================

enum class FactType { Bool, Number, String };

FactType fact_type(std::string_view name) {
    if (name.rfind("trait.", 0) == 0 || name.rfind("state.", 0) == 0 || name == "needs_found" ||
        name == "objections_open" || name == "questions_asked" || name == "close_attempt")
        return FactType::Number;
    if (name == "context" || name == "authority" || name == "objection.kind") return FactType::String;
    return FactType::Bool;
}

// The values a string fact can take, for checking conditions.
std::vector<std::string> fact_values(std::string_view name) {
    if (name == "context") return {"b2b", "b2c", "retail"};
    if (name == "authority") return {"full", "shared", "none"};
    return names_of(all_objection_kinds);
}

std::optional<Condition> parse_condition(Reader& r, const YNode& key, const YNode& value) {
    Condition c;
    c.fact = key.value;
    c.loc = key.loc;
    if (!c.resolve()) {
        r.unknown(key, "fact", c.fact, known_fact_names(), "Facts");
        return std::nullopt;
    }
    switch (fact_type(c.fact)) {
        case FactType::Bool: {
            const std::optional<bool> b = r.boolean(value, c.fact);
            if (!b) return std::nullopt;
            c.op = *b ? Condition::Op::IsTrue : Condition::Op::IsFalse;
            return c;
        }
        case FactType::String: {
            const std::vector<std::string> valid = fact_values(c.fact);
            auto check = [&](const YNode& v) -> bool {
                if (v.kind != YNode::Kind::Scalar) {
                    r.error(v, "fact '" + c.fact + "' is compared with a name, not " + kind_name(v),
                            "write '" + c.fact + ": " + valid.front() + "' or a list of names");
                    return false;
                }
                if (std::find(valid.begin(), valid.end(), v.value) == valid.end()) {
                    r.unknown(v, "value of '" + c.fact + "':", v.value, valid, "Values");
                    return false;
                }
                c.strings.push_back(v.value);
                return true;
            };
            if (value.kind == YNode::Kind::Seq) {
                bool ok = !value.items.empty();
                if (!ok) r.error(value, "empty list for fact '" + c.fact + "'", "list at least one value");
                for (const YNode& v : value.items) ok = check(v) && ok;
                c.op = Condition::Op::OneOf;
                return ok ? std::optional<Condition>(c) : std::nullopt;
            }
            c.op = Condition::Op::Equals;
            return check(value) ? std::optional<Condition>(c) : std::nullopt;
        }
        case FactType::Number: {
            if (value.kind != YNode::Kind::Map) {
                r.error(value, "fact '" + c.fact + "' is a number; compare it with lt, le, gt, ge or eq",
                        "write for example '" + c.fact + ": {ge: 50}'");
                return std::nullopt;
            }
            static const std::vector<std::string> ops{"lt", "le", "gt", "ge", "eq"};
            r.check_keys(value, ops, "a comparison");
            bool ok = value.map_size() > 0;
            if (!ok)
                r.error(value, "empty comparison for fact '" + c.fact + "'", "write for example {ge: 50}");
            for (std::size_t i = 0; i < value.map_size(); ++i) {
                const std::string& op = value.key(i).value;
                const std::optional<double> v = r.number(value.val(i), c.fact + " " + op, -1e9, 1e9);
                if (!v) {
                    ok = false;
                    continue;
                }
                if (op == "lt") c.lt = v;
                if (op == "le") c.le = v;
                if (op == "gt") c.gt = v;
                if (op == "ge") c.ge = v;
                if (op == "eq") c.eq = v;
            }
            c.op = Condition::Op::Compare;
            return ok ? std::optional<Condition>(c) : std::nullopt;
        }
    }
    return std::nullopt;
}

const std::vector<std::string> k_rule_keys{"id",         "stage",   "move",  "when",     "verdict",
                                           "competency", "effects", "reply", "feedback", "source"};
const std::vector<std::string> k_effect_keys{"trust",    "interest", "patience", "readiness",
                                             "resolves", "reveals",  "closes",   "resolves_last"};

// A rule as written: the fields present, so that a scenario's entry overrides only those.
struct RuleEntry {
    Rule rule;
    const YNode* node = nullptr;
    const YNode* id_node = nullptr;
    const YNode* move_node = nullptr;
    std::set<std::string> fields;   ///< top-level keys present
    std::set<std::string> effects;  ///< effect keys present
    bool ok = true;
};

RuleEntry parse_rule(Reader& r, const YNode& n) {
    RuleEntry e;
    e.node = &n;
    e.rule.file = r.path();
    e.rule.loc = n.loc;
    if (!r.expect_map(n, "rule")) {
        e.ok = false;
        return e;
    }
    r.check_keys(n, k_rule_keys, "a rule");
    const int errors_before = r.sink().errors();
    for (std::size_t i = 0; i < n.map_size(); ++i) e.fields.insert(n.key(i).value);
    if (const YNode* id = r.require(n, "id", "a rule")) {
        e.id_node = id;
        if (auto s = r.string(*id, "id")) {
            e.rule.id = *s;
            e.rule.loc = id->loc;
            if (!is_id(*s))
                r.error(*id, "rule id '" + *s + "' may use only lowercase letters, digits, '.', '_' and '-'");
        }
    }
    if (const YNode* v = Reader::get(n, "stage")) {
        if (auto s = r.string(*v, "stage")) {
            if (auto st = parse_stage(*s))
                e.rule.stage = *st;
            else
                r.unknown(*v, "stage", *s, names_of(all_stages), "Stages");
        }
    }
    if (const YNode* v = Reader::get(n, "move")) {
        e.move_node = v;
        if (auto s = r.string(*v, "move")) e.rule.move = *s;
    }
    if (const YNode* v = Reader::get(n, "when")) {
        if (v->kind != YNode::Kind::Null && r.expect_map(*v, "when")) {
            for (std::size_t i = 0; i < v->map_size(); ++i)
                if (auto c = parse_condition(r, v->key(i), v->val(i))) e.rule.when.push_back(std::move(*c));
        }
    }
    if (const YNode* v = Reader::get(n, "verdict")) {
        if (auto s = r.string(*v, "verdict")) {
            if (auto vd = parse_verdict(*s))
                e.rule.verdict = *vd;
            else
                r.unknown(*v, "verdict", *s, names_of(all_verdicts), "Verdicts");
        }
    }
    if (const YNode* v = Reader::get(n, "competency")) {
        if (auto s = r.string(*v, "competency")) {
            e.rule.competency = *s;
            if (!is_name(*s)) r.error(*v, "competency '" + *s + "' must be a snake_case name");
        }
    }
    if (const YNode* v = Reader::get(n, "effects")) {
        if (v->kind != YNode::Kind::Null && r.expect_map(*v, "effects")) {
            r.check_keys(*v, k_effect_keys, "effects");
            Effects& fx = e.rule.effects;
            for (std::size_t i = 0; i < v->map_size(); ++i) {
                const std::string& k = v->key(i).value;
                const YNode& val = v->val(i);
                if (std::find(k_effect_keys.begin(), k_effect_keys.end(), k) == k_effect_keys.end()) continue;
                e.effects.insert(k);
                if (k == "trust" || k == "interest" || k == "patience" || k == "readiness") {
                    const std::optional<int> d = r.integer(val, k, -100, 100);
                    if (!d) continue;
                    (k == "trust"      ? fx.trust
                     : k == "interest" ? fx.interest
                     : k == "patience" ? fx.patience
                                       : fx.readiness) = *d;
                } else if (const std::optional<bool> b = r.boolean(val, k)) {
                    (k == "resolves"  ? fx.resolves
                     : k == "reveals" ? fx.reveals
                     : k == "closes"  ? fx.closes
                                      : fx.resolves_last) = *b;
                }
            }
        }
    }
    if (const YNode* v = Reader::get(n, "reply")) e.rule.reply = r.text(*v, "reply");
    if (const YNode* v = Reader::get(n, "feedback")) e.rule.feedback = r.text(*v, "feedback");
    if (const YNode* v = Reader::get(n, "source")) {
        if (auto s = r.string(*v, "source")) e.rule.source = *s;
    }
    if (r.sink().errors() > errors_before) e.ok = false;
    return e;
}

// Required fields of a complete rule (in the rule book, or a new rule in a scenario).
void require_rule_fields(Reader& r, const RuleEntry& e, std::string_view where) {
    for (const char* key : {"stage", "move", "verdict", "feedback"})
        if (e.fields.count(key) == 0) r.require(*e.node, key, where);
}

const MoveInfo* find_move_in(const std::vector<MoveInfo>& moves, std::string_view id) {
    const auto it = std::find_if(moves.begin(), moves.end(), [id](const MoveInfo& m) { return m.id == id; });
    return it == moves.end() ? nullptr : &*it;
}

std::vector<std::string> move_ids_of(const std::vector<MoveInfo>& moves, Stage stage) {
    std::vector<std::string> out;
    for (const MoveInfo& m : moves)
        if (m.stage == stage) out.push_back(m.id);
    return out;
}

// Reports a move that is not in the catalogue for `stage`.
bool check_move(Reader& r, const YNode& at, Stage stage, const std::string& move,
                const std::vector<MoveInfo>& moves) {
    const MoveInfo* m = find_move_in(moves, move);
    if (m != nullptr && m->stage == stage) return true;
    const std::vector<std::string> valid = move_ids_of(moves, stage);
    if (m != nullptr) {
        r.error(at,
                "move '" + move + "' belongs to stage " + std::string(to_string(m->stage)) + ", not " +
                    std::string(to_string(stage)),
                "Moves of " + std::string(to_string(stage)) + ": " + join(valid));
        return false;
    }
    if (stage == Stage::Objections)
        r.unknown(at, "objection method", move, valid, "Methods");
    else if (stage == Stage::Closing)
        r.unknown(at, "closing technique", move, valid, "Techniques");
    else
        r.unknown(at, "move", move, valid, "Moves of " + std::string(to_string(stage)));
    return false;
}

// Every move needs a rule that matches in any situation, or a decision could go unjudged.
void check_fallbacks(Reader& r, const RuleBook& book, const std::map<std::string, const YNode*>& move_nodes,
                     const YNode& fallback_at) {
    for (const MoveInfo& m : book.moves) {
        const bool has = std::any_of(book.rules.begin(), book.rules.end(), [&](const Rule& rule) {
            return rule.stage == m.stage && rule.move == m.id && rule.when.empty();
        });
        if (has) continue;
        const auto it = move_nodes.find(m.id);
        r.error(it != move_nodes.end() ? *it->second : fallback_at,
                "move '" + m.id + "' has no fallback rule",
                "add a rule with stage: " + std::string(to_string(m.stage)) + ", move: " + m.id +
                    " and when: {} so that the move is judged in any situation");
    }
}

void check_format(Reader& r, const YNode& root, std::string_view where) {
    const YNode* f = r.require(root, "format", where);
    if (f == nullptr) return;
    if (f->kind == YNode::Kind::Scalar && f->plain && f->value == "1") return;
    r.error(*f,
            "unsupported format " + (f->kind == YNode::Kind::Scalar ? "'" + f->value + "'" : kind_name(*f)),
            "this version of Salesim reads format: 1");
}

std::shared_ptr<RuleBook> read_rulebook(Reader& r, const YNode& root) {
    auto book = std::make_shared<RuleBook>();
    if (!r.expect_map(root, "rule book")) return nullptr;
    r.check_keys(root, {"format", "version", "verdicts", "moves", "rules", "texts"}, "the rule book");
    check_format(r, root, "the rule book");
    if (const YNode* v = r.require(root, "version", "the rule book")) {
        if (auto s = r.string(*v, "version")) {
            book->version = *s;
            if (s->empty()) r.error(*v, "empty rule book version", "write for example version: \"2026.11\"");
        }
    }
    if (const YNode* v = Reader::get(root, "verdicts")) {
        if (r.expect_map(*v, "verdicts")) {
            for (std::size_t i = 0; i < v->map_size(); ++i) {
                const YNode& k = v->key(i);
                const std::optional<Verdict> vd = parse_verdict(k.value);
                if (!vd) {
                    r.unknown(k, "verdict", k.value, names_of(all_verdicts), "Verdicts");
                    continue;
                }
                if (auto p = r.integer(v->val(i), k.value, 0, 100)) book->points[*vd] = *p;
            }
        }
    }

    // The move catalogue.
    std::map<std::string, const YNode*> move_nodes;
    const YNode* moves_key = Reader::key_node(root, "moves");
    const int catalogue_errors = r.sink().errors();
    if (const YNode* ms = r.require(root, "moves", "the rule book");
        ms != nullptr && r.expect_seq(*ms, "moves")) {
        for (const YNode& mn : ms->items) {
            if (!r.expect_map(mn, "move")) continue;
            r.check_keys(mn, {"id", "stage", "name", "about", "line"}, "a move");
            MoveInfo m;
            const YNode* id = r.require(mn, "id", "a move");
            const YNode* stage = r.require(mn, "stage", "a move");
            bool ok = id != nullptr && stage != nullptr;
            if (const YNode* name = r.require(mn, "name", "a move")) m.name = r.text(*name, "name");
            if (const YNode* v = Reader::get(mn, "about")) m.about = r.text(*v, "about");
            if (const YNode* v = Reader::get(mn, "line")) m.line = r.text(*v, "line");
            if (stage != nullptr) {
                if (auto s = r.string(*stage, "stage")) {
                    if (auto st = parse_stage(*s))
                        m.stage = *st;
                    else {
                        r.unknown(*stage, "stage", *s, names_of(all_stages), "Stages");
                        ok = false;
                    }
                } else {
                    ok = false;
                }
            }
            if (id != nullptr) {
                if (auto s = r.string(*id, "id"))
                    m.id = *s;
                else
                    ok = false;
            }
            if (!ok) continue;
            if (m.stage == Stage::Objections && !parse_method(m.id)) {
                r.unknown(*id, "objection method", m.id, names_of(all_methods), "Methods");
                continue;
            }
            if (m.stage == Stage::Closing && !parse_technique(m.id)) {
                r.unknown(*id, "closing technique", m.id, names_of(all_techniques), "Techniques");
                continue;
            }
            if (m.stage == Stage::Prospecting && m.id != "lead") {
                r.error(*id, "the prospecting stage has the one move 'lead', not '" + m.id + "'",
                        "each lead is an option; write id: lead");
                continue;
            }
            if (!is_name(m.id)) {
                r.error(*id, "move id '" + m.id + "' must be a snake_case name",
                        "use lowercase letters, digits and '_'");
                continue;
            }
            if (const auto it = move_nodes.find(m.id); it != move_nodes.end()) {
                r.error(*id, "duplicate move id '" + m.id + "'",
                        "'" + m.id + "' is already defined on line " + std::to_string(it->second->loc.line));
                continue;
            }
            move_nodes[m.id] = id;
            book->moves.push_back(std::move(m));
        }
        const YNode& at = moves_key != nullptr ? *moves_key : *ms;
        // A misspelt entry already has its own error; do not also report the method it was meant to be.
        const bool catalogue_broken = r.sink().errors() > catalogue_errors;
        for (Method method : all_methods) {
            if (find_move_in(book->moves, to_string(method)) == nullptr && !catalogue_broken)
                r.error(at,
                        "the move catalogue lacks objection method '" + std::string(to_string(method)) + "'",
                        "add a move with id: " + std::string(to_string(method)) + " and stage: objections");
        }
        for (Technique t : all_techniques) {
            if (find_move_in(book->moves, to_string(t)) == nullptr && !catalogue_broken)
                r.error(at, "the move catalogue lacks closing technique '" + std::string(to_string(t)) + "'",
                        "add a move with id: " + std::string(to_string(t)) + " and stage: closing");
        }
    }

    // The rules.
    std::map<std::string, SourceLoc> rule_ids;
    if (const YNode* rs = r.require(root, "rules", "the rule book");
        rs != nullptr && r.expect_seq(*rs, "rules")) {
        for (const YNode& rn : rs->items) {
            RuleEntry e = parse_rule(r, rn);
            if (e.node == nullptr || rn.kind != YNode::Kind::Map) continue;
            require_rule_fields(r, e, "a rule");
            if (e.id_node != nullptr && !e.rule.id.empty()) {
                const auto [it, fresh] = rule_ids.emplace(e.rule.id, e.id_node->loc);
                if (!fresh) {
                    r.error(*e.id_node, "duplicate rule id '" + e.rule.id + "'",
                            "'" + e.rule.id + "' is already used on line " + std::to_string(it->second.line));
                    continue;
                }
            }
            if (e.move_node != nullptr && e.fields.count("stage") != 0 &&
                !check_move(r, *e.move_node, e.rule.stage, e.rule.move, book->moves))
                continue;
            if (!e.ok) continue;
            if (e.rule.competency.empty()) e.rule.competency = std::string(default_competency(e.rule.stage));
            book->rules.push_back(std::move(e.rule));
        }
    }
    if (r.sink().errors() == 0) check_fallbacks(r, *book, move_nodes, root);
    read_engine_texts(r, root, book->texts);
    return book;
}

}  // namespace

namespace {

// ============================================================================================
// [SECTION] Scenario
// ============================================================================================

const std::vector<std::string> k_traits{
    "ego",           "patience",          "skepticism",   "price_sensitivity",
    "brand_loyalty", "detail_mindedness", "risk_aversion"};

bool is_scenario_id(std::string_view s) {
    if (s.empty() || s.front() == '-' || s.back() == '-') return false;
    return std::all_of(s.begin(), s.end(),
                       [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'; });
}

// Ids unique within one scenario (steps, leads, objections, needs...).
class IdRegistry {
public:
    IdRegistry(Reader& r, std::string what) : m_r(r), m_what(std::move(what)) {}
    /// Reads and registers the id; "" when missing or invalid.
    std::string take(const YNode& map, std::string_view where) {
        const YNode* id = m_r.require(map, "id", where);
        if (id == nullptr) return {};
        const std::optional<std::string> s = m_r.string(*id, "id");
        if (!s) return {};
        if (!is_id(*s)) {
            m_r.error(*id,
                      m_what + " id '" + *s + "' may use only lowercase letters, digits, '-', '_' and '.'");
            return {};
        }
        const auto [it, fresh] = m_seen.emplace(*s, id->loc);
        if (!fresh) {
            m_r.error(*id, "duplicate " + m_what + " id '" + *s + "'",
                      "'" + *s + "' is already used on line " + std::to_string(it->second.line) +
                          "; ids must be unique in the scenario");
            return {};
        }
        return *s;
    }
    std::vector<std::string> ids() const {
        std::vector<std::string> out;
        for (const auto& [id, loc] : m_seen) out.push_back(id);
        return out;
    }
    bool has(const std::string& id) const { return m_seen.count(id) != 0; }
    /// False when the list of ids itself could not be read: references to it are not checked then.
    bool usable = true;

private:
    Reader& m_r;
    std::string m_what;
    std::map<std::string, SourceLoc> m_seen;
};

void read_needs(Reader& r, const YNode& n, std::string_view what, std::vector<Need>& out, IdRegistry& ids) {
    if (!r.expect_seq(n, what)) return;
    for (const YNode& item : n.items) {
        if (!r.expect_map(item, what)) continue;
        r.check_keys(item, {"id", "text"}, "a need or motive");
        Need need;
        need.loc = item.loc;
        need.id = ids.take(item, "a need or motive");
        if (const YNode* t = r.require(item, "text", "a need or motive")) need.text = r.text(*t, "text");
        if (!need.id.empty()) out.push_back(std::move(need));
    }
}

void read_persona(Reader& r, const YNode& n, Persona& p, IdRegistry& need_ids, IdRegistry& motive_ids) {
    if (!r.expect_map(n, "persona")) return;
    r.check_keys(n, {"name", "role", "about", "authority", "traits", "start", "motives", "needs"}, "persona");
    if (const YNode* v = r.require(n, "name", "persona")) {
        if (auto s = r.string(*v, "name")) p.name = *s;
    }
    if (const YNode* v = Reader::get(n, "role")) p.role = r.text(*v, "role");
    if (const YNode* v = Reader::get(n, "about")) p.about = r.text(*v, "about");
    if (const YNode* v = Reader::get(n, "authority")) {
        if (auto s = r.string(*v, "authority")) {
            static const std::vector<std::string> valid{"full", "shared", "none"};
            if (std::find(valid.begin(), valid.end(), *s) != valid.end())
                p.authority = *s;
            else
                r.unknown(*v, "authority", *s, valid, "Authorities");
        }
    }
    for (const std::string& t : k_traits) p.traits[t] = 0.5;
    if (const YNode* v = Reader::get(n, "traits"); v != nullptr && r.expect_map(*v, "traits")) {
        for (std::size_t i = 0; i < v->map_size(); ++i) {
            const YNode& k = v->key(i);
            if (std::find(k_traits.begin(), k_traits.end(), k.value) == k_traits.end()) {
                r.unknown(k, "trait", k.value, k_traits, "Traits");
                continue;
            }
            if (auto d = r.number(v->val(i), "trait " + k.value, 0.0, 1.0)) p.traits[k.value] = *d;
        }
    }
    if (const YNode* v = Reader::get(n, "start"); v != nullptr && r.expect_map(*v, "start")) {
        r.check_keys(*v, {"trust", "interest", "patience", "readiness"}, "start");
        const std::pair<const char*, int*> fields[] = {{"trust", &p.start.trust},
                                                       {"interest", &p.start.interest},
                                                       {"patience", &p.start.patience},
                                                       {"readiness", &p.start.readiness}};
        for (const auto& [name, target] : fields)
            if (const YNode* x = Reader::get(*v, name))
                if (auto i = r.integer(*x, name, 0, 100)) *target = *i;
    }
    if (const YNode* v = Reader::get(n, "motives")) read_needs(r, *v, "motives", p.motives, motive_ids);
    if (const YNode* v = Reader::get(n, "needs")) read_needs(r, *v, "needs", p.needs, need_ids);
}

void read_product(Reader& r, const YNode& n, Scenario& sc) {
    if (!r.expect_map(n, "product")) return;
    r.check_keys(n, {"name", "complex"}, "product");
    if (const YNode* v = Reader::get(n, "name")) sc.product_name = r.text(*v, "name");
    if (const YNode* v = Reader::get(n, "complex"))
        if (auto b = r.boolean(*v, "complex")) sc.product_complex = *b;
}

// A reference to a need by id (an option's `discovers`, an objection's `turns_on`).
void check_need_ref(Reader& r, const YNode& at, const std::string& id, const IdRegistry& needs) {
    if (needs.has(id) || !needs.usable) return;
    const std::vector<std::string> valid = needs.ids();
    std::string help;
    const std::string guess = closest_match(id, valid);
    if (!guess.empty()) help = "did you mean '" + guess + "'? ";
    help +=
        valid.empty() ? "the persona lists no needs; add it under persona.needs" : "Needs: " + join(valid);
    r.error(at, "unknown need '" + id + "'", help);
}

void read_leads(Reader& r, const YNode& n, StageContent& st, IdRegistry& ids) {
    if (!r.expect_seq(n, "leads")) return;
    static const std::vector<std::string> keys{"id",        "name",     "about",
                                               "able",      "willing",  "authorised",
                                               "reachable", "need_met", "meets_requirements",
                                               "rank",      "outcome"};
    for (const YNode& item : n.items) {
        if (!r.expect_map(item, "lead")) continue;
        r.check_keys(item, keys, "a lead");
        Lead lead;
        lead.loc = item.loc;
        lead.id = ids.take(item, "a lead");
        if (const YNode* v = r.require(item, "name", "a lead")) lead.name = r.text(*v, "name");
        if (const YNode* v = Reader::get(item, "about")) lead.about = r.text(*v, "about");
        if (const YNode* v = Reader::get(item, "outcome")) lead.outcome = r.text(*v, "outcome");
        const std::pair<const char*, bool*> required[] = {
            {"able", &lead.able}, {"willing", &lead.willing}, {"authorised", &lead.authorised}};
        for (const auto& [name, target] : required)
            if (const YNode* v = r.require(item, name, "a lead"))
                if (auto b = r.boolean(*v, name)) *target = *b;
        const std::pair<const char*, bool*> optional[] = {{"reachable", &lead.reachable},
                                                          {"need_met", &lead.need_met},
                                                          {"meets_requirements", &lead.meets_requirements}};
        for (const auto& [name, target] : optional)
            if (const YNode* v = Reader::get(item, name))
                if (auto b = r.boolean(*v, name)) *target = *b;
        if (const YNode* v = Reader::get(item, "rank")) {
            if (auto i = r.integer(*v, "rank", 1, 1000)) lead.rank = *i;
        } else if (lead.qualified()) {
            r.error(item, "missing required key 'rank' in a qualified lead",
                    "rank the qualified leads: rank: 1 for the best");
        }
        st.leads.push_back(std::move(lead));
    }
    if (n.items.size() < 2)
        r.error(n, "prospecting needs at least two leads, found " + std::to_string(n.items.size()),
                "add another lead: choosing between leads is the lesson");
    else if (std::none_of(st.leads.begin(), st.leads.end(), [](const Lead& l) { return l.qualified(); }))
        r.error(n, "no lead is qualified", "make at least one lead able, willing, authorised and reachable");
}

void read_steps(Reader& r, const YNode& n, StageContent& st, IdRegistry& ids, const IdRegistry& needs,
                const RuleBook& book) {
    if (!r.expect_seq(n, "steps")) return;
    if (n.items.empty())
        r.error(n, "no steps in stage " + std::string(to_string(st.stage)), "add at least one step");
    for (const YNode& item : n.items) {
        if (!r.expect_map(item, "step")) continue;
        r.check_keys(item, {"id", "speaker", "prompt", "options"}, "a step");
        Step step;
        step.loc = item.loc;
        step.id = ids.take(item, "a step");
        if (const YNode* v = Reader::get(item, "speaker")) {
            if (auto s = r.string(*v, "speaker")) {
                if (*s == "narrator")
                    step.speaker = Speaker::Narrator;
                else if (*s == "buyer")
                    step.speaker = Speaker::Buyer;
                else if (*s == "seller")
                    step.speaker = Speaker::Seller;
                else
                    r.unknown(*v, "speaker", *s, {"narrator", "buyer", "seller"}, "Speakers");
            }
        }
        if (const YNode* v = Reader::get(item, "prompt")) step.prompt = r.text(*v, "prompt");
        const YNode* opts = r.require(item, "options", "a step");
        if (opts == nullptr || !r.expect_seq(*opts, "options")) continue;
        for (const YNode& on : opts->items) {
            if (!r.expect_map(on, "option")) continue;
            r.check_keys(on, {"move", "say", "reply", "narrate", "discovers"}, "a step option");
            StepOption opt;
            opt.loc = on.loc;
            if (const YNode* v = r.require(on, "move", "a step option")) {
                if (auto s = r.string(*v, "move")) {
                    opt.move = *s;
                    check_move(r, *v, st.stage, *s, book.moves);
                }
            }
            if (const YNode* v = Reader::get(on, "say")) opt.say = r.text(*v, "say");
            if (const YNode* v = Reader::get(on, "reply")) opt.reply = r.text(*v, "reply");
            if (const YNode* v = Reader::get(on, "narrate")) opt.narrate = r.text(*v, "narrate");
            if (const YNode* v = Reader::get(on, "discovers");
                v != nullptr && r.expect_seq(*v, "discovers")) {
                for (const YNode& d : v->items) {
                    if (auto s = r.string(d, "discovers")) {
                        check_need_ref(r, d, *s, needs);
                        opt.discovers.push_back(*s);
                    }
                }
            }
            step.options.push_back(std::move(opt));
        }
        if (opts->items.size() < 2)
            r.error(*opts, "a step needs at least two options, found " + std::to_string(opts->items.size()),
                    "add another option: a decision needs a choice");
        st.steps.push_back(std::move(step));
    }
}

template <typename Key>
void read_lines(Reader& r, const YNode& n, std::string_view what, std::map<Key, Text>& out,
                std::optional<Key> (*parse)(std::string_view), const std::vector<std::string>& valid,
                std::string_view kind, std::string_view list_name) {
    if (!r.expect_map(n, what)) return;
    for (std::size_t i = 0; i < n.map_size(); ++i) {
        const YNode& k = n.key(i);
        const std::optional<Key> key = parse(k.value);
        if (!key) {
            r.unknown(k, kind, k.value, valid, list_name);
            continue;
        }
        out[*key] = r.text(n.val(i), k.value);
    }
}

void read_objections(Reader& r, const YNode& n, StageContent& st, IdRegistry& ids, const IdRegistry& needs) {
    if (!r.expect_seq(n, "raise")) return;
    static const std::vector<std::string> keys{"id",        "kind",        "says",   "valid",   "ego",
                                               "trivial",   "misinformed", "excuse", "offsets", "hidden",
                                               "concealed", "turns_on",    "lines",  "replies"};
    std::vector<const YNode*> hidden_nodes;  // parallel to st.objections
    for (const YNode& item : n.items) {
        if (!r.expect_map(item, "objection")) continue;
        r.check_keys(item, keys, "an objection");
        Objection o;
        o.loc = item.loc;
        o.id = ids.take(item, "an objection");
        if (const YNode* v = r.require(item, "kind", "an objection")) {
            if (auto s = r.string(*v, "kind")) {
                if (auto k = parse_objection_kind(*s))
                    o.kind = *k;
                else
                    r.unknown(*v, "objection kind", *s, names_of(all_objection_kinds), "Kinds");
            }
        }
        if (const YNode* v = r.require(item, "says", "an objection")) o.says = r.text(*v, "says");
        const std::pair<const char*, bool*> flags[] = {
            {"valid", &o.valid},     {"ego", &o.ego},
            {"trivial", &o.trivial}, {"misinformed", &o.misinformed},
            {"excuse", &o.excuse},   {"concealed", &o.concealed}};
        for (const auto& [name, target] : flags)
            if (const YNode* v = Reader::get(item, name))
                if (auto b = r.boolean(*v, name)) *target = *b;
        o.offsets = o.valid;
        if (const YNode* v = Reader::get(item, "offsets"))
            if (auto b = r.boolean(*v, "offsets")) o.offsets = *b;
        const YNode* hidden = Reader::get(item, "hidden");
        if (hidden != nullptr)
            if (auto s = r.string(*hidden, "hidden")) o.hidden = *s;
        if (const YNode* v = Reader::get(item, "turns_on")) {
            if (auto s = r.string(*v, "turns_on")) {
                o.turns_on = *s;
                check_need_ref(r, *v, *s, needs);
            }
        }
        const std::vector<std::string> methods = names_of(all_methods);
        if (const YNode* v = Reader::get(item, "lines"))
            read_lines<Method>(r, *v, "lines", o.lines, parse_method, methods, "objection method", "Methods");
        if (const YNode* v = Reader::get(item, "replies"))
            read_lines<Method>(r, *v, "replies", o.replies, parse_method, methods, "objection method",
                               "Methods");
        if (o.id.empty()) continue;
        st.objections.push_back(std::move(o));
        hidden_nodes.push_back(hidden);
    }
    if (n.items.empty()) r.error(n, "no objections to raise", "add at least one objection under raise:");

    // Concealed objections come up only through the one objection that hides them.
    std::map<std::string, std::string> hidden_by;
    for (std::size_t i = 0; i < st.objections.size(); ++i) {
        const Objection& o = st.objections[i];
        if (o.hidden.empty()) continue;
        const YNode& at = *hidden_nodes[i];
        const auto target = std::find_if(st.objections.begin(), st.objections.end(),
                                         [&](const Objection& x) { return x.id == o.hidden; });
        if (target == st.objections.end()) {
            std::vector<std::string> valid;
            for (const Objection& x : st.objections)
                if (x.concealed) valid.push_back(x.id);
            std::string help;
            const std::string guess = closest_match(o.hidden, valid);
            if (!guess.empty()) help = "did you mean '" + guess + "'? ";
            help += valid.empty() ? "add the concealed objection to raise: with concealed: true"
                                  : "Concealed objections: " + join(valid);
            r.error(at, "unknown objection '" + o.hidden + "'", help);
        } else if (target->id == o.id) {
            r.error(at, "objection '" + o.id + "' cannot hide itself",
                    "name the concealed objection behind it");
        } else if (!target->concealed) {
            r.error(at, "objection '" + o.hidden + "' is hidden behind '" + o.id + "' but is not concealed",
                    "add concealed: true to objection '" + o.hidden + "'");
        } else if (const auto it = hidden_by.find(o.hidden); it != hidden_by.end()) {
            r.error(at, "objection '" + o.hidden + "' is already hidden behind '" + it->second + "'",
                    "a concealed objection is hidden behind exactly one other");
        } else {
            hidden_by[o.hidden] = o.id;
        }
    }
    bool any_open = false;
    for (const Objection& o : st.objections) {
        if (!o.concealed) {
            any_open = true;
        } else if (hidden_by.count(o.id) == 0) {
            r.sink().error(o.loc, 1, "concealed objection '" + o.id + "' is not hidden behind any other",
                           "add hidden: " + o.id + " to the objection that conceals it");
        }
    }
    if (!st.objections.empty() && !any_open)
        r.error(n, "every objection is concealed", "at least one objection must be raised openly");
}

}  // namespace

namespace {

void read_rubric(Reader& r, const YNode* n, Scenario& sc, const std::map<Stage, const YNode*>& stage_keys) {
    Rubric& rb = sc.rubric;
    std::map<Stage, int> given;
    if (n != nullptr && r.expect_map(*n, "rubric")) {
        r.check_keys(*n, {"weights", "pass", "pass_outcomes", "close_at", "close_attempts"}, "rubric");
        if (const YNode* w = Reader::get(*n, "weights"); w != nullptr && r.expect_map(*w, "weights")) {
            for (std::size_t i = 0; i < w->map_size(); ++i) {
                const YNode& k = w->key(i);
                const std::optional<Stage> st = parse_stage(k.value);
                if (!st) {
                    r.unknown(k, "stage", k.value, names_of(all_stages), "Stages");
                    continue;
                }
                if (stage_keys.count(*st) == 0) {
                    r.error(k, "weight for stage '" + k.value + "', which this scenario does not have",
                            "remove the weight, or add the stage under stages:");
                    continue;
                }
                if (auto v = r.integer(w->val(i), "weight of " + k.value, 0, 100)) given[*st] = *v;
            }
        }
        if (const YNode* v = Reader::get(*n, "pass"))
            if (auto i = r.integer(*v, "pass", 0, 100)) rb.pass = *i;
        if (const YNode* v = Reader::get(*n, "close_at"))
            if (auto i = r.integer(*v, "close_at", 0, 100)) rb.close_at = *i;
        if (const YNode* v = Reader::get(*n, "close_attempts"))
            if (auto i = r.integer(*v, "close_attempts", 1, 20)) rb.close_attempts = *i;
        if (const YNode* v = Reader::get(*n, "pass_outcomes");
            v != nullptr && r.expect_seq(*v, "pass_outcomes")) {
            rb.pass_outcomes.clear();
            static const std::vector<std::string> valid{"sale", "no_sale", "walked_away"};
            for (const YNode& item : v->items) {
                const std::optional<std::string> s = r.string(item, "pass_outcomes");
                if (!s) continue;
                const std::optional<Outcome> o = parse_outcome(*s);
                if (!o || *o == Outcome::InProgress)
                    r.unknown(item, "outcome", *s, valid, "Outcomes");
                else
                    rb.pass_outcomes.push_back(*o);
            }
        }
    }
    // Stages without a weight share evenly what the given weights leave of 100.
    std::vector<Stage> missing;
    int sum = 0;
    for (const auto& [st, node] : stage_keys) {
        if (const auto it = given.find(st); it != given.end())
            sum += it->second;
        else
            missing.push_back(st);
    }
    rb.weights = given;
    if (!missing.empty()) {
        const int left = 100 - sum;
        if (left < static_cast<int>(missing.size())) {
            std::vector<std::string> names;
            for (Stage st : missing) names.emplace_back(to_string(st));
            r.sink().error(
                n != nullptr ? n->loc : SourceLoc{1, 1}, 1,
                "the rubric weights leave nothing for " + join(names),
                "give those stages weights, or lower the others so that they add up to less than 100");
        } else {
            const int share = left / static_cast<int>(missing.size());
            int extra = left % static_cast<int>(missing.size());
            for (Stage st : missing) rb.weights[st] = share + (extra-- > 0 ? 1 : 0);
        }
    }
    int total = 0;
    for (const auto& [st, w] : rb.weights) total += w;
    if (!stage_keys.empty() && missing.empty() && total == 0)
        r.sink().error(n != nullptr ? n->loc : SourceLoc{1, 1}, 1, "all rubric weights are 0",
                       "give at least one stage a weight above 0");
}

// Applies the scenario's `rules:` to a copy of the book; returns the book itself when none.
std::shared_ptr<const RuleBook> apply_overrides(Reader& r, const YNode* n,
                                                std::shared_ptr<const RuleBook> book) {
    if (n == nullptr || n->kind == YNode::Kind::Null) return book;
    if (!r.expect_seq(*n, "rules") || n->items.empty()) return book;
    auto copy = std::make_shared<RuleBook>(*book);
    std::map<std::string, SourceLoc> seen;
    const int errors_before = r.sink().errors();
    for (const YNode& item : n->items) {
        RuleEntry e = parse_rule(r, item);
        if (item.kind != YNode::Kind::Map || e.id_node == nullptr || e.rule.id.empty()) continue;
        if (const auto [it, fresh] = seen.emplace(e.rule.id, e.id_node->loc); !fresh) {
            r.error(*e.id_node, "duplicate rule id '" + e.rule.id + "'",
                    "'" + e.rule.id + "' is already overridden on line " + std::to_string(it->second.line));
            continue;
        }
        const auto existing = std::find_if(copy->rules.begin(), copy->rules.end(),
                                           [&](const Rule& x) { return x.id == e.rule.id; });
        if (existing == copy->rules.end()) {
            require_rule_fields(r, e, "a new rule");
            if (e.move_node != nullptr && e.fields.count("stage") != 0)
                check_move(r, *e.move_node, e.rule.stage, e.rule.move, copy->moves);
            if (e.rule.competency.empty()) e.rule.competency = std::string(default_competency(e.rule.stage));
            copy->rules.push_back(std::move(e.rule));
            continue;
        }
        Rule& rule = *existing;
        const Rule& over = e.rule;
        const auto has = [&](const char* f) { return e.fields.count(f) != 0; };
        if (has("stage")) {
            rule.stage = over.stage;
            if (!has("competency")) rule.competency = std::string(default_competency(over.stage));
        }
        if (has("move")) rule.move = over.move;
        if (has("when")) rule.when = over.when;
        if (has("verdict")) rule.verdict = over.verdict;
        if (has("competency")) rule.competency = over.competency;
        if (has("reply")) rule.reply = over.reply;
        if (has("feedback")) rule.feedback = over.feedback;
        if (has("source")) rule.source = over.source;
        for (const std::string& k : e.effects) {
            Effects& fx = rule.effects;
            const Effects& ox = over.effects;
            if (k == "trust") fx.trust = ox.trust;
            if (k == "interest") fx.interest = ox.interest;
            if (k == "patience") fx.patience = ox.patience;
            if (k == "readiness") fx.readiness = ox.readiness;
            if (k == "resolves") fx.resolves = ox.resolves;
            if (k == "reveals") fx.reveals = ox.reveals;
            if (k == "closes") fx.closes = ox.closes;
            if (k == "resolves_last") fx.resolves_last = ox.resolves_last;
        }
        rule.file = over.file;
        rule.loc = over.loc;
        if (has("stage") || has("move"))
            check_move(r, e.move_node != nullptr ? *e.move_node : *e.id_node, rule.stage, rule.move,
                       copy->moves);
    }
    if (r.sink().errors() == errors_before) check_fallbacks(r, *copy, {}, *n);
    return copy;
}

std::shared_ptr<Scenario> read_scenario(Reader& r, const YNode& root,
                                        const std::shared_ptr<const RuleBook>& book, SourceLoc& id_loc) {
    auto sc = std::make_shared<Scenario>();
    if (!r.expect_map(root, "scenario")) return nullptr;
    r.check_keys(root,
                 {"format", "id", "title", "summary", "goals", "languages", "context", "difficulty",
                  "product", "facts", "persona", "rubric", "stages", "rules"},
                 "the scenario");
    check_format(r, root, "the scenario");
    // Languages first: every text below is checked against them.
    if (const YNode* v = r.require(root, "languages", "the scenario");
        v != nullptr && r.expect_seq(*v, "languages")) {
        for (const YNode& item : v->items) {
            const std::optional<std::string> s = r.string(item, "languages");
            if (!s) continue;
            if (!is_lang_code(*s))
                r.error(item, "'" + *s + "' is not a language code",
                        "use two- or three-letter codes such as en or fi");
            else if (std::find(sc->languages.begin(), sc->languages.end(), *s) != sc->languages.end())
                r.error(item, "language '" + *s + "' is listed twice", "list each language once");
            else
                sc->languages.push_back(*s);
        }
        if (v->items.empty()) r.error(*v, "no languages", "list at least one, for example languages: [en]");
    }
    r.set_languages(sc->languages);
    if (const YNode* v = r.require(root, "id", "the scenario")) {
        id_loc = v->loc;
        if (auto s = r.string(*v, "id")) {
            if (is_scenario_id(*s))
                sc->id = *s;
            else
                r.error(*v, "scenario id '" + *s + "' may use only lowercase letters, digits and '-'",
                        "for example id: chairs-agency");
        }
    }
    if (const YNode* v = r.require(root, "title", "the scenario")) sc->title = r.text(*v, "title");
    if (const YNode* v = Reader::get(root, "summary")) sc->summary = r.text(*v, "summary");
    if (const YNode* v = Reader::get(root, "goals"); v != nullptr && r.expect_seq(*v, "goals"))
        for (const YNode& g : v->items) sc->goals.push_back(r.text(g, "goals"));
    if (const YNode* v = r.require(root, "context", "the scenario")) {
        if (auto s = r.string(*v, "context")) {
            static const std::vector<std::string> valid{"b2b", "b2c", "retail"};
            if (std::find(valid.begin(), valid.end(), *s) != valid.end())
                sc->context = *s;
            else
                r.unknown(*v, "context", *s, valid, "Contexts");
        }
    }
    if (const YNode* v = r.require(root, "difficulty", "the scenario"))
        if (auto i = r.integer(*v, "difficulty", 1, 5)) sc->difficulty = *i;
    if (const YNode* v = Reader::get(root, "product")) read_product(r, *v, *sc);
    if (const YNode* v = Reader::get(root, "facts"); v != nullptr && r.expect_map(*v, "facts")) {
        for (std::size_t i = 0; i < v->map_size(); ++i) {
            const YNode& k = v->key(i);
            if (!is_name(k.value)) {
                r.error(k, "fact name '" + k.value + "' must be a snake_case name",
                        "use lowercase letters, digits and '_'");
                continue;
            }
            if (auto b = r.boolean(v->val(i), k.value)) sc->facts[k.value] = *b;
        }
    }
    IdRegistry need_ids(r, "need");
    IdRegistry motive_ids(r, "motive");
    if (const YNode* v = r.require(root, "persona", "the scenario")) {
        read_persona(r, *v, sc->persona, need_ids, motive_ids);
        const YNode* needs = v->kind == YNode::Kind::Map ? Reader::get(*v, "needs") : nullptr;
        need_ids.usable =
            v->kind == YNode::Kind::Map && (needs == nullptr || needs->kind == YNode::Kind::Seq);
    }

    std::map<Stage, const YNode*> stage_keys;
    IdRegistry step_ids(r, "step");
    IdRegistry lead_ids(r, "lead");
    IdRegistry objection_ids(r, "objection");
    if (const YNode* stages = r.require(root, "stages", "the scenario");
        stages != nullptr && r.expect_map(*stages, "stages")) {
        for (std::size_t i = 0; i < stages->map_size(); ++i) {
            const YNode& k = stages->key(i);
            if (auto st = parse_stage(k.value))
                stage_keys[*st] = &k;
            else
                r.unknown(k, "stage", k.value, names_of(all_stages), "Stages");
        }
        if (stages->map_size() == 0)
            r.error(*stages, "no stages", "add at least one stage, for example objections:");
        for (const auto& [stage, key] : stage_keys) {
            const YNode& content = *Reader::get(*stages, key->value);
            const std::string name(to_string(stage));
            StageContent sc_stage;
            sc_stage.stage = stage;
            sc_stage.loc = key->loc;
            if (move_ids_of(book->moves, stage).empty())
                r.error(*key, "the rule book has no moves for stage " + name,
                        "add the stage's moves to the rule book");
            if (!r.expect_map(content, name)) continue;
            if (const YNode* v = Reader::get(content, "intro")) sc_stage.intro = r.text(*v, "intro");
            switch (stage) {
                case Stage::Prospecting:
                    r.check_keys(content, {"intro", "leads"}, "stage prospecting");
                    if (const YNode* v = r.require(content, "leads", "stage prospecting"))
                        read_leads(r, *v, sc_stage, lead_ids);
                    break;
                case Stage::Objections:
                    r.check_keys(content, {"intro", "raise"}, "stage objections");
                    if (const YNode* v = r.require(content, "raise", "stage objections"))
                        read_objections(r, *v, sc_stage, objection_ids, need_ids);
                    break;
                case Stage::Closing: {
                    r.check_keys(content, {"intro", "lines", "replies"}, "stage closing");
                    const std::vector<std::string> techniques = names_of(all_techniques);
                    if (const YNode* v = Reader::get(content, "lines"))
                        read_lines<Technique>(r, *v, "lines", sc_stage.lines, parse_technique, techniques,
                                              "closing technique", "Techniques");
                    if (const YNode* v = Reader::get(content, "replies"))
                        read_lines<Technique>(r, *v, "replies", sc_stage.replies, parse_technique, techniques,
                                              "closing technique", "Techniques");
                    break;
                }
                default:
                    r.check_keys(content, {"intro", "steps"}, "stage " + name);
                    if (const YNode* v = r.require(content, "steps", "stage " + name))
                        read_steps(r, *v, sc_stage, step_ids, need_ids, *book);
                    break;
            }
            sc->stages.push_back(std::move(sc_stage));
        }
    }
    read_rubric(r, Reader::get(root, "rubric"), *sc, stage_keys);
    sc->rules = apply_overrides(r, Reader::get(root, "rules"), book);
    return sc;
}

// ============================================================================================
// [SECTION] Files and libraries
// ============================================================================================

std::string too_large_message(std::size_t size, std::size_t limit) {
    return "the file is too large (" + std::to_string(size) + " bytes; the limit is " +
           std::to_string(limit) + " bytes)";
}

// Shared front half of every load: limits, bytes and YAML. Null when the file is unusable.
std::optional<YNode> parse_bytes(std::string_view bytes, const std::string& path, const LoadOptions& opts,
                                 std::vector<Diagnostic>& out, std::unique_ptr<Source>& src) {
    if (bytes.size() > opts.max_bytes) {
        out.push_back(file_diagnostic(path, too_large_message(bytes.size(), opts.max_bytes),
                                      "split the content into smaller files"));
        return std::nullopt;
    }
    std::optional<std::string> text = check_bytes(bytes, path, out);
    if (!text) return std::nullopt;
    src = std::make_unique<Source>(path, std::move(*text));
    Sink sink(*src, out);
    return parse_tree(*src, sink, opts);
}

ScenarioLoad load_scenario_impl(std::string_view bytes, const std::string& path,
                                std::shared_ptr<const RuleBook> book, const LoadOptions& opts,
                                SourceLoc& id_loc) {
    ScenarioLoad out;
    if (!book) throw std::logic_error("load_scenario needs a rule book");
    std::unique_ptr<Source> src;
    std::optional<YNode> root = parse_bytes(bytes, path, opts, out.diagnostics, src);
    if (root) {
        Sink sink(*src, out.diagnostics);
        Reader r(sink, opts);
        std::shared_ptr<Scenario> sc = read_scenario(r, *root, book, id_loc);
        if (sc && sink.errors() == 0) {
            sc->path = path;
            sc->content_hash = content_hash(std::string(bytes) + "\nrulebook " + book->version);
            out.scenario = std::move(sc);
        }
    }
    sort_by_position(out.diagnostics);
    if (has_errors(out.diagnostics)) out.scenario.reset();
    return out;
}

}  // namespace

RuleBookLoad load_rulebook(std::string_view bytes, const std::string& path, const LoadOptions& opts) {
    RuleBookLoad out;
    std::unique_ptr<Source> src;
    std::optional<YNode> root = parse_bytes(bytes, path, opts, out.diagnostics, src);
    if (root) {
        Sink sink(*src, out.diagnostics);
        Reader r(sink, opts);
        r.set_languages({});
        std::shared_ptr<RuleBook> book = read_rulebook(r, *root);
        if (book && sink.errors() == 0) out.book = std::move(book);
    }
    sort_by_position(out.diagnostics);
    if (has_errors(out.diagnostics)) out.book.reset();
    return out;
}

RuleBookLoad load_rulebook_file(const std::string& path, const LoadOptions& opts) {
    RuleBookLoad out;
    const std::optional<std::string> bytes = read_file_checked(path, opts.max_bytes, out.diagnostics);
    if (!bytes) return out;
    return load_rulebook(*bytes, path, opts);
}

ScenarioLoad load_scenario(std::string_view bytes, const std::string& path,
                           std::shared_ptr<const RuleBook> book, const LoadOptions& opts) {
    SourceLoc id_loc;
    return load_scenario_impl(bytes, path, std::move(book), opts, id_loc);
}

ScenarioLoad load_scenario_file(const std::string& path, std::shared_ptr<const RuleBook> book,
                                const LoadOptions& opts) {
    ScenarioLoad out;
    const std::optional<std::string> bytes = read_file_checked(path, opts.max_bytes, out.diagnostics);
    if (!bytes) return out;
    return load_scenario(*bytes, path, std::move(book), opts);
}

const Scenario* Library::find(std::string_view id) const {
    for (const auto& s : scenarios)
        if (s->id == id) return s.get();
    return nullptr;
}

std::shared_ptr<const Scenario> Library::find_shared(std::string_view id) const {
    for (const auto& s : scenarios)
        if (s->id == id) return s;
    return nullptr;
}

namespace {

// A symbolic link in a library folder whose target lies outside that folder: the library would
// read a file its author never put there (a link planted to pull in, say, another user's files).
// Returns the target when `file` is such a link, "" otherwise.
std::string link_outside(const std::filesystem::path& file, const std::filesystem::path& dir) {
    namespace fs = std::filesystem;
    std::error_code ec;
    if (!fs::is_symlink(fs::symlink_status(file, ec))) return {};
    const fs::path target = fs::canonical(file, ec);
    if (ec) return {};  // dangling: refused later as a missing file
    const fs::path root = fs::canonical(dir, ec);
    if (ec) return target.string();
    const fs::path rel = target.lexically_relative(root);
    if (rel.empty() || *rel.begin() == "..") return target.string();
    return {};
}

Diagnostic link_outside_diagnostic(const std::string& path, const std::string& target) {
    return file_diagnostic(path, "a symbolic link to a file outside the folder (" + target + ")",
                           "copy the file into the folder instead of linking to it");
}

}  // namespace

Library load_library(const std::string& dir, const std::string& fallback_rulebook, const LoadOptions& opts) {
    namespace fs = std::filesystem;
    Library lib;
    lib.dir = dir;
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) {
        lib.diagnostics.push_back(file_diagnostic(dir,
                                                  fs::exists(dir, ec) ? "not a folder" : "no such folder",
                                                  "name the folder that holds the scenarios"));
        return lib;
    }
    const fs::path own_book = fs::path(dir) / "rulebook.yaml";
    std::string book_path = own_book.string();
    if (!fs::exists(own_book, ec) && !fallback_rulebook.empty()) book_path = fallback_rulebook;
    if (!fs::exists(book_path, ec)) {
        lib.diagnostics.push_back(file_diagnostic(book_path, "no rule book",
                                                  "the folder needs a rulebook.yaml beside its scenarios"));
        return lib;
    }
    if (const std::string target = link_outside(book_path, dir);
        !target.empty() && book_path == own_book.string()) {
        lib.diagnostics.push_back(link_outside_diagnostic(book_path, target));
        return lib;
    }
    RuleBookLoad book = load_rulebook_file(book_path, opts);
    lib.diagnostics = std::move(book.diagnostics);
    lib.book = book.book;
    if (!lib.book) return lib;

    std::vector<fs::path> files;
    for (const fs::directory_entry& entry : fs::directory_iterator(dir, ec)) {
        const fs::path& p = entry.path();
        if (p.extension() != ".yaml" || p.filename() == "rulebook.yaml") continue;
        if (!entry.is_regular_file(ec)) continue;
        if (const std::string target = link_outside(p, dir); !target.empty()) {
            lib.diagnostics.push_back(link_outside_diagnostic(p.string(), target));
            continue;
        }
        files.push_back(p);
    }
    if (ec) lib.diagnostics.push_back(file_diagnostic(dir, "cannot list the folder: " + ec.message(), {}));
    std::sort(files.begin(), files.end(), [](const fs::path& a, const fs::path& b) {
        return a.filename().string() < b.filename().string();
    });

    std::map<std::string, std::string> owner;  // scenario id -> file
    for (const fs::path& p : files) {
        ++lib.files;
        const std::string path = p.string();
        std::vector<Diagnostic> read_problems;
        const std::optional<std::string> bytes = read_file_checked(path, opts.max_bytes, read_problems);
        if (!bytes) {
            lib.diagnostics.insert(lib.diagnostics.end(), read_problems.begin(), read_problems.end());
            continue;
        }
        SourceLoc id_loc;
        ScenarioLoad one = load_scenario_impl(*bytes, path, lib.book, opts, id_loc);
        lib.diagnostics.insert(lib.diagnostics.end(), one.diagnostics.begin(), one.diagnostics.end());
        if (!one.scenario) continue;
        const auto [it, fresh] = owner.emplace(one.scenario->id, path);
        if (!fresh) {
            Diagnostic d;
            d.path = path;
            d.loc = id_loc;
            d.message = "duplicate scenario id '" + one.scenario->id + "'";
            d.help = "'" + one.scenario->id + "' is already the id of " + it->second +
                     "; give each scenario its own id";
            const Source src(path, *bytes);
            d.source_line = std::string(src.line(id_loc.line));
            d.length = std::max(1, src.token_length(id_loc, false));
            lib.diagnostics.push_back(std::move(d));
            continue;
        }
        lib.scenarios.push_back(one.scenario);
    }
    std::sort(lib.scenarios.begin(), lib.scenarios.end(),
              [](const auto& a, const auto& b) { return a->id < b->id; });
    return lib;
}

std::optional<std::string> read_file_checked(const std::string& path, std::size_t max_bytes,
                                             std::vector<Diagnostic>& out) {
    namespace fs = std::filesystem;
    std::error_code ec;
    const fs::file_status status = fs::status(path, ec);
    if (!fs::exists(status)) {
        out.push_back(file_diagnostic(path, "no such file", "check the path and the file name"));
        return std::nullopt;
    }
    if (fs::is_directory(status)) {
        out.push_back(file_diagnostic(path, "this is a folder, not a file", "name a .yaml file inside it"));
        return std::nullopt;
    }
    // A FIFO would block the open until someone writes to it, and a device never ends.
    if (!fs::is_regular_file(status)) {
        out.push_back(file_diagnostic(path, "not a regular file (a pipe, device or socket)",
                                      "name a .yaml file saved on disk"));
        return std::nullopt;
    }
    const std::uintmax_t size = fs::file_size(path, ec);
    if (!ec && size > max_bytes) {
        out.push_back(file_diagnostic(path, too_large_message(static_cast<std::size_t>(size), max_bytes),
                                      "split the content into smaller files"));
        return std::nullopt;
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        out.push_back(file_diagnostic(path, "cannot read the file: " + std::string(std::strerror(errno)),
                                      "check the file's permissions"));
        return std::nullopt;
    }
    // Read at most one byte past the limit: a file that grows while we read is still refused.
    std::string bytes;
    bytes.resize(max_bytes + 1);
    in.read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (in.bad()) {
        out.push_back(file_diagnostic(path, "cannot read the file: " + std::string(std::strerror(errno)),
                                      "check the file's permissions"));
        return std::nullopt;
    }
    bytes.resize(static_cast<std::size_t>(in.gcount()));
    if (bytes.size() > max_bytes) {
        out.push_back(file_diagnostic(path, too_large_message(bytes.size(), max_bytes),
                                      "split the content into smaller files"));
        return std::nullopt;
    }
    return bytes;
}

std::string content_hash(std::string_view bytes) {
    std::uint64_t h = 14695981039346656037ull;
    for (char c : bytes) {
        h ^= static_cast<unsigned char>(c);
        h *= 1099511628211ull;
    }
    static const char* digits = "0123456789abcdef";
    std::string out(16, '0');
    for (int i = 15; i >= 0; --i) {
        out[static_cast<std::size_t>(i)] = digits[h & 0xF];
        h >>= 4;
    }
    return out;
}

}  // namespace salesim
