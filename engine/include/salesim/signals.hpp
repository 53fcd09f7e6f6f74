// Buying signals: the buyer's state read as bands (cold / warming / ready, low / neutral / high)
// and told as observable cues instead of numbers.
#pragma once

#include "salesim/rulebook.hpp"
#include "salesim/text.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace salesim {

struct Scenario;

/// How close the buyer is to buying, relative to the scenario's `close_at`.
enum class ReadinessBand { Cold, Warming, Ready };
/// How far the buyer trusts the seller.
enum class TrustBand { Low, Neutral, High };
/// How much more of the meeting the buyer will sit through.
enum class PatienceBand { Low, Neutral, High };

/// Ready at `close_at` or above, Warming within 20 points below it, else Cold.
ReadinessBand readiness_band(int readiness, int close_at);
/// Low below 25, High at 60 or above, else Neutral.
TrustBand trust_band(int trust);
/// Low below 25, High at 60 or above, else Neutral.
PatienceBand patience_band(int patience);

/// Ids for files and JSON: "cold", "warming", "ready"; "low", "neutral", "high".
const char* to_string(ReadinessBand b);
const char* to_string(TrustBand b);
const char* to_string(PatienceBand b);

/// The keys of the signal texts, as a scenario's `signals:` and the rule book's `texts: signals:`
/// spell them: "readiness.cold", "readiness.warming", "readiness.ready", "trust.low", "trust.high",
/// "patience.low" (cues, several lines each) and "trial.cold", "trial.warming", "trial.ready"
/// (what the buyer answers to a trial close, one text each).
const std::vector<std::string>& signal_keys();
/// True for the trial-close keys, which take one text rather than a list of cues.
bool is_trial_signal_key(std::string_view key);

/// The lines of `key`: the scenario's own when it scripts that key, else the rule book's; empty
/// when neither has any.
const std::vector<Text>& signal_lines(const Scenario& scn, std::string_view key);

/// The cue to tell after a decision that moved the buyer from `before` to `after`: one line per
/// band that changed (readiness, then trust, then patience), joined into one; empty when no band
/// changed or no line is written for the new bands. Among several lines of a key the choice
/// depends only on `seed` and `decision_index`, so a replay tells the same cues.
Text signal_cue(const Scenario& scn, const BuyerState& before, const BuyerState& after, std::uint64_t seed,
                int decision_index);

/// What the buyer answers to a trial close at `band` (the `{trial}` placeholder); empty when no
/// text is written for it.
const Text& trial_reply(const Scenario& scn, ReadinessBand band);

}  // namespace salesim
