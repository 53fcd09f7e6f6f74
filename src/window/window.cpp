// The window: SDL and OpenGL set-up, the event loop that sleeps when nothing changes, scripted runs
// and screenshots.
#include "window/window.hpp"

#include "paths.hpp"
#include "window/layout_audit.hpp"
#include "window/model/commands.hpp"
#include "window/model/game.hpp"
#include "window/model/glyphs.hpp"
#include "window/model/motion.hpp"
#include "window/model/speech.hpp"
#include "window/model/strings.hpp"
#include "window/speech_output.hpp"
#include "window/views/style.hpp"
#include "window/views/views.hpp"

#include <salesim/app/decision_feedback.hpp>
#include <salesim/app/exit_code.hpp>
#include <salesim/app/trainer_lock.hpp>

#include <SDL.h>
#include <SDL_opengl.h>
#include <backends/imgui_impl_opengl3.h>
#include <backends/imgui_impl_sdl.h>
#include <imgui.h>
#include <imgui_internal.h>
#include <stb_image_write.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <random>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>

namespace salesim::window {

namespace {

/// One entry of a --keys list: a key with its modifiers, text typed into a field, or a check (the
/// report and a screenshot of that moment).
struct ScriptKey {
    SDL_Keycode sym = SDLK_UNKNOWN;
    Uint16 mod = 0;
    std::string text;
    bool check = false;
};

std::optional<ScriptKey> parse_script_key(const std::string& name) {
    ScriptKey k;
    if (name == "check") {
        k.check = true;
        return k;
    }
    constexpr std::string_view text_prefix = "text:";
    if (name.rfind(text_prefix, 0) == 0) {
        k.text = name.substr(text_prefix.size());
        // One SDL text event holds up to 31 bytes.
        if (k.text.empty() || k.text.size() >= SDL_TEXTINPUTEVENT_TEXT_SIZE) return std::nullopt;
        return k;
    }
    std::string rest = name;
    for (const auto& [prefix, mod] : {std::pair<std::string_view, Uint16>{"Shift+", KMOD_LSHIFT},
                                      {"Ctrl+", KMOD_LCTRL},
                                      {"Alt+", KMOD_LALT}}) {
        if (rest.rfind(prefix, 0) == 0) {
            k.mod = static_cast<Uint16>(k.mod | mod);
            rest = rest.substr(prefix.size());
        }
    }
    k.sym = SDL_GetKeyFromName(rest.c_str());
    if (k.sym == SDLK_UNKNOWN) return std::nullopt;
    // Alt alone opens the menu bar; Dear ImGui reads it from the modifier state.
    if (k.sym == SDLK_LALT || k.sym == SDLK_RALT) k.mod = static_cast<Uint16>(k.mod | KMOD_LALT);
    return k;
}

}  // namespace

void add_options(CLI::App& app, Options& o) {
    app.add_option("--data-dir", o.data_dir, "Folder for settings, autosave and results")->type_name("DIR");
    app.add_option("--lang", o.lang, "Language of the window for this run")
        ->check(CLI::Validator(
            [](std::string& lang) { return app::lang_error(app::assets_dir() + "/strings", lang); }, "LANG"));
    app.add_option("--theme", o.theme, "Colour theme for this run")
        ->check(CLI::IsMember({"dark", "light", "high-contrast"}));
    app.add_option("--scale", o.scale, "UI scale in percent for this run")->check(CLI::Range(100, 200));
    app.add_option("--font", o.font, "Font for this run")->check(CLI::IsMember({"standard", "opendyslexic"}));
    app.add_flag("--read-aloud", o.read_aloud, "Read the buyer's lines and the options aloud in this run");
    app.add_option("--width", o.width, "Window width")->check(CLI::Range(320, 8192));
    app.add_option("--height", o.height, "Window height")->check(CLI::Range(240, 8192));
    app.add_option("--scenario", o.scenario, "Start directly in play with this scenario")->type_name("ID");
    app.add_option("--choices", o.choices, "Options to take at the start, 1-based (1,3,2)")
        ->delimiter(',')
        ->check(CLI::PositiveNumber);
    app.add_option("--view", o.view, "Screen to show first")
        ->check(CLI::IsMember({"start", "library", "play", "debrief", "settings", "trainer", "editor", "join",
                               "run-class", "passphrase"}));
    app.add_option("--mode", o.mode, "Mode of the --scenario attempt")
        ->check(CLI::IsMember({"guided", "practice", "assessment"}));
    app.add_option("--frames", o.frames, "Render this many frames, then exit")->check(CLI::Range(1, 100000));
    app.add_option("--screenshot", o.screenshot, "Write the last frame as PNG")->type_name("FILE");
    app.add_flag("--timing", o.timing, "Print time to first frame and frame-time percentiles");
    app.add_flag("--audit", o.audit,
                 "For tests: print the layout audit (cut text, overlapping text, windows off the screen) of "
                 "the last frame and of every check");
    app.add_option("--seed", o.seed, "Session seed for --scenario");
    app.add_option("--edit", o.edit, "Open this scenario file in the editor (Author)")->type_name("FILE");
    app.add_option("--editor-tab", o.editor_tab, "Editor side panel to show first")
        ->check(CLI::IsMember({"playtest", "map", "translations"}));
    app.add_option("--trainer-passphrase-file", o.trainer_passphrase_file,
                   "For tests: unlock the trainer's tools with the passphrase on this file's first line, as "
                   "if typed (set when none is set yet); only with --frames, --screenshot or --keys")
        ->type_name("FILE");
    app.add_option(
           "--keys", o.keys,
           "For tests: press these keys in turn, one every few frames (Down,Return,Space,1,"
           "Shift+Tab; text:WORD types WORD; check reports the state and writes a numbered screenshot)")
        ->delimiter(',')
        ->check(CLI::Validator(
            [](std::string& key) {
                return parse_script_key(key) ? std::string() : "not a key name: '" + key + "'";
            },
            "KEY"));
}

namespace {

using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point t) {
    return std::chrono::duration<double, std::milli>(Clock::now() - t).count();
}

/// The parts of the first frame's time (--timing prints them after the first frame).
struct StartTimes {
    double game = 0;    ///< strings, settings, the library's index, the results store
    double window = 0;  ///< SDL, the window, the GL context and ImGui's back ends
    double font = 0;    ///< the glyphs the texts need and the font atlas
    double views = 0;   ///< the first frame's views
    void print(double first_ms) const {
        std::printf("start-up: game %.1f ms, window %.1f ms, font %.1f ms, views %.1f ms, rest %.1f ms\n",
                    game, window, font, views, first_ms - game - window - font - views);
    }
};

void write_screenshot(const std::string& path, int w, int h, const app::Strings& strings) {
    std::vector<unsigned char> pixels(static_cast<std::size_t>(w) * static_cast<std::size_t>(h) * 4);
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    glReadBuffer(GL_BACK);
    glReadPixels(0, 0, w, h, GL_RGBA, GL_UNSIGNED_BYTE, pixels.data());
    for (std::size_t i = 3; i < pixels.size(); i += 4) pixels[i] = 255;
    stbi_flip_vertically_on_write(1);
    if (stbi_write_png(path.c_str(), w, h, 4, pixels.data(), w * 4) == 0) {
        throw std::runtime_error(strings.fmt("error.screenshot", {{"path", path}}));
    }
}

/// Digits, letters and Enter reach the views only outside text fields and without modifiers; a
/// held key does not repeat (an option is chosen once per press).
void collect_key(const SDL_Event& ev, UiState& ui) {
    if (ev.type != SDL_KEYDOWN || ev.key.repeat != 0) return;
    if (ImGui::GetIO().WantTextInput) return;
    if ((ev.key.keysym.mod & (KMOD_CTRL | KMOD_ALT | KMOD_GUI)) != 0) return;
    const SDL_Keycode k = ev.key.keysym.sym;
    if (k >= SDLK_0 && k <= SDLK_9) ui.keys.push_back(static_cast<char>('0' + (k - SDLK_0)));
    if (k >= SDLK_KP_1 && k <= SDLK_KP_9) ui.keys.push_back(static_cast<char>('1' + (k - SDLK_KP_1)));
    if (k == SDLK_KP_0) ui.keys.push_back('0');
    if (k >= SDLK_a && k <= SDLK_z) ui.keys.push_back(static_cast<char>('a' + (k - SDLK_a)));
    if (k == SDLK_RETURN || k == SDLK_KP_ENTER) ui.keys.push_back('\n');
    if (k == SDLK_SPACE) ui.keys.push_back(' ');
}

/// Pushes a --keys entry into SDL's queue as the keyboard would: key down on one frame, up on the
/// next. Dear ImGui's SDL back end reads Shift and Ctrl from SDL's modifier state, so it is set too.
void push_key(const ScriptKey& k, bool down) {
    if (k.check) return;
    if (!k.text.empty()) {
        if (!down) return;
        SDL_Event ev{};
        ev.type = SDL_TEXTINPUT;
        std::copy(k.text.begin(), k.text.end(), ev.text.text);
        SDL_PushEvent(&ev);
        return;
    }
    const Uint16 mod = down ? k.mod : Uint16{0};
    SDL_SetModState(static_cast<SDL_Keymod>(mod));
    SDL_Event ev{};
    ev.type = down ? SDL_KEYDOWN : SDL_KEYUP;
    ev.key.state = down ? SDL_PRESSED : SDL_RELEASED;
    ev.key.keysym.sym = k.sym;
    ev.key.keysym.scancode = SDL_GetScancodeFromKey(k.sym);
    ev.key.keysym.mod = mod;
    SDL_PushEvent(&ev);
}

/// `shot.png` with `n`: `shot-n.png`.
std::string numbered(const std::string& path, int n) {
    const std::filesystem::path p(path);
    return (p.parent_path() / (p.stem().string() + "-" + std::to_string(n) + p.extension().string()))
        .string();
}

/// Frames between two keys of a --keys list: down, up, and two for the commands and pop-ups.
constexpr int frames_per_key = 4;
/// Frames drawn before the first key, as a person sees the window before typing.
constexpr int frames_before_keys = 3;

/// Editor shortcuts and Ctrl+Q (quit, asking first mid-play), which work in text fields too.
void collect_shortcut(const SDL_Event& ev, UiState& ui) {
    if (ev.type != SDL_KEYDOWN || ev.key.repeat != 0) return;
    const bool ctrl = (ev.key.keysym.mod & KMOD_CTRL) != 0;
    const SDL_Keycode k = ev.key.keysym.sym;
    if (ctrl && k == SDLK_s) ui.shortcuts.emplace_back("ctrl+s");
    if (ctrl && k == SDLK_n) ui.shortcuts.emplace_back("ctrl+n");
    if (ctrl && k == SDLK_q) ui.shortcuts.emplace_back("ctrl+q");
    if (k == SDLK_F5) ui.shortcuts.emplace_back("f5");
}

class Window {
public:
    explicit Window(const Options& o) : m_opts(o) {}
    ~Window() { shutdown(); }
    Window(const Window&) = delete;
    Window& operator=(const Window&) = delete;

