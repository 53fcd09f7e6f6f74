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

/// The profile last used in the window with the data folder `data_dir` ("" for the default one):
/// the name in its settings.json, or "" when there is none.
std::string window_profile(const std::string& data_dir);
/// Who a terminal play is recorded for without --trainee: the window's last profile, else $USER,
/// else "trainee".
std::string default_trainee(const std::string& data_dir);
/// Where `s` saves a play of `scenario_id` without --save: the data folder's saves/ folder.
std::filesystem::path default_save_path(const std::string& data_dir, const std::string& scenario_id);

/// Opens the results store and has `attempt` record into it for `trainee` ("" means
/// default_trainee()), unless `off`. A store that cannot be opened is reported (in `lang`); the play goes on
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
