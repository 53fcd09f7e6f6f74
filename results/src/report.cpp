// The trainer's report from the store's sums: sections per trainee and per group, progress series
// read a trainee (or a group) at a time, and the JSON written one trainee at a time.
#include "salesim/results/report.hpp"

#include "salesim/results/json_out.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <sstream>
#include <tuple>

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

// Running sums for means: integers only, so a group's sums are its members' added up and every
// mean is the same number however the attempts were grouped on the way.
struct Sums {
    int count = 0;
    long overall = 0;
    std::map<std::string, std::pair<long, int>> stages, competencies;

    void add(const Sums& o) {
        count += o.count;
        overall += o.overall;
        for (const auto& [k, v] : o.stages) {
            stages[k].first += v.first;
            stages[k].second += v.second;
        }
        for (const auto& [k, v] : o.competencies) {
            competencies[k].first += v.first;
            competencies[k].second += v.second;
        }
    }
    void add_score(const ScoreTally& t) {
        auto& cell = (t.area == "stage" ? stages : competencies)[t.name];
        cell.first += static_cast<long>(t.sum);
        cell.second += t.count;
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

// Counts `count` objection decisions that chose `move` where `best_moves` were best. When the
// chosen method was among the best, it counts on the diagonal; otherwise under the first best
// method in the canonical order.
void count_methods(ConfusionTable& t, const std::string& move, const std::vector<std::string>& best_moves,
                   int count) {
    if (best_moves.empty()) return;
    const auto chosen = parse_method(move);
    if (!chosen) return;
    std::optional<Method> best;
    for (const std::string& m : best_moves) {
        const auto bm = parse_method(m);
        if (!bm) continue;
        if (*bm == *chosen) {
            best = bm;
            break;
        }
        if (!best || static_cast<int>(*bm) < static_cast<int>(*best)) best = bm;
    }
    if (!best) return;
    t.counts[static_cast<std::size_t>(*chosen)][static_cast<std::size_t>(*best)] += count;
    t.total += count;
    if (*chosen == *best) t.fitting += count;
}

// One scenario's numbers in a section while they are added up.
struct ScenarioSums {
    ScenarioStats stats;
    Sums sums;
    std::string title_started;  ///< of the attempt stats.title is from
    std::int64_t title_attempt = 0;

    // The title of the earliest attempt (by started, then id) that has one.
    void offer_title(const std::string& title, const std::string& started, std::int64_t attempt) {
        if (!stats.title.empty() && std::tie(title_started, title_attempt) <= std::tie(started, attempt))
            return;
        stats.title = title;
        title_started = started;
        title_attempt = attempt;
    }
};

// A section's numbers while they are added up: a trainee's from the store's tallies, a group's
// from its members'.
struct SectionSums {
    int attempts = 0;
    int finished = 0;
    int in_progress = 0;
    int abandoned = 0;
    int passed = 0;
    std::map<std::string, ScenarioSums> scenarios;  ///< by scenario id
    Sums all;
    ConfusionTable methods;

    ScenarioSums& scenario(const std::string& id) {
        ScenarioSums& s = scenarios[id];
        s.stats.scenario_id = id;
        return s;
    }

    void add(const AttemptTally& t) {
        attempts += t.count;
        ScenarioSums& sc = scenario(t.scenario_id);
        sc.stats.attempts += t.count;
        switch (t.status) {
            case AttemptStatus::InProgress:
                in_progress += t.count;
                break;
            case AttemptStatus::Abandoned:
                abandoned += t.count;
                break;
            case AttemptStatus::Finished:
                finished += t.count;
                sc.stats.finished += t.count;
                passed += t.passed;
                sc.stats.passed += t.passed;
                sc.stats.best = std::max(sc.stats.best, t.best);
                for (Sums* s : {&sc.sums, &all}) {
                    s->count += t.count;
                    s->overall += static_cast<long>(t.overall);
                }
                break;
        }
    }

    void add(const SectionSums& o) {
        attempts += o.attempts;
        finished += o.finished;
        in_progress += o.in_progress;
        abandoned += o.abandoned;
        passed += o.passed;
        for (const auto& [id, theirs] : o.scenarios) {
            ScenarioSums& sc = scenario(id);
            sc.stats.attempts += theirs.stats.attempts;
            sc.stats.finished += theirs.stats.finished;
            sc.stats.passed += theirs.stats.passed;
            sc.stats.best = std::max(sc.stats.best, theirs.stats.best);
            sc.sums.add(theirs.sums);
            if (!theirs.stats.title.empty())
                sc.offer_title(theirs.stats.title, theirs.title_started, theirs.title_attempt);
        }
        all.add(o.all);
        for (std::size_t r = 0; r < methods.counts.size(); ++r)
            for (std::size_t c = 0; c < methods.counts[r].size(); ++c)
                methods.counts[r][c] += o.methods.counts[r][c];
        methods.total += o.methods.total;
        methods.fitting += o.methods.fitting;
    }

    SectionReport report() const {
        SectionReport r;
        r.attempts = attempts;
        r.finished = finished;
        r.in_progress = in_progress;
        r.abandoned = abandoned;
        r.passed = passed;
        for (const auto& [id, sc] : scenarios) {
            ScenarioStats stats = sc.stats;
            stats.scores = sc.sums.summary();
            stats.average = stats.scores.overall;
            r.scenarios.push_back(std::move(stats));
        }
        r.scores = all.summary();
        r.methods = methods;
        return r;
    }
};

ProgressPoint progress_point(const Attempt& a) {
    return {a.uuid, a.started, a.scenario_id, a.status, a.overall, a.passed, a.outcome, a.mode};
}

// What a progress series needs of each attempt, and no more.
AttemptReading progress_fields() {
    AttemptReading r;
    r.all_fields = false;
    return r;
}

std::vector<ProgressPoint> progress_of(const ResultsStore& store, const AttemptFilter& f) {
    std::vector<ProgressPoint> out;
    store.each_attempt(f, progress_fields(),
                       [&](const Attempt& a, const auto&, int) { out.push_back(progress_point(a)); });
    return out;
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
    if (!filter.class_id.empty()) {
        std::optional<ClassSession> c = store.find_class(filter.class_id);
        if (!c && filter.class_id.find_first_not_of("0123456789") == std::string::npos &&
            filter.class_id.size() < 18)
            c = store.class_session(std::stoll(filter.class_id));
        if (!c)
            throw StoreError("error: no class session '" + filter.class_id +
                             "'\nhelp: `salesim classroom list` shows the class sessions");
        f.class_id = c->id;
    }
    if (!filter.since.empty()) f.since = parse_date_bound(filter.since, false, "--since");
    if (!filter.until.empty()) f.until = parse_date_bound(filter.until, true, "--until");
    if (!f.since.empty() && !f.until.empty() && f.until < f.since)
        throw StoreError("error: --until " + filter.until + " is before --since " + filter.since);
    return f;
}

Report build_report(const ResultsStore& store, const ReportFilter& filter, ReportScope scope) {
    Report report;
    report.filter = filter;
    report.attempts = resolve_filter(store, filter);
    const AttemptFilter& f = report.attempts;

    // Each trainee's section from the store's sums; a group's is its members' added up.
    std::map<std::int64_t, SectionSums> by_trainee;
    for (const AttemptTally& t : store.tally_attempts(f)) by_trainee[t.trainee_id].add(t);
    for (const ScoreTally& t : store.tally_scores(f)) {
        if (t.status != AttemptStatus::Finished) continue;  // means are of finished attempts
        SectionSums& s = by_trainee[t.trainee_id];
        s.scenario(t.scenario_id).sums.add_score(t);
        s.all.add_score(t);
    }
    for (const MethodTally& t : store.tally_methods(f))
        count_methods(by_trainee[t.trainee_id].methods, t.move, t.best_moves, t.count);
    for (const FirstTitle& t : store.first_titles(f))
        by_trainee[t.trainee_id].scenario(t.scenario_id).offer_title(t.title, t.started, t.attempt_id);

    std::map<std::int64_t, Trainee> people;
    for (Trainee& t : store.trainees()) people.emplace(t.id, std::move(t));
    std::map<std::int64_t, std::size_t> at;  // trainee id -> index in report.trainees
    for (const auto& [trainee_id, sums] : by_trainee) {
        TraineeReport t;
        if (auto it = people.find(trainee_id); it != people.end()) t.trainee = it->second;
        t.section = sums.report();
        at[trainee_id] = report.trainees.size();
        report.trainees.push_back(std::move(t));
    }
    if (scope == ReportScope::Everything)
        store.each_attempt(f, progress_fields(), [&](const Attempt& a, const auto&, int) {
            // (an attempt recorded since the sums were read has no section to go with)
            if (auto it = at.find(a.trainee_id); it != at.end())
                report.trainees[it->second].progress.push_back(progress_point(a));
        });

    // Every group's members (a trainee's groups come in the groups' order: by name).
    for (const Group& g : store.groups()) {
        GroupReport gr;
        gr.group = g;
        SectionSums sums;
        for (const Trainee& m : store.members(g.id)) {
            gr.members.push_back(m.name);
            if (auto it = by_trainee.find(m.id); it != by_trainee.end()) {
                sums.add(it->second);
                report.trainees[at.at(m.id)].groups.push_back(g.name);
            }
        }
        if (!filter.group.empty() && g.name != filter.group) continue;
        // A trainee filter narrows groups to the trainee's own.
        if (!filter.trainee.empty() &&
            std::find(gr.members.begin(), gr.members.end(), filter.trainee) == gr.members.end())
            continue;
        gr.section = sums.report();
        report.groups.push_back(std::move(gr));
    }
    std::sort(report.trainees.begin(), report.trainees.end(),
              [](const TraineeReport& a, const TraineeReport& b) { return a.trainee.name < b.trainee.name; });
    return report;
}

std::vector<ProgressPoint> trainee_progress(const ResultsStore& store, const Report& report,
                                            std::int64_t trainee_id) {
    AttemptFilter f = report.attempts;
    if (f.trainee_id && *f.trainee_id != trainee_id) return {};
    f.trainee_id = trainee_id;
    return progress_of(store, f);
}

std::vector<ProgressPoint> group_progress(const ResultsStore& store, const Report& report,
                                          std::int64_t group_id) {
    AttemptFilter f = report.attempts;
    if (f.group_id && *f.group_id != group_id) return {};
    f.group_id = group_id;
    return progress_of(store, f);
}

namespace {

// A trainee's progress series as dump(2) writes it as the last member of the trainee's object:
// the same bytes, without making a JSON value of every attempt.
std::string progress_json(const std::vector<ProgressPoint>& points) {
    if (points.empty()) return "[]";
    const auto text = [](const std::string& s) { return nlohmann::ordered_json(s).dump(); };
    std::string out = "[";
    for (const ProgressPoint& p : points) {
        out += out.size() == 1 ? "\n" : ",\n";
        out += "    {\n      \"attempt\": " + text(p.attempt_uuid) +
               ",\n      \"started\": " + text(p.started) + ",\n      \"scenario\": " + text(p.scenario_id) +
               ",\n      \"status\": \"" + std::string(to_string(p.status)) +
               "\",\n      \"outcome\": " + text(p.outcome) +
               ",\n      \"overall\": " + std::to_string(p.overall) +
               ",\n      \"passed\": " + (p.passed ? "true" : "false") + ",\n      \"mode\": \"" +
               std::string(to_string(p.mode)) + "\"\n    }";
    }
    return out + "\n  ]";
}

}  // namespace

std::string report_json(const Report& report) {
    std::ostringstream out;
    write_report_json(out, report);
    return out.str();
}

void write_report_json(std::ostream& out, const Report& report, const ProgressSource& progress) {
    // The document as dump(2) writes it, one trainee at a time.
    nlohmann::ordered_json filt = nlohmann::ordered_json::object();
    if (!report.filter.group.empty()) filt["group"] = report.filter.group;
    if (!report.filter.trainee.empty()) filt["trainee"] = report.filter.trainee;
    if (!report.filter.scenario.empty()) filt["scenario"] = report.filter.scenario;
    if (!report.filter.since.empty()) filt["since"] = report.filter.since;
    if (!report.filter.until.empty()) filt["until"] = report.filter.until;
    if (report.filter.mode) filt["mode"] = std::string(to_string(*report.filter.mode));
    out << "{\n  \"format\": 1,\n  \"filter\": " << indented(filt.dump(2), 2) << ",\n  \"trainees\": ";
    JsonArrayOut trainees(out, 1);
    for (const TraineeReport& t : report.trainees) {
        nlohmann::ordered_json e;
        e["name"] = t.trainee.name;
        e["uuid"] = t.trainee.uuid;
        if (!t.trainee.external_id.empty()) e["external_id"] = t.trainee.external_id;
        if (!t.trainee.email.empty()) e["email"] = t.trainee.email;
        e["groups"] = t.groups;
        e["summary"] = section_json(t.section);
        // The progress series comes last, written as it reads (a trainee's can be long).
        std::string text = e.dump(2);
        text.erase(text.size() - 2);  // the object's closing "\n}"
        text += ",\n  \"progress\": " + progress_json(progress ? progress(t) : t.progress) + "\n}";
        trainees.add(text);
    }
    trainees.close();
    out << ",\n  \"groups\": ";
    JsonArrayOut groups(out, 1);
    for (const GroupReport& g : report.groups) {
        nlohmann::ordered_json e;
        e["name"] = g.group.name;
        e["members"] = g.members;
        e["summary"] = section_json(g.section);
        groups.add(e.dump(2));
    }
    groups.close();
    out << "\n}\n";
}

}  // namespace salesim::results
