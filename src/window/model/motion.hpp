// The one animation of the play screen: a decision's verdict line fading in. Frames are asked for
// only while it runs, so the window sleeps again (near 0 % CPU) about a second after a decision.
#pragma once

#include "window/model/ui_state.hpp"

namespace salesim::window {

/// How long the verdict line takes to fade in, in seconds of UiState::anim_clock.
inline constexpr double feedback_fade_seconds = 0.8;
/// The clock a scripted run advances per frame, so a screenshot shows the same fade on any machine.
inline constexpr double scripted_frame_seconds = 0.1;

/// The opacity of the latest verdict line, 0..1: 1 with `reduce_motion`, without a decision, or
/// once the fade is over; an ease-out from a faint start before then.
float feedback_alpha(const UiState& ui, bool reduce_motion);

/// Whether the window must keep drawing frames for the fade (false with `reduce_motion`).
bool animating(const UiState& ui, bool reduce_motion);

}  // namespace salesim::window
