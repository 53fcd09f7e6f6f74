// Internal to the loader: typed access to a YAML tree, every mismatch reported as a diagnostic.
#pragma once

#include "load/source_text.hpp"
#include "load/yaml_tree.hpp"
#include "salesim/diagnostic.hpp"
#include "salesim/loader.hpp"
#include "salesim/text.hpp"

#include <algorithm>
#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace salesim::load {

std::string kind_name(const YNode& n);
bool is_lang_code(std::string_view s);
bool is_name(std::string_view s);
// Ids of steps, leads, needs...: lowercase letters, digits, '-', '_' and '.'.
bool is_id(std::string_view s);

class Reader {
public:
    Reader(Sink& sink, const LoadOptions& opts) : m_sink(sink), m_opts(opts) {}

    Sink& sink() { return m_sink; }
    const std::string& path() const { return m_sink.source().path(); }

    /// Languages every text must have: the scenario's (warning) and the required ones (error).
    std::vector<std::string> languages;

    Diagnostic& error(std::string_view code, const YNode& at, std::string message, std::string help = {}) {
        return m_sink.error(code, at.loc, at.length, std::move(message), std::move(help));
    }
    Diagnostic& warning(std::string_view code, const YNode& at, std::string message, std::string help = {}) {
        return m_sink.add(Severity::Warning, code, at.loc, at.length, std::move(message), std::move(help));
    }

    /// "unknown X 'y'" with a suggestion and the valid names.
    void unknown(std::string_view code, const YNode& at, std::string_view what, const std::string& name,
                 const std::vector<std::string>& valid, std::string_view list_name);

    bool expect_map(const YNode& n, std::string_view what) {
        if (n.kind == YNode::Kind::Map) return true;
        error("wrong-type", n, "expected a map for '" + std::string(what) + "', found " + kind_name(n),
              "write the keys of '" + std::string(what) + "' as 'key: value' lines indented below it");
        return false;
    }

    bool expect_seq(const YNode& n, std::string_view what) {
        if (n.kind == YNode::Kind::Seq) return true;
        error("wrong-type", n, "expected a list for '" + std::string(what) + "', found " + kind_name(n),
              "write each entry of '" + std::string(what) + "' on its own line starting with '- '");
        return false;
    }

    /// Reports keys not in `allowed` (duplicates are reported while parsing).
    void check_keys(const YNode& map, const std::vector<std::string>& allowed, std::string_view where);

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

    const YNode* require(const YNode& map, std::string_view key, std::string_view where);

    std::optional<std::string> string(const YNode& n, std::string_view what);

    std::optional<bool> boolean(const YNode& n, std::string_view what);

    std::optional<int> integer(const YNode& n, std::string_view what, int lo, int hi);

    std::optional<double> number(const YNode& n, std::string_view what, double lo, double hi);

    /// A text: a plain string for every language or a map of languages. With `formal_variants`
    /// the map may also hold formal variants ("fi_formal", beside "fi"): only the rule book's move
    /// lines and rule replies are said differently to a buyer addressed formally.
    Text text(const YNode& n, std::string_view what, bool formal_variants = false);

    void check_languages(const YNode& n, const Text& t, std::string_view what);

    void set_languages(const std::vector<std::string>& scenario_langs);

private:
    static std::string fmt_num(double v);

    static std::string describe(const YNode& n);

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

}  // namespace salesim::load
