// The user's own folders for Salesim (data, settings, cache), resolved in one place.
#pragma once

#include <filesystem>
#include <string>

namespace salesim::app {

/// Where results, saves and the autosave live: `override_dir` (the --data-dir option) when given,
/// else $XDG_DATA_HOME/salesim, else ~/.local/share/salesim, else ./salesim-data.
std::filesystem::path user_data_dir(const std::string& override_dir = {});
/// Settings: $XDG_CONFIG_HOME/salesim, else ~/.config/salesim, else ./salesim-config.
std::filesystem::path user_config_dir();
/// What can be rebuilt at any time: $XDG_CACHE_HOME/salesim, else ~/.cache/salesim, else
/// ./salesim-cache.
std::filesystem::path user_cache_dir();
/// Where the parsed string tables are kept (user_cache_dir()/strings); empty without
/// $XDG_CACHE_HOME or $HOME, so a command never leaves a cache folder in the working folder.
std::filesystem::path strings_cache_dir();

/// The results database inside user_data_dir(override_dir).
std::filesystem::path results_db_path(const std::string& override_dir = {});

}  // namespace salesim::app
