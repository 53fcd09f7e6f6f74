// Files and folders: reading a file with limits, loading a whole library folder, content hashes.
#include "salesim/loader.hpp"
#include "salesim/test_plan.hpp"

#include "salesim/scenario_id.hpp"

#include "load/byte_checks.hpp"
#include "load/scenario_loader.hpp"
#include "load/scenario_parts.hpp"
#include "load/source_text.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

namespace salesim {

using load::file_diagnostic;
using load::Source;
using load::too_large_message;

const Scenario* Library::find(std::string_view id) const {
    for (const auto& s : scenarios)
        if (s->id == id) return s.get();
    return nullptr;
}

std::shared_ptr<const Scenario> Library::find_shared(std::string_view id) const {
    for (const auto& s : scenarios)
        if (s->id == id) return s;
    return nullptr;
}

bool is_scenario_id(std::string_view id) {
    return load::is_scenario_id(id);
}

namespace {

// A symbolic link in a library folder whose target lies outside that folder: the library would
// read a file its author never put there (a link planted to pull in, say, another user's files).
// Returns the target when `file` is such a link, "" otherwise.
std::string link_outside(const std::filesystem::path& file, const std::filesystem::path& dir) {
    namespace fs = std::filesystem;
    std::error_code ec;
    if (!fs::is_symlink(fs::symlink_status(file, ec))) return {};
    const fs::path target = fs::canonical(file, ec);
    if (ec) return {};  // dangling: refused later as a missing file
    const fs::path root = fs::canonical(dir, ec);
    if (ec) return target.string();
    const fs::path rel = target.lexically_relative(root);
    if (rel.empty() || *rel.begin() == "..") return target.string();
    return {};
}

Diagnostic link_outside_diagnostic(const std::string& path, const std::string& target) {
    return file_diagnostic("link-outside-folder", path,
                           "a symbolic link to a file outside the folder (" + target + ")",
                           "copy the file into the folder instead of linking to it");
}

}  // namespace

Library load_library(const std::string& dir, const std::string& fallback_rulebook, const LoadOptions& opts) {
    namespace fs = std::filesystem;
    Library lib;
    lib.dir = dir;
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) {
        const bool exists = fs::exists(dir, ec);
        lib.diagnostics.push_back(file_diagnostic(exists ? "not-a-folder" : "no-such-folder", dir,
                                                  exists ? "not a folder" : "no such folder",
                                                  "name the folder that holds the scenarios"));
        return lib;
    }
    const fs::path own_book = fs::path(dir) / "rulebook.yaml";
    std::string book_path = own_book.string();
    if (!fs::exists(own_book, ec) && !fallback_rulebook.empty()) book_path = fallback_rulebook;
    if (!fs::exists(book_path, ec)) {
        lib.diagnostics.push_back(file_diagnostic("no-rulebook", book_path, "no rule book",
                                                  "the folder needs a rulebook.yaml beside its scenarios"));
        return lib;
    }
    if (const std::string target = link_outside(book_path, dir);
        !target.empty() && book_path == own_book.string()) {
        lib.diagnostics.push_back(link_outside_diagnostic(book_path, target));
        return lib;
    }
    RuleBookLoad book = load_rulebook_file(book_path, opts);
    lib.diagnostics = std::move(book.diagnostics);
    lib.book = book.book;
    if (!lib.book) return lib;

    std::vector<fs::path> files;
    for (const fs::directory_entry& entry : fs::directory_iterator(dir, ec)) {
        const fs::path& p = entry.path();
        if (p.extension() != ".yaml" || p.filename() == "rulebook.yaml") continue;
        if (is_plan_file(p.filename().string())) continue;  // a scenario's test plan
        if (!entry.is_regular_file(ec)) continue;
        if (const std::string target = link_outside(p, dir); !target.empty()) {
            lib.diagnostics.push_back(link_outside_diagnostic(p.string(), target));
            continue;
        }
        files.push_back(p);
    }
    if (ec)
        lib.diagnostics.push_back(
            file_diagnostic("unreadable-folder", dir, "cannot list the folder: " + ec.message(), {}));
    std::sort(files.begin(), files.end(), [](const fs::path& a, const fs::path& b) {
        return a.filename().string() < b.filename().string();
    });