    int run() {
        const auto t0 = Clock::now();
        const bool scripted = m_opts.frames > 0 || !m_opts.screenshot.empty() || !m_opts.keys.empty();
        Game game(m_opts.data_dir, app::scenarios_dir(), app::assets_dir());
        game.set_own_folders(app::own_library_folders());
        game.defer_library_refresh();
        game.load();
        // Where the first frame's time goes, for --timing: the game's files, SDL and GL, the font,
        // the views and the render.
        StartTimes times;
        times.game = ms_since(t0);
        // A scripted run (tests, screenshots) shows the library as read to the end, so what it
        // checks does not depend on the machine's speed; a timed one measures what a person sees.
        if (scripted && !m_opts.timing) game.wait_library();
        UiState ui;
        if (!game.load_problems().empty()) ui.error = game.load_problems();
        configure(game, ui);
        const double before_open = ms_since(t0);
        open(scripted, game.strings());
        times.window = ms_since(t0) - before_open;
        const double before_glyphs = ms_since(t0);

        std::set<char32_t> needed;
        add_strings_text(needed, game.strings());
        add_index_text(needed, game.index());
        add_results_text(needed, game.results());
        std::vector<std::uint16_t> extra = glyph_ranges(needed);

        times.font = ms_since(t0) - before_glyphs;
        start_script(game, ui);
        std::vector<ScriptKey> keys;
        for (const std::string& k : m_opts.keys) keys.push_back(parse_script_key(k).value());
        int frames = scripted ? std::max(1, m_opts.frames == 0 ? 6 : m_opts.frames) : 0;
        // Every key gets its frames, and the last one a few more to settle.
        if (!keys.empty())
            frames =
                std::max(frames, frames_before_keys + static_cast<int>(keys.size()) * frames_per_key + 6);
        int drawn = 0;
        int checks = 0;
        int pending = 3;  // frames to draw before sleeping: pop-ups and auto-sized windows settle
        std::vector<double> frame_ms;
        std::vector<double> build_ms;  // the views and ImGui alone, without GL and the swap
        double first_ms = -1;
        bool running = true;
        float scale = 1.0f;
        while (running) {
            SDL_Event ev;
            bool got = false;
            // The verdict line's fade asks for frames while it runs, and only then: afterwards the
            // window sleeps until an event again.
            ui.anim_clock = scripted ? drawn * scripted_frame_seconds
                                     : std::chrono::duration<double>(Clock::now() - t0).count();
            if (animating(ui, game.prefs().reduce_motion)) pending = std::max(pending, 1);
            if (!scripted && pending <= 0) {
                // Sleep until something happens; SDL 2.26 hands back the event that woke it. In a
                // class it wakes four times a second to take what the trainer did (the server away:
                // every two seconds, since each try then waits for a connection).
                const int timeout = game.editor().pending() || game.index().refreshing()     ? 50
                                    : game.in_class() && game.joined_class()->play.offline() ? 2000
                                    : game.in_class()                                        ? 250
                                                                                             : 1000;
                if (SDL_WaitEventTimeout(&ev, timeout) != 0) {
                    running = handle(ev, ui) && running;
                    got = true;
                }
            }
            bool check_now = false;
            if (!keys.empty() && drawn >= frames_before_keys &&
                (drawn - frames_before_keys) % frames_per_key < 2) {
                const auto i = static_cast<std::size_t>((drawn - frames_before_keys) / frames_per_key);
                const bool down = (drawn - frames_before_keys) % frames_per_key == 0;
                if (i < keys.size()) push_key(keys[i], down);
                check_now = i < keys.size() && down && keys[i].check;
            }
            while (SDL_PollEvent(&ev) != 0) {
                running = handle(ev, ui) && running;
                got = true;
            }
            if (got) pending = std::max(pending, 3);
            if (!m_typed.empty()) {
                const std::size_t before = needed.size();
                add_codepoints(needed, m_typed);
                m_typed.clear();
                if (needed.size() != before) {
                    extra = glyph_ranges(needed);
                    ui.font_dirty = true;
                }
            }
            // Closing the window goes through Quit, which asks about unsaved editor changes.
            if (std::find(ui.shortcuts.begin(), ui.shortcuts.end(), "quit") != ui.shortcuts.end()) {
                apply(game, ui, cmd::Quit{}, new_seed());
                running = running && !ui.quit;
            }
            if (std::find(ui.shortcuts.begin(), ui.shortcuts.end(), "ctrl+q") != ui.shortcuts.end())
                apply(game, ui, cmd::AskQuit{}, new_seed());
            // The editor's debounced validation and autosave run here, between frames, and so do
            // a class's changes (a freeze, a release, the end) and the board of the class run here.
            if (game.editor().tick(Clock::now())) pending = std::max(pending, 1);
            // The map's progress bar moves while the analyzer runs (a frame per wake-up, 50 ms
            // apart); otherwise the window sleeps until an event.
            if (game.editor().analysing() && ui.screen == Screen::Editor &&
                ui.editor.tab == EditorUi::Tab::Map)
                pending = std::max(pending, 1);
            if (game.in_class()) {
                try {
                    if (game.poll_class(std::chrono::milliseconds(0))) pending = std::max(pending, 2);
                } catch (const std::exception& e) {
                    ui.error += std::string(ui.error.empty() ? "" : "\n\n") + e.what();
                    ui.error_shown = false;
                    pending = std::max(pending, 2);
                }
            }
            if (game.poll_running_class()) pending = std::max(pending, 2);
            // The library's background refresh finished: list it, and give the atlas the letters
            // of scenarios it read for the first time.
            if (game.poll_library()) {
                pending = std::max(pending, 2);
                const std::size_t before = needed.size();
                add_index_text(needed, game.index());
                if (needed.size() != before) {
                    extra = glyph_ranges(needed);
                    ui.font_dirty = true;
                }
            }
            if (m_speaker) {
                if (const SpeechProblem p = m_speaker->take_problem(); !p.key.empty()) {
                    say_speech_problem(game, ui, p);
                    pending = std::max(pending, 2);
                }
            }
            if (!running) break;
            if (!scripted && pending <= 0) continue;
            --pending;

            const auto frame_start = Clock::now();
            if (ui.font_dirty || ui.style_dirty) {
                scale = static_cast<float>(game.prefs().scale) / 100.0f;
                if (ui.font_dirty) {
                    const auto font_start = Clock::now();
                    build_font(scale, extra, app::assets_dir(), game.prefs().font);
                    if (drawn == 0) times.font += ms_since(font_start);
                    if (m_device_ready) {
                        ImGui_ImplOpenGL3_DestroyFontsTexture();
                        ImGui_ImplOpenGL3_CreateFontsTexture();
                    }
                }
                apply_style(palette(game.prefs().theme), scale);
                ui.font_dirty = ui.style_dirty = false;
            }
            ImGui_ImplOpenGL3_NewFrame();
            m_device_ready = true;
            // The atlas is on the GPU now: its CPU copy (RGBA and alpha, 0.6 MiB at 100 %) waits
            // for no one, and the next build_font makes it again.
            ImGui::GetIO().Fonts->ClearTexData();
            ImGui_ImplSDL2_NewFrame();
            ImGui::NewFrame();
            const auto views_start = Clock::now();
            Commands cmds;
            const Palette& pal = palette(game.prefs().theme);
            ViewContext ctx{game, ui, pal, cmds, scale};
            try {
                draw_frame(ctx);
            } catch (const std::exception& e) {
                // A view hit an engine error mid-frame: close what it left open and show the error.
                ImGui::ErrorCheckEndFrameRecover(nullptr);
                ui.error += std::string(ui.error.empty() ? "" : "\n\n") + e.what();
                ui.error_shown = false;
            }
            if (drawn == 0) times.views = ms_since(views_start);
            ImGui::Render();
            const double ui_ms =
                std::chrono::duration<double, std::milli>(Clock::now() - frame_start).count();
            int w = 0, h = 0;
            SDL_GL_GetDrawableSize(m_window, &w, &h);
            glViewport(0, 0, w, h);
            // The main window draws no background of its own: a clear fills the viewport, which a
            // software renderer does faster than blending a window-sized rectangle.
            const ImVec4 bg = ImGui::GetStyleColorVec4(ImGuiCol_WindowBg);
            glClearColor(bg.x, bg.y, bg.z, 1.0f);
            glClear(GL_COLOR_BUFFER_BIT);
            ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
            ++drawn;
            if (scripted && drawn == frames && !m_opts.screenshot.empty())
                write_screenshot(m_opts.screenshot, w, h, game.strings());
            if (m_opts.audit && scripted && drawn == frames && !check_now) print_audit();
            if (check_now) {
                // A check in a --keys list: what this frame shows, as NAME-N.png beside the last one.
                ++checks;
                std::printf("check %d:\n", checks);
                print_report(game, ui);
                if (m_opts.audit) print_audit();
                if (!m_opts.screenshot.empty())
                    write_screenshot(numbered(m_opts.screenshot, checks), w, h, game.strings());
            }
            SDL_GL_SwapWindow(m_window);
            if (m_opts.timing) {
                glFinish();
                const double ms =
                    std::chrono::duration<double, std::milli>(Clock::now() - frame_start).count();
                if (first_ms < 0) {
                    first_ms = ms_since(t0);
                    times.print(first_ms);
                } else {
                    frame_ms.push_back(ms);
                    build_ms.push_back(ui_ms);
                }
            }

            // The first frame is on the screen: now the library's files are checked in the background.
            game.refresh_library();
            for (const Command& c : cmds) apply(game, ui, c, new_seed());
            read_aloud(game, ui);
            ui.keys.clear();
            ui.shortcuts.clear();
            if (!cmds.empty()) pending = std::max(pending, 3);
            if (ui.quit) running = false;
            if (scripted && drawn >= frames) running = false;
        }
        if (m_opts.timing) print_timing(first_ms, frame_ms, build_ms);
        if (scripted) {
            // What the picture shows, for tests that check a play-through reached the debrief.
            if (!keys.empty()) std::printf("final:\n");
            print_report(game, ui);
            if (game.prefs().read_aloud) std::printf("read aloud: %d lines\n", m_said);
        }
        if (scripted && !ui.error.empty()) {
            std::cerr << game.strings().tr("error.shown") << "\n" << ui.error << "\n";
            return app::to_int(app::ExitCode::Problems);
        }
        return app::to_int(app::ExitCode::Ok);
    }

private:
    void configure(Game& game, UiState& ui) {
        // Command-line overrides apply to this run only; the saved settings stay as they were.
        game.set_persist_prefs(false);
        if (!m_opts.lang.empty()) game.set_lang(m_opts.lang);
        if (!m_opts.theme.empty()) game.set_theme(parse_theme(m_opts.theme).value_or(ThemeId::Dark));
        if (m_opts.scale != 0) game.set_scale(m_opts.scale);
        if (!m_opts.font.empty()) game.set_font(parse_font(m_opts.font).value_or(FontChoice::Standard));
        if (m_opts.read_aloud) game.set_read_aloud(true);
        const bool scripted = m_opts.frames > 0 || !m_opts.screenshot.empty() || !m_opts.keys.empty();
        // A run driven by keys starts as a person's would: the profile is made with the keys.
        const bool as_test = scripted && (m_opts.keys.empty() || !m_opts.scenario.empty());
        if (as_test || !m_opts.scenario.empty()) {
            if (game.prefs().name.empty() || as_test) game.set_name("Test");
        }
        if (!scripted) game.set_persist_prefs(true);
        if (!game.prefs().name.empty()) ui.screen = Screen::Library;
        if (game.resume_offer()) ui.screen = Screen::Start;
    }

