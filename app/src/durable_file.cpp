// Durable file replacement: mkstemp beside the target, full write, fsync, rename, fsync the folder.
#include "salesim/app/durable_file.hpp"

#include "file_kind.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <streambuf>
#include <string>
#include <system_error>
#include <vector>

namespace salesim::app {

namespace fs = std::filesystem;

namespace {

[[noreturn]] void fail(const fs::path& p, const std::string& what, int err) {
    throw FileWriteError(p, what + " (" + std::strerror(err) + ")");
}

[[noreturn]] void refuse(const fs::path& p, const std::string& what) {
    throw FileWriteError(p, what);
}

// The process's umask, read without changing it (umask(2) would race with other threads).
mode_t current_umask() {
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line)) {
        if (line.rfind("Umask:", 0) == 0) {
            try {
                return static_cast<mode_t>(std::stoul(line.substr(6), nullptr, 8));
            } catch (const std::exception&) {
                break;
            }
        }
    }
    return 022;
}

/// Removes the temporary file unless released: every early exit cleans up after itself.
class TempFile {
public:
    TempFile(int fd, std::string path) : m_fd(fd), m_path(std::move(path)) {}
    TempFile(const TempFile&) = delete;
    TempFile& operator=(const TempFile&) = delete;
    ~TempFile() {
        if (m_fd >= 0) ::close(m_fd);
        if (!m_path.empty()) ::unlink(m_path.c_str());
    }
    int fd() const { return m_fd; }
    const std::string& path() const { return m_path; }
    /// Closes the descriptor; returns 0 or the errno of close(2).
    int close() {
        const int rc = ::close(m_fd);
        m_fd = -1;
        return rc == 0 ? 0 : errno;
    }
    void release() { m_path.clear(); }

private:
    int m_fd;
    std::string m_path;
};

// Writes all of `bytes` to `fd`; returns 0 or the errno of the failure.
int write_fd(int fd, std::string_view bytes) {
    std::size_t done = 0;
    while (done < bytes.size()) {
        const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
        if (n < 0) {
            if (errno == EINTR) continue;
            return errno;
        }
        if (n == 0) return EIO;
        done += static_cast<std::size_t>(n);
    }
    return 0;
}

void write_all(const TempFile& tmp, std::string_view bytes, const fs::path& target) {
    if (const int err = write_fd(tmp.fd(), bytes); err != 0) fail(target, "cannot write the file", err);
}

/// A stream buffer onto a file descriptor that keeps the first write error for the caller.
class FdBuffer : public std::streambuf {
public:
    explicit FdBuffer(int fd) : m_fd(fd), m_buf(1 << 16) { setp(m_buf.data(), m_buf.data() + m_buf.size()); }
    int error() const { return m_error; }

protected:
    int_type overflow(int_type c) override {
        if (sync() != 0) return traits_type::eof();
        if (!traits_type::eq_int_type(c, traits_type::eof())) {
            *pptr() = traits_type::to_char_type(c);
            pbump(1);
        }
        return traits_type::not_eof(c);
    }
    int sync() override {
        if (m_error == 0)
            m_error = write_fd(m_fd, std::string_view(pbase(), static_cast<std::size_t>(pptr() - pbase())));
        setp(m_buf.data(), m_buf.data() + m_buf.size());
        return m_error == 0 ? 0 : -1;
    }

private:
    int m_fd;
    std::vector<char> m_buf;
    int m_error = 0;
};

/// Where the bytes go: `path` itself, or what a followed link points to. Refuses what is not a
/// regular file; `existing` receives the target's mode when there is one.
fs::path resolve_target(const fs::path& path, bool follow_symlink, struct stat& existing, bool& exists) {
    fs::path target = path;
    for (int hops = 0;; ++hops) {
        if (::lstat(target.c_str(), &existing) != 0) {
            if (errno == ENOENT) {
                exists = false;
                return target;
            }
            fail(target, "cannot look at the file", errno);
        }
        exists = true;
        if (S_ISREG(existing.st_mode)) return target;
        if (!S_ISLNK(existing.st_mode))
            refuse(target, std::string("is ") + file_kind(existing.st_mode) +
                               ", not a regular file; refusing to replace it");
        if (!follow_symlink)
            refuse(
                target,
                "is a symbolic link; refusing to write through it\nhelp: give the path of the file itself");
        if (hops >= 40) fail(target, "cannot follow the symbolic link", ELOOP);
        std::error_code ec;
        const fs::path to = fs::read_symlink(target, ec);
        if (ec) fail(target, "cannot read the symbolic link", ec.value());
        target = to.is_absolute() ? to : target.parent_path() / to;
    }
}

