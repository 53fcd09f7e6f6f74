// Colour themes (dark, light, high contrast) as plain data, with WCAG contrast arithmetic.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

namespace salesim::window {

struct Rgba {
    float r = 0, g = 0, b = 0, a = 1;
};

enum class ThemeId { Dark, Light, HighContrast };

inline constexpr ThemeId all_themes[] = {ThemeId::Dark, ThemeId::Light, ThemeId::HighContrast};

/// Every colour the window uses. Views take colours from here, never literals, so each theme
/// (and the contrast test) covers everything on screen.
struct Palette {
    Rgba text, text_dim;
    Rgba window_bg, child_bg, popup_bg, border;
    Rgba frame_bg, frame_hover, frame_active;
    Rgba button, button_hover, button_active;
    Rgba header, header_hover, header_active;
    Rgba accent;       ///< meters' fill, the lit stage, the check mark
    Rgba accent_text;  ///< text drawn on the accent colour
    Rgba good, bad;    ///< verdicts and pass/fail, used as text colours on the window background
    Rgba stage_done, stage_todo, stage_absent;
    Rgba seller, buyer, narrator;  ///< transcript speakers
    Rgba skin, hair, eye, mouth, portrait_bg;
    float border_size = 0;
};

const Palette& palette(ThemeId id);

std::string_view to_string(ThemeId id);
std::optional<ThemeId> parse_theme(std::string_view id);

/// WCAG 2 relative luminance of an sRGB colour (alpha ignored).
double relative_luminance(Rgba c);
/// WCAG 2 contrast ratio, 1..21.
double contrast_ratio(Rgba a, Rgba b);

/// A foreground drawn on a background somewhere in the window.
struct ColourPair {
    const char* what;
    Rgba fg, bg;
};
/// Every text/background pairing the window draws, for contrast checks.
std::vector<ColourPair> text_pairs(const Palette& p);

}  // namespace salesim::window
