// The report's and the exports' numbers added up by the database, on both backends: each sum the
// store hands back (tally_attempts, tally_scores, tally_methods, first_titles) and each page of
// attempts (each_attempt) against the same worked out in memory from every attempt and decision
// (ResultsStore's own defaults), and the report and the exports against the ones the attempts in
// memory gave before (as_before, below), byte for byte, on a varied store and under every filter.
#include "backend_test_util.hpp"
#include "results_test_util.hpp"

#include <salesim/results/exchange.hpp>
#include <salesim/results/recorder.hpp>
#include <salesim/results/report.hpp>
#include <salesim/results/sqlite_store.hpp>
#include <salesim/results/uuid.hpp>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <ctime>
#include <map>
#include <set>
#include <sstream>
#include <vector>

namespace salesim::results {
namespace {

using namespace backend_test;

// The report and the exports as they were made before the store added them up: every attempt
// and every decision read into memory and added up here. Kept word for word as the reference the
// store's sums must agree with.
namespace as_before {

constexpr const char* crlf = "\r\n";

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

std::string row(const std::vector<std::string>& fields) {
    std::string out;
    for (std::size_t i = 0; i < fields.size(); ++i) {
        if (i > 0) out += ',';
        out += csv_field(fields[i]);
    }
    return out + crlf;
}

std::string join_names(const std::vector<Group>& gs) {
    std::string out;
    for (const Group& g : gs) {
        if (!out.empty()) out += ", ";
        out += g.name;
    }
    return out;
}

// The attempts of the filter and, per trainee with at least one of them, the best finished
// score per scenario: what a gradebook holds.
struct Gradebook {
    std::vector<std::string> scenarios;                       ///< every scenario attempted in range, by id
    std::vector<Trainee> trainees;                            ///< by name
    std::map<std::int64_t, std::map<std::string, int>> best;  ///< trainee id -> scenario -> best
    std::map<std::int64_t, std::set<Mode>> modes;  ///< trainee id -> modes of the finished attempts
};

Gradebook gradebook(const ResultsStore& store, const ReportFilter& filter) {
    Gradebook g;
    std::set<std::string> scenarios;
    std::set<std::int64_t> ids;
    for (const Attempt& a : store.attempts(resolve_filter(store, filter))) {
        scenarios.insert(a.scenario_id);
        ids.insert(a.trainee_id);
        if (a.status != AttemptStatus::Finished) continue;
        g.modes[a.trainee_id].insert(a.mode);
        auto& cell = g.best[a.trainee_id];
        auto it = cell.find(a.scenario_id);
        if (it == cell.end() || it->second < a.overall) cell[a.scenario_id] = a.overall;
    }
    g.scenarios.assign(scenarios.begin(), scenarios.end());
    for (std::int64_t id : ids)
        if (auto t = store.trainee(id)) g.trainees.push_back(*t);
    std::sort(g.trainees.begin(), g.trainees.end(),
              [](const Trainee& a, const Trainee& b) { return a.name < b.name; });
    return g;
}

std::string grade_cell(const Gradebook& g, std::int64_t trainee, const std::string& scenario) {
    auto t = g.best.find(trainee);
    if (t == g.best.end()) return {};
    auto s = t->second.find(scenario);
    return s == t->second.end() ? std::string() : std::to_string(s->second);
}

// The modes a trainee's grades come from ("assessment", "guided practice"), for the column that
// gradebooks carry last.
std::string mode_cell(const Gradebook& g, std::int64_t trainee) {
    std::string out;
    if (auto it = g.modes.find(trainee); it != g.modes.end())
        for (Mode m : it->second) out += (out.empty() ? "" : " ") + std::string(to_string(m));
    return out;
}

std::string export_csv(const ResultsStore& store, const ExportOptions& opts, Warnings&) {
    const std::vector<Attempt> attempts = store.attempts(resolve_filter(store, opts.filter));
    std::set<std::string> competencies;
    for (const Attempt& a : attempts)
        for (const auto& [k, v] : a.competency_scores) competencies.insert(k);

    std::vector<std::string> header = {
        "attempt",      "trainee",          "external_id", "email",  "groups", "scenario", "scenario_title",
        "content_hash", "rulebook_version", "persona",     "seed",   "lang",   "started",  "finished",
        "status",       "outcome",          "overall",     "passed", "hints",  "decisions"};
    for (Stage s : all_stages) header.push_back("stage_" + std::string(to_string(s)));
    for (const std::string& c : competencies) header.push_back("competency_" + c);
    // Added last, so the columns of files read before it keep their positions.
    header.push_back("mode");
    std::string out = row(header);

    std::map<std::int64_t, std::pair<Trainee, std::string>> people;
    for (const Attempt& a : attempts) {
        auto it = people.find(a.trainee_id);
        if (it == people.end()) {
            const Trainee t = store.trainee(a.trainee_id).value_or(Trainee{});
            it = people.emplace(a.trainee_id, std::make_pair(t, join_names(store.groups_of(a.trainee_id))))
                     .first;
        }
        const Trainee& t = it->second.first;
        const bool done = a.status == AttemptStatus::Finished;
        std::vector<std::string> f = {a.uuid,
                                      t.name,
                                      t.external_id,
                                      t.email,
                                      it->second.second,
                                      a.scenario_id,
                                      a.scenario_title,
                                      a.content_hash,
                                      a.rulebook_version,
                                      a.persona,
                                      std::to_string(a.seed),
                                      a.lang,
                                      a.started,
                                      a.finished,
                                      std::string(to_string(a.status)),
                                      a.outcome,
                                      done ? std::to_string(a.overall) : std::string(),
                                      done ? (a.passed ? "1" : "0") : std::string(),
                                      std::to_string(a.hints),
                                      std::to_string(store.decisions(a.id).size())};
        for (Stage s : all_stages) {
            auto sc = a.stage_scores.find(std::string(to_string(s)));
            f.push_back(done && sc != a.stage_scores.end() ? std::to_string(sc->second) : std::string());
        }
        for (const std::string& c : competencies) {
            auto sc = a.competency_scores.find(c);
            f.push_back(done && sc != a.competency_scores.end() ? std::to_string(sc->second) : std::string());
        }
        f.emplace_back(to_string(a.mode));
        out += row(f);
    }
    return out;
}

std::string export_moodle(const ResultsStore& store, const ExportOptions& opts, Warnings& warnings) {
    const Gradebook g = gradebook(store, opts.filter);
    const bool by_email = opts.moodle_id == MoodleId::Email;
    std::vector<std::string> header = {by_email ? "Email address" : "ID number"};
    header.insert(header.end(), g.scenarios.begin(), g.scenarios.end());
    header.emplace_back("Mode");
    std::string out = row(header);
    for (const Trainee& t : g.trainees) {
        const std::string& id = by_email ? t.email : t.external_id;
        if (id.empty()) {
            warnings.push_back("trainee '" + t.name + "' has no " + (by_email ? "e-mail" : "external id") +
                               " and is left out of the Moodle file; set it with `salesim trainee set '" +
                               t.name + (by_email ? "' --email ADDRESS`" : "' --external-id ID`"));
            continue;
        }
        std::vector<std::string> f = {id};
        for (const std::string& s : g.scenarios) f.push_back(grade_cell(g, t.id, s));
        f.push_back(mode_cell(g, t.id));
        out += row(f);
    }
    return out;
}

}  // namespace as_before

// ---- a varied store

DecisionRow decision(int index, const std::string& kind, const std::string& move,
                     const std::vector<std::string>& best, const std::string& at) {
    DecisionRow d;
    d.index = index;
    d.stage = kind == "objection" ? "handling_objections" : "approach";
    d.kind = kind;
    d.ref = kind == "objection" ? "price" : "opening";
    d.objection_kind = kind == "objection" ? "price" : "";
    d.move = move;
    d.rule_id = "rule-" + move;
    d.verdict = "good";
    d.points = 10 * index;
    d.best_moves = best;
    d.timestamp = at;
    return d;
}

// An attempt written as play writes one: started, its decisions one by one, then closed.
std::int64_t add(ResultsStore& store, std::int64_t trainee, const std::string& scenario,
                 const std::string& title, const std::string& started, AttemptStatus status, int overall,
                 Mode mode, const std::vector<DecisionRow>& decisions,
                 const std::map<std::string, int>& stages = {},
                 const std::map<std::string, int>& competencies = {}) {
    Attempt a;
    a.trainee_id = trainee;
    a.scenario_id = scenario;
    a.scenario_title = title;
    a.content_hash = "hash";
    a.rulebook_version = "3";
    a.persona = "Anna";
    a.lang = "en";
    a.started = started;
    a.mode = mode;
    a.id = store.add_attempt(a);
    for (const DecisionRow& d : decisions) store.add_decision(a.id, d);
    if (status == AttemptStatus::InProgress) return a.id;
    a.status = status;
    a.finished = started;
    a.outcome = status == AttemptStatus::Finished ? (overall >= 50 ? "sale" : "no_sale") : "abandoned";
    a.overall = overall;
    a.passed = status == AttemptStatus::Finished && overall >= 50;
    a.stage_scores = stages;
    a.competency_scores = competencies;
    store.update_attempt(a);
    return a.id;
}

// Real plays of three scenarios in both languages and every mode, some cut off; made-up attempts
// with what plays rarely make: the same start to the millisecond under two titles, no title,
// best moves that are no methods, scores of an abandoned attempt, a trainee in no group, one with
// no attempts, names that sort differently by bytes and by a locale.
void fill(ResultsStore& store) {
    // A clock that moves seven hours a tick from February to April, standing still now and then.
    int tick = 0;
    Recorder rec(store, [&tick] {
        const int n = tick++;
        const std::time_t t = 1769904000 + static_cast<std::time_t>(n - n / 9) * 7 * 3600;  // 2026-02-01
        std::tm tm{};
        gmtime_r(&t, &tm);
        char at[32];
        std::strftime(at, sizeof at, "%Y-%m-%dT%H:%M:%S.000Z", &tm);
        return std::string(at);
    });
    const std::vector<std::string> people = {"Maija Virtanen", "aino", "Åsa Öberg", "Zed", "zed", "Юлия"};
    for (const std::string& p : people) {
        Trainee t;
        t.name = p;
        if (p != "zed") t.email = "x" + std::to_string(p.size()) + "@school.example";
        if (p == "Zed" || p == "aino") t.external_id = "S-" + std::to_string(p.size());
        store.add_trainee(t);
    }
    Trainee idle;
    idle.name = "Nobody Yet";
    store.add_trainee(idle);
    const Group north = store.add_group("Myynti 2B");
    const Group evening = store.add_group("evening, late");
    store.add_group("Empty");
    store.set_group_mode(evening.id, Mode::Practice);
    for (const std::string p : {"Maija Virtanen", "aino", "Åsa Öberg", "Zed"})
        store.join_group(north.id, store.find_trainee(p)->id);
    for (const std::string p : {"aino", "zed", "Юлия", "Nobody Yet"})
        store.join_group(evening.id, store.find_trainee(p)->id);

    const std::vector<std::string> scenarios = {"tutorial-first-sale", "chairs-agency",
                                                "accounting-software"};
    std::uint64_t seed = 1;
    for (const std::string& who : people) {
        for (std::size_t k = 0; k < 5; ++k) {
            const std::string& id = scenarios[(k + who.size()) % scenarios.size()];
            Session s(test::scenario(id), seed++);
            const Mode mode = static_cast<Mode>(static_cast<int>(k % 3));
            const AttemptId a = rec.begin_attempt(who, s, k % 2 == 0 ? "fi" : "en", mode);
            std::size_t i = 0;
            const std::size_t stop = k == 4 ? 3 : 1000;  // the fifth is cut off
            while (!s.finished() && i < stop) {
                const DecisionRecord& r = s.choose(test::pick_option(s, seed + i * (k + 1)));
                rec.record_decision(a, s, r);
                ++i;
            }
            if (s.finished())
                rec.finish_attempt(a, s);
            else if (who.size() % 2 == 0)
                rec.abandon(a);
        }
    }
    const std::int64_t maija = store.find_trainee("Maija Virtanen")->id;
    const std::int64_t zed = store.find_trainee("Zed")->id;
    const std::int64_t yulia = store.find_trainee("Юлия")->id;
    const std::string tie = "2026-02-10T09:00:00.000Z";
    const std::vector<DecisionRow> odd = {
        decision(0, "step", "rapport", {"rapport"}, tie),
        decision(1, "objection", "boomerang", {"boomerang", "compensation"}, tie),
        decision(2, "objection", "compensation", {"boomerang", "compensation"}, tie),
        decision(3, "objection", "denial", {"question", "boomerang"}, tie),
        decision(4, "objection", "not_a_method", {"boomerang"}, tie),
        decision(5, "objection", "boomerang", {"nothing", ""}, tie),
        decision(6, "objection", "question", {}, tie),
        decision(7, "objection", "postponement", {"postponement"}, tie),
    };
    add(store, maija, "made-up", "Second title", tie, AttemptStatus::Finished, 71, Mode::Guided, odd,
        {{"approach", 60}, {"closing", 90}}, {{"listening", 40}, {"own-skill", 100}});
    add(store, maija, "made-up", "First title", tie, AttemptStatus::Finished, 33, Mode::Assessment, odd,
        {{"approach", 20}}, {{"listening", 50}});
    add(store, maija, "made-up", "", "2026-02-01T09:00:00.000Z", AttemptStatus::Abandoned, 0, Mode::Practice,
        {decision(0, "step", "rapport", {}, tie)}, {{"approach", 10}}, {{"odd-one", 5}});
    add(store, zed, "made-up", "", "2026-04-30T23:59:59.999Z", AttemptStatus::InProgress, 0, Mode::Guided,
        odd);
    add(store, zed, "made-up", "Late title", "2026-05-01T00:00:00.000Z", AttemptStatus::Finished, 100,
        Mode::Guided, {});
    // An id from someone else's file: quotes, a backslash, a tab and more than ASCII.
    add(store, zed, "quote\"back\\slash\ttab-é", "\"", "2026-03-20T10:00:00.000Z", AttemptStatus::Finished,
        64, Mode::Practice, odd, {{"approach", 64}});
    const std::int64_t twice =
        add(store, yulia, "tutorial-first-sale", "Ensimmäinen kauppa", "2026-03-15T12:00:00.000Z",
            AttemptStatus::Finished, 0, Mode::Assessment, odd, {{"closing", 0}}, {});
    // Final fields written again (as an import may): the sums move with the scores and the status.
    Attempt again = *store.attempt(twice);
    again.status = AttemptStatus::Abandoned;
    again.stage_scores = {{"closing", 30}, {"approach", 70}};
    again.competency_scores = {{"listening", 20}};
    store.update_attempt(again);
    again.status = AttemptStatus::Finished;
    again.stage_scores.erase("approach");
    store.update_attempt(again);

    // Two class sessions: one for a group, where some of its members and one outsider played (every
    // third attempt), and one where nobody played.
    ClassSession lesson;
    lesson.uuid = "7d3c1a52-9e0b-4c1f-8a6d-2b5e4f708192";
    lesson.group_id = north.id;
    lesson.scenario_id = "chairs-agency";
    lesson.mode = Mode::Practice;
    lesson.started = "2026-02-12T08:00:00.000Z";
    lesson.ended = "2026-02-12T09:30:00.000Z";
    lesson = store.add_class(lesson);
    ClassSession unused;
    unused.uuid = "0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0";
    unused.scenario_id = "tutorial-first-sale";
    unused.started = "2026-03-01T08:00:00.000Z";
    unused = store.add_class(unused);
    int n = 0;
    for (const Attempt& a : store.attempts())
        if (n++ % 3 == 0) store.add_class_attempt(lesson.id, a.id);
}

// Filters that cut the store every way the report and the exports are asked to.
std::vector<ReportFilter> report_filters() {
    std::vector<ReportFilter> out(1);
    const auto with = [&](auto set) {
        ReportFilter f;
        set(f);
        out.push_back(f);
    };
    with([](ReportFilter& f) { f.group = "Myynti 2B"; });
    with([](ReportFilter& f) { f.group = "evening, late"; });
    with([](ReportFilter& f) { f.group = "Empty"; });
    with([](ReportFilter& f) { f.trainee = "aino"; });
    with([](ReportFilter& f) { f.trainee = "Nobody Yet"; });
    with([](ReportFilter& f) {
        f.trainee = "zed";
        f.group = "Myynti 2B";
    });
    with([](ReportFilter& f) { f.scenario = "made-up"; });
    with([](ReportFilter& f) { f.scenario = "chairs-agency"; });
    with([](ReportFilter& f) { f.since = "2026-02-10"; });
    with([](ReportFilter& f) { f.until = "2026-03-01"; });
    with([](ReportFilter& f) {
        f.since = "2026-02-01T09:00:00Z";
        f.until = "2026-04-30";
    });
    for (const Mode m : all_modes) with([m](ReportFilter& f) { f.mode = m; });
    with([](ReportFilter& f) {
        f.group = "evening, late";
        f.mode = Mode::Assessment;
        f.scenario = "tutorial-first-sale";
    });
    // A class by its uuid, with a group and a date; an empty class by its number.
    with([](ReportFilter& f) { f.class_id = "7d3c1a52-9e0b-4c1f-8a6d-2b5e4f708192"; });
    with([](ReportFilter& f) {
        f.class_id = "7d3c1a52-9e0b-4c1f-8a6d-2b5e4f708192";
        f.group = "Myynti 2B";
        f.since = "2026-02-10";
    });
    with([](ReportFilter& f) { f.class_id = "2"; });
    return out;
}

class ReportSums : public Backend {
protected:
    void SetUp() override {
        Backend::SetUp();
        if (IsSkipped()) return;
        m_store = open();
        fill(*m_store);
    }
    std::unique_ptr<ResultsStore> m_store;
};

std::string described(const ReportFilter& f) {
    return "group '" + f.group + "' trainee '" + f.trainee + "' scenario '" + f.scenario + "' since '" +
           f.since + "' until '" + f.until + "' mode '" + (f.mode ? std::string(to_string(*f.mode)) : "") +
           "'";
}

TEST_P(ReportSums, EverySumIsWhatTheAttemptsInMemoryAddUpTo) {
    const ResultsStore& store = *m_store;
    std::vector<AttemptFilter> filters;
    for (const ReportFilter& rf : report_filters()) filters.push_back(resolve_filter(store, rf));
    for (const AttemptStatus s :
         {AttemptStatus::InProgress, AttemptStatus::Finished, AttemptStatus::Abandoned}) {
        AttemptFilter f;
        f.status = s;
        filters.push_back(f);
    }
    for (const AttemptFilter& f : filters) {
        SCOPED_TRACE(std::to_string(&f - filters.data()));
        EXPECT_EQ(store.tally_attempts(f), store.ResultsStore::tally_attempts(f));
        EXPECT_EQ(store.tally_scores(f), store.ResultsStore::tally_scores(f));
        EXPECT_EQ(store.tally_methods(f), store.ResultsStore::tally_methods(f));
        EXPECT_EQ(store.first_titles(f), store.ResultsStore::first_titles(f));
    }
    // The store is varied enough to show it: every status, scores of an abandoned attempt, a tie.
    const auto all = store.tally_attempts({});
    for (const AttemptStatus s :
         {AttemptStatus::InProgress, AttemptStatus::Finished, AttemptStatus::Abandoned})
        EXPECT_TRUE(
            std::any_of(all.begin(), all.end(), [s](const AttemptTally& t) { return t.status == s; }));
    const auto scores = store.tally_scores({});
    EXPECT_TRUE(std::any_of(scores.begin(), scores.end(),
                            [](const ScoreTally& t) { return t.status == AttemptStatus::Abandoned; }));
    const auto titles = store.first_titles({});
    const auto made_up = std::find_if(titles.begin(), titles.end(), [&](const FirstTitle& t) {
        return t.scenario_id == "made-up" && t.trainee_id == store.find_trainee("Maija Virtanen")->id;
    });
    ASSERT_NE(made_up, titles.end());
    EXPECT_EQ(made_up->title, "Second title");  // the same start: the attempt recorded first
    // The class filter picks some attempts, not all, and the empty class none.
    ReportFilter lesson;
    lesson.class_id = "7d3c1a52-9e0b-4c1f-8a6d-2b5e4f708192";
    const auto in_class = store.tally_attempts(resolve_filter(store, lesson));
    const auto count = [](const std::vector<AttemptTally>& v) {
        int n = 0;
        for (const AttemptTally& t : v) n += t.count;
        return n;
    };
    EXPECT_GT(count(in_class), 3);
    EXPECT_LT(count(in_class), count(all));
    ReportFilter empty;
    empty.class_id = "2";
    EXPECT_EQ(count(store.tally_attempts(resolve_filter(store, empty))), 0);
}

// Every attempt each_attempt hands over, as text: its row, scores, decisions and count.
std::vector<std::string> listed(const ResultsStore& store, const AttemptFilter& f, const AttemptReading& r,
                                bool in_memory) {
    std::vector<std::string> out;
    const AttemptVisitor visit = [&](const Attempt& a, const std::vector<DecisionRow>& decisions, int count) {
        std::ostringstream s;
        s << a.id << " " << a.uuid << " " << a.trainee_id << " " << a.scenario_id << " " << a.started << " "
          << to_string(a.status) << " " << a.overall << " " << a.scenario_title << " " << a.finished << " "
          << a.outcome << " " << a.seed << " " << to_string(a.mode) << " count " << count;
        for (const auto& [k, v] : a.stage_scores) s << " s:" << k << "=" << v;
        for (const auto& [k, v] : a.competency_scores) s << " c:" << k << "=" << v;
        for (const DecisionRow& d : decisions)
            s << " d" << d.index << ":" << d.kind << "/" << d.move << "/" << d.verdict << "/" << d.points
              << "/" << d.timestamp << "/" << d.best_moves.size();
        out.push_back(s.str());
    };
    if (in_memory)
        store.ResultsStore::each_attempt(f, r, visit);
    else
        store.each_attempt(f, r, visit);
    return out;
}

std::vector<AttemptReading> readings() {
    std::vector<AttemptReading> out(1);
    AttemptReading r;
    r.scores = true;
    out.push_back(r);
    r.decisions = true;
    out.push_back(r);
    r = {};
    r.decision_count = true;
    out.push_back(r);
    r.offset = 3;
    r.limit = 5;
    out.push_back(r);
    r.offset = 0;
    r.limit = 0;
    out.push_back(r);
    r.offset = 1000000;
    r.limit = -1;
    out.push_back(r);
    r = {};
    r.all_fields = false;
    out.push_back(r);
    r.scores = true;
    r.decision_count = true;
    r.offset = 2;
    out.push_back(r);
    return out;
}

TEST_P(ReportSums, EachAttemptHandsOverWhatTheWholeListHolds) {
    const ResultsStore& store = *m_store;
    for (const ReportFilter& rf : report_filters()) {
        SCOPED_TRACE(described(rf));
        const AttemptFilter f = resolve_filter(store, rf);
        for (const AttemptReading& r : readings())
            EXPECT_EQ(listed(store, f, r, false), listed(store, f, r, true));
    }
}

TEST_P(ReportSums, TheReportIsTheOneTheAttemptsInMemoryGave) {
    const ResultsStore& store = *m_store;
    for (const ReportFilter& rf : report_filters()) {
        SCOPED_TRACE(described(rf));
        const std::string before = as_before::report_json(as_before::build_report(store, rf));
        EXPECT_EQ(report_json(build_report(store, rf)), before);
        // Summaries only, each trainee's progress read as the JSON is written (`salesim report --json`).
        const Report summary = build_report(store, rf, ReportScope::Summaries);
        for (const TraineeReport& t : summary.trainees) EXPECT_TRUE(t.progress.empty());
        std::ostringstream streamed;
        write_report_json(streamed, summary, [&](const TraineeReport& t) {
            return trainee_progress(store, summary, t.trainee.id);
        });
        EXPECT_EQ(streamed.str(), before);
        // A group's series is its members' attempts in the range, oldest first.
        const Report full = build_report(store, rf);
        for (const GroupReport& g : full.groups) {
            std::vector<ProgressPoint> merged;
            for (const TraineeReport& t : full.trainees)
                if (std::find(g.members.begin(), g.members.end(), t.trainee.name) != g.members.end())
                    merged.insert(merged.end(), t.progress.begin(), t.progress.end());
            const std::vector<ProgressPoint> series = group_progress(store, full, g.group.id);
            ASSERT_EQ(series.size(), merged.size()) << g.group.name;
            for (std::size_t i = 1; i < series.size(); ++i)
                EXPECT_LE(series[i - 1].started, series[i].started);
            std::multiset<std::string> a, b;
            for (const ProgressPoint& p : series) a.insert(p.attempt_uuid);
            for (const ProgressPoint& p : merged) b.insert(p.attempt_uuid);
            EXPECT_EQ(a, b) << g.group.name;
        }
    }
}

TEST_P(ReportSums, TheExportsAreTheOnesTheAttemptsInMemoryGave) {
    const ResultsStore& store = *m_store;
    for (const ReportFilter& rf : report_filters()) {
        SCOPED_TRACE(described(rf));
        ExportOptions opts;
        opts.filter = rf;
        Warnings w1, w2;
        EXPECT_EQ(export_csv(store, opts, w1), as_before::export_csv(store, opts, w2));
        EXPECT_EQ(export_moodle(store, opts, w1), as_before::export_moodle(store, opts, w2));
        EXPECT_EQ(w1, w2);
        // The statements written one at a time are the JSON library's own dump of them all.
        const std::string xapi = export_xapi(store, opts, w1);
        const auto doc = nlohmann::ordered_json::parse(xapi);
        EXPECT_EQ(doc.dump(2) + "\n", xapi);
        ASSERT_EQ(doc.size(), xapi_statements(store, opts).size());
    }
}

TEST_P(ReportSums, ListsCrossPagesWithoutLosingOrRepeatingAnAttempt) {
    // More attempts than a page holds, many starting at the same moment, so pages end in a tie.
    ResultsStore& store = *m_store;
    const std::int64_t who = store.find_trainee("aino")->id;
    store.transaction([&] {
        for (int i = 0; i < 1234; ++i) {
            char at[32];
            std::snprintf(at, sizeof at, "2026-06-%02dT10:00:00.000Z", 1 + (i * 7) % 5);
            add(store, who, "bulk", "Bulk", at,
                i % 3 == 0 ? AttemptStatus::Abandoned : AttemptStatus::Finished, i % 101, Mode::Guided,
                {decision(0, "objection", "boomerang", {"boomerang"}, at)}, {{"approach", i % 100}});
        }
    });
    AttemptReading r;
    r.scores = true;
    r.decisions = true;
    EXPECT_EQ(listed(store, {}, r, false), listed(store, {}, r, true));
    r.offset = 499;
    r.limit = 502;
    const auto page = listed(store, {}, r, false);
    EXPECT_EQ(page.size(), 502u);
    EXPECT_EQ(page, listed(store, {}, r, true));
    EXPECT_EQ(store.tally_attempts({}), store.ResultsStore::tally_attempts({}));
    EXPECT_EQ(report_json(build_report(store, {})),
              as_before::report_json(as_before::build_report(store, {})));
}

TEST_P(ReportSums, ADatabaseOfTheSchemaBeforeOpensMigratesAndReportsTheSame) {
    const std::string before = report_json(build_report(*m_store, {}));
    m_store.reset();
    // The schema as version 3 left it: without the indexes and sums reports read, nor the groups'
    // assigned scenarios.
    if (GetParam() == "sqlite") {
        sqlite3* h = nullptr;
        ASSERT_EQ(sqlite3_open(m_location.c_str(), &h), SQLITE_OK);
        ASSERT_EQ(sqlite3_exec(
                      h,
                      "DROP TABLE group_scenarios; DROP INDEX scores_by_attempt; DROP INDEX attempts_titles; "
                      "DROP INDEX attempts_by_start; DROP INDEX attempts_tally; DROP INDEX "
                      "attempts_progress; DROP INDEX decisions_objections; DROP TABLE score_sums; DROP "
                      "TABLE title_firsts; DROP TABLE method_counts; CREATE INDEX attempts_by_trainee ON "
                      "attempts (trainee_id, "
                      "started)",
                      nullptr, nullptr, nullptr),
                  SQLITE_OK);
        sqlite3_close(h);
    } else {
        const std::string in = m_schema + ".";
        pg_admin(m_server, "DROP TABLE " + in + "group_scenarios; DROP INDEX " + in +
                               "scores_by_attempt; DROP INDEX " + in + "attempts_titles; DROP INDEX " + in +
                               "attempts_tally; DROP INDEX " + in + "attempts_progress; DROP INDEX " + in +
                               "decisions_objections; DROP TABLE " + in + "score_sums; DROP TABLE " + in +
                               "title_firsts; DROP TABLE " + in +
                               "method_counts; CREATE INDEX attempts_by_trainee ON " + in +
                               "attempts (trainee_id, "
                               "started)");
    }
    set_version(3);
    // Read as it is (a copy in memory, temporary tables), never changed.
    EXPECT_EQ(report_json(build_report(*open(Access::ReadOnly), {})), before);
    const auto has_index = [&](const std::string& name) {
        if (GetParam() != "sqlite")
            return pg_admin(m_server, "SELECT count(*) FROM pg_indexes WHERE schemaname = '" + m_schema +
                                          "' AND indexname = '" + name + "'") == "1";
        sqlite3* h = nullptr;
        sqlite3_open(m_location.c_str(), &h);
        sqlite3_stmt* st = nullptr;
        sqlite3_prepare_v2(h, ("SELECT count(*) FROM sqlite_master WHERE name = '" + name + "'").c_str(), -1,
                           &st, nullptr);
        const bool found = sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0) == 1;
        sqlite3_finalize(st);
        sqlite3_close(h);
        return found;
    };
    EXPECT_FALSE(has_index("decisions_objections"));
    // Opened for writing: migrated, the indexes made and the sums added up from what is stored.
    auto store = open();
    EXPECT_TRUE(has_index("decisions_objections"));
    EXPECT_TRUE(has_index("attempts_tally"));
    EXPECT_TRUE(has_index("attempts_progress"));
    EXPECT_TRUE(has_index("scores_by_attempt"));
    EXPECT_TRUE(has_index("attempts_titles"));
    EXPECT_FALSE(has_index("attempts_by_trainee"));
    if (GetParam() == "sqlite") {
        EXPECT_TRUE(has_index("attempts_by_start"));
    }
    EXPECT_EQ(report_json(build_report(*store, {})), before);
    for (const ReportFilter& rf : report_filters()) {
        const AttemptFilter f = resolve_filter(*store, rf);
        EXPECT_EQ(store->tally_scores(f), store->ResultsStore::tally_scores(f)) << described(rf);
        EXPECT_EQ(store->first_titles(f), store->ResultsStore::first_titles(f)) << described(rf);
        EXPECT_EQ(store->tally_methods(f), store->ResultsStore::tally_methods(f)) << described(rf);
    }
}

// Version 4 to 5: the indexes a report by date or class reads are made, and every sum under every
// filter stays what the attempts in memory add up to.
TEST_P(ReportSums, ADatabaseOfVersionFourGetsTheIndexesOfReportsByDate) {
    const std::string before = report_json(build_report(*m_store, {}));
    m_store.reset();
    if (GetParam() == "sqlite") {
        sqlite3* h = nullptr;
        ASSERT_EQ(sqlite3_open(m_location.c_str(), &h), SQLITE_OK);
        ASSERT_EQ(
            sqlite3_exec(
                h, "DROP TABLE group_scenarios; DROP INDEX scores_by_attempt; DROP INDEX attempts_titles",
                nullptr, nullptr, nullptr),
            SQLITE_OK);
        sqlite3_close(h);
    } else {
        pg_admin(m_server, "DROP TABLE " + m_schema + ".group_scenarios; DROP INDEX " + m_schema +
                               ".scores_by_attempt; DROP INDEX " + m_schema + ".attempts_titles");
    }
    set_version(4);
    EXPECT_EQ(report_json(build_report(*open(Access::ReadOnly), {})), before);
    auto store = open();
    EXPECT_EQ(report_json(build_report(*store, {})), before);
    for (const ReportFilter& rf : report_filters()) {
        const AttemptFilter f = resolve_filter(*store, rf);
        EXPECT_EQ(store->tally_scores(f), store->ResultsStore::tally_scores(f)) << described(rf);
        EXPECT_EQ(store->first_titles(f), store->ResultsStore::first_titles(f)) << described(rf);
    }
    // Both indexes are there again: making them a second time fails.
    if (GetParam() == "sqlite") {
        sqlite3* h = nullptr;
        ASSERT_EQ(sqlite3_open(m_location.c_str(), &h), SQLITE_OK);
        EXPECT_NE(sqlite3_exec(h, "CREATE INDEX scores_by_attempt ON scores (attempt_id)", nullptr, nullptr,
                               nullptr),
                  SQLITE_OK);
        EXPECT_NE(sqlite3_exec(h, "CREATE INDEX attempts_titles ON attempts (id)", nullptr, nullptr, nullptr),
                  SQLITE_OK);
        sqlite3_close(h);
    } else {
        EXPECT_EQ(pg_admin(m_server, "SELECT count(*) FROM pg_indexes WHERE schemaname = '" + m_schema +
                                         "' AND indexname IN ('scores_by_attempt', 'attempts_titles')"),
                  "2");
    }
}

INSTANTIATE_TEST_SUITE_P(Both, ReportSums, ::testing::Values("sqlite", "postgresql"),
                         [](const ::testing::TestParamInfo<std::string>& p) { return p.param; });

}  // namespace
}  // namespace salesim::results
