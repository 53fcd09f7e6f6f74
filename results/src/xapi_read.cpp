// xAPI import, one statement at a time: its JSON checked without building it, then each statement
// read into the few typed facts the import needs (xapi_import.cpp writes them into the store).
//
// A file is read in passes that never hold it as one JSON tree (that took 6.4 times the file's
// size): the nesting depth on the raw bytes, the syntax with the parser's SAX interface (no tree),
// then one statement at a time, each parsed alone and kept only as the few typed facts the import
// needs. Everything is checked before the one transaction that writes it.
#include "xapi_internal.hpp"

#include "salesim/loader.hpp"
#include "salesim/results/json_limits.hpp"
#include "salesim/results/names.hpp"
#include "salesim/results/uuid.hpp"
#include "salesim/scenario_id.hpp"

#include <charconv>
#include <cstdio>

namespace salesim::results {

using namespace xapi_detail;

namespace {

const std::string nul_help =
    "help: no text in Salesim holds a NUL character; remove the \\u0000 from the file and import it again";
const std::string name_help =
    "help: a name is 1 to 200 characters of text without control characters; correct it in the file "
    "and import it again";

std::optional<Verb> verb_of(const std::string& iri) {
    if (iri == verb_attempted) return Verb::Attempted;
    if (iri == verb_answered) return Verb::Answered;
    if (iri == verb_completed) return Verb::Completed;
    if (iri == verb_passed) return Verb::Passed;
    if (iri == verb_failed) return Verb::Failed;
    if (iri == verb_abandoned) return Verb::Abandoned;
    return std::nullopt;
}

int hex_digit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// "%41" becomes "A"; a '%' not followed by two hex digits stays as it is.
std::string percent_decode(std::string_view s) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const int hi = s[i] == '%' && i + 2 < s.size() ? hex_digit(s[i + 1]) : -1;
        const int lo = hi >= 0 ? hex_digit(s[i + 2]) : -1;
        if (lo >= 0) {
            out += static_cast<char>(hi * 16 + lo);
            i += 2;
        } else {
            out += s[i];
        }
    }
    return out;
}

}  // namespace

// At most `limit` characters of `s` for a message, with what cannot be seen written out the way
// the terminal front end shows it (app::display_line): ESC as \e, another control character as
// \x01 or \u202E, a byte that is not UTF-8 as \xff. A name of a million characters, or one that
// would move the cursor, stays one short readable line.
std::string xapi_detail::shown(std::string_view s, std::size_t limit) {
    std::string out;
    std::size_t chars = 0;
    char buf[16];
    for (std::size_t pos = 0; pos < s.size();) {
        if (chars == limit) return out + "…";
        ++chars;
        const auto cp = decode_utf8(s.substr(pos));
        if (!cp) {
            std::snprintf(buf, sizeof buf, "\\x%02x",
                          static_cast<unsigned>(static_cast<unsigned char>(s[pos])));
            out += buf;
            ++pos;
            continue;
        }
        const char32_t v = cp->value;
        static constexpr std::string_view named = "\\a\\b\\t\\n\\v\\f\\r";  // U+0007 to U+000D
        if (!is_control_code_point(v)) {
            out += s.substr(pos, cp->bytes);
        } else if (v >= 0x07 && v <= 0x0D) {
            out += named.substr((v - 0x07) * 2, 2);
        } else if (v == 0x1B) {
            out += "\\e";
        } else {
            std::snprintf(buf, sizeof buf, v < 0x80 ? "\\x%02x" : "\\u%04X", static_cast<unsigned>(v));
            out += buf;
        }
        pos += cp->bytes;
    }
    return out;
}

namespace {

std::string where(const std::string& source, const ParsedStatement& s) {
    std::string w = source + ": statement " + std::to_string(s.number);
    if (!s.id.empty()) w += " (id " + shown(s.id) + ")";
    return w;
}

}  // namespace