    /// --trainer-passphrase-file: the passphrase given as a person types it into the dialog.
    void unlock_from_file(Game& game, UiState& ui) {
        const std::string& path = m_opts.trainer_passphrase_file;
        if (path.empty()) return;
        const bool scripted = m_opts.frames > 0 || !m_opts.screenshot.empty() || !m_opts.keys.empty();
        if (!scripted) throw std::runtime_error(game.strings().tr("trainer_lock.file_scripted_only"));
        std::ifstream in(path, std::ios::binary);
        std::string line;
        line.reserve(256);
        if (!in || !std::getline(in, line)) {
            ui.error = game.strings().fmt("trainer_lock.file_unreadable", {{"file", path}});
            return;
        }
        if (!line.empty() && line.back() == '\r') line.pop_back();
        ui.lock.passphrase = line;
        ui.lock.repeat = line;
        app::wipe_secret(line);
        ui.lock.kind = game.trainer_lock().is_set() ? LockForm::Kind::Unlock : LockForm::Kind::Set;
        apply(game, ui, cmd::SubmitPassphrase{}, m_opts.seed);
        if (!game.trainer_unlocked())
            ui.error =
                game.strings().fmt("trainer_lock.file_refused", {{"file", path}, {"why", ui.lock.error}});
        ui.lock.error.clear();
    }