    std::map<std::string, std::string> owner;  // scenario id -> file
    for (const fs::path& p : files) {
        ++lib.files;
        const std::string path = p.string();
        std::vector<Diagnostic> read_problems;
        const std::optional<std::string> bytes = read_file_checked(path, opts.max_bytes, read_problems);
        if (!bytes) {
            lib.diagnostics.insert(lib.diagnostics.end(), read_problems.begin(), read_problems.end());
            continue;
        }
        SourceLoc id_loc;
        ScenarioLoad one = load::load_scenario_impl(*bytes, path, lib.book, opts, id_loc);
        lib.diagnostics.insert(lib.diagnostics.end(), one.diagnostics.begin(), one.diagnostics.end());
        if (!one.scenario) continue;
        const auto [it, fresh] = owner.emplace(one.scenario->id, path);
        if (!fresh) {
            Diagnostic d;
            d.path = path;
            d.loc = id_loc;
            d.code = "duplicate-id";
            d.message = "duplicate scenario id '" + one.scenario->id + "'";
            d.help = "'" + one.scenario->id + "' is already the id of " + it->second +
                     "; give each scenario its own id";
            const Source src(path, *bytes);
            d.source_line = std::string(src.line(id_loc.line));
            d.length = std::max(1, src.token_length(id_loc, false));
            lib.diagnostics.push_back(std::move(d));
            continue;
        }
        lib.scenarios.push_back(one.scenario);
    }
    std::sort(lib.scenarios.begin(), lib.scenarios.end(),
              [](const auto& a, const auto& b) { return a->id < b->id; });
    return lib;
}

Library load_libraries(const std::vector<std::string>& dirs, const std::string& fallback_rulebook,
                       const LoadOptions& opts) {
    Library all;
    for (std::size_t i = 0; i < dirs.size(); ++i) {
        Library lib = load_library(dirs[i], fallback_rulebook, opts);
        if (i == 0) {
            all.dir = lib.dir;
            all.book = lib.book;
        }
        all.files += lib.files;
        all.diagnostics.insert(all.diagnostics.end(), lib.diagnostics.begin(), lib.diagnostics.end());
        for (auto& scn : lib.scenarios) {
            if (const Scenario* first = all.find(scn->id)) {
                Diagnostic d =
                    file_diagnostic("duplicate-id", scn->path, "duplicate scenario id '" + scn->id + "'",
                                    "'" + scn->id + "' is already the id of " + first->path +
                                        " in an earlier library folder; give the scenario its own id");
                all.diagnostics.push_back(std::move(d));
                continue;
            }
            all.scenarios.push_back(std::move(scn));
        }
        std::sort(all.scenarios.begin(), all.scenarios.end(),
                  [](const auto& a, const auto& b) { return a->id < b->id; });
    }
    return all;
}

std::optional<std::string> read_file_checked(const std::string& path, std::size_t max_bytes,
                                             std::vector<Diagnostic>& out) {
    namespace fs = std::filesystem;
    std::error_code ec;
    const fs::file_status status = fs::status(path, ec);
    if (!fs::exists(status)) {
        out.push_back(
            file_diagnostic("no-such-file", path, "no such file", "check the path and the file name"));
        return std::nullopt;
    }
    if (fs::is_directory(status)) {
        out.push_back(file_diagnostic("not-a-file", path, "this is a folder, not a file",
                                      "name a .yaml file inside it"));
        return std::nullopt;
    }
    // A FIFO would block the open until someone writes to it, and a device never ends.
    if (!fs::is_regular_file(status)) {
        out.push_back(file_diagnostic("not-a-file", path, "not a regular file (a pipe, device or socket)",
                                      "name a .yaml file saved on disk"));
        return std::nullopt;
    }
    const std::uintmax_t size = fs::file_size(path, ec);
    if (!ec && size > max_bytes) {
        out.push_back(file_diagnostic("file-too-large", path,
                                      too_large_message(static_cast<std::size_t>(size), max_bytes),
                                      "split the content into smaller files"));
        return std::nullopt;
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        out.push_back(file_diagnostic("unreadable-file", path,
                                      "cannot read the file: " + std::string(std::strerror(errno)),
                                      "check the file's permissions"));
        return std::nullopt;
    }
    // Read at most one byte past the limit: a file that grows while we read is still refused.
    std::string bytes;
    bytes.resize(max_bytes + 1);
    in.read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (in.bad()) {
        out.push_back(file_diagnostic("unreadable-file", path,
                                      "cannot read the file: " + std::string(std::strerror(errno)),
                                      "check the file's permissions"));
        return std::nullopt;
    }
    bytes.resize(static_cast<std::size_t>(in.gcount()));
    if (bytes.size() > max_bytes) {
        out.push_back(file_diagnostic("file-too-large", path, too_large_message(bytes.size(), max_bytes),
                                      "split the content into smaller files"));
        return std::nullopt;
    }
    return bytes;
}

std::string content_hash(std::string_view bytes) {
    std::uint64_t h = 14695981039346656037ull;
    for (char c : bytes) {
        h ^= static_cast<unsigned char>(c);
        h *= 1099511628211ull;
    }
    static const char* digits = "0123456789abcdef";
    std::string out(16, '0');
    for (int i = 15; i >= 0; --i) {
        out[static_cast<std::size_t>(i)] = digits[h & 0xF];
        h >>= 4;
    }
    return out;
}

}  // namespace salesim