[[noreturn]] void xapi_detail::fail(const std::string& source, const ParsedStatement& s,
                                    const std::string& what, const std::string& help) {
    throw StoreError(where(source, s) + ": error: " + what + "\n" + help);
}

namespace {

const json& need(const std::string& source, const ParsedStatement& s, const json& obj,
                 const std::string& path) {
    const json* cur = &obj;
    std::size_t start = 0;
    while (start <= path.size()) {
        std::size_t dot = path.find('.', start);
        const std::string key =
            path.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
        if (!cur->is_object() || !cur->contains(key)) fail(source, s, "missing " + path);
        cur = &(*cur)[key];
        if (dot == std::string::npos) break;
        start = dot + 1;
    }
    return *cur;
}

const json& need_ext(const std::string& source, const ParsedStatement& s, const json& holder,
                     const std::string& iri) {
    if (!holder.is_object() || !holder.contains("extensions") || !holder["extensions"].is_object() ||
        !holder["extensions"].contains(iri))
        fail(source, s, "missing the extension " + iri);
    return holder["extensions"][iri];
}

// A text the import keeps: a NUL in it would cut it short wherever it is shown or written.
std::string checked_text(const std::string& source, const ParsedStatement& s, const std::string& v,
                         const std::string& what) {
    if (const std::size_t nul = v.find('\0'); nul != std::string::npos)
        fail(source, s,
             what + " holds a NUL character (U+0000) after '" + shown(std::string_view(v).substr(0, nul)) +
                 "'",
             nul_help);
    return v;
}

std::string need_string(const std::string& source, const ParsedStatement& s, const json& v,
                        const std::string& what) {
    if (!v.is_string()) fail(source, s, what + " must be a string");
    return checked_text(source, s, v.get_ref<const std::string&>(), what);
}

int need_int(const std::string& source, const ParsedStatement& s, const json& v, const std::string& what) {
    if (!v.is_number_integer()) fail(source, s, what + " must be a whole number");
    // Scores, points and counts: anything beyond a billion is a damaged file, not a result.
    constexpr std::int64_t limit = 1'000'000'000;
    if (v.is_number_unsigned()) {
        if (v.get<std::uint64_t>() > static_cast<std::uint64_t>(limit))
            fail(source, s, what + " is out of range (" + v.dump() + ")");
        return static_cast<int>(v.get<std::uint64_t>());
    }
    const std::int64_t n = v.get<std::int64_t>();
    if (n < -limit || n > limit) fail(source, s, what + " is out of range (" + v.dump() + ")");
    return static_cast<int>(n);
}

// The member `key` of `v`, or null when `v` is not an object or has no such member, so a chain of
// optional parts never throws, whatever shape a file gives them.
const json& member(const json& v, const char* key) {
    static const json null_value;
    if (!v.is_object()) return null_value;
    auto it = v.find(key);
    return it == v.end() ? null_value : *it;
}

// An optional text: "" when absent or not a string.
std::string opt_string(const std::string& source, const ParsedStatement& s, const json& obj, const char* key,
                       const std::string& what) {
    const json& v = member(obj, key);
    return v.is_string() ? checked_text(source, s, v.get_ref<const std::string&>(), what) : std::string();
}

// The first text of a language map ({"en-US": "..."}), or "".
std::string first_name(const std::string& source, const ParsedStatement& s, const json& name_map,
                       const std::string& what) {
    if (!name_map.is_object() || name_map.empty()) return {};
    const auto& v = name_map.begin().value();
    return v.is_string() ? checked_text(source, s, v.get_ref<const std::string&>(), what) : std::string();
}

std::map<std::string, int> int_map(const std::string& source, const ParsedStatement& s, const json& v,
                                   const std::string& what) {
    if (!v.is_object()) fail(source, s, what + " must be an object");
    std::map<std::string, int> out;
    for (const auto& [k, val] : v.items())
        out[checked_text(source, s, k, what + " key")] = need_int(source, s, val, what + "." + k);
    return out;
}

void check_name(const std::string& source, const ParsedStatement& s, const std::string& name,
                const std::string& what) {
    if (auto why = name_problem(name)) fail(source, s, what + " '" + shown(name) + "' " + *why, name_help);
}

DecisionRow decision_from(const std::string& source, const ParsedStatement& s, const json& body) {
    const json& d = need_ext(source, s, need(source, s, body, "result"), ext_decision);
    if (!d.is_object()) fail(source, s, "the decision extension must be an object");
    DecisionRow r;
    r.index = need_int(source, s, need(source, s, d, "index"), "index");
    if (r.index < 0) fail(source, s, "the decision index must not be negative");
    r.stage = need_string(source, s, need(source, s, d, "stage"), "stage");
    if (!parse_stage(r.stage)) fail(source, s, "unknown stage '" + shown(r.stage) + "'");
    r.kind = need_string(source, s, need(source, s, d, "kind"), "kind");
    r.ref = need_string(source, s, need(source, s, d, "ref"), "ref");
    r.objection_kind = opt_string(source, s, d, "objection_kind", "objection_kind");
    r.move = need_string(source, s, need(source, s, d, "move"), "move");
    r.rule_id = need_string(source, s, need(source, s, d, "rule"), "rule");
    r.verdict = need_string(source, s, need(source, s, d, "verdict"), "verdict");
    if (!parse_verdict(r.verdict)) fail(source, s, "unknown verdict '" + shown(r.verdict) + "'");
    r.points = need_int(source, s, need(source, s, d, "points"), "points");
    const json& hinted = need(source, s, d, "hinted");
    if (!hinted.is_boolean()) fail(source, s, "hinted must be true or false");
    r.hinted = hinted.get<bool>();
    const json& best = need(source, s, d, "best_moves");
    if (!best.is_array()) fail(source, s, "best_moves must be a list");
    for (const json& m : best) r.best_moves.push_back(need_string(source, s, m, "best_moves[]"));
    r.chosen = need_int(source, s, need(source, s, d, "chosen"), "chosen");
    r.timestamp = s.timestamp;
    return r;
}

std::unique_ptr<StartFacts> start_from(const std::string& source, const ParsedStatement& s,
                                       const json& body) {
    auto f = std::make_unique<StartFacts>();
    const json& ctx = need(source, s, body, "context");
    const json& who = need_ext(source, s, ctx, ext_trainee);
    Trainee& t = f->trainee;
    t.uuid = need_string(source, s, need(source, s, who, "uuid"), "trainee uuid");
    if (!is_uuid(t.uuid)) fail(source, s, "trainee uuid '" + shown(t.uuid) + "' is not a UUID");
    t.name = need_string(source, s, need(source, s, who, "name"), "the trainee's name");
    check_name(source, s, t.name, "the trainee's name");
    t.external_id = opt_string(source, s, who, "external_id", "the trainee's external id");
    if (!t.external_id.empty()) check_name(source, s, t.external_id, "the trainee's external id");
    t.email = opt_string(source, s, who, "email", "the trainee's e-mail");
    if (!t.email.empty()) check_name(source, s, t.email, "the trainee's e-mail");
    const json& grouping = member(member(ctx, "contextActivities"), "grouping");
    if (grouping.is_array()) {
        for (const json& g : grouping) {
            std::string name =
                first_name(source, s, member(member(g, "definition"), "name"), "a group's name");
            if (name.empty()) {
                const std::string id = opt_string(source, s, g, "id", "a group's id");
                name =
                    checked_text(source, s, percent_decode(id.substr(id.rfind('/') + 1)), "a group's name");
            }
            if (name.empty()) continue;
            check_name(source, s, name, "the group's name");
            f->groups.push_back(std::move(name));
        }
    }
    Attempt& a = f->attempt;
    a.uuid = s.registration;
    a.scenario_id = need_string(source, s, need_ext(source, s, ctx, ext_scenario), "scenario");
    if (!is_scenario_id(a.scenario_id))
        fail(source, s,
             "scenario id '" + shown(a.scenario_id) + "' may use only lowercase letters, digits and '-'",
             "help: a scenario id is written like tutorial-first-sale; this file was not written by "
             "`salesim export --format xapi`, or was changed since");
    a.scenario_title = first_name(source, s, member(member(member(body, "object"), "definition"), "name"),
                                  "the scenario's title");
    a.content_hash = need_string(source, s, need_ext(source, s, ctx, ext_hash), "content hash");
    a.rulebook_version = need_string(source, s, need_ext(source, s, ctx, ext_rulebook), "rule-book version");
    a.persona = need_string(source, s, need_ext(source, s, ctx, ext_persona), "persona");
    const std::string seed = need_string(source, s, need_ext(source, s, ctx, ext_seed), "seed");
    const auto [end, ec] = std::from_chars(seed.data(), seed.data() + seed.size(), a.seed);
    if (seed.empty() || ec != std::errc() || end != seed.data() + seed.size())
        fail(source, s,
             "the seed '" + shown(seed) + "' is not a whole number from 0 to 18446744073709551615");
    a.lang = opt_string(source, s, ctx, "language", "language");
    // Statements exported before modes have none: those attempts were guided.
    if (const json& mode = member(member(ctx, "extensions"), ext_mode.c_str()); !mode.is_null()) {
        const auto m = mode.is_string() ? parse_mode(mode.get<std::string>()) : std::nullopt;
        if (!m) fail(source, s, "the mode extension must be one of " + mode_ids());
        a.mode = *m;
    }
    a.started = s.timestamp;
    return f;
}

std::unique_ptr<FinalFacts> final_from(const std::string& source, const ParsedStatement& s,
                                       const json& body) {
    auto f = std::make_unique<FinalFacts>();
    const json& result = need(source, s, body, "result");
    f->overall = need_int(source, s, need(source, s, result, "score.raw"), "result.score.raw");
    const json& success = need(source, s, result, "success");
    if (!success.is_boolean()) fail(source, s, "result.success must be true or false");
    f->passed = success.get<bool>();
    f->outcome = need_string(source, s, need_ext(source, s, result, ext_outcome), "outcome");
    if (!parse_outcome(f->outcome)) fail(source, s, "unknown outcome '" + shown(f->outcome) + "'");
    f->hints = need_int(source, s, need_ext(source, s, result, ext_hints), "hints");
    const json& scores = need_ext(source, s, result, ext_scores);
    f->stage_scores = int_map(source, s, need(source, s, scores, "stages"), "stages");
    f->competency_scores = int_map(source, s, need(source, s, scores, "competencies"), "competencies");
    return f;
}

}  // namespace

