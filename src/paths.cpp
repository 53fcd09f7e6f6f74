// Where the program finds its shipped data.
#include "paths.hpp"

#include <cstdlib>

namespace salesim::app {

std::string data_dir() {
    if (const char* env = std::getenv("SALESIM_DATA_DIR"); env != nullptr && *env != '\0') return env;
    return SALESIM_DATA_DIR;
}

std::string scenarios_dir() {
    return data_dir() + "/scenarios";
}
std::string assets_dir() {
    return data_dir() + "/assets";
}
std::string default_rulebook() {
    return scenarios_dir() + "/rulebook.yaml";
}

}  // namespace salesim::app
