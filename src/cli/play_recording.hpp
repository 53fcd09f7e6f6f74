// Where a terminal play is recorded: the results store of the data folder, for the trainee. A store
// problem is reported and never stops the game.
#pragma once

#include <salesim/app/attempt_controller.hpp>
#include <salesim/results/store.hpp>

#include <CLI/CLI.hpp>

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

namespace salesim::cli {

/// Opens the results store and has `attempt` record into it for `trainee` ("" means $USER, else
/// "trainee"), unless `off`. A store that cannot be opened is reported (in `lang`); the play goes on
/// unrecorded.
/// Returns the store, which must outlive the recording (nullptr when there is none).
std::unique_ptr<results::ResultsStore> open_play_recording(const CLI::App& sub, std::string trainee, bool off,
                                                           app::AttemptController& attempt,
                                                           std::string_view lang);

/// The attempt controller's file writer for `play`: durable, so a crash mid-write never leaves half
/// a save. The error names the reason, not the path (the message around it names the file).
void write_save(const std::filesystem::path& path, std::string_view bytes);

/// Prints the problem that stopped recording, if there was one since the last call, with a note in
/// `lang`.
void report_recording_problem(app::AttemptController& attempt, std::string_view lang);

/// Before `play` exits: sends what waits for a results database that could not be reached; when
/// it still cannot be, keeps the play in a save file in the data folder and says how to send it
/// (false).
bool send_or_keep_unsent(app::AttemptController& attempt, const std::string& data_dir, std::string_view lang);

}  // namespace salesim::cli