void xapi_detail::read_statement(const std::string& source, const json& body, ParsedStatement& s) {
    if (!body.is_object()) fail(source, s, "a statement must be a JSON object");
    s.id = need_string(source, s, need(source, s, body, "id"), "id");
    if (!is_uuid(s.id)) fail(source, s, "id '" + shown(s.id) + "' is not a UUID");
    const std::string verb = need_string(source, s, need(source, s, body, "verb.id"), "verb.id");
    const auto v = verb_of(verb);
    if (!v) fail(source, s, "verb " + shown(verb, 80) + " is not one Salesim writes");
    s.verb = *v;
    s.registration = need_string(source, s, need(source, s, body, "context.registration"), "registration");
    if (!is_uuid(s.registration)) fail(source, s, "context.registration is not a UUID");
    s.timestamp = need_string(source, s, need(source, s, body, "timestamp"), "timestamp");
    if (epoch_ms(s.timestamp) < 0) fail(source, s, "timestamp '" + shown(s.timestamp) + "' is not ISO 8601");
    switch (s.verb) {
        case Verb::Attempted:
            s.start = start_from(source, s, body);
            break;
        case Verb::Answered:
            s.decision = std::make_unique<DecisionRow>(decision_from(source, s, body));
            break;
        case Verb::Completed:
            s.final = final_from(source, s, body);
            break;
        case Verb::Passed:
        case Verb::Failed:
        case Verb::Abandoned:
            break;
    }
}

