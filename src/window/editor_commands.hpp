// Applying the scenario editor's commands to the Game's EditorModel and the editor's UI state.
#pragma once

#include "window/game.hpp"
#include "window/ui_state.hpp"

namespace salesim::window {

/// Applies one Editor* command; exceptions go to the caller (apply() shows them in a dialog).
void apply_editor(Game& game, UiState& ui, const Command& c);

}  // namespace salesim::window
