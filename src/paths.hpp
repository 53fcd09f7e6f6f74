// Where the program finds its shipped data (scenarios, rule book, string tables, fonts).
#pragma once

#include <string>

namespace salesim::app {

/// The folder holding scenarios/ and assets/: $SALESIM_DATA_DIR, else the one set at build time.
std::string data_dir();
std::string scenarios_dir();
std::string assets_dir();
/// The shipped rule book.
std::string default_rulebook();

}  // namespace salesim::app
