// Turning a palette and a scale into ImGui's style, and rasterising the font at that scale.
#pragma once

#include "window/model/prefs.hpp"
#include "window/model/theme.hpp"

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace salesim::window {

/// Pixel height of body text at 100 %.
inline constexpr float base_font_px = 17.0f;

/// Sets ImGui's style from a fresh base style, never from the current one, so repeated scale
/// changes do not compound.
void apply_style(const Palette& pal, float scale);

/// The font files to try for `font`, in order: OpenDyslexic first when chosen, then DejaVu Sans
/// (assets/fonts before the system's copy).
std::vector<std::filesystem::path> font_files(FontChoice font, const std::string& assets_dir);

/// Clears the font atlas and adds the chosen font (DejaVu Sans, or OpenDyslexic with DejaVu Sans
/// merged in for the glyphs it lacks) at `base_font_px * scale` with the default ranges plus
/// `extra` (see glyph_ranges()); ImGui's built-in font when no file is found. Returns the main
/// font file used, or "" for the built-in font. DejaVu Sans Mono, when beside DejaVu Sans, becomes
/// the second font (for diagnostics). The caller re-uploads the texture.
std::string build_font(float scale, const std::vector<std::uint16_t>& extra, const std::string& assets_dir,
                       FontChoice font = FontChoice::Standard);

}  // namespace salesim::window