    void start_script(Game& game, UiState& ui) {
        const auto send = [&](Command c) { apply(game, ui, c, m_opts.seed); };
        unlock_from_file(game, ui);
        if (!m_opts.scenario.empty()) {
            send(cmd::StartScenario{m_opts.scenario, parse_mode(m_opts.mode)});
            for (const int n : m_opts.choices) {
                if (!game.session() || !ui.error.empty()) break;
                if (game.session()->finished()) {
                    ui.error = "--choices: the scenario ended after " +
                               std::to_string(game.session()->choices().size()) +
                               " decisions; there is nothing left to choose " + std::to_string(n) + " for";
                    break;
                }
                send(cmd::Choose{static_cast<std::size_t>(n - 1)});
            }
        }
        if (m_opts.view == "start") ui.screen = Screen::Start;
        if (m_opts.view == "library") ui.screen = Screen::Library;
        if (m_opts.view == "play" && game.session()) ui.screen = Screen::Play;
        if (m_opts.view == "debrief" && game.session()) ui.screen = Screen::Debrief;
        if (m_opts.view == "settings") ui.settings_open = true;
        // The Trainer view and its "Run a class" ask for the passphrase as they do from the menu.
        if (m_opts.view == "trainer") send(cmd::GoTo{Screen::Trainer});
        if (m_opts.view == "join") send(cmd::OpenJoinClass{});
        if (m_opts.view == "passphrase") send(cmd::ChangePassphrase{});
        if (m_opts.view == "run-class") {
            send(cmd::GoTo{Screen::Trainer});
            send(cmd::OpenRunClass{});
        }
        if (!m_opts.edit.empty()) {
            send(cmd::EditorOpen{m_opts.edit});
            if (m_opts.editor_tab == "map") {
                ui.editor.tab = EditorUi::Tab::Map;
                game.editor().finish_analysis();  // the screenshot shows the finished map
            }
            if (m_opts.editor_tab == "translations") ui.editor.tab = EditorUi::Tab::Translations;
            if (m_opts.editor_tab == "playtest") send(cmd::EditorPlaytest{});
        }
        if (m_opts.view == "editor") ui.screen = Screen::Editor;
    }

