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

/// Adds a trainer's own scenario folder for this run (`--library DIR`, repeatable).
void add_library_folder(std::string dir);
/// A trainer's own scenario folders, in order: those named with --library, then those of
/// $SALESIM_LIBRARY (separated by ':', as PATH). Never inside the shipped library.
std::vector<std::string> own_library_folders();
/// The shipped scenarios folder, then own_library_folders().
std::vector<std::string> library_folders();

}  // namespace salesim::app
