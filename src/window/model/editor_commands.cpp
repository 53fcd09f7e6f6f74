// Applying the scenario editor's commands: opening, editing, saving (a shipped scenario as the user's
// copy), restoring and play-testing.
#include "window/model/editor_commands.hpp"

#include <algorithm>
#include <filesystem>
#include <stdexcept>
#include <system_error>

namespace salesim::window {

namespace {

/// After the model's text changed under the view (open, new, restore), the view starts from it.
void take_text(const EditorModel& m, EditorUi& e) {
    e.text = m.text();
    e.path_field = m.path().string();
    e.go_to.reset();
    e.cursor = {1, 1};
    e.marked_line = 0;
    e.scroll_to = 0.0f;
    e.start_loaded = false;
    e.target = 0;
}

}  // namespace

std::vector<EditorFile> scenario_files(const std::vector<std::string>& folders) {
    std::vector<EditorFile> out;
    for (std::size_t i = 0; i < folders.size(); ++i) {
        std::vector<std::string> names;
        std::error_code ec;
        for (const auto& entry : std::filesystem::directory_iterator(folders[i], ec)) {
            const auto& p = entry.path();
            const std::string name = p.filename().string();
            if (p.extension() == ".yaml" && name != "rulebook.yaml" && !name.ends_with(".plan.yaml"))
                names.push_back(p.string());
        }
        std::sort(names.begin(), names.end());
        for (std::string& n : names) out.push_back({std::move(n), i == 0});
    }
    return out;
}

EditorModel& EditorApplier::model() const {
    EditorModel& m = game.editor();
    m.set_book(game.library().book);
    return m;
}

void EditorApplier::list_files() const {
    ui.editor.files = scenario_files(game.library_dirs());
}

void EditorApplier::operator()(const cmd::EditorOpen& c) const {
    EditorModel& m = model();
    list_files();
    m.open(c.path);
    take_text(m, ui.editor);
    ui.screen = Screen::Editor;
}

void EditorApplier::operator()(const cmd::EditorNew& c) const {
    EditorModel& m = model();
    list_files();
    m.new_from_template(c.path);
    take_text(m, ui.editor);
    ui.screen = Screen::Editor;
}

void EditorApplier::operator()(const cmd::EditorEdit& c) const {
    model().set_text(c.text, EditorModel::Clock::now());
}

void EditorApplier::operator()(const cmd::EditorSetPath& c) const {
    model().set_path(c.path);
}

void EditorApplier::operator()(const cmd::EditorSave& c) const {
    if (model().read_only()) return (*this)(cmd::EditorSaveCopy{c.then_quit});
    if (model().path().empty()) throw std::runtime_error(game.strings().tr("error.no_file_name"));
    model().save();
    // A save may have made a new file: the list shows it.
    list_files();
    if (c.then_quit) ui.quit = true;
}

void EditorApplier::operator()(const cmd::EditorSaveCopy& c) const {
    EditorModel& m = model();
    if (!m.is_open()) return;
    // The copy's id must not be one the library already has, or one of the two would be left out.
    const auto taken = [this](const std::string& id) { return game.index().find(id) != nullptr; };
    m.save_copy(game.files().scenarios(), taken);
    // The library lists the copy (and the folder, when this made it) beside the shipped scenarios.
    game.reload_library();
    ui.editor.text = m.text();
    ui.editor.path_field = m.path().string();
    list_files();
    if (c.then_quit) ui.quit = true;
}

void EditorApplier::operator()(const cmd::EditorRestore&) const {
    EditorModel& m = model();
    m.restore(EditorModel::Clock::now());
    m.validate_now();
    ui.editor.text = m.text();
}

void EditorApplier::operator()(const cmd::EditorDiscardRestore&) const {
    model().discard_restore();
}

void EditorApplier::operator()(const cmd::EditorListFiles&) const {
    list_files();
}

void EditorApplier::operator()(const cmd::EditorPlaytest&) const {
    EditorModel& m = model();
    EditorUi& e = ui.editor;
    // Test the buffer as it is now, not as it was 300 ms ago.
    if (m.pending()) m.validate_now();
    if (!m.scenario()) return;
    const std::vector<PlayTarget> targets = play_targets(*m.scenario());
    if (targets.empty()) return;
    e.target = std::clamp(e.target, 0, static_cast<int>(targets.size()) - 1);
    if (!e.start_loaded) {
        e.start = m.scenario()->persona.start;
        e.start_loaded = true;
    }
    m.playtest().start(m.scenario(), e.start, targets[static_cast<std::size_t>(e.target)]);
    e.tab = EditorUi::Tab::Playtest;
    e.tab_request = 2;
}

void EditorApplier::operator()(const cmd::EditorPlayChoose& c) const {
    EditorModel& m = model();
    if (m.playtest().session() && !m.playtest().session()->finished()) m.playtest().choose(c.option);
}

void EditorApplier::operator()(const cmd::EditorPlayStop&) const {
    model().playtest().stop();
}

void EditorApplier::operator()(const cmd::EditorQuitDiscard&) const {
    EditorModel& m = model();
    m.discard_changes();
    ui.editor.text = m.text();
    ui.quit = true;
}

}  // namespace salesim::window
