// Typed access to a YAML tree (texts, numbers, keys, languages), every mismatch reported as a diagnostic.
#include "load/reader.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <sstream>
#include <string>
#include <string_view>
#include <system_error>

namespace salesim::load {

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

bool is_id(std::string_view s) {
    if (s.empty() || !((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= '0' && s[0] <= '9'))) return false;
    return std::all_of(s.begin(), s.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
    });
}

void Reader::unknown(std::string_view code, const YNode& at, std::string_view what, const std::string& name,
                     const std::vector<std::string>& valid, std::string_view list_name) {
    std::string help;
    const std::string guess = closest_match(name, valid);
    if (!guess.empty()) help = "did you mean '" + guess + "'? ";
    help += std::string(list_name) + ": " + join(valid);
    error(code, at, "unknown " + std::string(what) + " '" + name + "'", std::move(help));
}
void Reader::check_keys(const YNode& map, const std::vector<std::string>& allowed, std::string_view where) {
    for (std::size_t i = 0; i < map.map_size(); ++i) {
        const YNode& k = map.key(i);
        if (k.kind != YNode::Kind::Scalar) continue;
        if (std::find(allowed.begin(), allowed.end(), k.value) != allowed.end()) continue;
        std::string help;
        const std::string guess = closest_match(k.value, allowed);
        if (!guess.empty()) help = "did you mean '" + guess + "'? ";
        help += "Keys: " + join(allowed);
        error("unknown-key", k, "unknown key '" + k.value + "' in " + std::string(where), std::move(help));
    }
}
const YNode* Reader::require(const YNode& map, std::string_view key, std::string_view where) {
    const YNode* n = get(map, key);
    if (n == nullptr) {
        error("missing-key", map, "missing required key '" + std::string(key) + "' in " + std::string(where),
              "add '" + std::string(key) + ": ...' to " + std::string(where));
    }
    return n;
}
std::optional<std::string> Reader::string(const YNode& n, std::string_view what) {
    if (n.kind == YNode::Kind::Scalar) return n.value;
    error("wrong-type", n, "expected a text for '" + std::string(what) + "', found " + kind_name(n),
          "write it as '" + std::string(what) + ": some text'");
    return std::nullopt;
}
std::optional<bool> Reader::boolean(const YNode& n, std::string_view what) {
    if (n.kind == YNode::Kind::Scalar && n.plain) {
        if (n.value == "true" || n.value == "True" || n.value == "TRUE") return true;
        if (n.value == "false" || n.value == "False" || n.value == "FALSE") return false;
    }
    error("wrong-type", n, "'" + std::string(what) + "' must be true or false, not " + describe(n),
          n.kind == YNode::Kind::Scalar && !n.plain
              ? "write true or false without quotes"
              : "write '" + std::string(what) + ": true' or '" + std::string(what) + ": false'");
    return std::nullopt;
}
std::optional<int> Reader::integer(const YNode& n, std::string_view what, int lo, int hi) {
    const std::string range = std::to_string(lo) + " and " + std::to_string(hi);
    if (n.kind != YNode::Kind::Scalar || !n.plain) {
        error("wrong-type", n,
              "'" + std::string(what) + "' must be a whole number between " + range + ", not " + describe(n),
              n.kind == YNode::Kind::Scalar ? "write the number without quotes" : std::string());
        return std::nullopt;
    }
    long long v = 0;
    std::string_view s = n.value;
    if (!s.empty() && s[0] == '+') s.remove_prefix(1);
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec == std::errc::result_out_of_range ||
        (ec == std::errc() && end == s.data() + s.size() && (v < lo || v > hi))) {
        error("out-of-range", n, "'" + std::string(what) + "' is out of range: " + n.value,
              "use a whole number between " + range);
        return std::nullopt;
    }
    if (ec != std::errc() || end != s.data() + s.size() || s.empty()) {
        error("wrong-type", n,
              "'" + std::string(what) + "' must be a whole number between " + range + ", not '" + n.value +
                  "'");
        return std::nullopt;
    }
    return static_cast<int>(v);
}
std::optional<double> Reader::number(const YNode& n, std::string_view what, double lo, double hi) {
    const std::string range = fmt_num(lo) + " and " + fmt_num(hi);
    if (n.kind != YNode::Kind::Scalar || !n.plain) {
        error("wrong-type", n,
              "'" + std::string(what) + "' must be a number between " + range + ", not " + describe(n),
              n.kind == YNode::Kind::Scalar ? "write the number without quotes" : std::string());
        return std::nullopt;
    }
    std::string lowered = n.value;
    for (char& c : lowered) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (lowered == ".nan" || lowered == "nan" || lowered.find(".inf") != std::string::npos ||
        lowered.find("inf") != std::string::npos) {
        error("out-of-range", n, "'" + std::string(what) + "' must be a finite number, not '" + n.value + "'",
              "use a number between " + range);
        return std::nullopt;
    }
    double v = 0;
    std::string_view s = n.value;
    if (!s.empty() && s[0] == '+') s.remove_prefix(1);
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec == std::errc::result_out_of_range ||
        (ec == std::errc() && end == s.data() + s.size() && (!std::isfinite(v) || v < lo || v > hi))) {
        error("out-of-range", n, "'" + std::string(what) + "' is out of range: " + n.value,
              "use a number between " + range);
        return std::nullopt;
    }
    if (ec != std::errc() || end != s.data() + s.size() || s.empty()) {
        error("wrong-type", n,
              "'" + std::string(what) + "' must be a number between " + range + ", not '" + n.value + "'");
        return std::nullopt;
    }
    return v;
}
namespace {

// "fi" for "fi_formal", "" for a key that is not a formal variant.
std::string_view formal_variant_of(std::string_view key) {
    constexpr std::string_view suffix = "_formal";
    if (key.size() <= suffix.size() || key.substr(key.size() - suffix.size()) != suffix) return {};
    const std::string_view lang = key.substr(0, key.size() - suffix.size());
    return is_lang_code(lang) ? lang : std::string_view{};
}

}  // namespace

