// Applying the views' commands to the game and the UI state; every exception becomes an error dialog.
#pragma once

#include "window/model/game.hpp"
#include "window/model/ui_state.hpp"

#include <cstdint>

namespace salesim::window {

/// Applies one command. Exceptions from the engine or the file system are caught and put in
/// `ui.error`, so a bad file or a broken save never ends the program.
void apply(Game& game, UiState& ui, const Command& c, std::uint64_t seed);

}  // namespace salesim::window
