// Applying the views' commands: the only place the window changes the game.
#include "window/model/commands.hpp"

#include "window/model/editor_commands.hpp"

#include <exception>
#include <stdexcept>
#include <string>
#include <variant>

namespace salesim::window {

namespace {

/// One overload per command; the editor's come from EditorApplier.
struct Applier : EditorApplier {
    std::uint64_t seed;

    using EditorApplier::operator();

    void operator()(const cmd::SetName& c) const { game.set_name(c.name); }
    void operator()(const cmd::SetLang& c) const { game.set_lang(c.lang); }
    /// Every change of screen puts focus on the new screen's first control.
    void show(Screen s) const {
        ui.screen = s;
        ui.refocus = true;
    }
    void operator()(const cmd::GoTo& c) const {
        // Back to the library or the start is leaving the class (the attempt stays resumable).
        if (c.screen == Screen::Library || c.screen == Screen::Start) game.leave_class();
        // The editor's file list is looked up when the editor opens, not while it is drawn.
        if (c.screen == Screen::Editor && ui.screen != Screen::Editor) (*this)(cmd::EditorListFiles{});
        show(c.screen);
    }
    void operator()(const cmd::StartScenario& c) const {
        game.leave_class();
        game.start(c.id, seed, c.mode);
        ui.hint.reset();
        ui.transcript_seen = 0;
        ui.what_if_from.reset();
        show(Screen::Play);
    }
    void operator()(const cmd::Choose& c) const {
        if (!game.session() || game.session()->finished()) return;
        if (game.in_class()) {
            game.choose_in_class(c.option);
        } else {
            game.choose(c.option);
        }
        // The verdict line of this decision fades in from now (window/model/motion.hpp).
        ui.feedback_at = ui.anim_clock;
        // The next decision starts with focus on its first option again.
        show(game.session()->finished() ? Screen::Debrief : Screen::Play);
    }
    void operator()(const cmd::Hint&) const {
        if (!game.session() || game.session()->finished() || !game.attempt().hints_allowed()) return;
        ui.hint = game.hint();
        ui.hint_decision = game.session()->decisions().size();
    }
    void operator()(const cmd::Rewind& c) const {
        // An assessment is not replayed with the debrief's answers in hand.
        if (!shows_feedback(game.attempt().mode())) return;
        game.leave_class();
        game.rewind(c.keep);
        ui.hint.reset();
        ui.feedback_at.reset();
        ui.transcript_seen = 0;
        ui.what_if_from = c.keep;
        show(Screen::Play);
    }
    void operator()(const cmd::SaveResult&) const { game.save_result(); }
    void operator()(const cmd::Resume&) const {
        game.leave_class();
        game.resume();
        ui.hint.reset();
        ui.transcript_seen = 0;
        ui.what_if_from.reset();
        show(Screen::Play);
    }
    void operator()(const cmd::DiscardResume&) const { game.discard_resume(); }
    void operator()(const cmd::SetScale& c) const {
        game.set_scale(c.percent);
        ui.font_dirty = true;
        ui.style_dirty = true;
    }
    void operator()(const cmd::SetTheme& c) const {
        game.set_theme(c.theme);
        ui.style_dirty = true;
    }
    void operator()(const cmd::SetReadAloud& c) const { game.set_read_aloud(c.on); }
    void operator()(const cmd::SetReduceMotion& c) const { game.set_reduce_motion(c.on); }
    void operator()(const cmd::SetFont& c) const {
        game.set_font(c.font);
        ui.font_dirty = true;
    }
    void operator()(const cmd::SetStore& c) const { game.set_store(c.location); }
    void operator()(const cmd::SetMode& c) const {
        game.set_mode(c.mode);
        ui.start_mode.reset();  // the library offers the new setting
    }
    void operator()(const cmd::PickStartMode& c) const { ui.start_mode = c.mode; }
    void operator()(const cmd::OpenSettings&) const { ui.settings_open = true; }
    void operator()(const cmd::CloseSettings&) const { ui.settings_open = false; }
    void operator()(const cmd::ReloadLibrary&) const {
        game.reload_library();
        ui.diagnostics_shown = false;
    }
    void operator()(const cmd::DismissError&) const {
        ui.error.clear();
        ui.error_shown = false;
    }
    void operator()(const cmd::Quit&) const {
        // Unsaved editor changes are asked about first (they are autosaved either way).
        if (game.editor().is_open() && game.editor().dirty()) {
            ui.editor.quit_ask = true;
            ui.editor.quit_shown = false;
            ui.screen = Screen::Editor;
            return;
        }
        ui.quit_ask = false;
        ui.quit = true;
    }
    void operator()(const cmd::AskQuit&) const {
        // Mid-play the attempt is recorded as it goes and offered for resuming; the question only
        // keeps a slip on the menu from ending the play.
        const Session* s = game.session();
        if (s != nullptr && !s->finished() && ui.screen == Screen::Play) {
            ui.quit_ask = true;
            return;
        }
        (*this)(cmd::Quit{});
    }
    void operator()(const cmd::CancelQuit&) const {
        ui.quit_ask = false;
        ui.refocus = true;
    }
    void operator()(const cmd::CreateProfile&) const {
        game.create_profile(ui.profile.name, ui.profile.external_id, ui.profile.email);
        ui.profile = ProfileDraft{};
        ui.name_edit = game.prefs().name;
        show(Screen::Library);
    }
    void operator()(const cmd::PickProfile& c) const {
        game.set_name(c.name);
        ui.name_edit = game.prefs().name;
        show(game.resume_offer() ? Screen::Start : Screen::Library);
    }
    void operator()(const cmd::RefreshReport&) const { game.results().refresh_report(ui.trainer.filter); }
    void operator()(const cmd::LoadProgress&) const {
        game.results().load_progress(ui.trainer.show_group, ui.trainer.selected);
    }
    void operator()(const cmd::Export& c) const { game.results().write_export(c.kind, ui.trainer.filter); }

