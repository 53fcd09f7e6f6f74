// The save file of an attempt: the engine's save data plus the mode it is played in and the attempt
// of the results it continues; read from a user's file with limits on what it may be.
#pragma once

#include <salesim/loader.hpp>
#include <salesim/mode.hpp>
#include <salesim/session.hpp>

#include <cstdint>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>

namespace salesim::app {

/// What a save file (or the autosave) holds.
struct SaveFile {
    SaveData data;
    Mode mode = Mode::Guided;
    /// The registration (uuid) of the results' attempt the session belongs to; "" when there is
    /// none (a play not recorded, or a save written before saves carried it).
    std::string attempt;
};

/// The largest save file read. A save holds a few bytes per decision: even a long session is a
/// few kilobytes.
inline constexpr std::uintmax_t max_save_bytes = 16u * 1024u * 1024u;

/// A save file that cannot be read or is not one. what() is "WHAT\nhelp: HOW TO FIX" (or only
/// WHAT) without the file's name, which the caller puts in front.
class SaveFileError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// The file's text: the engine's save (format 1) with "mode" and, when set, "attempt" keys, which
/// readers of format 1 that do not know them skip.
std::string save_file_json(const SaveFile& save);
/// Parses a save file; one written before modes existed has none and is read as guided, one
/// written before saves carried the attempt has none ("": a new attempt). Text nested deeper than
/// results::max_json_depth is refused before parsing. Throws std::runtime_error saying what is
/// wrong.
SaveFile save_file_from_json(std::string_view text);

/// Reads and parses the save file `path`. Only a regular file is read: a folder, a FIFO, a device,
/// a socket or a symbolic link is refused (looked at before opening, then on the file opened
/// without blocking and without following a link), and so is a file over max_save_bytes. Throws
/// SaveFileError, or std::runtime_error from save_file_from_json.
SaveFile read_save_file(const std::filesystem::path& path);

/// The id of the scenario a save names, from `library` only. A save names its scenario by id; one
/// of an earlier release may hold the path of a scenario file instead, which stands for that
/// file's scenario when the file is in the library's folder. Any other path is refused
/// (SaveFileError) and never opened. An id the library does not hold is returned as it is, for the
/// caller to report.
std::string saved_scenario_id(std::string_view saved, const Library& library);

}  // namespace salesim::app
