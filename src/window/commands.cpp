// Applying the views' commands: the only place the window changes the game.
#include "window/commands.hpp"

#include "window/editor_commands.hpp"

#include <exception>
#include <string>

namespace salesim::window {

namespace {

void apply_unchecked(Game& game, UiState& ui, const Command& c, std::uint64_t seed) {
    using K = Command::Kind;
    switch (c.kind) {
        case K::SetName:
            game.set_name(c.text);
            break;
        case K::SetLang:
            game.set_lang(c.text);
            break;
        case K::GoTo:
            ui.screen = static_cast<Screen>(c.value);
            break;
        case K::StartScenario:
            game.start(c.text, seed);
            ui.hint.reset();
            ui.transcript_seen = 0;
            ui.screen = Screen::Play;
            break;
        case K::Choose:
            if (!game.session() || game.session()->finished()) break;
            game.choose(c.index);
            if (game.session()->finished()) ui.screen = Screen::Debrief;
            break;
        case K::Hint:
            if (!game.session() || game.session()->finished()) break;
            ui.hint = game.hint();
            ui.hint_decision = game.session()->decisions().size();
            break;
        case K::Rewind:
            game.rewind(c.index);
            ui.hint.reset();
            ui.transcript_seen = 0;
            ui.screen = Screen::Play;
            break;
        case K::SaveResult:
            game.save_result();
            break;
        case K::Resume:
            game.resume();
            ui.hint.reset();
            ui.transcript_seen = 0;
            ui.screen = Screen::Play;
            break;
        case K::DiscardResume:
            game.discard_resume();
            break;
        case K::SetScale:
            game.set_scale(c.value);
            ui.font_dirty = true;
            ui.style_dirty = true;
            break;
        case K::SetTheme:
            game.set_theme(static_cast<ThemeId>(c.value));
            ui.style_dirty = true;
            break;
        case K::OpenSettings:
            ui.settings_open = true;
            break;
        case K::CloseSettings:
            ui.settings_open = false;
            break;
        case K::ReloadLibrary:
            game.reload_library();
            ui.diagnostics_shown = false;
            break;
        case K::DismissError:
            ui.error.clear();
            ui.error_shown = false;
            break;
        case K::Quit:
            // Unsaved editor changes are asked about first (they are autosaved either way).
            if (game.editor().is_open() && game.editor().dirty()) {
                ui.editor.quit_ask = true;
                ui.editor.quit_shown = false;
                ui.screen = Screen::Editor;
                break;
            }
            ui.quit = true;
            break;
        case K::CreateProfile:
            game.create_profile(ui.profile.name, ui.profile.external_id, ui.profile.email);
            ui.profile = ProfileDraft{};
            ui.name_edit = game.prefs().name;
            ui.screen = Screen::Library;
            break;
        case K::PickProfile:
            game.set_name(c.text);
            ui.name_edit = game.prefs().name;
            ui.screen = game.resume_offer() ? Screen::Start : Screen::Library;
            break;
        case K::RefreshReport:
            game.results().refresh_report(ui.trainer.filter);
            break;
        case K::Export:
            game.results().write_export(static_cast<ExportKind>(c.value), ui.trainer.filter);
            break;
        case K::EditorOpen:
        case K::EditorNew:
        case K::EditorEdit:
        case K::EditorSetPath:
        case K::EditorSave:
        case K::EditorRestore:
        case K::EditorDiscardRestore:
        case K::EditorPlaytest:
        case K::EditorPlayChoose:
        case K::EditorPlayStop:
        case K::EditorQuitDiscard:
            apply_editor(game, ui, c);
            break;
    }
}

}  // namespace

void apply(Game& game, UiState& ui, const Command& c, std::uint64_t seed) {
    try {
        apply_unchecked(game, ui, c, seed);
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