    /// What the last frame showed, for tests: the screen, the trainee, the attempt's choices and
    /// where keyboard focus was.
    static void print_report(const Game& game, const UiState& ui) {
        constexpr const char* screens[] = {"start", "library", "play", "debrief", "trainer", "editor"};
        std::printf("screen: %s\n", screens[static_cast<int>(ui.screen)]);
        if (!game.prefs().name.empty()) std::printf("trainee: %s\n", game.prefs().name.c_str());
        if (ui.settings_open) std::printf("settings: open\n");
        if (ui.screen == Screen::Library) {
            // The list's progress as the rows show it: played and passed scenario ids.
            std::string played, passed;
            for (const auto& [id, p] : game.progress().scenarios) {
                played += (played.empty() ? "" : ",") + id + "=" + std::to_string(p.best);
                if (p.passed) passed += (passed.empty() ? "" : ",") + id;
            }
            std::printf("library rows drawn: %d\n", ui.library_rows.drawn);
            std::printf("library: %zu scenarios, selected %s\nbest: %s\npassed: %s\n",
                        game.index().entries().size(), ui.selected.c_str(), played.c_str(), passed.c_str());
        }
        if (ui.screen == Screen::Editor && game.editor().is_open())
            std::printf("editor: %s%s\n", game.editor().path().filename().string().c_str(),
                        game.editor().read_only() ? " (read-only)" : "");
        if (ui.quit_ask) std::printf("quit: asked\n");
        if (ui.quit) std::printf("quit: yes\n");
        if (const auto& offer = game.resume_offer(); offer && offer->session) {
            std::printf("resume offer: %s after %zu decisions\n", offer->session->scenario().id.c_str(),
                        offer->session->choices().size());
        }
        if (const Session* s = game.session()) {
            std::string choices;
            for (const std::size_t c : s->choices())
                choices += (choices.empty() ? "" : ",") + std::to_string(c + 1);
            std::printf("scenario: %s\ndecisions: %zu\nchoices: %s\noutcome: %s\nscore: %d\n",
                        s->scenario().id.c_str(), s->choices().size(), choices.c_str(),
                        std::string(to_string(s->outcome())).c_str(), s->score().overall);
            if (ui.what_if_from) std::printf("what-if: from decision %zu\n", *ui.what_if_from + 1);
            // The verdict line the transcript shows for the latest decision, with its opacity.
            if (!s->decisions().empty() && shows_feedback(game.attempt().mode()))
                std::printf(
                    "feedback: %s (opacity %.2f)\n",
                    app::feedback_line(app::decision_feedback(s->decisions().back(), game.attempt().mode()),
                                       game.strings(), game.strings().lang())
                        .c_str(),
                    static_cast<double>(feedback_alpha(ui, game.prefs().reduce_motion)));
            if (game.baseline())
                std::printf("compared with: %zu decisions\n", game.baseline()->choices().size());
        }
        if (const JoinedClass* c = game.joined_class()) {
            constexpr const char* turns[] = {"decide",   "vote",  "waiting", "released",
                                             "finished", "ended", "removed"};
            std::printf("class: %s%s\n", turns[static_cast<int>(game.class_turn())],
                        c->play.offline() ? ", offline" : "");
        }
        if (ui.join.open) std::printf("join form: open\n");
        if (!ui.join.error.empty()) std::printf("join error: %s\n", ui.join.error.c_str());
        if (ui.screen == Screen::Trainer) {
            // The Groups panel: the group it manages, as the store holds it.
            if (const auto& roster = game.results().roster()) {
                std::printf("groups: %zu\n", roster->groups.size());
                if (const GroupRoster* g = roster->find(ui.trainer.group)) {
                    std::string members, scenarios;
                    for (const results::Trainee& t : g->members)
                        members += (members.empty() ? "" : ",") + t.name;
                    for (const std::string& id : g->scenarios)
                        scenarios += (scenarios.empty() ? "" : ",") + id;
                    std::printf("trainer group: %s, %zu members (%s), assigned %s, mode %s\n",
                                g->group.name.c_str(), g->members.size(), members.c_str(), scenarios.c_str(),
                                g->group.mode ? std::string(to_string(*g->group.mode)).c_str() : "any");
                }
            }
            if (!ui.trainer.group_error.empty())
                std::printf("group error: %s\n", ui.trainer.group_error.c_str());
        }
        if (ui.run.open) std::printf("run form: open\n");
        // Letters of what the trainee typed that the font atlas cannot draw (they would show '?').
        std::string missing;
        std::set<char32_t> typed;
        add_codepoints(typed, game.prefs().name + ui.name_edit + ui.trainer.new_group);
        for (const char32_t c : typed) {
            if (c > 0xFFFF) continue;
            if (ImGui::GetFont()->FindGlyphNoFallback(static_cast<ImWchar>(c)) == nullptr) {
                char code[16];
                std::snprintf(code, sizeof code, "U+%04X ", static_cast<unsigned>(c));
                missing += code;
            }
        }
        if (!missing.empty()) std::printf("glyphs missing: %s\n", missing.c_str());
        std::printf("trainer lock: %s\n", game.trainer_unlocked()        ? "unlocked"
                                          : game.trainer_lock().is_set() ? "locked"
                                                                         : "not set");
        if (ui.lock.open) {
            constexpr const char* kinds[] = {"set", "unlock", "change"};
            std::printf("passphrase dialog: %s\n", kinds[static_cast<int>(ui.lock.kind)]);
        }
        if (!ui.lock.error.empty()) std::printf("passphrase error: %s\n", ui.lock.error.c_str());
        if (const RunningClass* r = game.running_class())
            std::printf("class running: %s code %s%s\n", r->join_address().c_str(), r->code().c_str(),
                        r->ended() ? ", ended" : "");
        if (!ui.focused_button.empty()) std::printf("focus: %s\n", ui.focused_button.c_str());
        if (ui.screen == Screen::Debrief)
            std::printf("scroll: %.0f of %.0f\n", static_cast<double>(ui.debrief_scroll),
                        static_cast<double>(ui.debrief_scroll_max));
        if (ui.screen == Screen::Play && ui.focused_option) {
            std::printf("focus: option %zu, %s\n", *ui.focused_option + 1,
                        ui.focused_option_visible ? "in view" : "out of view");
        }
    }