    // Live classes: a join or start that fails says why in its form, not in the error dialog.
    void operator()(const cmd::OpenJoinClass&) const {
        ui.join.open = true;
        ui.join.error.clear();
        if (ui.join.name.empty()) ui.join.name = game.prefs().name;
    }
    void operator()(const cmd::CloseJoinClass&) const {
        ui.join.open = false;
        ui.refocus = true;
    }
    void operator()(const cmd::JoinClass&) const {
        try {
            game.join_class(ui.join.address, ui.join.code, ui.join.name);
        } catch (const ClassJoinError& e) {
            ui.join.error = e.what();
            return;
        }
        ui.join.open = false;
        ui.join.error.clear();
        ui.hint.reset();
        ui.transcript_seen = 0;
        ui.what_if_from.reset();
        show(game.session() && game.session()->finished() ? Screen::Debrief : Screen::Play);
    }
    void operator()(const cmd::LeaveClass&) const {
        game.leave_class();
        show(Screen::Library);
    }
    void operator()(const cmd::OpenRunClass&) const {
        ui.run.open = true;
        ui.run.error.clear();
    }
    void operator()(const cmd::CloseRunClass&) const {
        ui.run.open = false;
        ui.refocus = true;
    }
    void operator()(const cmd::StartClass&) const {
        ClassSetup setup;
        setup.scenario_id = ui.run.scenario;
        if (setup.scenario_id.empty() && !game.library().scenarios.empty())
            setup.scenario_id = game.library().scenarios.front()->id;
        setup.group = ui.run.group;
        setup.mode = ui.run.mode;
        setup.pacing = ui.run.trainer_pacing ? classroom::Pacing::Trainer : classroom::Pacing::Self;
        try {
            game.start_class(setup);
        } catch (const std::exception& e) {
            ui.run.error = e.what();
            return;
        }
        ui.run.open = false;
        ui.run.error.clear();
        ui.refocus = true;
    }
    void operator()(const cmd::EndClass&) const { game.end_class(); }
    void operator()(const cmd::StopClass&) const {
        game.stop_class();
        ui.refocus = true;
    }
    void operator()(const cmd::OpenBoard&) const {
        if (const RunningClass* c = game.running_class(); c && !open_in_browser(c->trainer_url()))
            throw std::runtime_error(game.strings().fmt("class.run.no_browser", {{"url", c->trainer_url()}}));
    }
};

}  // namespace

void apply(Game& game, UiState& ui, const Command& c, std::uint64_t seed) {
    try {
        std::visit(Applier{{game, ui}, seed}, c);
        // Recording that failed mid-game is said once; the game itself went on.
        if (std::string notice = game.take_notice(); !notice.empty()) {
            if (!ui.error.empty()) ui.error += "\n\n";
            ui.error += game.strings().tr("results.not_recording") + std::string("\n") + notice;
            ui.error_shown = false;
        }
    } catch (const std::exception& e) {
        if (!ui.error.empty()) ui.error += "\n\n";
        ui.error += e.what();
        ui.error_shown = false;
    }
}

}  // namespace salesim::window
