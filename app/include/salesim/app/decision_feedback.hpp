// What a front end says right after a decision ("✓ best · 100 points · trust +5"), built once for
// the terminal and the window alike, in the words of the string tables.
#pragma once

#include "salesim/app/strings.hpp"

#include <salesim/mode.hpp>
#include <salesim/session.hpp>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace salesim::app {

/// The verdict of one decision and what it changed, as far as the mode shows it.
struct DecisionFeedback {
    Verdict verdict = Verdict::Good;
    bool scored = true;
    int points = 0;
    int hint_level = 0;  ///< 0 none, 1 the nudge, 2 the option was named
    /// The buyer's values that changed ("trust", +5), in BuyerState's order; empty unless the
    /// mode shows numbers about the buyer (guided).
    std::vector<std::pair<std::string, int>> changes;
};

/// The feedback on `rec` as `mode` shows it; nothing is to be shown at all when
/// shows_feedback(mode) is false (assessment).
DecisionFeedback decision_feedback(const DecisionRecord& rec, Mode mode);

/// "✓", "~" or "✗" for a verdict.
std::string_view verdict_mark(Verdict v);

/// The feedback as one line in `lang`: "✓ best · 100 points (hint taken) · trust +5, readiness +10".
std::string feedback_line(const DecisionFeedback& f, const Strings& strings, std::string_view lang);

/// The changes alone ("trust +5, readiness +10"); empty when nothing changed.
std::string changes_text(const DecisionFeedback& f, const Strings& strings, std::string_view lang);

}  // namespace salesim::app

namespace salesim::app {

/// A decision that cost points: what the best option then would have scored, less what it scored.
struct Lesson {
    std::size_t decision = 0;  ///< index into Session::decisions()
    int lost = 0;              ///< points short of the best verdict (hint costs included)
};

/// The `n` decisions that cost the most points, the costliest first (ties: the earlier first);
/// decisions that cost nothing are left out.
std::vector<Lesson> costliest_lessons(const Session& s, std::size_t n = 3);

/// Why a finished run did not pass, for the top of its debrief.
enum class WentWrong {
    Nothing,     ///< passed, or not finished
    WalkedAway,  ///< the buyer ran out of patience
    Ended,       ///< the buyer ended the meeting after a close judged a mistake
    NoSale,      ///< the closing attempts ran out without a sale
    LowScore,    ///< the outcome counts, but the score is under the pass mark
    Outcome,     ///< the score is enough, but the outcome is not one the scenario passes
};
WentWrong what_went_wrong(const Session& s);
/// "walked_away", "ended", ...: the string key's last part.
std::string_view to_string(WentWrong w);

}  // namespace salesim::app
