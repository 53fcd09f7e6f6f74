// Colour themes: the palettes and the WCAG contrast formula.
#include "window/model/theme.hpp"

#include <cmath>

namespace salesim::window {

namespace {

constexpr Rgba hex(unsigned v, float a = 1.0f) {
    return Rgba{static_cast<float>((v >> 16) & 0xFF) / 255.0f, static_cast<float>((v >> 8) & 0xFF) / 255.0f,
                static_cast<float>(v & 0xFF) / 255.0f, a};
}

Palette make_dark() {
    Palette p;
    p.text = hex(0xE8E8EC);
    p.text_dim = hex(0xA0A4AE);
    p.window_bg = hex(0x1E2027);
    p.child_bg = hex(0x23262E);
    p.popup_bg = hex(0x2A2D36);
    p.border = hex(0x454A57);
    p.frame_bg = hex(0x2F333D);
    p.frame_hover = hex(0x3A3F4B);
    p.frame_active = hex(0x444A58);
    p.button = hex(0x34507A);
    p.button_hover = hex(0x3E5F90);
    p.button_active = hex(0x2A4266);
    p.header = hex(0x34507A);
    p.header_hover = hex(0x3E5F90);
    p.header_active = hex(0x2A4266);
    p.accent = hex(0x5B9BE6);
    p.accent_text = hex(0x0C1018);
    p.good = hex(0x7FD48A);
    p.bad = hex(0xF08A80);
    p.stage_done = hex(0x3B5E45);
    p.stage_todo = hex(0x2F333D);
    p.stage_absent = hex(0x25272D);
    p.seller = hex(0x8CC2FF);
    p.buyer = hex(0xF5C97A);
    p.narrator = hex(0xB4B8C2);
    p.skin = hex(0xE9C19F);
    p.hair = hex(0x5A3E2B);
    p.eye = hex(0x22252B);
    p.mouth = hex(0x8E3B3B);
    p.portrait_bg = hex(0x2F3A4D);
    p.border_size = 0;
    return p;
}

Palette make_light() {
    Palette p;
    p.text = hex(0x1B1D22);
    p.text_dim = hex(0x555A66);
    p.window_bg = hex(0xF4F5F7);
    p.child_bg = hex(0xFFFFFF);
    p.popup_bg = hex(0xFFFFFF);
    p.border = hex(0xB9BEC8);
    p.frame_bg = hex(0xE3E6EB);
    p.frame_hover = hex(0xD5DAE2);
    p.frame_active = hex(0xC8CED8);
    p.button = hex(0xCFE0F7);
    p.button_hover = hex(0xB7D0F2);
    p.button_active = hex(0xA2C2EE);
    p.header = hex(0xCFE0F7);
    p.header_hover = hex(0xB7D0F2);
    p.header_active = hex(0xA2C2EE);
    p.accent = hex(0x1F5FAD);
    p.accent_text = hex(0xFFFFFF);
    p.good = hex(0x1E6B2C);
    p.bad = hex(0xA8261B);
    p.stage_done = hex(0xC9E6CF);
    p.stage_todo = hex(0xE3E6EB);
    p.stage_absent = hex(0xF0F1F3);
    p.seller = hex(0x134E94);
    p.buyer = hex(0x7A4A00);
    p.narrator = hex(0x4A4F5A);
    p.skin = hex(0xE9C19F);
    p.hair = hex(0x5A3E2B);
    p.eye = hex(0x22252B);
    p.mouth = hex(0x8E3B3B);
    p.portrait_bg = hex(0xDCE6F2);
    p.border_size = 1;
    return p;
}

Palette make_high_contrast() {
    Palette p;
    p.text = hex(0xFFFFFF);
    p.text_dim = hex(0xE0E0E0);
    p.window_bg = hex(0x000000);
    p.child_bg = hex(0x000000);
    p.popup_bg = hex(0x000000);
    p.border = hex(0xFFFFFF);
    p.frame_bg = hex(0x1A1A1A);
    p.frame_hover = hex(0x333333);
    p.frame_active = hex(0x404040);
    p.button = hex(0x1A1A1A);
    p.button_hover = hex(0x3D3D00);
    p.button_active = hex(0x4D4D00);
    p.header = hex(0x262626);
    p.header_hover = hex(0x3D3D00);
    p.header_active = hex(0x4D4D00);
    p.accent = hex(0xFFE500);
    p.accent_text = hex(0x000000);
    p.good = hex(0x66FF66);
    p.bad = hex(0xFF8080);
    p.stage_done = hex(0x003B00);
    p.stage_todo = hex(0x1A1A1A);
    p.stage_absent = hex(0x000000);
    p.seller = hex(0x80DFFF);
    p.buyer = hex(0xFFE500);
    p.narrator = hex(0xFFFFFF);
    p.skin = hex(0xF0C8A0);
    p.hair = hex(0x6B4A2F);
    p.eye = hex(0x000000);
    p.mouth = hex(0xA00000);
    p.portrait_bg = hex(0x202020);
    p.border_size = 2;
    return p;
}

double channel(float c) {
    const double v = static_cast<double>(c);
    return v <= 0.04045 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4);
}

}  // namespace

const Palette& palette(ThemeId id) {
    static const Palette dark = make_dark();
    static const Palette light = make_light();
    static const Palette high = make_high_contrast();
    switch (id) {
        case ThemeId::Dark:
            return dark;
        case ThemeId::Light:
            return light;
        case ThemeId::HighContrast:
            return high;
    }
    return dark;
}

std::string_view to_string(ThemeId id) {
    switch (id) {
        case ThemeId::Dark:
            return "dark";
        case ThemeId::Light:
            return "light";
        case ThemeId::HighContrast:
            return "high-contrast";
    }
    return "dark";
}

std::optional<ThemeId> parse_theme(std::string_view id) {
    for (const ThemeId t : all_themes) {
        if (to_string(t) == id) return t;
    }
    return std::nullopt;
}

double relative_luminance(Rgba c) {
    return 0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b);
}

double contrast_ratio(Rgba a, Rgba b) {
    const double la = relative_luminance(a);
    const double lb = relative_luminance(b);
    return la > lb ? (la + 0.05) / (lb + 0.05) : (lb + 0.05) / (la + 0.05);
}

std::vector<ColourPair> text_pairs(const Palette& p) {
    return {
        {"text on window", p.text, p.window_bg},
        {"text on panel", p.text, p.child_bg},
        {"text on pop-up", p.text, p.popup_bg},
        {"dim text on window", p.text_dim, p.window_bg},
        {"dim text on panel", p.text_dim, p.child_bg},
        {"text on input field", p.text, p.frame_bg},
        {"text on hovered field", p.text, p.frame_hover},
        {"text on button", p.text, p.button},
        {"text on hovered button", p.text, p.button_hover},
        {"text on pressed button", p.text, p.button_active},
        {"text on selected row", p.text, p.header},
        {"text on hovered row", p.text, p.header_hover},
        {"text on accent", p.accent_text, p.accent},
        {"text on meter track", p.text, p.frame_bg},
        {"text on done stage", p.text, p.stage_done},
        {"text on coming stage", p.text, p.stage_todo},
        {"dim text on absent stage", p.text_dim, p.stage_absent},
        {"good on panel", p.good, p.child_bg},
        {"bad on panel", p.bad, p.child_bg},
        {"good on window", p.good, p.window_bg},
        {"bad on window", p.bad, p.window_bg},
        {"seller on panel", p.seller, p.child_bg},
        {"buyer on panel", p.buyer, p.child_bg},
        {"narrator on panel", p.narrator, p.child_bg},
    };
}

}  // namespace salesim::window
