// The trainer's report computed from the store: sections per trainee and per group.
#include "salesim/results/report.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <unordered_map>

namespace salesim::results {

namespace {

bool digits(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool valid_date(std::string_view d) {
    if (d.size() != 10 || d[4] != '-' || d[7] != '-') return false;
    if (!digits(d.substr(0, 4)) || !digits(d.substr(5, 2)) || !digits(d.substr(8, 2))) return false;
    const int month = std::stoi(std::string(d.substr(5, 2)));
    const int day = std::stoi(std::string(d.substr(8, 2)));
    return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

bool valid_time(std::string_view t) {
    if (t.size() != 8 || t[2] != ':' || t[5] != ':') return false;
    if (!digits(t.substr(0, 2)) || !digits(t.substr(3, 2)) || !digits(t.substr(6, 2))) return false;
    return std::stoi(std::string(t.substr(0, 2))) < 24 && std::stoi(std::string(t.substr(3, 2))) < 60 &&
           std::stoi(std::string(t.substr(6, 2))) < 61;
}

// Running sums for means.
struct Sums {
    int count = 0;
    long overall = 0;
    std::map<std::string, std::pair<long, int>> stages, competencies;

    void add(const Attempt& a) {
        ++count;
        overall += a.overall;
        for (const auto& [k, v] : a.stage_scores) {
            stages[k].first += v;
            ++stages[k].second;
        }
        for (const auto& [k, v] : a.competency_scores) {
            competencies[k].first += v;
            ++competencies[k].second;
        }
    }
    ScoreSummary summary() const {
        ScoreSummary s;
        s.count = count;
        if (count > 0) s.overall = static_cast<double>(overall) / count;
        for (const auto& [k, v] : stages) s.stages[k] = static_cast<double>(v.first) / v.second;
        for (const auto& [k, v] : competencies) s.competencies[k] = static_cast<double>(v.first) / v.second;
        return s;
    }
};

void count_methods(ConfusionTable& t, const std::vector<DecisionRow>& decisions) {
    for (const DecisionRow& d : decisions) {
        if (d.kind != "objection" || d.best_moves.empty()) continue;
        const auto chosen = parse_method(d.move);
        if (!chosen) continue;
        std::optional<Method> best;
        for (const std::string& m : d.best_moves) {
            const auto bm = parse_method(m);
            if (!bm) continue;
            if (*bm == *chosen) {
                best = bm;
                break;
            }
            if (!best || static_cast<int>(*bm) < static_cast<int>(*best)) best = bm;
        }
        if (!best) continue;
        ++t.counts[static_cast<std::size_t>(*chosen)][static_cast<std::size_t>(*best)];
        ++t.total;
        if (*chosen == *best) ++t.fitting;
    }
}

using DecisionCache = std::map<std::int64_t, std::vector<DecisionRow>>;

SectionReport make_section(const std::vector<const Attempt*>& attempts, const DecisionCache& decisions) {
    SectionReport r;
    Sums all;
    std::map<std::string, std::pair<ScenarioStats, Sums>> by_scenario;
    for (const Attempt* a : attempts) {
        ++r.attempts;
        auto& [stats, sums] = by_scenario[a->scenario_id];
        stats.scenario_id = a->scenario_id;
        if (stats.title.empty()) stats.title = a->scenario_title;
        ++stats.attempts;
        switch (a->status) {
            case AttemptStatus::InProgress:
                ++r.in_progress;
                break;
            case AttemptStatus::Abandoned:
                ++r.abandoned;
                break;
            case AttemptStatus::Finished:
                ++r.finished;
                ++stats.finished;
                if (a->passed) {
                    ++r.passed;
                    ++stats.passed;
                }
                stats.best = std::max(stats.best, a->overall);
                sums.add(*a);
                all.add(*a);
                break;
        }
        if (auto it = decisions.find(a->id); it != decisions.end()) count_methods(r.methods, it->second);
    }
    for (auto& [id, entry] : by_scenario) {
        entry.first.scores = entry.second.summary();
        entry.first.average = entry.first.scores.overall;
        r.scenarios.push_back(std::move(entry.first));
    }
    r.scores = all.summary();
    return r;
}

nlohmann::ordered_json summary_json(const ScoreSummary& s) {
    nlohmann::ordered_json j;
    j["finished"] = s.count;
    j["overall"] = s.overall;
    j["stages"] = nlohmann::ordered_json::object();
    for (Stage st : all_stages) {
        const std::string id(to_string(st));
        if (auto it = s.stages.find(id); it != s.stages.end()) j["stages"][id] = it->second;
    }
    j["competencies"] = nlohmann::ordered_json::object();
    for (const auto& [k, v] : s.competencies) j["competencies"][k] = v;
    return j;
}

nlohmann::ordered_json section_json(const SectionReport& s) {
    nlohmann::ordered_json j;
    j["attempts"] = s.attempts;
    j["finished"] = s.finished;
    j["in_progress"] = s.in_progress;
    j["abandoned"] = s.abandoned;
    j["passed"] = s.passed;
    j["scores"] = summary_json(s.scores);
    j["scenarios"] = nlohmann::ordered_json::array();
    for (const ScenarioStats& sc : s.scenarios) {
        nlohmann::ordered_json e;
        e["scenario"] = sc.scenario_id;
        e["title"] = sc.title;
        e["attempts"] = sc.attempts;
        e["finished"] = sc.finished;
        e["passed"] = sc.passed;
        e["best"] = sc.best;
        e["average"] = sc.average;
        e["scores"] = summary_json(sc.scores);
        j["scenarios"].push_back(std::move(e));
    }
    nlohmann::ordered_json m;
    m["rows"] = "chosen";
    m["columns"] = "best";
    m["methods"] = nlohmann::ordered_json::array();
    for (Method x : all_methods) m["methods"].push_back(std::string(to_string(x)));
    m["counts"] = nlohmann::ordered_json::array();
    for (const auto& row : s.methods.counts) m["counts"].push_back(row);
    m["total"] = s.methods.total;
    m["fitting"] = s.methods.fitting;
    j["objection_methods"] = std::move(m);
    return j;
}

}  // namespace

std::string parse_date_bound(const std::string& value, bool end_of_day, const std::string& what) {
    const auto bad = [&] {
        return StoreError("error: " + what + " '" + value +
                          "' is not a date\nhelp: write a date as YYYY-MM-DD (2026-03-01) or a UTC time as "
                          "2026-03-01T09:30:00Z");
    };
    if (value.size() == 10) {
        if (!valid_date(value)) throw bad();
        return value + (end_of_day ? "T23:59:59.999Z" : "T00:00:00.000Z");
    }
    // YYYY-MM-DDTHH:MM:SS[.mmm]Z
    if (value.size() < 20 || value[10] != 'T' || value.back() != 'Z') throw bad();
    if (!valid_date(value.substr(0, 10)) || !valid_time(value.substr(11, 8))) throw bad();
    std::string ms = "000";
    if (value.size() != 20) {
        if (value[19] != '.') throw bad();
        std::string frac = value.substr(20, value.size() - 21);
        if (!digits(frac)) throw bad();
        frac.resize(3, '0');
        ms = frac;
    }
    return value.substr(0, 19) + "." + ms + "Z";
}

AttemptFilter resolve_filter(const ResultsStore& store, const ReportFilter& filter) {
    AttemptFilter f;
    if (!filter.group.empty()) {
        const auto g = store.find_group(filter.group);
        if (!g)
            throw StoreError("error: no group named '" + filter.group +
                             "'\nhelp: `salesim group list` shows the groups");
        f.group_id = g->id;
    }
    if (!filter.trainee.empty()) {
        const auto t = store.find_trainee(filter.trainee);
        if (!t)
            throw StoreError("error: no trainee named '" + filter.trainee +
                             "'\nhelp: `salesim trainee list` shows the trainees");
        f.trainee_id = t->id;
    }
    f.scenario_id = filter.scenario;
    f.mode = filter.mode;
    if (!filter.since.empty()) f.since = parse_date_bound(filter.since, false, "--since");
    if (!filter.until.empty()) f.until = parse_date_bound(filter.until, true, "--until");
    if (!f.since.empty() && !f.until.empty() && f.until < f.since)
        throw StoreError("error: --until " + filter.until + " is before --since " + filter.since);
    return f;
}

Report build_report(const ResultsStore& store, const ReportFilter& filter) {
    const AttemptFilter f = resolve_filter(store, filter);
    Report report;
    report.filter = filter;
    const std::vector<Attempt> attempts = store.attempts(f);
    DecisionCache decisions = store.decisions_of(f);
    for (const Attempt& a : attempts) decisions[a.id];  // an attempt without decisions has an entry too

    std::map<std::int64_t, std::vector<const Attempt*>> by_trainee;
    for (const Attempt& a : attempts) by_trainee[a.trainee_id].push_back(&a);

    for (const auto& [trainee_id, list] : by_trainee) {
        TraineeReport t;
        t.trainee = store.trainee(trainee_id).value_or(Trainee{});
        for (const Group& g : store.groups_of(trainee_id)) t.groups.push_back(g.name);
        t.section = make_section(list, decisions);
        for (const Attempt* a : list)
            t.progress.push_back(
                {a->uuid, a->started, a->scenario_id, a->status, a->overall, a->passed, a->outcome, a->mode});
        report.trainees.push_back(std::move(t));
    }
    std::sort(report.trainees.begin(), report.trainees.end(),
              [](const TraineeReport& a, const TraineeReport& b) { return a.trainee.name < b.trainee.name; });

    for (const Group& g : store.groups()) {
        if (!filter.group.empty() && g.name != filter.group) continue;
        GroupReport gr;
        gr.group = g;
        std::vector<const Attempt*> list;
        for (const Trainee& m : store.members(g.id)) {
            gr.members.push_back(m.name);
            if (auto it = by_trainee.find(m.id); it != by_trainee.end())
                list.insert(list.end(), it->second.begin(), it->second.end());
        }
        // A trainee filter narrows groups to the trainee's own.
        if (!filter.trainee.empty() &&
            std::find(gr.members.begin(), gr.members.end(), filter.trainee) == gr.members.end())
            continue;
        std::sort(list.begin(), list.end(), [](const Attempt* a, const Attempt* b) {
            return a->started != b->started ? a->started < b->started : a->id < b->id;
        });
        gr.section = make_section(list, decisions);
        report.groups.push_back(std::move(gr));
    }
    return report;
}

std::string report_json(const Report& report) {
    nlohmann::ordered_json j;
    j["format"] = 1;
    nlohmann::ordered_json filt = nlohmann::ordered_json::object();
    if (!report.filter.group.empty()) filt["group"] = report.filter.group;
    if (!report.filter.trainee.empty()) filt["trainee"] = report.filter.trainee;
    if (!report.filter.scenario.empty()) filt["scenario"] = report.filter.scenario;
    if (!report.filter.since.empty()) filt["since"] = report.filter.since;
    if (!report.filter.until.empty()) filt["until"] = report.filter.until;
    if (report.filter.mode) filt["mode"] = std::string(to_string(*report.filter.mode));
    j["filter"] = std::move(filt);
    j["trainees"] = nlohmann::ordered_json::array();
    for (const TraineeReport& t : report.trainees) {
        nlohmann::ordered_json e;
        e["name"] = t.trainee.name;
        e["uuid"] = t.trainee.uuid;
        if (!t.trainee.external_id.empty()) e["external_id"] = t.trainee.external_id;
        if (!t.trainee.email.empty()) e["email"] = t.trainee.email;
        e["groups"] = t.groups;
        e["summary"] = section_json(t.section);
        e["progress"] = nlohmann::ordered_json::array();
        for (const ProgressPoint& p : t.progress) {
            nlohmann::ordered_json pj;
            pj["attempt"] = p.attempt_uuid;
            pj["started"] = p.started;
            pj["scenario"] = p.scenario_id;
            pj["status"] = std::string(to_string(p.status));
            pj["outcome"] = p.outcome;
            pj["overall"] = p.overall;
            pj["passed"] = p.passed;
            pj["mode"] = std::string(to_string(p.mode));
            e["progress"].push_back(std::move(pj));
        }
        j["trainees"].push_back(std::move(e));
    }
    j["groups"] = nlohmann::ordered_json::array();
    for (const GroupReport& g : report.groups) {
        nlohmann::ordered_json e;
        e["name"] = g.group.name;
        e["members"] = g.members;
        e["summary"] = section_json(g.section);
        j["groups"].push_back(std::move(e));
    }
    return j.dump(2) + "\n";
}

}  // namespace salesim::results