namespace {

// ---- checking the JSON without building it

// A SAX handler that builds nothing: the syntax check of a whole file in constant memory.
struct SyntaxCheck {
    std::optional<std::size_t> error_byte;
    std::string error;

    bool null() { return true; }
    bool boolean(bool) { return true; }
    bool number_integer(json::number_integer_t) { return true; }
    bool number_unsigned(json::number_unsigned_t) { return true; }
    bool number_float(json::number_float_t, const json::string_t&) { return true; }
    bool string(json::string_t&) { return true; }
    bool binary(json::binary_t&) { return true; }
    bool start_object(std::size_t) { return true; }
    bool key(json::string_t&) { return true; }
    bool end_object() { return true; }
    bool start_array(std::size_t) { return true; }
    bool end_array() { return true; }
    bool parse_error(std::size_t byte, const std::string&, const json::exception& e) {
        error_byte = byte;
        error = e.what();
        return false;
    }
};

}  // namespace

void xapi_detail::check_syntax(std::string_view text, const std::string& source) {
    SyntaxCheck check;
    json::sax_parse(text.begin(), text.end(), &check);
    if (!check.error_byte) return;
    // "[json.exception.parse_error.101] parse error at line 1, column 2: syntax error while ..."
    std::string what = check.error;
    if (auto p = what.find("syntax error"); p != std::string::npos)
        what = what.substr(p);
    else if (auto q = what.find("] "); q != std::string::npos)
        what = what.substr(q + 2);
    const TextPosition at = position_of(text, *check.error_byte > 0 ? *check.error_byte - 1 : 0);
    throw StoreError(source + ":" + std::to_string(at.line) + ":" + std::to_string(at.column) +
                     ": error: not valid JSON: " + shown(what, 200) +
                     "\nhelp: import reads the JSON array written by `salesim export --format xapi`");
}

