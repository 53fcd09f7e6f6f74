// The buyer's portrait, drawn with ImDrawList: face, hair, eyes, brows and a mouth that follow the mood.
#include "window/views/views.hpp"

#include "window/model/mood.hpp"

#include <algorithm>
#include <cmath>

namespace salesim::window {

namespace {

Rgba shade(Rgba c, float k) {
    return Rgba{c.r * k, c.g * k, c.b * k, c.a};
}

// Hair colours people actually have, picked per buyer so two buyers do not look identical.
constexpr Rgba hair_colours[] = {{0.35f, 0.24f, 0.17f, 1},
                                 {0.12f, 0.10f, 0.09f, 1},
                                 {0.78f, 0.62f, 0.36f, 1},
                                 {0.55f, 0.27f, 0.12f, 1},
                                 {0.62f, 0.62f, 0.64f, 1}};
constexpr Rgba skin_tones[] = {
    {0.93f, 0.77f, 0.64f, 1}, {0.86f, 0.67f, 0.52f, 1}, {0.98f, 0.84f, 0.74f, 1}, {0.70f, 0.51f, 0.38f, 1}};

}  // namespace

void draw_portrait(ImDrawList* dl, ImVec2 pos, float size, const BuyerState& state, int close_at,
                   const Palette& pal, unsigned seed) {
    const Expression e = expression_for(state, close_at);
    const FaceShape f = face_for(e);
    const Rgba skin = skin_tones[seed % 4];
    const Rgba hair = hair_colours[(seed / 4) % 5];
    const bool long_hair = ((seed / 20) % 2) == 0;

    const float r = size * 0.30f;  // head radius
    const ImVec2 c(pos.x + size * 0.5f, pos.y + size * 0.46f);
    const float rounding = size * 0.08f;
    dl->AddRectFilled(pos, ImVec2(pos.x + size, pos.y + size), col32(pal.portrait_bg), rounding);

    // Shoulders and neck.
    dl->AddRectFilled(ImVec2(c.x - r * 1.15f, c.y + r * 1.05f), ImVec2(c.x + r * 1.15f, pos.y + size),
                      col32(shade(pal.accent, 0.75f)), r * 0.5f, ImDrawFlags_RoundCornersTop);
    dl->AddRectFilled(ImVec2(c.x - r * 0.28f, c.y + r * 0.7f), ImVec2(c.x + r * 0.28f, c.y + r * 1.2f),
                      col32(shade(skin, 0.9f)));

    // Hair behind the head, then the face, then the fringe.
    if (long_hair) {
        dl->AddRectFilled(ImVec2(c.x - r * 1.08f, c.y - r * 0.3f), ImVec2(c.x + r * 1.08f, c.y + r * 1.0f),
                          col32(hair), r * 0.4f);
    }
    dl->AddCircleFilled(ImVec2(c.x, c.y - r * 0.08f), r * 1.07f, col32(hair), 48);
    dl->AddCircleFilled(ImVec2(c.x - r, c.y + r * 0.05f), r * 0.17f, col32(shade(skin, 0.92f)), 16);
    dl->AddCircleFilled(ImVec2(c.x + r, c.y + r * 0.05f), r * 0.17f, col32(shade(skin, 0.92f)), 16);
    dl->AddCircleFilled(ImVec2(c.x, c.y + r * 0.08f), r * 0.95f, col32(skin), 48);
    dl->PathArcTo(ImVec2(c.x, c.y - r * 0.08f), r * 1.0f, 3.14159f * 1.08f, 3.14159f * 1.92f, 24);
    dl->PathFillConvex(col32(hair));

    // Eyes: white, iris following the gaze, and a lid that lowers as the eye closes.
    const float eye_dx = r * 0.36f;
    const float eye_y = c.y + r * 0.02f;
    const float eye_r = r * 0.15f;
    for (int side = -1; side <= 1; side += 2) {
        const ImVec2 ec(c.x + static_cast<float>(side) * eye_dx, eye_y);
        dl->AddCircleFilled(ec, eye_r, IM_COL32(250, 250, 250, 255), 20);
        const ImVec2 iris(ec.x + f.gaze_x * eye_r * 0.45f, ec.y + eye_r * 0.1f);
        dl->AddCircleFilled(iris, eye_r * 0.55f, col32(pal.eye), 16);
        dl->AddCircleFilled(ImVec2(iris.x - eye_r * 0.18f, iris.y - eye_r * 0.2f), eye_r * 0.15f,
                            IM_COL32(255, 255, 255, 220), 8);
        const float lid = (1.0f - f.eye_open) * 2.0f * eye_r;
        if (lid > 0.5f) {
            dl->AddRectFilled(ImVec2(ec.x - eye_r * 1.1f, ec.y - eye_r * 1.1f),
                              ImVec2(ec.x + eye_r * 1.1f, ec.y - eye_r + lid), col32(skin));
            dl->AddLine(ImVec2(ec.x - eye_r, ec.y - eye_r + lid), ImVec2(ec.x + eye_r, ec.y - eye_r + lid),
                        col32(shade(skin, 0.6f)), std::max(1.0f, r * 0.03f));
        }

        // Brow: inner end moves with the tilt; one brow rises further for doubt.
        const float raise = (f.brow_raise + (side > 0 ? f.brow_asym : 0.0f)) * r * 0.12f;
        const float base_y = ec.y - eye_r * 1.7f - raise;
        const float inner_x = ec.x - static_cast<float>(side) * eye_r * 1.1f;
        const float outer_x = ec.x + static_cast<float>(side) * eye_r * 1.2f;
        const float inner_y = base_y - f.brow_tilt * r * 0.1f;
        const float outer_y = base_y + f.brow_tilt * r * 0.04f;
        dl->AddLine(ImVec2(inner_x, inner_y), ImVec2(outer_x, outer_y), col32(shade(hair, 0.7f)),
                    std::max(2.0f, r * 0.07f));
    }

    // Nose.
    dl->AddLine(ImVec2(c.x, c.y + r * 0.12f), ImVec2(c.x - r * 0.06f, c.y + r * 0.32f),
                col32(shade(skin, 0.7f)), std::max(1.0f, r * 0.035f));
    dl->AddLine(ImVec2(c.x - r * 0.06f, c.y + r * 0.32f), ImVec2(c.x + r * 0.04f, c.y + r * 0.34f),
                col32(shade(skin, 0.7f)), std::max(1.0f, r * 0.035f));

    // Mouth: a cubic curve whose middle dips for a smile and rises for a frown.
    const float half = r * f.mouth_width;
    const float my = c.y + r * 0.55f;
    const ImVec2 left(c.x - half, my - f.mouth_curve * r * 0.06f);
    const ImVec2 right(c.x + half, my - f.mouth_curve * r * 0.06f - f.mouth_tilt * r * 0.12f);
    const float bend = f.mouth_curve * r * 0.22f;
    dl->AddBezierCubic(left, ImVec2(left.x + half * 0.5f, my + bend),
                       ImVec2(right.x - half * 0.5f, my + bend), right, col32(pal.mouth),
                       std::max(2.0f, r * 0.07f), 20);

    // Cheeks flush when pleased; a sweat drop when about to leave.
    if (e == Expression::Happy) {
        for (int side = -1; side <= 1; side += 2) {
            dl->AddCircleFilled(ImVec2(c.x + static_cast<float>(side) * r * 0.55f, c.y + r * 0.38f),
                                r * 0.11f, IM_COL32(230, 120, 120, 90), 16);
        }
    }
    if (e == Expression::Leaving || e == Expression::Annoyed) {
        const ImVec2 d(c.x + r * 0.78f, c.y - r * 0.45f);
        dl->AddTriangleFilled(ImVec2(d.x, d.y - r * 0.14f), ImVec2(d.x - r * 0.07f, d.y),
                              ImVec2(d.x + r * 0.07f, d.y), IM_COL32(120, 180, 235, 230));
        dl->AddCircleFilled(ImVec2(d.x, d.y + r * 0.01f), r * 0.07f, IM_COL32(120, 180, 235, 230), 12);
    }
    dl->AddRect(pos, ImVec2(pos.x + size, pos.y + size), col32(pal.border), rounding, 0,
                std::max(1.0f, pal.border_size));
}

}  // namespace salesim::window
