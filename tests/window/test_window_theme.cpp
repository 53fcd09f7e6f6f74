// Themes: text stays readable (WCAG 4.5:1) on every background it is drawn on.
#include "window/model/theme.hpp"

#include <gtest/gtest.h>

using namespace salesim::window;

TEST(WindowTheme, ContrastFormulaMatchesWcag) {
    EXPECT_NEAR(contrast_ratio({0, 0, 0, 1}, {1, 1, 1, 1}), 21.0, 1e-9);
    EXPECT_NEAR(contrast_ratio({1, 1, 1, 1}, {1, 1, 1, 1}), 1.0, 1e-9);
    // #767676 on white is the classic just-passing grey (4.54:1).
    const float g = 118.0f / 255.0f;
    EXPECT_NEAR(contrast_ratio({g, g, g, 1}, {1, 1, 1, 1}), 4.54, 0.01);
}

TEST(WindowTheme, HighContrastTextReachesFourAndAHalfToOneEverywhere) {
    for (const ColourPair& p : text_pairs(palette(ThemeId::HighContrast))) {
        EXPECT_GE(contrast_ratio(p.fg, p.bg), 4.5) << p.what;
    }
}

TEST(WindowTheme, DarkAndLightTextIsReadableToo) {
    for (const ThemeId t : {ThemeId::Dark, ThemeId::Light}) {
        for (const ColourPair& p : text_pairs(palette(t))) {
            EXPECT_GE(contrast_ratio(p.fg, p.bg), 4.5) << to_string(t) << ": " << p.what;
        }
    }
}

TEST(WindowTheme, IdsRoundTrip) {
    for (const ThemeId t : all_themes) EXPECT_EQ(parse_theme(to_string(t)), t);
    EXPECT_FALSE(parse_theme("neon").has_value());
}
