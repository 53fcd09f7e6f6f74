// A trainee's progress and the next scenario, from the store's tallies (no attempt is read whole).
#include "salesim/app/next_scenario.hpp"

#include <algorithm>
#include <cmath>
#include <tuple>

namespace salesim::app {

TraineeProgress read_progress(const results::ResultsStore& store, const std::string& trainee) {
    TraineeProgress out;
    const std::optional<results::Trainee> t = store.find_trainee(trainee);
    if (!t) return out;
    results::AttemptFilter f;
    f.trainee_id = t->id;
    f.status = results::AttemptStatus::Finished;
    for (const results::AttemptTally& a : store.tally_attempts(f)) {
        ScenarioProgress& p = out.scenarios[a.scenario_id];
        p.attempts += a.count;
        p.best = std::max(p.best, a.best);
        p.passed = p.passed || a.passed > 0;
    }
    std::map<std::string, std::pair<std::int64_t, int>> sums;
    for (const results::ScoreTally& s : store.tally_scores(f)) {
        if (s.area != "competency") continue;
        sums[s.name].first += s.sum;
        sums[s.name].second += s.count;
    }
    for (const auto& [name, sum] : sums)
        if (sum.second > 0) out.competencies[name] = static_cast<double>(sum.first) / sum.second;
    for (const results::MethodTally& m : store.tally_methods(f)) {
        if (m.best_moves.empty() ||
            std::find(m.best_moves.begin(), m.best_moves.end(), m.move) != m.best_moves.end())
            continue;
        out.misfits[m.move] += m.count;
    }
    for (const results::Group& g : store.groups_of(t->id))
        for (const std::string& id : store.assigned_scenarios(g.id))
            if (std::find(out.assigned.begin(), out.assigned.end(), id) == out.assigned.end())
                out.assigned.push_back(id);
    return out;
}

namespace {

// The best scenario practising `what`: not passed first, then the easiest, then not the one just
// played, then by list order.
const ScenarioSummary* pick(const TraineeProgress& progress, const std::vector<ScenarioSummary>& library,
                            const std::string& just_played, const std::string& what) {
    const ScenarioSummary* best = nullptr;
    auto key = [&](const ScenarioSummary& s) {
        const auto it = progress.scenarios.find(s.id);
        const bool passed = it != progress.scenarios.end() && it->second.passed;
        return std::make_tuple(passed, s.difficulty, s.id == just_played);
    };
    for (const ScenarioSummary& s : library) {
        if (s.broken || s.pending) continue;
        if (!what.empty() && !s.practises(what)) continue;
        if (!best || key(s) < key(*best)) best = &s;
    }
    return best;
}

bool passed(const TraineeProgress& progress, const std::string& id) {
    const auto it = progress.scenarios.find(id);
    return it != progress.scenarios.end() && it->second.passed;
}

}  // namespace

std::optional<Recommendation> recommend_next(const TraineeProgress& progress,
                                             const std::vector<ScenarioSummary>& library,
                                             const std::string& just_played) {
    // Methods by misfits, most first (ties: by id, for a stable answer).
    std::vector<std::pair<std::string, int>> methods(progress.misfits.begin(), progress.misfits.end());
    std::stable_sort(methods.begin(), methods.end(),
                     [](const auto& a, const auto& b) { return a.second > b.second; });
    for (const auto& [method, times] : methods) {
        if (times <= 0) continue;
        if (const ScenarioSummary* s = pick(progress, library, just_played, method))
            return Recommendation{s->id, "next.reason_method", method, times, {}, 0};
    }
    std::vector<std::pair<std::string, double>> comps(progress.competencies.begin(),
                                                      progress.competencies.end());
    std::stable_sort(comps.begin(), comps.end(),
                     [](const auto& a, const auto& b) { return a.second < b.second; });
    for (const auto& [competency, score] : comps) {
        if (score >= 100.0) break;
        if (const ScenarioSummary* s = pick(progress, library, just_played, competency))
            return Recommendation{
                s->id, "next.reason_competency", {}, 0, competency, static_cast<int>(std::lround(score))};
    }
    const ScenarioSummary* s = pick(progress, library, just_played, {});
    if (!s || passed(progress, s->id)) return std::nullopt;
    const bool played = progress.scenarios.contains(s->id);
    return Recommendation{s->id, played ? "next.reason_unpassed" : "next.reason_unplayed", {}, 0, {}, 0};
}

}  // namespace salesim::app
