// YAML events to a positioned tree: anchors, aliases, tags and duplicate keys refused. The only
// place that talks to yaml-cpp.
#include "load/yaml_tree.hpp"

#include "load/byte_checks.hpp"

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>

#include <map>
#include <sstream>
#include <utility>

namespace salesim::load {

namespace {

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
        m_sink.error("alias-not-allowed", at, len, "alias '" + token(at, len) + "' is not allowed",
                     k_no_yaml_features_help);
        add(YNode{});
    }

    void OnAnchor(const YAML::Mark& mark, const std::string& name) override {
        const SourceLoc at = m_src.loc(mark.line, mark.column);
        m_sink.error("anchor-not-allowed", at, count_chars(name) + 1, "anchor '&" + name + "' is not allowed",
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
        if (!n.plain) check_closed(mark, n.loc);
        if (n.plain && value == "<<" && is_key_position())
            m_sink.error("merge-key-not-allowed", n.loc, 2, "merge key '<<' is not allowed",
                         k_no_yaml_features_help);
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

    // yaml-cpp takes a quoted string that runs to the end of the file without its closing quote as
    // if it were closed; the raw text tells.
    void check_closed(const YAML::Mark& mark, SourceLoc at) {
        const std::string& text = m_src.text();
        if (mark.pos < 0 || static_cast<std::size_t>(mark.pos) >= text.size()) return;
        const char quote = text[static_cast<std::size_t>(mark.pos)];
        if (quote != '"' && quote != '\'') return;
        for (std::size_t i = static_cast<std::size_t>(mark.pos) + 1; i < text.size(); ++i) {
            if (quote == '"' && text[i] == '\\') {
                ++i;
                continue;
            }
            if (text[i] != quote) continue;
            if (quote == '\'' && i + 1 < text.size() && text[i + 1] == '\'') {
                ++i;
                continue;
            }
            return;
        }
        m_sink.error("quote-not-closed", at, 1,
                     std::string("this string's closing quote (") + quote +
                         ") is missing: it runs to the end of the file",
                     "add the closing quote where the text ends");
    }

    void check_tag(SourceLoc at, const std::string& tag) {
        if (tag.empty() || tag == "?" || tag == "!") return;
        // The tag is written just before the node; show it as written.
        m_sink.error("tag-not-allowed", at, static_cast<int>(count_chars(tag)),
                     "tag '" + tag + "' is not allowed", k_no_yaml_features_help);
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
            m_sink.error("nesting-too-deep", m_stack.back().loc, 1,
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
                m_sink.error("key-not-a-name", k.loc, 1, "a key must be a plain name, not a list or a map",
                             "write keys as 'name: value'");
                continue;
            }
            const auto [it, fresh] = seen.emplace(k.value, k.loc);
            if (!fresh) {
                m_sink.error("duplicate-key", k.loc, k.length, "duplicate key '" + k.value + "'",
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

}  // namespace

// Parses the text into a tree; nullopt when it is not usable YAML (every reason reported).
std::optional<YNode> parse_tree(const Source& src, Sink& sink, const LoadOptions& opts) {
    const int errors_before = sink.errors();
    const ScanResult scan = scan_layout(src, sink, opts.max_depth);
    if (scan.deep) {
        sink.error("nesting-too-deep", scan.first_too_deep, 1,
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
        std::string_view code = "yaml-syntax";
        if (msg == YAML::ErrorMsg::UNKNOWN_ANCHOR) {
            code = "alias-not-allowed";
            msg = "alias is not allowed";
            help = k_no_yaml_features_help;
        } else {
            msg = "YAML syntax error: " + msg;
        }
        if (e.mark.is_null()) at = {src.line_count(), 1};
        sink.error(code, at, 1, std::move(msg), std::move(help));
        return std::nullopt;
    }
    if (builder.documents > 1) {
        sink.error("multiple-documents", builder.second_document, 3,
                   "more than one YAML document in the file",
                   "a file holds one scenario or one rule book; remove the '---' and what follows");
    }
    if (sink.errors() > errors_before) return std::nullopt;
    if (!builder.root || builder.root->kind == YNode::Kind::Null) {
        sink.error("empty-file", {1, 1}, 1, "the file is empty", "a file starts with 'format: 1'");
        return std::nullopt;
    }
    return std::move(builder.root);
}

// Shared front half of every load: limits, bytes and YAML. Null when the file is unusable.
std::optional<YNode> parse_bytes(std::string_view bytes, const std::string& path, const LoadOptions& opts,
                                 std::vector<Diagnostic>& out, std::unique_ptr<Source>& src) {
    if (bytes.size() > opts.max_bytes) {
        out.push_back(file_diagnostic("file-too-large", path, too_large_message(bytes.size(), opts.max_bytes),
                                      "split the content into smaller files"));
        return std::nullopt;
    }
    std::optional<std::string> text = check_bytes(bytes, path, out);
    if (!text) return std::nullopt;
    src = std::make_unique<Source>(path, std::move(*text));
    Sink sink(*src, out);
    return parse_tree(*src, sink, opts);
}

}  // namespace salesim::load
