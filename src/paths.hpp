// Where the program finds its shipped data (scenarios, rule book, string tables, fonts).
#pragma once

#include <string>
#include <vector>

namespace salesim::app {

/// The folder holding scenarios/ and assets/: $SALESIM_DATA_DIR; else, for an installed or moved
/// tree, ../share/salesim beside the program's own folder when it holds the rule book; else the
/// source folder set at build time (running from the build tree).
std::string data_dir();
std::string scenarios_dir();
std::string assets_dir();
/// The shipped rule book.
std::string default_rulebook();

/// The data folder named with --data-dir for this run ("" for the default: see user_data_dir()).
void set_data_dir_override(std::string dir);
/// The user's own scenarios: `scenarios` in the user's data folder (the one results, saves and
/// the window's settings use; --data-dir when given). The Author view saves its copies of shipped
/// scenarios there; it exists once something was saved in it.
std::string user_scenarios_dir();

/// Adds a trainer's own scenario folder for this run (`--library DIR`, repeatable).
void add_library_folder(std::string dir);
/// A trainer's own scenario folders, in order: those named with --library, then those of
/// $SALESIM_LIBRARY (separated by ':', as PATH). Never inside the shipped library.
std::vector<std::string> own_library_folders();
/// The shipped scenarios folder, then own_library_folders(), then user_scenarios_dir() when it
/// exists.
std::vector<std::string> library_folders();

}  // namespace salesim::app
