// UI-only state (what is selected, typed, open) and the commands views send. Game state lives in Game.
#pragma once

#include <salesim/session.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace salesim::window {

enum class Screen { Start, Library, Play, Debrief };

/// What a view asks for; applied between frames so views never change the game while drawing it.
struct Command {
    enum class Kind {
        SetName,
        SetLang,
        GoTo,           ///< value: a Screen
        StartScenario,  ///< text: scenario id
        Choose,         ///< index: 0-based option
        Hint,
        Rewind,  ///< index: decisions to keep
        SaveResult,
        Resume,
        DiscardResume,
        SetScale,  ///< value: percent
        SetTheme,  ///< value: a ThemeId
        OpenSettings,
        CloseSettings,
        ReloadLibrary,
        DismissError,
        Quit,
    };
    Command(Kind k, std::size_t i = 0, int v = 0, std::string t = {})
        : kind(k), index(i), value(v), text(std::move(t)) {}

    Kind kind = Kind::GoTo;
    std::size_t index = 0;
    int value = 0;
    std::string text;
};

using Commands = std::vector<Command>;

struct LibraryFilter {
    int context = 0;     ///< 0 all, else index into the contexts list + 1
    int difficulty = 0;  ///< 0 all, else 1..5
    int stage = 0;       ///< 0 all, else stage number: scenarios that include that stage
};

struct UiState {
    Screen screen = Screen::Start;
    bool settings_open = false;
    bool quit = false;

    std::string name_edit;  ///< the start screen's text field
    bool name_edit_loaded = false;

    LibraryFilter filter;
    std::string selected;  ///< scenario id

    std::optional<Hint> hint;  ///< shown for the decision it was taken at
    std::size_t hint_decision = 0;
    std::size_t transcript_seen = 0;  ///< lines already scrolled to

    /// Keys pressed this frame outside text fields: '1'..'9' and 'h' (set by the event loop).
    std::vector<char> keys;

    std::string error;         ///< the open error dialog's text, "" when none
    bool error_shown = false;  ///< the pop-up has been opened for this error
    bool diagnostics_shown = false;

    bool font_dirty = true;   ///< rebuild the font atlas before the next frame
    bool style_dirty = true;  ///< rebuild the style from the base style
};

}  // namespace salesim::window
