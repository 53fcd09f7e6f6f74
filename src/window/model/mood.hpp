// The buyer's face: which expression the mood shows and the shape of each feature.
#pragma once

#include <salesim/rulebook.hpp>
#include <salesim/signals.hpp>

#include <string_view>

namespace salesim::window {

enum class Expression { Happy, Neutral, Sceptical, Annoyed, Leaving };

inline constexpr Expression all_expressions[] = {
    Expression::Happy, Expression::Neutral, Expression::Sceptical, Expression::Annoyed, Expression::Leaving};

/// The expression follows the bands the buying signals are told by (salesim/signals.hpp), so the
/// face and the narration agree: low patience shows first (Leaving while readiness is still cold,
/// nothing keeping the buyer, else Annoyed); then low trust (Sceptical); then Happy when the buyer
/// is ready, or warming with high trust; else Neutral. `close_at` is the scenario's.
Expression expression_for(const BuyerState& s, int close_at);
std::string_view to_string(Expression e);

/// Feature geometry in face-relative units, drawn by the portrait view.
struct FaceShape {
    float mouth_curve = 0;     ///< -1 frown .. 1 smile
    float mouth_width = 0.5f;  ///< fraction of face width
    float mouth_tilt = 0;      ///< one corner up: a sceptical smirk
    float brow_tilt = 0;       ///< -1 inner ends down (cross) .. 1 inner ends up (worried)
    float brow_raise = 0;      ///< 0 rest .. 1 high
    float brow_asym = 0;       ///< one brow raised more: doubt
    float eye_open = 1;        ///< 0 closed .. 1 wide
    float gaze_x = 0;          ///< -1 looking left .. 1 right (away, when leaving)
};

FaceShape face_for(Expression e);

}  // namespace salesim::window
