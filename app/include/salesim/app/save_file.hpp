// The save file of an attempt: the engine's save data plus the mode it is played in.
#pragma once

#include <salesim/mode.hpp>
#include <salesim/session.hpp>

#include <string>
#include <string_view>

namespace salesim::app {

/// What a save file (or the autosave) holds.
struct SaveFile {
    SaveData data;
    Mode mode = Mode::Guided;
};

/// The file's text: the engine's save (format 1) with a "mode" key, which readers of format 1
/// that do not know it skip.
std::string save_file_json(const SaveFile& save);
/// Parses a save file; one written before modes existed has none and is read as guided. Throws
/// std::runtime_error saying what is wrong.
SaveFile save_file_from_json(std::string_view text);

}  // namespace salesim::app
