// The three ways an attempt can be played: guided (meters and immediate feedback), practice (no
// numbers about the buyer, immediate feedback) and assessment (nothing until the debrief).
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>

namespace salesim {

/// How much an attempt shows while it is played. The session judges every mode the same way;
/// only what the front ends show, and whether hints are offered, differ.
enum class Mode {
    Guided,      ///< the buyer's meters, the verdict and feedback after each decision, hints
    Practice,    ///< no numbers about the buyer's state; verdict and feedback after each decision, hints
    Assessment,  ///< no meters, verdicts, points, feedback or hints until the debrief
};

/// Every mode, in the order they are offered.
inline constexpr std::array<Mode, 3> all_modes = {Mode::Guided, Mode::Practice, Mode::Assessment};

/// The mode's id: "guided", "practice" or "assessment".
std::string_view to_string(Mode m);
/// The mode with that id, or nullopt.
std::optional<Mode> parse_mode(std::string_view id);
/// "guided, practice, assessment": the ids, for messages.
std::string mode_ids();

/// Whether the buyer's state may be shown as numbers (meters, "readiness N or more").
constexpr bool shows_meters(Mode m) {
    return m == Mode::Guided;
}
/// Whether each decision's verdict, points and feedback are shown as soon as it is made.
constexpr bool shows_feedback(Mode m) {
    return m != Mode::Assessment;
}
/// Whether hints may be taken.
constexpr bool allows_hints(Mode m) {
    return m != Mode::Assessment;
}

}  // namespace salesim
