// The verdict line's fade-in: its opacity over the window's clock.
#include "window/model/motion.hpp"

#include <algorithm>

namespace salesim::window {

namespace {

double fade_progress(const UiState& ui) {
    if (!ui.feedback_at) return 1.0;
    return std::clamp((ui.anim_clock - *ui.feedback_at) / feedback_fade_seconds, 0.0, 1.0);
}

}  // namespace

float feedback_alpha(const UiState& ui, bool reduce_motion) {
    if (reduce_motion) return 1.0f;
    const double t = fade_progress(ui);
    // Ease out, from a faint start: the line is there at once and settles gently.
    const double eased = 1.0 - (1.0 - t) * (1.0 - t);
    return static_cast<float>(0.2 + 0.8 * eased);
}

bool animating(const UiState& ui, bool reduce_motion) {
    return !reduce_motion && ui.feedback_at && fade_progress(ui) < 1.0;
}

}  // namespace salesim::window
