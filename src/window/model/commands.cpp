// Applying the views' commands: the only place the window changes the game.
#include "window/model/commands.hpp"

#include "window/model/editor_commands.hpp"

#include <salesim/app/durable_file.hpp>
#include <salesim/app/trainer_lock.hpp>

#include <salesim/results/names.hpp>

#include <exception>
#include <stdexcept>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace salesim::window {

namespace {

/// A passphrase error in the UI language.
std::string lock_message(const Strings& strings, const app::TrainerLockError& e) {
    return strings.fmt("trainer_lock.error." + std::string(app::to_string(e.code())),
                       {{"file", e.file().string()},
                        {"min", std::to_string(app::min_passphrase_chars)},
                        {"why", e.detail()}});
}

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
        if (c.screen == Screen::Trainer && ui.screen != Screen::Trainer && !unlocked_for(c)) return;
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

    // The Trainer view's Groups panel. A refused name is said beside its field; anything else the
    // store refuses (a group or trainee gone meanwhile) in the error dialog.
    void operator()(const cmd::CreateGroup& c) const {
        TrainerUi& t = ui.trainer;
        const std::size_t first = c.name.find_first_not_of(" \t");
        const std::string name = first == std::string::npos
                                     ? std::string()
                                     : c.name.substr(first, c.name.find_last_not_of(" \t") - first + 1);
        if (name.empty()) {
            t.group_error = game.strings().tr("trainer.group_name_empty");
            return;
        }
        if (results::name_problem(name)) {
            t.group_error = game.strings().tr("trainer.group_name_bad");
            return;
        }
        if (game.results().store().find_group(name)) {
            t.group_error = game.strings().fmt("trainer.group_name_taken", {{"name", name}});
            return;
        }
        game.results().create_group(name);
        t.group_error.clear();
        t.new_group.clear();
        t.group = name;
    }
    void operator()(const cmd::AddMember& c) const { game.results().add_member(c.group, c.trainee); }
    void operator()(const cmd::RemoveMember& c) const { game.results().remove_member(c.group, c.trainee); }
    void operator()(const cmd::AssignScenario& c) const {
        game.results().assign_scenario(c.group, c.scenario);
    }
    void operator()(const cmd::UnassignScenario& c) const {
        game.results().unassign_scenario(c.group, c.scenario);
    }
    void operator()(const cmd::SetGroupMode& c) const { game.results().set_group_mode(c.group, c.mode); }

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
    void operator()(const cmd::OpenRunClass& c) const {
        if (!unlocked_for(c)) return;
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
    // [SECTION] The trainer passphrase (app/trainer_lock.hpp): the Trainer view, running a class and
    // saving into a school's shared scenario folder wait for it.
    /// True when the trainer's tools are open; else the passphrase dialog opens (to set it, the
    /// first time) with `c` waiting for it.
    bool unlocked_for(Command c) const {
        if (game.trainer_unlocked()) return true;
        LockForm& f = ui.lock;
        if (!f.open) {
            f.open = true;
            f.kind = game.trainer_lock().is_set() ? LockForm::Kind::Unlock : LockForm::Kind::Set;
            f.error.clear();
            f.focus = 0;
            f.back_to_settings = false;
            f.changed = false;
        }
        f.then.push_back(std::move(c));
        return false;
    }
    /// Shadows EditorApplier's: a file in a school's shared folder is saved by a trainer only.
    void operator()(const cmd::EditorSave& c) const {
        if (game.save_needs_unlock(game.editor().path()) && !unlocked_for(c)) return;
        EditorApplier::operator()(c);
    }
    void wipe_typed() const {
        app::wipe_secret(ui.lock.old_passphrase);
        app::wipe_secret(ui.lock.passphrase);
        app::wipe_secret(ui.lock.repeat);
    }
    void close_lock(bool done) const {
        LockForm& f = ui.lock;
        wipe_typed();
        f.open = false;
        f.error.clear();
        const std::vector<Command> then = std::exchange(f.then, {});
        if (std::exchange(f.back_to_settings, false)) ui.settings_open = true;
        ui.refocus = true;
        if (done)
            for (const Command& c : then) std::visit(*this, c);
    }
    void operator()(const cmd::SubmitPassphrase&) const {
        LockForm& f = ui.lock;
        using Kind = LockForm::Kind;
        const auto refuse = [&](std::string why) {
            wipe_typed();
            f.error = std::move(why);
            f.focus = 0;
        };
        try {
            if (f.kind != Kind::Unlock) {
                app::check_new_passphrase(f.passphrase, game.trainer_lock().file());
                if (f.passphrase != f.repeat) return refuse(game.strings().tr("trainer_lock.mismatch"));
            }
            switch (f.kind) {
                case Kind::Set:
                    game.set_trainer_passphrase(f.passphrase);
                    break;
                case Kind::Unlock:
                    if (!game.unlock_trainer(f.passphrase))
                        return refuse(game.strings().tr("trainer_lock.error.wrong_passphrase"));
                    break;
                case Kind::Change:
                    game.change_trainer_passphrase(f.old_passphrase, f.passphrase);
                    f.changed = true;
                    break;
            }
        } catch (const app::TrainerLockError& e) {
            return refuse(lock_message(game.strings(), e));
        } catch (const app::FileWriteError& e) {
            return refuse(e.what());
        }
        close_lock(true);
    }
    void operator()(const cmd::CancelPassphrase&) const { close_lock(false); }
    void operator()(const cmd::ChangePassphrase&) const {
        LockForm& f = ui.lock;
        ui.settings_open = false;
        f.open = true;
        f.kind = game.trainer_lock().is_set() ? LockForm::Kind::Change : LockForm::Kind::Set;
        f.error.clear();
        f.focus = 0;
        f.then.clear();
        f.back_to_settings = true;
        f.changed = false;
    }
    void operator()(const cmd::LockTrainer&) const {
        game.lock_trainer();
        ui.run.open = false;
        if (ui.screen == Screen::Trainer) show(game.prefs().name.empty() ? Screen::Start : Screen::Library);
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
