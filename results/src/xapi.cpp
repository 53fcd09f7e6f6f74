// xAPI 1.0.3: attempts as statements (export) and statements back into attempts (import).
//
// One attempt gives: "attempted" (start; carries the trainee and the attempt's facts), one
// "answered" per decision, then "completed" plus "passed" or "failed" when finished, or
// "abandoned" when given up. Everything an attempt holds travels in the statements, so an export
// imported elsewhere recreates the attempt exactly: that is the lossless path between machines.
#include "salesim/results/exchange.hpp"

#include "salesim/loader.hpp"
#include "salesim/results/json_limits.hpp"
#include "salesim/results/names.hpp"
#include "salesim/results/uuid.hpp"
#include "salesim/scenario_id.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <ctime>
#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <unordered_map>

namespace salesim::results {

namespace {

using json = nlohmann::ordered_json;

const std::string base(xapi_base);
const std::string ext_trainee = base + "ext/trainee";
const std::string ext_scenario = base + "ext/scenario";
const std::string ext_persona = base + "ext/persona";
const std::string ext_rulebook = base + "ext/rulebook-version";
const std::string ext_hash = base + "ext/content-hash";
const std::string ext_seed = base + "ext/seed";
const std::string ext_decision = base + "ext/decision";
const std::string ext_outcome = base + "ext/outcome";
const std::string ext_scores = base + "ext/scores";
const std::string ext_hints = base + "ext/hints";
const std::string ext_mode = base + "ext/mode";

const std::string verb_attempted = "http://adlnet.gov/expapi/verbs/attempted";
const std::string verb_answered = "http://adlnet.gov/expapi/verbs/answered";
const std::string verb_completed = "http://adlnet.gov/expapi/verbs/completed";
const std::string verb_passed = "http://adlnet.gov/expapi/verbs/passed";
const std::string verb_failed = "http://adlnet.gov/expapi/verbs/failed";
const std::string verb_abandoned = "https://w3id.org/xapi/adl/verbs/abandoned";

const std::string type_simulation = "http://adlnet.gov/expapi/activities/simulation";
const std::string type_interaction = "http://adlnet.gov/expapi/activities/interaction";
const std::string type_group = base + "activities/group";

// Statement ids: version 5 UUIDs in a namespace of our own (itself derived from the URL namespace).
const std::string& statement_namespace() {
    static const std::string ns = uuid_v5("6ba7b811-9dad-11d1-80b4-00c04fd430c8", base);
    return ns;
}

std::string statement_id(const std::string& attempt_uuid, const std::string& role) {
    return uuid_v5(statement_namespace(), attempt_uuid + "/" + role);
}

std::string percent_encode(std::string_view s) {
    std::string out;
    static constexpr char hex[] = "0123456789ABCDEF";
    for (char ch : s) {
        const auto c = static_cast<unsigned char>(ch);
        if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
            out += ch;
        } else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 0x0f];
        }
    }
    return out;
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

std::string scenario_iri(const std::string& id) {
    return base + "scenario/" + percent_encode(id);
}

// Milliseconds since the epoch of our own timestamp form; -1 when it is not one.
long long epoch_ms(const std::string& ts) {
    std::tm tm{};
    int ms = 0;
    if (ts.size() < 20 || std::sscanf(ts.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d", &tm.tm_year, &tm.tm_mon,
                                      &tm.tm_mday, &tm.tm_hour, &tm.tm_min, &tm.tm_sec) != 6)
        return -1;
    if (ts.size() >= 23 && ts[19] == '.') ms = std::atoi(ts.substr(20, 3).c_str());
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    return static_cast<long long>(timegm(&tm)) * 1000 + ms;
}

std::string iso_duration(const std::string& from, const std::string& to) {
    const long long a = epoch_ms(from), b = epoch_ms(to);
    long long ms = (a < 0 || b < 0 || b < a) ? 0 : b - a;
    const long long h = ms / 3600000;
    ms %= 3600000;
    const long long m = ms / 60000;
    ms %= 60000;
    char buf[64];
    std::snprintf(buf, sizeof buf, "PT%lldH%lldM%lld.%03lldS", h, m, ms / 1000, ms % 1000);
    return buf;
}

json verb(const std::string& id, const std::string& display) {
    return json{{"id", id}, {"display", {{"en-US", display}}}};
}

