// A trainee's progress per scenario and the scenario to play next, read from the results store:
// what the library's rows and the debrief's "Next scenario" show.
#pragma once

#include "salesim/app/library_index.hpp"

#include <salesim/results/store.hpp>

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace salesim::app {

/// One scenario's finished attempts by one trainee.
struct ScenarioProgress {
    int attempts = 0;  ///< finished ones
    int best = 0;      ///< best overall score, 0..100
    bool passed = false;
};

/// What the store holds about one trainee's play.
struct TraineeProgress {
    std::map<std::string, ScenarioProgress> scenarios;  ///< by scenario id
    /// Objection methods chosen where they were not among the best: method id -> times.
    std::map<std::string, int> misfits;
    std::map<std::string, double> competencies;  ///< mean 0..100 over finished attempts
    /// The scenario ids assigned to the trainee's groups: each once, group by group (by name) in
    /// the order each group's were assigned.
    std::vector<std::string> assigned;
};

/// Reads `trainee`'s progress (empty when the trainee has no profile). Throws results::StoreError
/// when the store cannot be read.
TraineeProgress read_progress(const results::ResultsStore& store, const std::string& trainee);

/// Why a scenario is recommended: a string table key and its arguments.
struct Recommendation {
    std::string scenario_id;
    /// "next.reason_method" ({method}, {n}), "next.reason_competency" ({competency}, {score}),
    /// "next.reason_unplayed" or "next.reason_unpassed" (no weakness to work on).
    std::string reason;
    std::string method;      ///< the method or technique id, for reason_method
    int times = 0;           ///< how often it was chosen where it did not fit
    std::string competency;  ///< for reason_competency
    int score = 0;           ///< its mean score
};

/// The scenario that practises the trainee's weakest method (the one most often chosen where it
/// did not fit), else the weakest competency below full marks, else the easiest one not passed.
/// Among those that practise it: not passed first, then the easiest, then not `just_played`.
/// nullopt when every loaded scenario is passed and nothing is weak.
std::optional<Recommendation> recommend_next(const TraineeProgress& progress,
                                             const std::vector<ScenarioSummary>& library,
                                             const std::string& just_played = {});

}  // namespace salesim::app