namespace {

bool json_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

}  // namespace

// object alone. nullopt when the text is neither an array nor an object.
std::optional<std::vector<Span>> xapi_detail::statement_spans(std::string_view text) {
    std::size_t i = text.starts_with("\xEF\xBB\xBF") ? 3 : 0;  // a byte-order mark, as the parser allows
    while (i < text.size() && json_space(text[i])) ++i;
    if (i == text.size()) return std::nullopt;
    if (text[i] == '{') {
        std::size_t end = text.size();
        while (end > i && json_space(text[end - 1])) --end;
        return std::vector<Span>{{i, end - i}};
    }
    if (text[i] != '[') return std::nullopt;
    std::vector<Span> spans;
    std::size_t depth = 0;  // inside the element at hand
    std::size_t begin = std::string_view::npos, end = 0;
    bool in_string = false;
    for (++i; i < text.size(); ++i) {
        const char c = text[i];
        if (in_string) {
            if (c == '\\')
                ++i;
            else if (c == '"')
                in_string = false;
            end = i + 1;
            continue;
        }
        if (depth == 0 && (c == ',' || c == ']')) {
            if (begin != std::string_view::npos) spans.push_back({begin, end - begin});
            begin = std::string_view::npos;
            if (c == ']') break;
            continue;
        }
        if (json_space(c)) continue;
        if (begin == std::string_view::npos) begin = i;
        if (c == '"') in_string = true;
        if (c == '[' || c == '{') ++depth;
        if ((c == ']' || c == '}') && depth > 0) --depth;
        end = i + 1;
    }
    return spans;
}

}  // namespace salesim::results