struct AttemptContext {
    const Attempt& a;
    const Trainee& t;
    const std::vector<Group>& groups;
    const std::string& home_page;
};

json actor(const AttemptContext& c) {
    const std::string account = c.t.external_id.empty() ? c.t.uuid : c.t.external_id;
    return json{{"objectType", "Agent"},
                {"name", c.t.name},
                {"account", {{"homePage", c.home_page}, {"name", account}}}};
}

json scenario_activity(const Attempt& a) {
    const std::string lang = a.lang.empty() ? "en" : a.lang;
    return json{{"objectType", "Activity"},
                {"id", scenario_iri(a.scenario_id)},
                {"definition",
                 {{"name", {{lang, a.scenario_title.empty() ? a.scenario_id : a.scenario_title}}},
                  {"type", type_simulation}}}};
}

json context(const AttemptContext& c, bool parent) {
    json ctx;
    ctx["registration"] = c.a.uuid;
    json activities = json::object();
    if (parent) activities["parent"] = json::array({scenario_activity(c.a)});
    if (!c.groups.empty()) {
        json grouping = json::array();
        for (const Group& g : c.groups)
            grouping.push_back({{"objectType", "Activity"},
                                {"id", base + "group/" + percent_encode(g.name)},
                                {"definition", {{"name", {{"und", g.name}}}, {"type", type_group}}}});
        activities["grouping"] = std::move(grouping);
    }
    if (!activities.empty()) ctx["contextActivities"] = std::move(activities);
    if (!c.a.lang.empty()) ctx["language"] = c.a.lang;
    ctx["extensions"] = {{ext_scenario, c.a.scenario_id},      {ext_persona, c.a.persona},
                         {ext_rulebook, c.a.rulebook_version}, {ext_hash, c.a.content_hash},
                         {ext_seed, std::to_string(c.a.seed)}, {ext_mode, std::string(to_string(c.a.mode))}};
    return ctx;
}

json statement(const AttemptContext& c, const std::string& role, const json& verb_json, json object,
               const std::string& timestamp) {
    json s;
    s["id"] = statement_id(c.a.uuid, role);
    s["actor"] = actor(c);
    s["verb"] = verb_json;
    s["object"] = std::move(object);
    s["timestamp"] = timestamp;
    s["version"] = "1.0.3";
    return s;
}

json final_result(const AttemptContext& c, bool with_details) {
    json r;
    r["score"] = {{"scaled", c.a.overall / 100.0}, {"raw", c.a.overall}, {"min", 0}, {"max", 100}};
    r["success"] = c.a.passed;
    r["completion"] = true;
    r["duration"] = iso_duration(c.a.started, c.a.finished);
    if (with_details) {
        r["extensions"] = {
            {ext_outcome, c.a.outcome},
            {ext_hints, c.a.hints},
            {ext_scores, {{"stages", c.a.stage_scores}, {"competencies", c.a.competency_scores}}}};
    }
    return r;
}

}  // namespace

