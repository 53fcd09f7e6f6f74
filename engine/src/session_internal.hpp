// The engine's own access to a session's internals: what the analyzer reads and hooks into to
// explore and merge states. Not part of the public API (only the engine and its tests see it).
#pragma once

#include "salesim/rulebook.hpp"
#include "salesim/session.hpp"

#include <array>
#include <string>

namespace salesim {

/// What one choice tested of the buyer's values (see SessionInternals::track_tests): `before` its
/// effects (the conditions of the rules that judged it) and `after` them (a close succeeding, the
/// buyer walking away).
struct TestedRanges {
    ValueRanges before;
    ValueRanges after;
};

/// Parts of the state key a search may leave out once nothing ahead can depend on them (no rule of
/// the stages still to come tests them and no mechanic ahead reads them).
enum KeyOmit : unsigned {
    OmitTrust = 1u,
    OmitInterest = 2u,
    OmitQuestions = 4u,
    OmitReadiness = 8u,
    OmitNeeds = 16u,
    OmitOpen = 32u,      ///< which objections are open
    OmitRevealed = 64u,  ///< which concealed objections were revealed
    OmitCloseAttempts = 128u,
    OmitPatience = 256u,
    OmitLastTrial = 512u,  ///< whether the last choice was a trial close at the decision at hand
    /// Which objections are open, told apart only where something ahead can read it: an open
    /// objection that does not block the sale, was answered and is not being checked is counted,
    /// not named (it never comes back, and only the number of open objections is read of it).
    /// Only for a rule book and scenario without `open.<id>` or `resolved.<id>` conditions.
    FoldLooseOpen = 1024u,
};

/// The analyzer's hooks into a session.
class SessionInternals {
public:
    /// Session::state_key() written into `out` (cleared first), leaving out the KeyOmit parts in
    /// `omit`; with `omit` 0 it equals state_key(). Reusing `out` avoids an allocation per call.
    static void state_key_into(const Session& s, std::string& out, unsigned omit = 0) {
        s.state_key_into(out, omit);
    }
    /// From now on each choose() of `s` first clears `*tested`, then narrows it to the ranges of
    /// buyer values over which every test that choice made comes out the same; nullptr stops it.
    /// The pointer is copied with the session, so a search's copies all report into one place.
    static void track_tests(Session& s, TestedRanges* tested) { s.m_tested = tested; }
    /// Sum of points so far per stage (decisions per stage: Session::stage_decisions()).
    static const std::array<int, 7>& stage_points(const Session& s) { return s.m_stage_points; }
};

}  // namespace salesim