Text Reader::text(const YNode& n, std::string_view what, bool formal_variants) {
    Text t;
    if (n.kind == YNode::Kind::Scalar) {
        t.by_lang["*"] = n.value;
        return t;
    }
    if (n.kind != YNode::Kind::Map) {
        error("wrong-type", n, "expected a text for '" + std::string(what) + "', found " + kind_name(n),
              "write a string, or one per language: {en: \"...\", fi: \"...\"}");
        return t;
    }
    for (std::size_t i = 0; i < n.map_size(); ++i) {
        const YNode& k = n.key(i);
        const YNode& v = n.val(i);
        if (k.kind != YNode::Kind::Scalar) continue;
        const std::string_view formal_of = formal_variant_of(k.value);
        if (!formal_of.empty() && !formal_variants) {
            error("misplaced-formal-variant", k,
                  "'" + k.value + "' is not read in '" + std::string(what) +
                      "': only the rule book's move lines and rule replies have formal variants",
                  "write this text in the register the buyer is addressed in, under " +
                      std::string(formal_of) + ": \"...\"");
            continue;
        }
        if (formal_of.empty() && !is_lang_code(k.value)) {
            error("invalid-language-code", k, "'" + k.value + "' is not a language code",
                  "use two- or three-letter codes such as en or fi");
            continue;
        }
        if (v.kind != YNode::Kind::Scalar) {
            error("wrong-type", v,
                  "expected the " + k.value + " text of '" + std::string(what) + "', found " + kind_name(v),
                  "write it as " + k.value + ": \"...\"");
            continue;
        }
        t.by_lang[k.value] = v.value;
    }
    if (n.map_size() == 0) {
        error("empty-text", n, "empty text for '" + std::string(what) + "'",
              "write a string, or {en: \"...\", fi: \"...\"}");
        return t;
    }
    for (std::size_t i = 0; i < n.map_size(); ++i) {
        const YNode& k = n.key(i);
        if (k.kind != YNode::Kind::Scalar || !formal_variants) continue;
        const std::string_view lang = formal_variant_of(k.value);
        if (lang.empty() || t.by_lang.count(std::string(lang)) != 0) continue;
        error("formal-without-plain", k,
              "'" + k.value + "' of '" + std::string(what) + "' has no plain '" + std::string(lang) +
                  "' beside it",
              "add " + std::string(lang) + ": \"...\" beside it: it is said to a buyer addressed informally");
    }
    check_languages(n, t, what);
    return t;
}
void Reader::check_languages(const YNode& n, const Text& t, std::string_view what) {
    for (const std::string& lang : languages) {
        if (t.has(lang)) continue;
        const bool required = std::find(m_opts.require_langs.begin(), m_opts.require_langs.end(), lang) !=
                              m_opts.require_langs.end();
        const std::string message = "text '" + std::string(what) + "' has no '" + lang + "' version";
        const std::string help = "add " + lang + ": \"...\" to it" +
                                 (required ? std::string(" (the language is required)")
                                           : " (the file promises languages " + join(m_scenario_langs) + ")");
        if (required)
            error("missing-translation", n, message, help).ref = lang;
        else
            warning("missing-translation", n, message, help).ref = lang;
    }
}
void Reader::set_languages(const std::vector<std::string>& scenario_langs) {
    m_scenario_langs = scenario_langs;
    languages = scenario_langs;
    for (const std::string& l : m_opts.require_langs)
        if (std::find(languages.begin(), languages.end(), l) == languages.end()) languages.push_back(l);
}
std::string Reader::fmt_num(double v) {
    std::ostringstream os;
    os << v;
    return os.str();
}
std::string Reader::describe(const YNode& n) {
    if (n.kind == YNode::Kind::Scalar)
        return n.plain ? "'" + n.value + "'" : "the string \"" + n.value + "\"";
    return kind_name(n);
}

}  // namespace salesim::load
