// xAPI 1.0.3: attempts as statements (export) and statements back into attempts (import).
//
// One attempt gives: "attempted" (start; carries the trainee and the attempt's facts), one
// "answered" per decision, then "completed" plus "passed" or "failed" when finished, or
// "abandoned" when given up. Everything an attempt holds travels in the statements, so an export
// imported elsewhere recreates the attempt exactly: that is the lossless path between machines.
#include "salesim/results/exchange.hpp"

#include "salesim/results/uuid.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <ctime>
#include <map>
#include <set>

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

std::string percent_decode(std::string_view s) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '%' && i + 2 < s.size()) {
            out += static_cast<char>(std::stoi(std::string(s.substr(i + 1, 2)), nullptr, 16));
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

namespace {

struct ParsedStatement {
    int number = 0;  ///< 1-based in the file
    std::string id;
    std::string verb;
    std::string registration;
    std::string timestamp;
    const json* body = nullptr;
};

class StatementError : public StoreError {
public:
    using StoreError::StoreError;
};

[[noreturn]] void fail(const std::string& source, const ParsedStatement& s, const std::string& what) {
    std::string where = source + ": statement " + std::to_string(s.number);
    if (!s.id.empty()) where += " (id " + s.id + ")";
    throw StatementError(where + ": error: " + what +
                         "\nhelp: import reads files written by `salesim export --format xapi`");
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

std::string need_string(const std::string& source, const ParsedStatement& s, const json& v,
                        const std::string& what) {
    if (!v.is_string()) fail(source, s, what + " must be a string");
    return v.get<std::string>();
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

std::string opt_string(const json& obj, const char* key) {
    if (!obj.is_object()) return {};
    auto it = obj.find(key);
    return it != obj.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::map<std::string, int> int_map(const std::string& source, const ParsedStatement& s, const json& v,
                                   const std::string& what) {
    if (!v.is_object()) fail(source, s, what + " must be an object");
    std::map<std::string, int> out;
    for (const auto& [k, val] : v.items()) out[k] = need_int(source, s, val, what + "." + k);
    return out;
}

// The member `key` of `v`, or null when `v` is not an object or has no such member, so a chain of
// optional parts never throws, whatever shape a file gives them.
const json& member(const json& v, const char* key) {
    static const json null_value;
    if (!v.is_object()) return null_value;
    auto it = v.find(key);
    return it == v.end() ? null_value : *it;
}

std::string first_name(const json& name_map) {
    if (!name_map.is_object() || name_map.empty()) return {};
    const auto& v = name_map.begin().value();
    return v.is_string() ? v.get<std::string>() : std::string();
}

DecisionRow decision_from(const std::string& source, const ParsedStatement& s) {
    const json& d = need_ext(source, s, need(source, s, *s.body, "result"), ext_decision);
    if (!d.is_object()) fail(source, s, "the decision extension must be an object");
    DecisionRow r;
    r.index = need_int(source, s, need(source, s, d, "index"), "index");
    if (r.index < 0) fail(source, s, "the decision index must not be negative");
    r.stage = need_string(source, s, need(source, s, d, "stage"), "stage");
    if (!parse_stage(r.stage)) fail(source, s, "unknown stage '" + r.stage + "'");
    r.kind = need_string(source, s, need(source, s, d, "kind"), "kind");
    r.ref = need_string(source, s, need(source, s, d, "ref"), "ref");
    r.objection_kind = opt_string(d, "objection_kind");
    r.move = need_string(source, s, need(source, s, d, "move"), "move");
    r.rule_id = need_string(source, s, need(source, s, d, "rule"), "rule");
    r.verdict = need_string(source, s, need(source, s, d, "verdict"), "verdict");
    if (!parse_verdict(r.verdict)) fail(source, s, "unknown verdict '" + r.verdict + "'");
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

// Line and column (1-based, in characters) of a byte offset, for JSON syntax errors.
std::pair<std::size_t, std::size_t> line_col(std::string_view text, std::size_t byte) {
    std::size_t line = 1, col = 1;
    for (std::size_t i = 0; i < byte && i < text.size(); ++i) {
        if (text[i] == '\n') {
            ++line;
            col = 1;
        } else if ((static_cast<unsigned char>(text[i]) & 0xC0u) != 0x80u) {
            ++col;
        }
    }
    return {line, col};
}

}  // namespace

namespace {

// Writes the checked statements, attempt by attempt, in one transaction.
void import_statements(ResultsStore& store, const std::string& source, const std::vector<std::string>& order,
                       std::map<std::string, std::vector<const ParsedStatement*>>& by_attempt,
                       ImportCounts& counts) {
    store.transaction([&] {
        for (const std::string& reg : order) {
            const auto& list = by_attempt[reg];
            const ParsedStatement* start = nullptr;
            const ParsedStatement* completed = nullptr;
            const ParsedStatement* abandoned = nullptr;
            std::vector<const ParsedStatement*> answered, judged;
            for (const ParsedStatement* s : list) {
                if (s->verb == verb_attempted) start = s;
                if (s->verb == verb_answered) answered.push_back(s);
                if (s->verb == verb_completed) completed = s;
                if (s->verb == verb_abandoned) abandoned = s;
                if (s->verb == verb_passed || s->verb == verb_failed) judged.push_back(s);
            }
            auto existing = store.find_attempt(reg);
            std::int64_t attempt_id = 0;
            if (existing) {
                attempt_id = existing->id;
                if (start != nullptr) ++counts.skipped;
            } else {
                if (start == nullptr)
                    fail(source, *list.front(),
                         "attempt " + reg +
                             " has no 'attempted' statement in the file, and this store does not know it");
                const ParsedStatement& s = *start;
                const json& ctx = need(source, s, *s.body, "context");
                const json& who = need_ext(source, s, ctx, ext_trainee);
                Trainee t;
                t.uuid = need_string(source, s, need(source, s, who, "uuid"), "trainee uuid");
                t.name = need_string(source, s, need(source, s, who, "name"), "trainee name");
                t.external_id = opt_string(who, "external_id");
                t.email = opt_string(who, "email");
                // The same person may have been created separately on two machines: match the
                // uuid first, then the LMS id, then the name.
                auto found = store.find_trainee_by_uuid(t.uuid);
                if (!found) found = store.find_trainee_by_external_id(t.external_id);
                if (!found) found = store.find_trainee(t.name);
                if (!found) {
                    found = store.add_trainee(t);
                    ++counts.trainees_added;
                }
                if (ctx.contains("contextActivities") && ctx["contextActivities"].contains("grouping")) {
                    for (const json& g : ctx["contextActivities"]["grouping"]) {
                        std::string name = first_name(member(member(g, "definition"), "name"));
                        if (name.empty()) {
                            const std::string id = opt_string(g, "id");
                            name = percent_decode(id.substr(id.rfind('/') + 1));
                        }
                        if (name.empty()) continue;
                        auto group = store.find_group(name);
                        if (!group) {
                            group = store.add_group(name);
                            ++counts.groups_added;
                        }
                        store.join_group(group->id, found->id);
                    }
                }
                Attempt a;
                a.uuid = reg;
                a.trainee_id = found->id;
                a.scenario_id = need_string(source, s, need_ext(source, s, ctx, ext_scenario), "scenario");
                a.scenario_title =
                    first_name(member(member(member(*s.body, "object"), "definition"), "name"));
                a.content_hash = need_string(source, s, need_ext(source, s, ctx, ext_hash), "content hash");
                a.rulebook_version =
                    need_string(source, s, need_ext(source, s, ctx, ext_rulebook), "rule-book version");
                a.persona = need_string(source, s, need_ext(source, s, ctx, ext_persona), "persona");
                a.seed = std::strtoull(
                    need_string(source, s, need_ext(source, s, ctx, ext_seed), "seed").c_str(), nullptr, 10);
                a.lang = opt_string(ctx, "language");
                // Statements exported before modes have none: those attempts were guided.
                if (const json& mode = member(member(ctx, "extensions"), ext_mode.c_str()); !mode.is_null()) {
                    const auto m = mode.is_string() ? parse_mode(mode.get<std::string>()) : std::nullopt;
                    if (!m) fail(source, s, "the mode extension must be one of " + mode_ids());
                    a.mode = *m;
                }
                a.started = s.timestamp;
                attempt_id = store.add_attempt(a);
                existing = store.attempt(attempt_id);
                ++counts.attempts_added;
            }

            std::set<int> have;
            for (const DecisionRow& d : store.decisions(attempt_id)) have.insert(d.index);
            std::vector<DecisionRow> rows;
            for (const ParsedStatement* s : answered) rows.push_back(decision_from(source, *s));
            std::sort(rows.begin(), rows.end(),
                      [](const auto& x, const auto& y) { return x.index < y.index; });
            for (const DecisionRow& d : rows) {
                if (have.contains(d.index) || existing->status != AttemptStatus::InProgress) {
                    ++counts.skipped;
                    continue;
                }
                store.add_decision(attempt_id, d);
                have.insert(d.index);
                ++counts.decisions_added;
            }

            Attempt a = *store.attempt(attempt_id);
            bool closed_now = false;
            if (a.status == AttemptStatus::InProgress && completed != nullptr) {
                const ParsedStatement& s = *completed;
                const json& result = need(source, s, *s.body, "result");
                a.overall = need_int(source, s, need(source, s, result, "score.raw"), "result.score.raw");
                const json& success = need(source, s, result, "success");
                if (!success.is_boolean()) fail(source, s, "result.success must be true or false");
                a.passed = success.get<bool>();
                a.outcome = need_string(source, s, need_ext(source, s, result, ext_outcome), "outcome");
                if (!parse_outcome(a.outcome)) fail(source, s, "unknown outcome '" + a.outcome + "'");
                a.hints = need_int(source, s, need_ext(source, s, result, ext_hints), "hints");
                const json& scores = need_ext(source, s, result, ext_scores);
                a.stage_scores = int_map(source, s, need(source, s, scores, "stages"), "stages");
                a.competency_scores =
                    int_map(source, s, need(source, s, scores, "competencies"), "competencies");
                a.finished = s.timestamp;
                a.status = AttemptStatus::Finished;
                store.update_attempt(a);
                ++counts.attempts_closed;
                closed_now = true;
            } else if (a.status == AttemptStatus::InProgress && abandoned != nullptr) {
                a.status = AttemptStatus::Abandoned;
                a.finished = abandoned->timestamp;
                store.update_attempt(a);
                ++counts.attempts_closed;
                closed_now = true;
            } else {
                if (completed != nullptr) ++counts.skipped;
                if (abandoned != nullptr) ++counts.skipped;
            }
            // passed/failed repeat what "completed" carries.
            if (!closed_now) counts.skipped += static_cast<int>(judged.size());
        }
    });
}

}  // namespace

ImportCounts import_xapi(ResultsStore& store, std::string_view json_text, const std::string& source) {
    json doc;
    try {
        doc = json::parse(json_text);
    } catch (const json::parse_error& e) {
        const std::size_t byte = e.byte > 0 ? e.byte - 1 : 0;
        const auto [line, col] = line_col(json_text, byte);
        std::string what = e.what();
        if (auto p = what.find("syntax error"); p != std::string::npos) what = what.substr(p);
        throw StoreError(source + ":" + std::to_string(line) + ":" + std::to_string(col) +
                         ": error: not valid JSON: " + what +
                         "\nhelp: import reads the JSON array written by `salesim export --format xapi`");
    } catch (const json::exception& e) {  // a number too large for any type, which has no position
        throw StoreError(source + ": error: not valid JSON: " + e.what() +
                         "\nhelp: import reads the JSON array written by `salesim export --format xapi`");
    }
    if (doc.is_object()) doc = json::array({doc});
    if (!doc.is_array())
        throw StoreError(source +
                         ": error: expected a JSON array of xAPI statements\n"
                         "help: import reads files written by `salesim export --format xapi`");

    // Check every statement before writing anything.
    std::vector<ParsedStatement> statements;
    for (std::size_t i = 0; i < doc.size(); ++i) {
        ParsedStatement s;
        s.number = static_cast<int>(i) + 1;
        s.body = &doc[i];
        if (!doc[i].is_object()) fail(source, s, "a statement must be a JSON object");
        s.id = need_string(source, s, need(source, s, doc[i], "id"), "id");
        if (!is_uuid(s.id)) fail(source, s, "id '" + s.id + "' is not a UUID");
        s.verb = need_string(source, s, need(source, s, doc[i], "verb.id"), "verb.id");
        static const std::set<std::string> known = {verb_attempted, verb_answered, verb_completed,
                                                    verb_passed,    verb_failed,   verb_abandoned};
        if (!known.contains(s.verb)) fail(source, s, "verb " + s.verb + " is not one Salesim writes");
        s.registration =
            need_string(source, s, need(source, s, doc[i], "context.registration"), "registration");
        if (!is_uuid(s.registration)) fail(source, s, "context.registration is not a UUID");
        s.timestamp = need_string(source, s, need(source, s, doc[i], "timestamp"), "timestamp");
        if (epoch_ms(s.timestamp) < 0) fail(source, s, "timestamp '" + s.timestamp + "' is not ISO 8601");
        if (s.verb == verb_answered) decision_from(source, s);
        statements.push_back(s);
    }

    // Attempts in the order they first appear.
    std::vector<std::string> order;
    std::map<std::string, std::vector<const ParsedStatement*>> by_attempt;
    for (const ParsedStatement& s : statements) {
        auto& list = by_attempt[s.registration];
        if (list.empty()) order.push_back(s.registration);
        list.push_back(&s);
    }

    ImportCounts counts;
    counts.statements = static_cast<int>(statements.size());
    // Every part is checked with need() and member(); should a shape still slip through to the
    // JSON library, its error becomes an import error too (the transaction has rolled back).
    try {
        import_statements(store, source, order, by_attempt, counts);
    } catch (const json::exception& e) {
        throw StoreError(source + ": error: a statement has a part of an unexpected shape (" + e.what() +
                         ")\nhelp: import reads files written by `salesim export --format xapi`");
    }
    return counts;
}

}  // namespace salesim::results
