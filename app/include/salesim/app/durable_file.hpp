// The one way Salesim replaces a file on disk: whole or not at all, and never through a link.
#pragma once

#include <filesystem>
#include <functional>
#include <optional>
#include <ostream>
#include <stdexcept>
#include <string>
#include <string_view>

namespace salesim::app {

/// A file could not be written. what() is "PATH: error: cannot ... (reason)", ready to show.
class FileWriteError : public std::runtime_error {
public:
    FileWriteError(std::filesystem::path path, std::string reason)
        : std::runtime_error((path.empty() ? std::string() : path.string() + ": ") + "error: " + reason),
          m_path(std::move(path)),
          m_reason(std::move(reason)) {}
    /// The file (or folder) the error is about.
    const std::filesystem::path& path() const { return m_path; }
    /// What went wrong, without the path: "cannot write the file (No space left on device)".
    const std::string& reason() const { return m_reason; }

private:
    std::filesystem::path m_path;
    std::string m_reason;
};

struct WriteOptions {
    /// Create the target's folder (and its parents) when missing.
    bool create_folder = false;
    /// Write through a symbolic link at the target to the file it points to. Off by default: a link
    /// where a file is expected is refused.
    bool follow_symlink = false;
    /// The file's permission bits, whatever the umask and the mode of a file it replaces: 0600 for
    /// a secret only its owner may read. Unset: see write_file_durable.
    std::optional<unsigned> mode = std::nullopt;
    /// Wait for the disk (fsync the file and its folder). Off only for caches, which can always be
    /// made again: the rename still puts the whole file in place or leaves the old one, but a crash
    /// of the machine may lose it.
    bool sync = true;
};

/// The whole of the file at `path` in one read; nullopt when it cannot be read.
std::optional<std::string> read_whole_file(const std::filesystem::path& path);

/// Replaces `path` with `bytes` so that a crash or a full disk leaves either the old file or the
/// new one, never half of either: a fresh temporary file in the same folder (mkstemp, so nothing
/// planted at a predictable name is followed) is written in full, fsynced, renamed over `path`,
/// and the folder is fsynced. A new file gets mode 0666 minus the umask, a replaced one keeps its
/// mode, unless `options.mode` is set. A target that exists and is not a regular file (a folder, a
/// device, a FIFO, a socket, or a symbolic link unless `follow_symlink`) is refused. On any failure
/// the temporary file is removed and FileWriteError says which file and why.
void write_file_durable(const std::filesystem::path& path, std::string_view bytes,
                        const WriteOptions& options = {});
/// The same for bytes made a piece at a time (an export as large as a school's results): `write`
/// writes them to the stream it gets, which goes to the temporary file. An exception from `write`
/// removes the temporary file, leaves `path` as it was and is passed on.
void write_file_durable(const std::filesystem::path& path, const std::function<void(std::ostream&)>& write,
                        const WriteOptions& options = {});

}  // namespace salesim::app
