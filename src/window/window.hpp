// The game window (SDL2 + Dear ImGui + OpenGL 3), opened by `salesim` with no subcommand.
#pragma once

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

namespace salesim::window {

struct Options {
    std::string data_dir;     ///< overrides the user data folder
    std::string lang;         ///< overrides the saved language for this run
    std::string theme;        ///< overrides the saved theme for this run
    int scale = 0;            ///< overrides the saved UI scale (percent) for this run
    std::string font;         ///< overrides the saved font for this run (standard | opendyslexic)
    bool read_aloud = false;  ///< turns read-aloud on for this run
    int width = 1280;
    int height = 800;
    // Scripted runs (tests, screenshots).
    std::string scenario;      ///< start directly in play, as the trainee "Test"
    std::vector<int> choices;  ///< 1-based options to take, in order
    std::string view;          ///< start | library | play | debrief | settings
    int frames = 0;            ///< render this many frames, then exit
    std::string screenshot;    ///< PNG of the last frame
    bool timing = false;       ///< print time to first frame and frame-time percentiles
    bool audit = false;        ///< print the layout audit of the last frame and of every check
    unsigned long long seed = 1;
    std::string edit;        ///< open this scenario file in the editor
    std::string editor_tab;  ///< playtest | map | translations (playtest also starts one)
    std::string mode;        ///< guided | practice | assessment for --scenario ("": the settings')
    /// Keys to press, one every few frames, as a person would (tests of keyboard journeys): SDL key
    /// names ("Down", "Return", "Space", "1"), with "Shift+" or "Ctrl+" before one, or "text:WORD"
    /// to type WORD into the focused text field.
    std::vector<std::string> keys;
    /// Unlocks the trainer's tools with the passphrase on this file's first line, as if typed
    /// (setting it when none is set yet); scripted runs only.
    std::string trainer_passphrase_file;
};

void add_options(CLI::App& app, Options& opts);
int run(const Options& opts);

}  // namespace salesim::window
