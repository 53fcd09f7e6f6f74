// The save file of an attempt: the engine's save data plus the mode it is played in and the attempt
// of the results it continues; read from a user's file with limits on what it may be.
#include "salesim/app/save_file.hpp"

#include "file_kind.hpp"

#include "salesim/app/display_text.hpp"

#include <salesim/results/json_limits.hpp>
#include <salesim/results/uuid.hpp>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <system_error>
#include <vector>

namespace salesim::app {

namespace fs = std::filesystem;

namespace {

const char* const k_save_help = "\nhelp: give a save file written by `salesim play --save FILE`";

[[noreturn]] void refuse(const std::string& what) {
    throw SaveFileError(what + k_save_help);
}

[[noreturn]] void cannot_read(const char* what, int err) {
    throw SaveFileError(std::string(what) + " (" + std::strerror(err) +
                        ")\nhelp: check the file's permissions");
}

[[noreturn]] void refuse_link() {
    throw SaveFileError(
        "is a symbolic link; a save file is read only from the file itself\n"
        "help: give the path of the file the link points to");
}

void check_kind(const struct stat& st) {
    if (S_ISLNK(st.st_mode)) refuse_link();
    if (!S_ISREG(st.st_mode)) refuse(std::string("is ") + file_kind(st.st_mode) + ", not a save file");
}

[[noreturn]] void too_large(std::uintmax_t size) {
    refuse("is " + std::to_string(size) + " bytes, more than a save file can be (" +
           std::to_string(max_save_bytes / (1024 * 1024)) + " MiB)");
}

void check_size(const struct stat& st) {
    if (st.st_size > 0 && static_cast<std::uintmax_t>(st.st_size) > max_save_bytes)
        too_large(static_cast<std::uintmax_t>(st.st_size));
}

/// Closes the descriptor on every way out.
class Fd {
public:
    explicit Fd(int fd) : m_fd(fd) {}
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;
    ~Fd() {
        if (m_fd >= 0) ::close(m_fd);
    }
    int get() const { return m_fd; }

private:
    int m_fd;
};

bool plain_id(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
    });
}

fs::path canonical_or_empty(const fs::path& p) {
    std::error_code ec;
    fs::path out = fs::weakly_canonical(fs::absolute(p, ec), ec);
    return ec ? fs::path() : out;
}

}  // namespace

std::string save_file_json(const SaveFile& save) {
    nlohmann::ordered_json j = nlohmann::ordered_json::parse(save_to_json(save.data));
    j["mode"] = std::string(to_string(save.mode));
    if (!save.attempt.empty()) j["attempt"] = save.attempt;
    return j.dump(2) + "\n";
}

SaveFile save_file_from_json(std::string_view text) {
    // nlohmann::json nests by recursion: a deep enough nest of brackets would overflow the stack.
    if (const auto at = results::json_too_deep(text)) {
        refuse("nests arrays and objects more than " + std::to_string(results::max_json_depth) +
               " deep (line " + std::to_string(at->line) + ", column " + std::to_string(at->column) +
               "); a save file nests 2");
    }
    SaveFile out;
    out.data = save_from_json(text);
    // save_from_json has checked that the text is a JSON object.
    const nlohmann::json j = nlohmann::json::parse(text.begin(), text.end(), nullptr, false);
    if (j.is_object() && j.contains("mode")) {
        const nlohmann::json& m = j["mode"];
        const auto mode = m.is_string() ? parse_mode(m.get<std::string>()) : std::nullopt;
        if (!mode) throw std::runtime_error("the save file's 'mode' must be one of " + mode_ids());
        out.mode = *mode;
    }
    if (j.is_object() && j.contains("attempt")) {
        const nlohmann::json& a = j["attempt"];
        if (!a.is_string() || !results::is_uuid(a.get<std::string>()))
            refuse("the save file's 'attempt' must be the attempt's registration (a UUID)");
        out.attempt = a.get<std::string>();
    }
    return out;
}

SaveFile read_save_file(const fs::path& path) {
    // Looked at before opening: opening a FIFO would wait for a writer, a device never ends.
    struct stat st {};
    if (::lstat(path.c_str(), &st) != 0) {
        const int err = errno;
        if (err == ENOENT)
            throw SaveFileError("no such file\nhelp: check the path; `salesim play --save FILE` writes one");
        cannot_read("cannot look at the file", err);
    }
    check_kind(st);
    check_size(st);
    // And again on what was opened, in case the path changed in between.
    const Fd fd(::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_NOFOLLOW | O_CLOEXEC));
    if (fd.get() < 0) {
        const int err = errno;
        if (err == ELOOP) refuse_link();
        cannot_read("cannot open the file", err);
    }
    if (::fstat(fd.get(), &st) != 0) cannot_read("cannot look at the file", errno);
    check_kind(st);
    check_size(st);
    // At most one byte past the limit: a file that grows while it is read is still refused.
    std::string bytes;
    char buf[65536];
    while (bytes.size() <= max_save_bytes) {
        const ssize_t n = ::read(fd.get(), buf, sizeof buf);
        if (n < 0) {
            if (errno == EINTR) continue;
            cannot_read("cannot read the file", errno);
        }
        if (n == 0) break;
        bytes.append(buf, static_cast<std::size_t>(n));
    }
    if (bytes.size() > max_save_bytes) too_large(bytes.size());
    return save_file_from_json(bytes);
}

std::string saved_scenario_id(std::string_view saved, const Library& library) {
    if (library.find(saved) != nullptr) return std::string(saved);
    const bool path_like = saved.find('/') != std::string_view::npos ||
                           saved.find('\\') != std::string_view::npos || saved.ends_with(".yaml") ||
                           saved.ends_with(".yml");
    if (!path_like) {
        if (!plain_id(saved))
            throw SaveFileError("the save file's 'scenario' is not a scenario id ('" + display_line(saved) +
                                "')\nhelp: a save names its scenario by an id that `salesim list` shows");
        return std::string(saved);
    }
    // An earlier release's save may name the scenario's file. Only a file of the library counts,
    // and it is never opened here: the library has loaded it already.
    const fs::path file = canonical_or_empty(fs::path(saved));
    if (!file.empty()) {
        for (const auto& s : library.scenarios)
            if (canonical_or_empty(fs::path(s->path)) == file) return s->id;
        // A file of a library folder that does not load is reported by its id.
        std::vector<fs::path> folders{canonical_or_empty(fs::path(library.dir))};
        for (const Diagnostic& d : library.diagnostics)
            folders.push_back(canonical_or_empty(fs::path(d.path).parent_path()));
        if (std::find(folders.begin(), folders.end(), file.parent_path()) != folders.end())
            return file.stem().string();
    }
    throw SaveFileError("the save file names its scenario by the path '" + display_line(saved) +
                        "', which is not a scenario file of the library; a save names its scenario by "
                        "id\nhelp: start the scenario again with `salesim play SCENARIO`; `salesim list` "
                        "shows the ids");
}

}  // namespace salesim::app
