// The report's and gradebooks' sums added up in memory from attempts() and decisions_of(): what a
// store without SQL of its own answers, and the reference the SQL tallies are tested against.
#include "tally_internal.hpp"

#include <algorithm>
#include <map>
#include <tuple>

namespace salesim::results {

using namespace tally_detail;

namespace tally_detail {

void sort_rows(std::vector<AttemptTally>& rows) {
    std::sort(rows.begin(), rows.end(), [](const AttemptTally& a, const AttemptTally& b) {
        return std::tie(a.trainee_id, a.scenario_id, a.status, a.mode) <
               std::tie(b.trainee_id, b.scenario_id, b.status, b.mode);
    });
}

void sort_rows(std::vector<ScoreTally>& rows) {
    std::sort(rows.begin(), rows.end(), [](const ScoreTally& a, const ScoreTally& b) {
        return std::tie(a.trainee_id, a.scenario_id, a.status, a.area, a.name) <
               std::tie(b.trainee_id, b.scenario_id, b.status, b.area, b.name);
    });
}

void sort_rows(std::vector<MethodTally>& rows) {
    std::sort(rows.begin(), rows.end(), [](const MethodTally& a, const MethodTally& b) {
        return std::tie(a.trainee_id, a.move, a.best_moves) < std::tie(b.trainee_id, b.move, b.best_moves);
    });
}

void sort_rows(std::vector<FirstTitle>& rows) {
    std::sort(rows.begin(), rows.end(), [](const FirstTitle& a, const FirstTitle& b) {
        return std::tie(a.trainee_id, a.scenario_id) < std::tie(b.trainee_id, b.scenario_id);
    });
}

std::string join_moves(const std::vector<std::string>& moves) {
    std::string out;
    for (const std::string& m : moves) {
        if (!out.empty()) out += ',';
        out += m;
    }
    return out;
}

std::vector<std::string> split_moves(const std::string& text) {
    std::vector<std::string> out;
    if (text.empty()) return out;
    std::size_t start = 0;
    while (true) {
        const std::size_t end = text.find(',', start);
        out.push_back(text.substr(start, end == std::string::npos ? std::string::npos : end - start));
        if (end == std::string::npos) break;
        start = end + 1;
    }
    return out;
}

}  // namespace tally_detail

void ResultsStore::each_attempt(const AttemptFilter& f, const AttemptReading& reading,
                                const AttemptVisitor& visit) const {
    const std::vector<Attempt> all = attempts(f);
    const auto size = static_cast<std::int64_t>(all.size());
    const std::int64_t first = std::clamp<std::int64_t>(reading.offset, 0, size);
    const std::int64_t last = reading.limit < 0 ? size : std::min(size, first + reading.limit);
    const std::vector<DecisionRow> none;
    for (std::int64_t i = first; i < last; ++i) {
        Attempt a = all[static_cast<std::size_t>(i)];
        if (!reading.all_fields) {
            Attempt brief;
            brief.id = a.id;
            brief.uuid = a.uuid;
            brief.trainee_id = a.trainee_id;
            brief.scenario_id = a.scenario_id;
            brief.started = a.started;
            brief.status = a.status;
            brief.overall = a.overall;
            brief.passed = a.passed;
            brief.outcome = a.outcome;
            brief.mode = a.mode;
            brief.stage_scores = std::move(a.stage_scores);
            brief.competency_scores = std::move(a.competency_scores);
            a = std::move(brief);
        }
        if (!reading.scores) {
            a.stage_scores.clear();
            a.competency_scores.clear();
        }
        if (!reading.decisions && !reading.decision_count) {
            visit(a, none, 0);
            continue;
        }
        const std::vector<DecisionRow> d = decisions(a.id);
        visit(a, reading.decisions ? d : none, reading.decision_count ? static_cast<int>(d.size()) : 0);
    }
}

std::vector<AttemptTally> ResultsStore::tally_attempts(const AttemptFilter& f) const {
    std::map<std::tuple<std::int64_t, std::string, AttemptStatus, Mode>, AttemptTally> by;
    for (const Attempt& a : attempts(f)) {
        AttemptTally& t = by[{a.trainee_id, a.scenario_id, a.status, a.mode}];
        if (t.count == 0) {
            t.trainee_id = a.trainee_id;
            t.scenario_id = a.scenario_id;
            t.status = a.status;
            t.mode = a.mode;
            t.best = a.overall;
        }
        ++t.count;
        if (a.passed) ++t.passed;
        t.best = std::max(t.best, a.overall);
        t.overall += a.overall;
    }
    std::vector<AttemptTally> out;
    for (auto& [key, t] : by) out.push_back(std::move(t));
    sort_rows(out);
    return out;
}

std::vector<ScoreTally> ResultsStore::tally_scores(const AttemptFilter& f) const {
    std::map<std::tuple<std::int64_t, std::string, AttemptStatus, std::string, std::string>, ScoreTally> by;
    const auto add = [&](const Attempt& a, const char* area, const std::map<std::string, int>& scores) {
        for (const auto& [name, score] : scores) {
            ScoreTally& t = by[{a.trainee_id, a.scenario_id, a.status, area, name}];
            t.trainee_id = a.trainee_id;
            t.scenario_id = a.scenario_id;
            t.status = a.status;
            t.area = area;
            t.name = name;
            t.sum += score;
            ++t.count;
        }
    };
    for (const Attempt& a : attempts(f)) {
        add(a, "stage", a.stage_scores);
        add(a, "competency", a.competency_scores);
    }
    std::vector<ScoreTally> out;
    for (auto& [key, t] : by) out.push_back(std::move(t));
    sort_rows(out);
    return out;
}

std::vector<MethodTally> ResultsStore::tally_methods(const AttemptFilter& f) const {
    std::map<std::int64_t, std::int64_t> trainee_of;
    for (const Attempt& a : attempts(f)) trainee_of[a.id] = a.trainee_id;
    std::map<std::tuple<std::int64_t, std::string, std::vector<std::string>>, MethodTally> by;
    for (const auto& [attempt_id, decisions] : decisions_of(f)) {
        const auto who = trainee_of.find(attempt_id);
        if (who == trainee_of.end()) continue;
        for (const DecisionRow& d : decisions) {
            if (d.kind != "objection" || d.best_moves.empty()) continue;
            MethodTally& t = by[{who->second, d.move, d.best_moves}];
            t.trainee_id = who->second;
            t.move = d.move;
            t.best_moves = d.best_moves;
            ++t.count;
        }
    }
    std::vector<MethodTally> out;
    for (auto& [key, t] : by) out.push_back(std::move(t));
    sort_rows(out);
    return out;
}

std::vector<FirstTitle> ResultsStore::first_titles(const AttemptFilter& f) const {
    std::map<std::pair<std::int64_t, std::string>, FirstTitle> by;
    for (const Attempt& a : attempts(f)) {  // oldest first, so the first seen stays
        if (a.scenario_title.empty()) continue;
        by.try_emplace({a.trainee_id, a.scenario_id},
                       FirstTitle{a.trainee_id, a.scenario_id, a.scenario_title, a.started, a.id});
    }
    std::vector<FirstTitle> out;
    for (auto& [key, t] : by) out.push_back(std::move(t));
    sort_rows(out);
    return out;
}

}  // namespace salesim::results
