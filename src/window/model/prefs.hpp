// The trainee's settings and the files the window keeps in the user's data folder.
#pragma once

#include "window/model/theme.hpp"

#include <salesim/mode.hpp>

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace salesim::window {

/// The typeface of the window's text: DejaVu Sans, or OpenDyslexic for readers with dyslexia.
enum class FontChoice { Standard, OpenDyslexic };
inline constexpr FontChoice all_fonts[] = {FontChoice::Standard, FontChoice::OpenDyslexic};
std::string_view to_string(FontChoice f);
std::optional<FontChoice> parse_font(std::string_view name);

struct Prefs {
    std::string name;
    std::string lang = "en";
    int scale = 100;  ///< UI scale in percent, 100..200
    ThemeId theme = ThemeId::Dark;
    Mode mode = Mode::Guided;  ///< the mode the library offers first for a new attempt
    /// A shared results database (postgresql://...) or a SQLite file; "" keeps results in the data
    /// folder. SALESIM_STORE (and --store) take precedence.
    std::string store;
    bool read_aloud = false;     ///< speak the buyer's lines and the focused option
    bool reduce_motion = false;  ///< no fading in: what changes is shown at once
    FontChoice font = FontChoice::Standard;
};

inline constexpr int min_scale = 100;
inline constexpr int max_scale = 200;

std::string prefs_to_json(const Prefs& p);
/// Unknown keys are ignored and out-of-range values clamped, so an old or hand-edited file still
/// loads; malformed JSON throws std::runtime_error naming the file.
Prefs prefs_from_json(std::string_view text, const std::string& path);

/// Throws std::runtime_error naming the file when it cannot be read.
std::string read_text_file(const std::filesystem::path& path);

/// Where things live inside the data folder.
struct DataFiles {
    std::filesystem::path dir;
    std::filesystem::path settings() const { return dir / "settings.json"; }
    std::filesystem::path autosave() const { return dir / "autosave.json"; }
    std::filesystem::path results() const { return dir / "results"; }
    /// The user's own scenarios (copies of shipped ones, new ones): app::user_scenarios_dir().
    std::filesystem::path scenarios() const { return dir / "scenarios"; }
};

}  // namespace salesim::window
