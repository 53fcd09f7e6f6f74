// Applying the scenario editor's commands to the Game's EditorModel and the editor's UI state.
#pragma once

#include "window/model/game.hpp"
#include "window/model/ui_state.hpp"

#include <string>
#include <vector>

namespace salesim::window {

/// The scenario files the editor offers to open: those of `folders` (as Game::library_dirs() gives
/// them, the shipped folder first and marked so), each folder's sorted, without rule books and
/// test plans.
std::vector<EditorFile> scenario_files(const std::vector<std::string>& folders);

/// Applies the Editor* commands; exceptions go to the caller (apply() shows them in a dialog).
struct EditorApplier {
    Game& game;
    UiState& ui;

    void operator()(const cmd::EditorOpen& c) const;
    void operator()(const cmd::EditorNew& c) const;
    void operator()(const cmd::EditorEdit& c) const;
    void operator()(const cmd::EditorSetPath& c) const;
    /// On a shipped scenario (read-only), the same as EditorSaveCopy.
    void operator()(const cmd::EditorSave& c) const;
    /// Saves the user's copy into the data folder's `scenarios`, which the library then lists.
    void operator()(const cmd::EditorSaveCopy& c) const;
    void operator()(const cmd::EditorRestore& c) const;
    void operator()(const cmd::EditorDiscardRestore& c) const;
    void operator()(const cmd::EditorListFiles& c) const;
    void operator()(const cmd::EditorPlaytest& c) const;
    void operator()(const cmd::EditorPlayChoose& c) const;
    void operator()(const cmd::EditorPlayStop& c) const;
    void operator()(const cmd::EditorQuitDiscard& c) const;

private:
    /// The model, told the rule book it checks against.
    EditorModel& model() const;
    /// Looks at the library's folders again for the file list.
    void list_files() const;
};

}  // namespace salesim::window