    /// Speaks what the play screen shows when read-aloud is on: the buyer's new words, an option
    /// that gets keyboard focus, the current line again on R.
    void read_aloud(const Game& game, UiState& ui) {
        if (!game.prefs().read_aloud || m_speech_off) {
            if (m_speaker) m_speaker->hush();
            m_read = ReadAloud{};
            return;
        }
        if (!m_speaker) {
            m_output = std::make_unique<SpeechOutput>();
            // espeak-ng speaks at 22 050 Hz whatever the voice; the device converts from it.
            if (const std::string why = m_output->open(speech_sample_rate); !why.empty()) {
                m_output.reset();
                say_speech_problem(game, ui, {"speech.no_audio", why});
                return;
            }
            SpeechOutput* out = m_output.get();
            m_speaker = std::make_unique<LineSpeaker>([out](SpeechAudio a) { out->play(a); },
                                                      [out] { out->clear(); });
        }
        const std::string lang = game.content_lang();
        const Session* session = ui.screen == Screen::Play ? game.session() : nullptr;
        if (const auto line = m_read.next(session, ui.focused_option, lang)) {
            m_speaker->say(*line, lang);
            ++m_said;
        }
        if (session != nullptr && std::find(ui.keys.begin(), ui.keys.end(), 'r') != ui.keys.end() &&
            !m_read.current().empty()) {
            m_speaker->say(m_read.current(), lang);
            ++m_said;
        }
    }

