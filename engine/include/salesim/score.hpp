// The score card: per stage, per competency, overall, pass or fail, and the result record.
#pragma once

#include "salesim/domain.hpp"

#include <algorithm>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace salesim {

class Session;

struct ScoreCard {
    std::map<Stage, int> stages;              ///< 0..100, each stage the scenario has
    std::map<std::string, int> competencies;  ///< 0..100, each competency judged
    int overall = 0;                          ///< 0..100 by the rubric's weights
    bool passed = false;
    Outcome outcome = Outcome::InProgress;
    int decisions = 0;
    int hints = 0;   ///< decisions where the option was named
    int nudges = 0;  ///< decisions where the nudge was taken
    /// Stages the session never got to (it ended before them): their value in `stages` is 0, and
    /// they read "not reached".
    std::vector<Stage> not_reached;
    bool reached(Stage s) const {
        return std::find(not_reached.begin(), not_reached.end(), s) == not_reached.end();
    }
};

/// The result record as JSON (what `salesim play --json` prints and the results store keeps):
/// scenario, seed, language, choices, outcome, scores, every decision with the rule behind it, and
/// the transcript. Byte for byte the same for the same session.
std::string result_json(const Session& session, const std::string& lang);

/// A readable debrief (Markdown): outcome, scores, each decision with its feedback and the better
/// choice, and the transcript.
std::string result_markdown(const Session& session, const std::string& lang);

}  // namespace salesim