std::string export_xapi(const ResultsStore& store, const ExportOptions& opts, Warnings&) {
    json out = json::array();
    std::map<std::int64_t, std::pair<Trainee, std::vector<Group>>> people;
    for (const Attempt& a : store.attempts(resolve_filter(store, opts.filter))) {
        auto it = people.find(a.trainee_id);
        if (it == people.end())
            it = people
                     .emplace(a.trainee_id, std::make_pair(store.trainee(a.trainee_id).value_or(Trainee{}),
                                                           store.groups_of(a.trainee_id)))
                     .first;
        const AttemptContext c{a, it->second.first, it->second.second, opts.home_page};

        json start =
            statement(c, "attempted", verb(verb_attempted, "attempted"), scenario_activity(a), a.started);
        start["context"] = context(c, false);
        json who = {{"uuid", c.t.uuid}, {"name", c.t.name}};
        if (!c.t.external_id.empty()) who["external_id"] = c.t.external_id;
        if (!c.t.email.empty()) who["email"] = c.t.email;
        start["context"]["extensions"][ext_trainee] = std::move(who);
        out.push_back(std::move(start));

        for (const DecisionRow& d : store.decisions(a.id)) {
            const std::string n = std::to_string(d.index + 1);
            json object = {{"objectType", "Activity"},
                           {"id", scenario_iri(a.scenario_id) + "/decision/" + n},
                           {"definition",
                            {{"name", {{"en-US", "Decision " + n + " (" + d.stage + ": " + d.ref + ")"}}},
                             {"type", type_interaction}}}};
            json s = statement(c, "answered/" + n, verb(verb_answered, "answered"), std::move(object),
                               d.timestamp);
            json detail = {{"index", d.index},     {"stage", d.stage},
                           {"kind", d.kind},       {"ref", d.ref},
                           {"move", d.move},       {"rule", d.rule_id},
                           {"verdict", d.verdict}, {"points", d.points},
                           {"hinted", d.hinted},   {"best_moves", d.best_moves},
                           {"chosen", d.chosen}};
            if (!d.objection_kind.empty()) detail["objection_kind"] = d.objection_kind;
            s["result"] = {
                {"score", {{"scaled", d.points / 100.0}, {"raw", d.points}, {"min", 0}, {"max", 100}}},
                {"success", d.verdict == "best" || d.verdict == "good"},
                {"response", d.move},
                {"extensions", {{ext_decision, std::move(detail)}}}};
            s["context"] = context(c, true);
            out.push_back(std::move(s));
        }

        if (a.status == AttemptStatus::Finished) {
            json done = statement(c, "completed", verb(verb_completed, "completed"), scenario_activity(a),
                                  a.finished);
            done["result"] = final_result(c, true);
            done["context"] = context(c, false);
            out.push_back(std::move(done));
            const std::string role = a.passed ? "passed" : "failed";
            json judged = statement(c, role, verb(a.passed ? verb_passed : verb_failed, role),
                                    scenario_activity(a), a.finished);
            judged["result"] = final_result(c, false);
            judged["context"] = context(c, false);
            out.push_back(std::move(judged));
        } else if (a.status == AttemptStatus::Abandoned) {
            json gone = statement(c, "abandoned", verb(verb_abandoned, "abandoned"), scenario_activity(a),
                                  a.finished);
            gone["result"] = {{"completion", false}, {"duration", iso_duration(a.started, a.finished)}};
            gone["context"] = context(c, false);
            out.push_back(std::move(gone));
        }
    }
    return out.dump(2) + "\n";
}

// ---- import
//
// A file is read in passes that never hold it as one JSON tree (that took 6.4 times the file's
// size): the nesting depth on the raw bytes, the syntax with the parser's SAX interface (no tree),
// then one statement at a time, each parsed alone and kept only as the few typed facts the import
// needs. Everything is checked before the one transaction that writes it.

