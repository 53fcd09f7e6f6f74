// The buyer's face: the expression each band of the buyer's state shows, and feature shapes.
#include "window/model/mood.hpp"

namespace salesim::window {

Expression expression_for(const BuyerState& s, int close_at) {
    const ReadinessBand readiness = readiness_band(s.readiness, close_at);
    if (patience_band(s.patience) == PatienceBand::Low)
        return readiness == ReadinessBand::Cold ? Expression::Leaving : Expression::Annoyed;
    if (trust_band(s.trust) == TrustBand::Low) return Expression::Sceptical;
    if (readiness == ReadinessBand::Ready) return Expression::Happy;
    if (readiness == ReadinessBand::Warming && trust_band(s.trust) == TrustBand::High)
        return Expression::Happy;
    return Expression::Neutral;
}

std::string_view to_string(Expression e) {
    switch (e) {
        case Expression::Happy:
            return "happy";
        case Expression::Neutral:
            return "neutral";
        case Expression::Sceptical:
            return "sceptical";
        case Expression::Annoyed:
            return "annoyed";
        case Expression::Leaving:
            return "leaving";
    }
    return "neutral";
}

FaceShape face_for(Expression e) {
    FaceShape f;
    switch (e) {
        case Expression::Happy:
            f.mouth_curve = 0.9f;
            f.mouth_width = 0.46f;
            f.brow_raise = 0.35f;
            f.eye_open = 0.9f;
            break;
        case Expression::Neutral:
            f.mouth_curve = 0.1f;
            f.mouth_width = 0.36f;
            break;
        case Expression::Sceptical:
            f.mouth_curve = -0.1f;
            f.mouth_width = 0.32f;
            f.mouth_tilt = 0.35f;
            f.brow_asym = 0.8f;
            f.eye_open = 0.7f;
            break;
        case Expression::Annoyed:
            f.mouth_curve = -0.6f;
            f.mouth_width = 0.34f;
            f.brow_tilt = -0.9f;
            f.eye_open = 0.55f;
            break;
        case Expression::Leaving:
            f.mouth_curve = -0.8f;
            f.mouth_width = 0.3f;
            f.brow_tilt = -0.6f;
            f.eye_open = 0.45f;
            f.gaze_x = 1.0f;
            break;
    }
    return f;
}

}  // namespace salesim::window