    /// A read-aloud problem is said once; the window goes on without speech for this run.
    void say_speech_problem(const Game& game, UiState& ui, const SpeechProblem& p) {
        m_speech_off = true;
        const std::string text = game.strings().fmt(p.key, {{"why", p.why}});
        std::cerr << text << "\n";
        // A scripted run reports it on stderr only: the error dialog would fail the run.
        if (m_opts.frames > 0 || !m_opts.screenshot.empty() || !m_opts.keys.empty()) return;
        ui.error += std::string(ui.error.empty() ? "" : "\n\n") + text;
        ui.error_shown = false;
    }

    /// The layout audit of the frame just rendered, one line per problem, for tests.
    static void print_audit() {
        const std::vector<LayoutProblem> problems = audit_layout();
        std::printf("layout problems: %zu\n", problems.size());
        for (const LayoutProblem& p : problems)
            std::printf("layout %s: window '%s': %s\n", p.kind.c_str(), p.window.c_str(), p.detail.c_str());
    }

    std::uint64_t new_seed() {
        if (m_opts.frames > 0 || !m_opts.screenshot.empty() || !m_opts.keys.empty()) return m_opts.seed;
        return m_rng();
    }

    void open(bool scripted, const app::Strings& strings) {
        // Video and timers only: the game-controller subsystem polls devices and costs idle CPU.
        if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_TIMER) != 0) {
            throw std::runtime_error(strings.fmt("error.sdl", {{"why", SDL_GetError()}}));
        }
        m_sdl = true;
        SDL_GL_SetAttribute(SDL_GL_CONTEXT_FLAGS, 0);
        SDL_GL_SetAttribute(SDL_GL_CONTEXT_PROFILE_MASK, SDL_GL_CONTEXT_PROFILE_CORE);
        SDL_GL_SetAttribute(SDL_GL_CONTEXT_MAJOR_VERSION, 3);
        SDL_GL_SetAttribute(SDL_GL_CONTEXT_MINOR_VERSION, 2);
        SDL_GL_SetAttribute(SDL_GL_DOUBLEBUFFER, 1);
        SDL_GL_SetAttribute(SDL_GL_DEPTH_SIZE, 0);
        SDL_GL_SetAttribute(SDL_GL_STENCIL_SIZE, 0);
        const auto flags =
            static_cast<SDL_WindowFlags>(SDL_WINDOW_OPENGL | SDL_WINDOW_RESIZABLE | SDL_WINDOW_ALLOW_HIGHDPI);
        m_window = SDL_CreateWindow(strings.tr("app.title"), SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED,
                                    m_opts.width, m_opts.height, flags);
        if (m_window == nullptr)
            throw std::runtime_error(strings.fmt("error.open_window", {{"why", SDL_GetError()}}));
        m_gl = SDL_GL_CreateContext(m_window);
        if (m_gl == nullptr)
            throw std::runtime_error(strings.fmt("error.gl_context", {{"why", SDL_GetError()}}));
        SDL_GL_MakeCurrent(m_window, m_gl);
        SDL_GL_SetSwapInterval(scripted ? 0 : 1);

