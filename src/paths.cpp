// Where the program finds its shipped data.
#include "paths.hpp"

#include <salesim/app/data_dirs.hpp>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <system_error>

namespace salesim::app {

namespace {

// The folder of the running program, from the kernel's link to it ("" when it cannot be read).
std::filesystem::path program_dir() {
    std::error_code ec;
    const std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", ec);
    return ec ? std::filesystem::path() : exe.parent_path();
}

// An installed or moved tree: PREFIX/bin/salesim beside PREFIX/share/salesim, found by the rule
// book it ships.
std::string installed_data_dir() {
    const std::filesystem::path dir = program_dir();
    if (dir.empty()) return {};
    const std::filesystem::path share = dir.parent_path() / "share" / "salesim";
    std::error_code ec;
    if (std::filesystem::is_regular_file(share / "scenarios" / "rulebook.yaml", ec)) return share.string();
    return {};
}

}  // namespace

std::string data_dir() {
    if (const char* env = std::getenv("SALESIM_DATA_DIR"); env != nullptr && *env != '\0') return env;
    static const std::string installed = installed_data_dir();
    if (!installed.empty()) return installed;
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

namespace {
std::vector<std::string>& named_folders() {
    static std::vector<std::string> folders;
    return folders;
}
std::string& data_dir_override() {
    static std::string dir;
    return dir;
}
}  // namespace

void set_data_dir_override(std::string dir) {
    data_dir_override() = std::move(dir);
}

std::string user_scenarios_dir() {
    return (user_data_dir(data_dir_override()) / "scenarios").string();
}

void add_library_folder(std::string dir) {
    while (dir.size() > 1 && dir.back() == '/') dir.pop_back();
    named_folders().push_back(std::move(dir));
}

std::vector<std::string> own_library_folders() {
    std::vector<std::string> out = named_folders();
    if (const char* env = std::getenv("SALESIM_LIBRARY"); env != nullptr) {
        std::string all = env;
        for (std::size_t at = 0; at <= all.size();) {
            const std::size_t colon = std::min(all.find(':', at), all.size());
            if (colon > at) out.push_back(all.substr(at, colon - at));
            at = colon + 1;
        }
    }
    // The shipped folder is already first; naming it again would list every scenario twice.
    std::error_code ec;
    const std::filesystem::path shipped = std::filesystem::weakly_canonical(scenarios_dir(), ec);
    std::vector<std::string> kept;
    for (const std::string& dir : out) {
        const std::filesystem::path p = std::filesystem::weakly_canonical(dir, ec);
        if (p == shipped || std::find(kept.begin(), kept.end(), dir) != kept.end()) continue;
        kept.push_back(dir);
    }
    return kept;
}

std::vector<std::string> library_folders() {
    std::vector<std::string> out{scenarios_dir()};
    const std::vector<std::string> own = own_library_folders();
    out.insert(out.end(), own.begin(), own.end());
    // The user's copies, unless that folder was also named as a library of its own.
    std::error_code ec;
    const std::string mine = user_scenarios_dir();
    const std::filesystem::path mine_path = std::filesystem::weakly_canonical(mine, ec);
    const bool listed = std::any_of(out.begin(), out.end(), [&](const std::string& dir) {
        std::error_code e;
        return std::filesystem::weakly_canonical(dir, e) == mine_path;
    });
    if (!listed && std::filesystem::is_directory(mine, ec)) out.push_back(mine);
    return out;
}

}  // namespace salesim::app
