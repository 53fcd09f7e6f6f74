// XDG base directories with $HOME fallbacks, and --data-dir over the data folder.
#include "salesim/app/data_dirs.hpp"

#include <cstdlib>
#include <optional>

namespace salesim::app {

namespace fs = std::filesystem;

namespace {

// The XDG variable when it holds an absolute path (the spec says relative ones are ignored), else
// ~/`home_rel`; nullopt without either.
std::optional<fs::path> xdg_home_dir(const char* variable, const char* home_rel) {
    if (const char* xdg = std::getenv(variable); xdg != nullptr && *xdg == '/')
        return fs::path(xdg) / "salesim";
    if (const char* home = std::getenv("HOME"); home != nullptr && *home != '\0')
        return fs::path(home) / home_rel / "salesim";
    return std::nullopt;
}

// xdg_home_dir(), else `last_resort` in the working folder.
fs::path xdg_dir(const char* variable, const char* home_rel, const char* last_resort) {
    return xdg_home_dir(variable, home_rel).value_or(fs::current_path() / last_resort);
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
    const std::optional<fs::path> cache = xdg_home_dir("XDG_CACHE_HOME", ".cache");
    return cache ? *cache / "strings" : fs::path();
}

fs::path results_db_path(const std::string& override_dir) {
    return user_data_dir(override_dir) / "results.db";
}

}  // namespace salesim::app