namespace {

const std::string default_help = "help: import reads files written by `salesim export --format xapi`";
const std::string conflict_help =
    "help: the file and this store disagree about the same attempt; import the file into an empty "
    "folder (--data-dir) to compare the two, and keep the one that is right";
const std::string nul_help =
    "help: no text in Salesim holds a NUL character; remove the \\u0000 from the file and import it again";
const std::string name_help =
    "help: a name is 1 to 200 characters of text without control characters; correct it in the file "
    "and import it again";

// One statement is a few kilobytes; a bigger one is not ours, and parsing it whole would cost
// several times its size.
constexpr std::size_t max_statement_bytes = 4u << 20;

enum class Verb { Attempted, Answered, Completed, Passed, Failed, Abandoned };

std::optional<Verb> verb_of(const std::string& iri) {
    if (iri == verb_attempted) return Verb::Attempted;
    if (iri == verb_answered) return Verb::Answered;
    if (iri == verb_completed) return Verb::Completed;
    if (iri == verb_passed) return Verb::Passed;
    if (iri == verb_failed) return Verb::Failed;
    if (iri == verb_abandoned) return Verb::Abandoned;
    return std::nullopt;
}

// What an "attempted" statement says: who played, in which groups, and the attempt's facts.
struct StartFacts {
    Trainee trainee;
    std::vector<std::string> groups;
    Attempt attempt;
};

// What a "completed" statement says: the attempt's final fields.
struct FinalFacts {
    int overall = 0;
    bool passed = false;
    std::string outcome;
    int hints = 0;
    std::map<std::string, int> stage_scores;
    std::map<std::string, int> competency_scores;
};

struct ParsedStatement {
    int number = 0;         ///< 1-based in the file
    std::size_t begin = 0;  ///< its bytes in the file, to compare two statements that share an id
    std::size_t size = 0;
    std::string id;
    Verb verb = Verb::Attempted;
    std::string registration;
    std::string timestamp;
    bool repeated = false;  ///< says again what an earlier statement of the file says
    std::unique_ptr<StartFacts> start;
    std::unique_ptr<DecisionRow> decision;
    std::unique_ptr<FinalFacts> final;
};

// At most `limit` characters of `s` for a message, with what cannot be seen written out the way
// the terminal front end shows it (app::display_line): ESC as \e, another control character as
// \x01 or \u202E, a byte that is not UTF-8 as \xff. A name of a million characters, or one that
// would move the cursor, stays one short readable line.
std::string shown(std::string_view s, std::size_t limit = 40) {
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

std::string where(const std::string& source, const ParsedStatement& s) {
    std::string w = source + ": statement " + std::to_string(s.number);
    if (!s.id.empty()) w += " (id " + shown(s.id) + ")";
    return w;
}

[[noreturn]] void fail(const std::string& source, const ParsedStatement& s, const std::string& what,
                       const std::string& help = default_help) {
    throw StoreError(where(source, s) + ": error: " + what + "\n" + help);
}

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

void read_statement(const std::string& source, const json& body, ParsedStatement& s) {
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

void check_syntax(std::string_view text, const std::string& source) {
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

struct Span {
    std::size_t begin = 0;
    std::size_t size = 0;
};

bool json_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

// The statements of valid JSON text: each element of the top-level array, or the top-level
// object alone. nullopt when the text is neither an array nor an object.
std::optional<std::vector<Span>> statement_spans(std::string_view text) {
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

// ---- comparing what two sources say about one attempt

// A fact on which two accounts of the same thing differ: its name and the two values.
struct Difference {
    std::string what;
    std::string first;
    std::string second;
};

std::optional<Difference> differ(const std::string& what, const std::string& a, const std::string& b) {
    if (a == b) return std::nullopt;
    return Difference{what, a, b};
}

std::string scores_text(const std::map<std::string, int>& m) {
    std::string out;
    for (const auto& [k, v] : m) out += (out.empty() ? "" : ", ") + k + " " + std::to_string(v);
    return out;
}

std::optional<Difference> attempt_difference(const Attempt& a, const Attempt& b) {
    if (auto d = differ("scenario", a.scenario_id, b.scenario_id)) return d;
    if (auto d = differ("content hash", a.content_hash, b.content_hash)) return d;
    if (auto d = differ("rule-book version", a.rulebook_version, b.rulebook_version)) return d;
    if (auto d = differ("persona", a.persona, b.persona)) return d;
    if (auto d = differ("seed", std::to_string(a.seed), std::to_string(b.seed))) return d;
    if (auto d = differ("language", a.lang, b.lang)) return d;
    if (auto d = differ("mode", std::string(to_string(a.mode)), std::string(to_string(b.mode)))) return d;
    return differ("start time", a.started, b.started);
}

std::string joined(const std::vector<std::string>& v) {
    std::string out;
    for (const std::string& s : v) out += (out.empty() ? "" : ",") + s;
    return out;
}

std::optional<Difference> decision_difference(const DecisionRow& a, const DecisionRow& b) {
    if (auto d = differ("stage", a.stage, b.stage)) return d;
    if (auto d = differ("kind", a.kind, b.kind)) return d;
    if (auto d = differ("ref", a.ref, b.ref)) return d;
    if (auto d = differ("objection kind", a.objection_kind, b.objection_kind)) return d;
    if (auto d = differ("move", a.move, b.move)) return d;
    if (auto d = differ("rule", a.rule_id, b.rule_id)) return d;
    if (auto d = differ("verdict", a.verdict, b.verdict)) return d;
    if (auto d = differ("points", std::to_string(a.points), std::to_string(b.points))) return d;
    if (auto d = differ("hint", a.hinted ? "taken" : "not taken", b.hinted ? "taken" : "not taken")) return d;
    // The store keeps the best moves joined with commas: compare them as it gives them back.
    if (auto d = differ("best moves", joined(a.best_moves), joined(b.best_moves))) return d;
    if (auto d = differ("option chosen", std::to_string(a.chosen), std::to_string(b.chosen))) return d;
    return differ("time", a.timestamp, b.timestamp);
}

std::optional<Difference> final_difference(const FinalFacts& a, const std::string& a_finished,
                                           const FinalFacts& b, const std::string& b_finished) {
    if (auto d = differ("score", std::to_string(a.overall), std::to_string(b.overall))) return d;
    if (auto d = differ("result", a.passed ? "passed" : "failed", b.passed ? "passed" : "failed")) return d;
    if (auto d = differ("outcome", a.outcome, b.outcome)) return d;
    if (auto d = differ("hints", std::to_string(a.hints), std::to_string(b.hints))) return d;
    if (auto d = differ("stage scores", scores_text(a.stage_scores), scores_text(b.stage_scores))) return d;
    if (auto d =
            differ("competency scores", scores_text(a.competency_scores), scores_text(b.competency_scores)))
        return d;
    return differ("end time", a_finished, b_finished);
}

FinalFacts final_of(const Attempt& a) {
    return FinalFacts{a.overall, a.passed, a.outcome, a.hints, a.stage_scores, a.competency_scores};
}

// "another seed: '7' in this store, '8' in this file"
std::string told(const Difference& d, const std::string& first_place, const std::string& second_place) {
    return "another " + d.what + ": '" + shown(d.first) + "' " + first_place + ", '" + shown(d.second) +
           "' " + second_place;
}

// Whether the stored trainee can be the file's: the same uuid, external id or name.
bool same_person(const Trainee& stored, const Trainee& file) {
    return stored.uuid == file.uuid ||
           (!file.external_id.empty() && stored.external_id == file.external_id) || stored.name == file.name;
}

// ---- the file's statements, attempt by attempt

constexpr std::size_t none = std::numeric_limits<std::size_t>::max();

struct FileAttempt {
    std::string registration;
    std::size_t start = none;             ///< indices into the statements
    std::map<int, std::size_t> answered;  ///< by decision index
    std::size_t completed = none;
    std::size_t abandoned = none;
    std::vector<std::size_t> judged;  ///< passed / failed: repeat what "completed" carries
};

// Statements that share an id must say the same; the later ones are then repeats.
void mark_repeated_ids(std::string_view text, const std::string& source,
                       std::vector<ParsedStatement>& statements) {
    std::vector<std::size_t> by_id(statements.size());
    for (std::size_t i = 0; i < by_id.size(); ++i) by_id[i] = i;
    std::stable_sort(by_id.begin(), by_id.end(),
                     [&](std::size_t x, std::size_t y) { return statements[x].id < statements[y].id; });
    for (std::size_t k = 1; k < by_id.size(); ++k) {
        const ParsedStatement& first = statements[by_id[k - 1]];
        ParsedStatement& again = statements[by_id[k]];
        if (again.id != first.id) continue;
        // Compared as JSON values, so the order of members and the spacing do not matter.
        const auto a =
            nlohmann::json::parse(text.data() + first.begin, text.data() + first.begin + first.size);
        const auto b =
            nlohmann::json::parse(text.data() + again.begin, text.data() + again.begin + again.size);
        if (a != b)
            fail(source, again,
                 "statement " + std::to_string(first.number) + " has the same id and different content",
                 "help: an id names one statement; keep the right one of statements " +
                     std::to_string(first.number) + " and " + std::to_string(again.number) +
                     " and remove the other");
        again.repeated = true;
    }
}

// Groups the statements by attempt, in the order the attempts first appear; two statements of one
// attempt that say different things about the same part of it are refused.
std::vector<FileAttempt> group_by_attempt(const std::string& source,
                                          std::vector<ParsedStatement>& statements) {
    std::vector<FileAttempt> attempts;
    std::unordered_map<std::string, std::size_t> index;
    for (std::size_t i = 0; i < statements.size(); ++i) {
        ParsedStatement& s = statements[i];
        if (s.repeated) continue;
        auto [it, added] = index.emplace(s.registration, attempts.size());
        if (added) attempts.push_back(FileAttempt{s.registration, none, {}, none, none, {}});
        FileAttempt& fa = attempts[it->second];
        auto same_as = [&](std::size_t earlier_index, const std::optional<Difference>& d) {
            const ParsedStatement& earlier = statements[earlier_index];
            if (d)
                fail(source, s,
                     "statement " + std::to_string(earlier.number) + " says otherwise about attempt " +
                         s.registration + ": " + told(*d, "there", "here"),
                     "help: keep the right one of statements " + std::to_string(earlier.number) + " and " +
                         std::to_string(s.number) + " and remove the other");
            s.repeated = true;
        };
        switch (s.verb) {
            case Verb::Attempted:
                if (fa.start == none) {
                    fa.start = i;
                } else {
                    const StartFacts& e = *statements[fa.start].start;
                    auto d = attempt_difference(e.attempt, s.start->attempt);
                    if (!d) d = differ("trainee", e.trainee.uuid, s.start->trainee.uuid);
                    if (!d) d = differ("trainee name", e.trainee.name, s.start->trainee.name);
                    same_as(fa.start, d);
                }
                break;
            case Verb::Answered: {
                const auto [twin, first] = fa.answered.emplace(s.decision->index, i);
                if (!first)
                    same_as(twin->second,
                            decision_difference(*statements[twin->second].decision, *s.decision));
                break;
            }
            case Verb::Completed:
                if (fa.abandoned != none)
                    fail(source, s,
                         "statement " + std::to_string(statements[fa.abandoned].number) + " says attempt " +
                             s.registration + " was abandoned, and this one that it was completed",
                         "help: keep the right one of the two and remove the other");
                if (fa.completed == none)
                    fa.completed = i;
                else
                    same_as(fa.completed,
                            final_difference(*statements[fa.completed].final,
                                             statements[fa.completed].timestamp, *s.final, s.timestamp));
                break;
            case Verb::Abandoned:
                if (fa.completed != none)
                    fail(source, s,
                         "statement " + std::to_string(statements[fa.completed].number) + " says attempt " +
                             s.registration + " was completed, and this one that it was abandoned",
                         "help: keep the right one of the two and remove the other");
                if (fa.abandoned == none)
                    fa.abandoned = i;
                else
                    same_as(fa.abandoned,
                            differ("end time", statements[fa.abandoned].timestamp, s.timestamp));
                break;
            case Verb::Passed:
            case Verb::Failed:
                fa.judged.push_back(i);
                break;
        }
    }
    return attempts;
}

// ---- writing

struct Importer {
    ResultsStore& store;
    const std::string& source;
    const ImportOptions& opts;
    std::vector<ParsedStatement>& statements;
    ImportCounts& counts;

    [[noreturn]] void conflict(const ParsedStatement& s, const std::string& registration,
                               const std::string& what) const {
        fail(source, s, "attempt " + registration + " is already in this store with " + what, conflict_help);
    }

    std::int64_t add_new(const FileAttempt& fa) {
        if (fa.start == none) {
            const std::size_t first = !fa.answered.empty()   ? fa.answered.begin()->second
                                      : fa.completed != none ? fa.completed
                                      : fa.abandoned != none ? fa.abandoned
                                                             : fa.judged.front();
            fail(source, statements[first],
                 "attempt " + fa.registration +
                     " has no 'attempted' statement in the file, and this store does not know it");
        }
        const StartFacts& f = *statements[fa.start].start;
        // The same person may have been created separately on two machines: match the uuid first,
        // then the LMS id, then the name.
        auto found = store.find_trainee_by_uuid(f.trainee.uuid);
        if (!found && !f.trainee.external_id.empty())
            found = store.find_trainee_by_external_id(f.trainee.external_id);
        if (!found) found = store.find_trainee(f.trainee.name);
        if (!found) {
            found = store.add_trainee(f.trainee);
            ++counts.trainees_added;
        }
        for (const std::string& name : f.groups) {
            auto group = store.find_group(name);
            if (!group) {
                group = store.add_group(name);
                ++counts.groups_added;
            }
            store.join_group(group->id, found->id);
        }
        Attempt a = f.attempt;
        a.trainee_id = found->id;
        ++counts.attempts_added;
        return store.add_attempt(a);
    }

    // The file's start of an attempt this store has: the same attempt, or a conflict.
    void compare_start(const FileAttempt& fa, const Attempt& here) {
        const ParsedStatement& s = statements[fa.start];
        if (auto d = attempt_difference(here, s.start->attempt))
            conflict(s, fa.registration, told(*d, "in the store", "in this file"));
        const Trainee who = store.trainee(here.trainee_id).value_or(Trainee{});
        if (!same_person(who, s.start->trainee))
            conflict(s, fa.registration,
                     "another trainee: '" + shown(who.name) + "' in the store, '" +
                         shown(s.start->trainee.name) + "' in this file");
        ++counts.skipped;
    }

    // Decision indices beyond what a session of the scenario can reach are refused when this
    // machine has the very scenario the attempt was played on; other attempts are kept and named.
    void check_scenario(const FileAttempt& fa, const Attempt& a, bool& unchecked) const {
        if (opts.library == nullptr) return;
        const Scenario* scn = opts.library->find(a.scenario_id);
        if (scn == nullptr || scn->content_hash != a.content_hash) {
            unchecked = true;
            return;
        }
        const std::optional<int> limit = max_decisions(*scn);
        if (!limit) return;
        for (const auto& [index, i] : fa.answered) {
            const ParsedStatement& s = statements[i];
            if (index >= *limit)
                fail(
                    source, s,
                    "decision index " + std::to_string(s.decision->index) +
                        " is out of range: a session of '" + a.scenario_id + "' has at most " +
                        std::to_string(*limit) + " decisions (indices 0 to " + std::to_string(*limit - 1) +
                        ")",
                    "help: an attempt's decisions are numbered from 0 in the order they were made; this file "
                    "was not written by `salesim export --format xapi`, or was changed since");
        }
    }

    void import(const FileAttempt& fa) {
        auto existing = store.find_attempt(fa.registration);
        const bool is_new = !existing;
        if (existing && fa.start != none) compare_start(fa, *existing);
        const std::int64_t attempt_id = existing ? existing->id : add_new(fa);
        const Attempt before = *store.attempt(attempt_id);
        bool unchecked = false;
        check_scenario(fa, before, unchecked);
        bool wrote = is_new;

        std::map<int, DecisionRow> have;
        for (DecisionRow& d : store.decisions(attempt_id)) have.emplace(d.index, std::move(d));
        for (const auto& entry : fa.answered) {
            const ParsedStatement& s = statements[entry.second];
            const DecisionRow& d = *s.decision;
            if (auto it = have.find(d.index); it != have.end()) {
                if (auto diff = decision_difference(it->second, d))
                    conflict(s, fa.registration,
                             "another decision " + std::to_string(d.index + 1) + ", " +
                                 told(*diff, "in the store", "in this file"));
                ++counts.skipped;
                continue;
            }
            if (before.status != AttemptStatus::InProgress)
                conflict(s, fa.registration,
                         "no decision " + std::to_string(d.index + 1) + ": it is " +
                             std::string(to_string(before.status)) + " there without it");
            store.add_decision(attempt_id, d);
            ++counts.decisions_added;
            wrote = true;
        }

        Attempt a = before;
        bool closed_now = false;
        if (fa.completed != none) {
            const ParsedStatement& s = statements[fa.completed];
            if (a.status == AttemptStatus::InProgress) {
                const FinalFacts& f = *s.final;
                a.overall = f.overall;
                a.passed = f.passed;
                a.outcome = f.outcome;
                a.hints = f.hints;
                a.stage_scores = f.stage_scores;
                a.competency_scores = f.competency_scores;
                a.finished = s.timestamp;
                a.status = AttemptStatus::Finished;
                store.update_attempt(a);
                ++counts.attempts_closed;
                closed_now = true;
            } else if (a.status == AttemptStatus::Abandoned) {
                conflict(s, fa.registration,
                         "another ending: abandoned in the store, completed in this file");
            } else {
                if (auto d = final_difference(final_of(a), a.finished, *s.final, s.timestamp))
                    conflict(s, fa.registration, told(*d, "in the store", "in this file"));
                ++counts.skipped;
            }
        } else if (fa.abandoned != none) {
            const ParsedStatement& s = statements[fa.abandoned];
            if (a.status == AttemptStatus::InProgress) {
                a.status = AttemptStatus::Abandoned;
                a.finished = s.timestamp;
                store.update_attempt(a);
                ++counts.attempts_closed;
                closed_now = true;
            } else if (a.status == AttemptStatus::Finished) {
                conflict(s, fa.registration,
                         "another ending: completed in the store, abandoned in this file");
            } else {
                if (auto d = differ("end time", a.finished, s.timestamp))
                    conflict(s, fa.registration, told(*d, "in the store", "in this file"));
                ++counts.skipped;
            }
        }
        // passed/failed repeat what "completed" carries.
        if (!closed_now) counts.skipped += static_cast<int>(fa.judged.size());
        wrote = wrote || closed_now;

        if (unchecked && wrote) {
            const bool other_version = opts.library->find(a.scenario_id) != nullptr;
            auto& list = other_version ? counts.changed_scenarios : counts.unknown_scenarios;
            if (std::find(list.begin(), list.end(), a.scenario_id) == list.end())
                list.push_back(a.scenario_id);
        }
    }
};

}  // namespace

std::optional<int> max_decisions(const Scenario& scenario) {
    // A close that is no closing attempt (other than the trial close, which is never offered twice
    // in a row) could be chosen again and again.
    if (scenario.rules)
        for (const Rule& r : scenario.rules->rules)
            if (r.stage == Stage::Closing && r.move != to_string(Technique::Trial) && !r.effects.closes)
                return std::nullopt;
    int n = 0;
    for (const StageContent& st : scenario.stages) {
        const int steps = static_cast<int>(st.steps.size());
        switch (st.stage) {
            case Stage::Prospecting:
                n += st.leads.empty() ? 0 : 1;
                break;
            case Stage::Presentation:
                n += 2 * steps;  // each step, and a trial close before it
                break;
            case Stage::Objections:
                // Each objection (a concealed one once revealed) is answered and checked in this
                // stage, and again when it comes back at the close.
                n += 4 * static_cast<int>(st.objections.size());
                break;
            case Stage::Closing:
                n += 2 * scenario.rubric.close_attempts;  // each attempt, and a trial close before it
                break;
            case Stage::PreApproach:
            case Stage::Approach:
            case Stage::FollowUp:
                n += steps;
                break;
        }
    }
    return n;
}

ImportCounts import_xapi(ResultsStore& store, std::string_view json_text, const std::string& source,
                         const ImportOptions& opts) {
    if (json_text.size() > max_import_bytes)
        throw StoreError(source + ": error: larger than " + std::to_string(max_import_bytes >> 20) +
                         " MiB (" + std::to_string(json_text.size()) +
                         " bytes)\nhelp: export fewer attempts per file (--since, --group)");
    if (const auto deep = json_too_deep(json_text))
        throw StoreError(source + ":" + std::to_string(deep->line) + ":" + std::to_string(deep->column) +
                         ": error: arrays and objects nested deeper than " + std::to_string(max_json_depth) +
                         " levels\nhelp: import reads the JSON array written by `salesim export --format "
                         "xapi`, which nests 8 levels at most");
    check_syntax(json_text, source);
    const auto spans = statement_spans(json_text);
    if (!spans)
        throw StoreError(source +
                         ": error: expected a JSON array of xAPI statements\n"
                         "help: import reads files written by `salesim export --format xapi`");

    // Each statement is parsed alone and kept as its typed facts only. Every part is checked with
    // need() and member(); should a shape still slip through to the JSON library, its error becomes
    // an import error too (the transaction has rolled back).
    ImportCounts counts;
    try {
        std::vector<ParsedStatement> statements(spans->size());
        for (std::size_t i = 0; i < spans->size(); ++i) {
            ParsedStatement& s = statements[i];
            s.number = static_cast<int>(i) + 1;
            s.begin = (*spans)[i].begin;
            s.size = (*spans)[i].size;
            if (s.size > max_statement_bytes)
                fail(source, s,
                     "the statement is larger than " + std::to_string(max_statement_bytes >> 20) + " MiB (" +
                         std::to_string(s.size) + " bytes); Salesim's statements are a few kilobytes");
            read_statement(source,
                           json::parse(json_text.data() + s.begin, json_text.data() + s.begin + s.size), s);
        }
        mark_repeated_ids(json_text, source, statements);
        const std::vector<FileAttempt> attempts = group_by_attempt(source, statements);

        counts.statements = static_cast<int>(statements.size());
        for (const ParsedStatement& s : statements)
            if (s.repeated) ++counts.skipped;
        Importer importer{store, source, opts, statements, counts};
        store.transaction([&] {
            for (const FileAttempt& fa : attempts) importer.import(fa);
        });
    } catch (const json::exception& e) {
        throw StoreError(source + ": error: a statement has a part of an unexpected shape (" + e.what() +
                         ")\nhelp: import reads files written by `salesim export --format xapi`");
    }
    return counts;
}

}  // namespace salesim::results
