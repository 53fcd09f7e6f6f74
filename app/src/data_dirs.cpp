// XDG base directories with $HOME fallbacks, and --data-dir over the data folder.
#include "salesim/app/data_dirs.hpp"

#include <cstdlib>

namespace salesim::app {

namespace fs = std::filesystem;

namespace {

// The XDG variable when it holds an absolute path (the spec says relative ones are ignored), else
// ~/`home_rel`, else `last_resort` in the working folder.
fs::path xdg_dir(const char* variable, const char* home_rel, const char* last_resort) {
    if (const char* xdg = std::getenv(variable); xdg != nullptr && *xdg == '/')
        return fs::path(xdg) / "salesim";
    if (const char* home = std::getenv("HOME"); home != nullptr && *home != '\0')
        return fs::path(home) / home_rel / "salesim";
    return fs::current_path() / last_resort;
}

}  // namespace

fs::path user_data_dir(const std::string& override_dir) {
    if (!override_dir.empty()) return override_dir;
    return xdg_dir("XDG_DATA_HOME", ".local/share", "salesim-data");
}

fs::path user_config_dir() {
    return xdg_dir("XDG_CONFIG_HOME", ".config", "salesim-config");
}

fs::path user_cache_dir() {
    return xdg_dir("XDG_CACHE_HOME", ".cache", "salesim-cache");
}

fs::path strings_cache_dir() {
    const char* xdg = std::getenv("XDG_CACHE_HOME");
    const char* home = std::getenv("HOME");
    const bool known = (xdg != nullptr && *xdg == '/') || (home != nullptr && *home != '\0');
    return known ? user_cache_dir() / "strings" : fs::path();
}

fs::path results_db_path(const std::string& override_dir) {
    return user_data_dir(override_dir) / "results.db";
}

}  // namespace salesim::app
