// The trainer passphrase kept as an Argon2id hash string (libsodium's crypto_pwhash).
#include "salesim/app/trainer_lock.hpp"

#include "salesim/app/durable_file.hpp"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <system_error>

namespace salesim::app {

namespace fs = std::filesystem;

namespace {

// A hash string is far shorter than this; a longer file is not one.
constexpr std::size_t max_file_bytes = 4096;

/// libsodium wants sodium_init() once before use; later calls are cheap but not needed.
void init_sodium() {
    static const int ready = sodium_init();
    if (ready < 0) throw std::logic_error("sodium_init failed");
}

std::size_t code_points(std::string_view s) {
    return static_cast<std::size_t>(std::count_if(
        s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

/// The file's hash string, checked to be Argon2id's; throws NotSet, CannotRead or BadFile.
std::string read_hash(const fs::path& file) {
    // O_NONBLOCK: a named pipe planted there is refused below instead of waiting for a writer.
    const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
    if (fd < 0) {
        if (errno == ENOENT) throw TrainerLockError(LockError::NotSet, file);
        throw TrainerLockError(LockError::CannotRead, file, std::strerror(errno));
    }
    struct stat st {};
    if (::fstat(fd, &st) != 0) {
        const int err = errno;
        ::close(fd);
        throw TrainerLockError(LockError::CannotRead, file, std::strerror(err));
    }
    if (!S_ISREG(st.st_mode)) {
        ::close(fd);
        throw TrainerLockError(LockError::BadFile, file);
    }
    std::string text(max_file_bytes + 1, '\0');
    std::size_t got = 0;
    while (got < text.size()) {
        const ssize_t n = ::read(fd, text.data() + got, text.size() - got);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            const int err = errno;
            ::close(fd);
            throw TrainerLockError(LockError::CannotRead, file, std::strerror(err));
        }
        if (n == 0) break;
        got += static_cast<std::size_t>(n);
    }
    ::close(fd);
    if (got > max_file_bytes) throw TrainerLockError(LockError::BadFile, file);
    text.resize(got);
    // An editor may have added a line end.
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' '))
        text.pop_back();
    // The decoder takes a NUL-terminated string of fewer than crypto_pwhash_STRBYTES bytes; it
    // returns -1 for anything that is not an Argon2id hash string with its parameters.
    if (text.size() >= crypto_pwhash_STRBYTES || text.find('\0') != std::string::npos ||
        text.rfind(crypto_pwhash_argon2id_STRPREFIX, 0) != 0 ||
        crypto_pwhash_argon2id_str_needs_rehash(text.c_str(), crypto_pwhash_argon2id_OPSLIMIT_INTERACTIVE,
                                                crypto_pwhash_argon2id_MEMLIMIT_INTERACTIVE) < 0)
        throw TrainerLockError(LockError::BadFile, file);
    return text;
}

std::string what_of(LockError code, const fs::path& file, const std::string& detail) {
    std::string out = file.string() + ": " + std::string(to_string(code));
    if (!detail.empty()) out += " (" + detail + ")";
    return out;
}

}  // namespace

std::string_view to_string(LockError e) {
    switch (e) {
        case LockError::TooShort:
            return "too_short";
        case LockError::AlreadySet:
            return "already_set";
        case LockError::NotSet:
            return "not_set";
        case LockError::WrongPassphrase:
            return "wrong_passphrase";
        case LockError::BadFile:
            return "bad_file";
        case LockError::CannotRead:
            return "cannot_read";
        case LockError::NoMemory:
            return "no_memory";
    }
    throw std::logic_error("unknown LockError");
}

TrainerLockError::TrainerLockError(LockError code, fs::path file, std::string detail)
    : std::runtime_error(what_of(code, file, detail)),
      m_code(code),
      m_file(std::move(file)),
      m_detail(std::move(detail)) {}

fs::path trainer_passphrase_file(const fs::path& data_dir) {
    return data_dir / "trainer-passphrase";
}

void check_new_passphrase(std::string_view passphrase, const fs::path& file) {
    if (code_points(passphrase) < min_passphrase_chars) throw TrainerLockError(LockError::TooShort, file);
}

TrainerLock::TrainerLock(fs::path file) : m_file(std::move(file)) {}

bool TrainerLock::is_set() const {
    std::error_code ec;
    return fs::symlink_status(m_file, ec).type() != fs::file_type::not_found && !ec;
}

void TrainerLock::write_hash(std::string_view passphrase) const {
    check_new_passphrase(passphrase, m_file);
    init_sodium();
    char hash[crypto_pwhash_STRBYTES] = {};
    // Argon2id named outright rather than as the library's default, which a later libsodium may change.
    if (crypto_pwhash_str_alg(hash, passphrase.data(), passphrase.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                              crypto_pwhash_MEMLIMIT_INTERACTIVE, crypto_pwhash_ALG_ARGON2ID13) != 0)
        throw TrainerLockError(LockError::NoMemory, m_file);
    const std::string line = std::string(hash) + "\n";
    write_file_durable(m_file, line, {.create_folder = true, .mode = 0600});
}

void TrainerLock::set(std::string_view passphrase) const {
    if (is_set()) throw TrainerLockError(LockError::AlreadySet, m_file);
    write_hash(passphrase);
}

bool TrainerLock::verify(std::string_view passphrase) const {
    const std::string hash = read_hash(m_file);
    init_sodium();
    return crypto_pwhash_str_verify(hash.c_str(), passphrase.data(), passphrase.size()) == 0;
}

void TrainerLock::change(std::string_view old_passphrase, std::string_view new_passphrase) const {
    check_new_passphrase(new_passphrase, m_file);
    if (!verify(old_passphrase)) throw TrainerLockError(LockError::WrongPassphrase, m_file);
    write_hash(new_passphrase);
}

bool TrainerLock::reset() const {
    return fs::remove(m_file);
}

void wipe_secret(std::string& s) {
    // resize() up to the capacity keeps the buffer and makes all of it the string's own to zero.
    s.resize(s.capacity());
    sodium_memzero(s.data(), s.size());
    s.clear();
}

bool needs_trainer_unlock(const fs::path& file, const std::vector<std::string>& shared_folders) {
    if (file.empty()) return false;
    const auto resolved = [](const fs::path& p) {
        std::error_code ec;
        fs::path r = fs::weakly_canonical(p, ec);
        if (ec) r = fs::absolute(p, ec).lexically_normal();
        return r;
    };
    const fs::path target = resolved(file);
    for (const std::string& folder : shared_folders) {
        if (folder.empty()) continue;
        fs::path dir = resolved(folder);
        // "school/" and "school" are the same folder.
        if (dir.filename().empty()) dir = dir.parent_path();
        const auto [d, t] = std::mismatch(dir.begin(), dir.end(), target.begin(), target.end());
        if (d == dir.end() && t != target.end()) return true;
    }
    return false;
}

}  // namespace salesim::app
