// Applying the scenario editor's commands to the Game's EditorModel and the editor's UI state.
#pragma once

#include "window/model/game.hpp"
#include "window/model/ui_state.hpp"

#include <string>
#include <vector>

namespace salesim::window {

/// The scenario files in `dir` the editor offers to open (sorted, without the rule book).
std::vector<std::string> scenario_files(const std::string& dir);

/// Applies the Editor* commands; exceptions go to the caller (apply() shows them in a dialog).
struct EditorApplier {
    Game& game;
    UiState& ui;

    void operator()(const cmd::EditorOpen& c) const;
    void operator()(const cmd::EditorNew& c) const;
    void operator()(const cmd::EditorEdit& c) const;
    void operator()(const cmd::EditorSetPath& c) const;
    void operator()(const cmd::EditorSave& c) const;
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
};

}  // namespace salesim::window