        IMGUI_CHECKVERSION();
        ImGui::CreateContext();
        m_imgui = true;
        ImGuiIO& io = ImGui::GetIO();
        io.IniFilename = nullptr;
        io.ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;
        ImGui_ImplSDL2_InitForOpenGL(m_window, m_gl);
        ImGui_ImplOpenGL3_Init("#version 150");
        m_backends = true;
    }

    bool handle(const SDL_Event& ev, UiState& ui) {
        ImGui_ImplSDL2_ProcessEvent(&ev);
        if (ev.type == SDL_QUIT || (ev.type == SDL_WINDOWEVENT && ev.window.event == SDL_WINDOWEVENT_CLOSE &&
                                    ev.window.windowID == SDL_GetWindowID(m_window))) {
            ui.shortcuts.push_back("quit");
            return true;
        }
        collect_key(ev, ui);
        collect_shortcut(ev, ui);
        // Typed and pasted text may bring letters the atlas was not built with (a name in Polish):
        // the loop adds them to the atlas before the next frame.
        if (ev.type == SDL_TEXTINPUT) m_typed += ev.text.text;
        if (ev.type == SDL_KEYDOWN && (ev.key.keysym.mod & KMOD_CTRL) != 0 && ev.key.keysym.sym == SDLK_v) {
            if (char* clip = SDL_GetClipboardText(); clip != nullptr) {
                m_typed += clip;
                SDL_free(clip);
            }
        }
        return true;
    }

    static double percentile(std::vector<double> ms, double p) {
        if (ms.empty()) return 0.0;
        std::sort(ms.begin(), ms.end());
        const auto i = static_cast<std::size_t>(p * static_cast<double>(ms.size() - 1) + 0.5);
        return ms[std::min(i, ms.size() - 1)];
    }

    static void print_timing(double first_ms, const std::vector<double>& ms, const std::vector<double>& ui) {
        std::printf("first frame: %.1f ms\nframes: %zu\nframe p50: %.2f ms\nframe p95: %.2f ms\n", first_ms,
                    ms.size() + 1, percentile(ms, 0.5), percentile(ms, 0.95));
        std::printf("ui build p50: %.2f ms\nui build p95: %.2f ms\n", percentile(ui, 0.5),
                    percentile(ui, 0.95));
    }

    void shutdown() {
        // The speaker's worker may be queueing audio: it stops before the device closes.
        m_speaker.reset();
        m_output.reset();
        if (m_backends) {
            ImGui_ImplOpenGL3_Shutdown();
            ImGui_ImplSDL2_Shutdown();
        }
        if (m_imgui) ImGui::DestroyContext();
        if (m_gl != nullptr) SDL_GL_DeleteContext(m_gl);
        if (m_window != nullptr) SDL_DestroyWindow(m_window);
        if (m_sdl) SDL_Quit();
        m_backends = m_imgui = m_sdl = false;
        m_gl = nullptr;
        m_window = nullptr;
    }

    const Options& m_opts;
    SDL_Window* m_window = nullptr;
    SDL_GLContext m_gl = nullptr;
    bool m_sdl = false;
    bool m_imgui = false;
    bool m_backends = false;
    bool m_device_ready = false;
    std::unique_ptr<SpeechOutput> m_output;
    std::unique_ptr<LineSpeaker> m_speaker;  ///< after m_output: it is stopped first
    ReadAloud m_read;
    bool m_speech_off = false;  ///< a read-aloud problem was said: no more tries this run
    std::string m_typed;        ///< text typed or pasted since the last frame, for the atlas
    int m_said = 0;             ///< lines handed to the speaker (scripted runs report it)
    std::mt19937_64 m_rng{std::random_device{}()};
};

}  // namespace

int run(const Options& opts) {
    Window w(opts);
    return w.run();
}

}  // namespace salesim::window
