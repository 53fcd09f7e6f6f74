// xAPI 1.0.3: attempts as statements (export). The import, which reads them back into attempts, is
// in xapi_read.cpp (one statement) and xapi_import.cpp (a file into the store).
//
// One attempt gives: "attempted" (start; carries the trainee and the attempt's facts), one
// "answered" per decision, then "completed" plus "passed" or "failed" when finished, or
// "abandoned" when given up. Everything an attempt holds travels in the statements, so an export
// imported elsewhere recreates the attempt exactly: that is the lossless path between machines.
#include "salesim/results/exchange.hpp"

#include "salesim/results/json_out.hpp"
#include "salesim/results/uuid.hpp"
#include "xapi_internal.hpp"

#include <cstdio>
#include <ctime>
#include <map>
#include <sstream>

namespace salesim::results {

using namespace xapi_detail;

long long xapi_detail::epoch_ms(const std::string& ts) {
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

namespace {

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

std::string scenario_iri(const std::string& id) {
    return base + "scenario/" + percent_encode(id);
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

// Every statement of the attempts the options select, as export_xapi writes them, handed to `out`
// one at a time.
void each_statement(const ResultsStore& store, const ExportOptions& opts,
                    const std::function<void(json&&)>& out) {
    std::map<std::int64_t, std::pair<Trainee, std::vector<Group>>> people;
    AttemptReading reading;
    reading.scores = true;
    reading.decisions = true;
    const auto one = [&](const Attempt& a, const std::vector<DecisionRow>& decisions, int) {
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
        out(std::move(start));

        for (const DecisionRow& d : decisions) {
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
            out(std::move(s));
        }

        if (a.status == AttemptStatus::Finished) {
            json done = statement(c, "completed", verb(verb_completed, "completed"), scenario_activity(a),
                                  a.finished);
            done["result"] = final_result(c, true);
            done["context"] = context(c, false);
            out(std::move(done));
            const std::string role = a.passed ? "passed" : "failed";
            json judged = statement(c, role, verb(a.passed ? verb_passed : verb_failed, role),
                                    scenario_activity(a), a.finished);
            judged["result"] = final_result(c, false);
            judged["context"] = context(c, false);
            out(std::move(judged));
        } else if (a.status == AttemptStatus::Abandoned) {
            json gone = statement(c, "abandoned", verb(verb_abandoned, "abandoned"), scenario_activity(a),
                                  a.finished);
            gone["result"] = {{"completion", false}, {"duration", iso_duration(a.started, a.finished)}};
            gone["context"] = context(c, false);
            out(std::move(gone));
        }
    };
    store.each_attempt(resolve_filter(store, opts.filter), reading, one);
}

}  // namespace

std::string export_xapi(const ResultsStore& store, const ExportOptions& opts, Warnings& warnings) {
    std::ostringstream out;
    write_xapi(out, store, opts, warnings);
    return out.str();
}

void write_xapi(std::ostream& out, const ResultsStore& store, const ExportOptions& opts, Warnings&) {
    JsonArrayOut statements(out, 0);
    each_statement(store, opts, [&](json&& s) { statements.add(s.dump(2)); });
    statements.close();
    out << "\n";
}

void each_xapi_statement(const ResultsStore& store, const ExportOptions& opts,
                         const std::function<void(XapiStatement&&)>& statement) {
    each_statement(store, opts, [&](json&& s) { statement({s["id"].get<std::string>(), s.dump()}); });
}

std::vector<XapiStatement> xapi_statements(const ResultsStore& store, const ExportOptions& opts) {
    std::vector<XapiStatement> out;
    each_xapi_statement(store, opts, [&](XapiStatement&& s) { out.push_back(std::move(s)); });
    return out;
}

}  // namespace salesim::results