// Makes the temporary file, has `fill` write it, then puts it in place (see write_file_durable).
void replace_file(const fs::path& path, const WriteOptions& options,
                  const std::function<void(const TempFile&, const fs::path& target)>& fill) {
    if (path.empty()) throw FileWriteError(path, "no file name given");
    if (!path.has_filename()) refuse(path, "names a folder, not a file");

    const fs::path parent = path.parent_path().empty() ? fs::path(".") : path.parent_path();
    if (options.create_folder) {
        std::error_code ec;
        fs::create_directories(parent, ec);
        if (ec) fail(parent, "cannot create the folder", ec.value());
    }

    struct stat existing {};
    bool exists = false;
    const fs::path target = resolve_target(path, options.follow_symlink, existing, exists);
    const fs::path folder = target.parent_path().empty() ? fs::path(".") : target.parent_path();

    // mkstemp opens with O_CREAT|O_EXCL: a link planted at some name is never followed, and a name
    // already taken is simply skipped.
    std::string pattern = (folder / ("." + target.filename().string() + ".XXXXXX")).string();
    std::vector<char> name(pattern.begin(), pattern.end());
    name.push_back('\0');
    const int fd = ::mkostemp(name.data(), O_CLOEXEC);
    if (fd < 0) fail(target, "cannot create a temporary file in " + folder.string(), errno);
    TempFile tmp(fd, name.data());

    const mode_t mode = options.mode ? static_cast<mode_t>(*options.mode & 07777)
                        : exists     ? (existing.st_mode & 07777)
                                     : (0666 & ~current_umask());
    if (::fchmod(tmp.fd(), mode) != 0) fail(target, "cannot set the file's permissions", errno);
    fill(tmp, target);
    if (options.sync && ::fsync(tmp.fd()) != 0) fail(target, "cannot flush the file to disk", errno);
    if (const int err = tmp.close(); err != 0) fail(target, "cannot close the file", err);
    if (::rename(tmp.path().c_str(), target.c_str()) != 0) fail(target, "cannot replace the file", errno);
    tmp.release();
    if (!options.sync) return;

    // The rename is durable only once the folder is flushed. Some file systems cannot fsync a
    // folder (EINVAL): the file is in place all the same.
    const int dfd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd < 0) fail(folder, "cannot open the folder to flush it", errno);
    const int rc = ::fsync(dfd);
    const int err = errno;
    ::close(dfd);
    if (rc != 0 && err != EINVAL) fail(folder, "cannot flush the folder to disk", err);
}

}  // namespace

std::optional<std::string> read_whole_file(const fs::path& path) {
    // One read of the known size: a stream copied through a string stream goes a character at a time.
    std::ifstream in(path, std::ios::binary | std::ios::ate);
    if (!in) return std::nullopt;
    const std::streamoff size = in.tellg();
    if (size < 0) return std::nullopt;
    std::string out(static_cast<std::size_t>(size), '\0');
    in.seekg(0);
    if (!in.read(out.data(), size)) return std::nullopt;
    return out;
}

void write_file_durable(const fs::path& path, std::string_view bytes, const WriteOptions& options) {
    replace_file(path, options,
                 [&](const TempFile& tmp, const fs::path& target) { write_all(tmp, bytes, target); });
}

void write_file_durable(const fs::path& path, const std::function<void(std::ostream&)>& write,
                        const WriteOptions& options) {
    replace_file(path, options, [&](const TempFile& tmp, const fs::path& target) {
        FdBuffer buffer(tmp.fd());
        std::ostream out(&buffer);
        write(out);
        out.flush();
        if (buffer.error() != 0) fail(target, "cannot write the file", buffer.error());
    });
}

}  // namespace salesim::app
