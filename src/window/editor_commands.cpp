// Applying the scenario editor's commands: opening, editing, saving, restoring and play-testing.
#include "window/editor_commands.hpp"

#include <algorithm>

namespace salesim::window {

namespace {

/// After the model's text changed under the view (open, new, restore), the view starts from it.
void take_text(const EditorModel& m, EditorUi& e) {
    e.text = m.text();
    e.path_field = m.path().string();
    e.go_to.reset();
    e.cursor = {1, 1};
    e.scroll_to = 0.0f;
    e.start_loaded = false;
    e.target = 0;
}

}  // namespace

void apply_editor(Game& game, UiState& ui, const Command& c) {
    using K = Command::Kind;
    EditorModel& m = game.editor();
    EditorUi& e = ui.editor;
    m.set_book(game.library().book);
    const auto now = EditorModel::Clock::now();
    switch (c.kind) {
        case K::EditorOpen:
            m.open(c.text);
            take_text(m, e);
            ui.screen = Screen::Editor;
            break;
        case K::EditorNew:
            m.new_from_template(c.text);
            take_text(m, e);
            ui.screen = Screen::Editor;
            break;
        case K::EditorEdit:
            m.set_text(c.text, now);
            break;
        case K::EditorSetPath:
            m.set_path(c.text);
            break;
        case K::EditorSave:
            m.save();
            if (c.value == 1) ui.quit = true;
            break;
        case K::EditorRestore:
            m.restore(now);
            m.validate_now();
            e.text = m.text();
            break;
        case K::EditorDiscardRestore:
            m.discard_restore();
            break;
        case K::EditorPlaytest: {
            // Test the buffer as it is now, not as it was 300 ms ago.
            if (m.pending()) m.validate_now();
            if (!m.scenario()) break;
            const std::vector<PlayTarget> targets = play_targets(*m.scenario());
            if (targets.empty()) break;
            e.target = std::clamp(e.target, 0, static_cast<int>(targets.size()) - 1);
            if (!e.start_loaded) {
                e.start = m.scenario()->persona.start;
                e.start_loaded = true;
            }
            m.playtest().start(m.scenario(), e.start, targets[static_cast<std::size_t>(e.target)]);
            e.tab = EditorUi::Tab::Playtest;
            e.tab_request = 2;
            break;
        }
        case K::EditorPlayChoose:
            if (m.playtest().session() && !m.playtest().session()->finished()) m.playtest().choose(c.index);
            break;
        case K::EditorPlayStop:
            m.playtest().stop();
            break;
        case K::EditorQuitDiscard:
            m.discard_changes();
            e.text = m.text();
            ui.quit = true;
            break;
        default:
            break;
    }
}

}  // namespace salesim::window
