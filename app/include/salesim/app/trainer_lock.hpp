// The trainer passphrase: an Argon2id hash in the data folder that guards the trainer's tools (the
// Trainer view with everyone's results, running a class, saving into a school's shared folder).
#pragma once

#include <cstddef>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace salesim::app {

/// A new passphrase has at least this many characters (code points, not bytes).
inline constexpr std::size_t min_passphrase_chars = 8;

/// What went wrong, as a stable code; front ends word it from their string tables.
enum class LockError {
    TooShort,         ///< a new passphrase has fewer than min_passphrase_chars characters
    AlreadySet,       ///< set() when one is set already: change() it instead
    NotSet,           ///< verify() or change() before one is set
    WrongPassphrase,  ///< change() with an old passphrase that is not the one set
    BadFile,          ///< the file holds no Argon2id hash string
    CannotRead,       ///< the file cannot be read (detail(): the system's reason)
    NoMemory,         ///< hashing failed: Argon2id needs 64 MiB
};

/// The code's id: "too_short", "already_set", "not_set", "wrong_passphrase", "bad_file",
/// "cannot_read", "no_memory" (string tables key their messages by it).
std::string_view to_string(LockError e);

/// A passphrase could not be set, checked or changed. what() is "FILE: CODE" (with the reason in
/// brackets when there is one), for logs; front ends show their own words for code().
class TrainerLockError : public std::runtime_error {
public:
    TrainerLockError(LockError code, std::filesystem::path file, std::string detail = {});
    LockError code() const { return m_code; }
    /// The passphrase file the error is about.
    const std::filesystem::path& file() const { return m_file; }
    /// The system's reason, for CannotRead; else "".
    const std::string& detail() const { return m_detail; }

private:
    LockError m_code;
    std::filesystem::path m_file;
    std::string m_detail;
};

/// Where the hash is kept: `trainer-passphrase` in the user's data folder (app::user_data_dir).
std::filesystem::path trainer_passphrase_file(const std::filesystem::path& data_dir);

/// Throws TooShort (naming `file`) when `passphrase` is too short to be set.
void check_new_passphrase(std::string_view passphrase, const std::filesystem::path& file);

/// The passphrase kept in one file as crypto_pwhash_str's Argon2id string (libsodium, interactive
/// limits), written by write_file_durable with mode 0600. The caller wipes what was typed with
/// wipe_secret once it is done with it.
class TrainerLock {
public:
    explicit TrainerLock(std::filesystem::path file);
    const std::filesystem::path& file() const { return m_file; }
    /// A passphrase has been set: the file is there, whatever it holds.
    bool is_set() const;
    /// First use: keeps `passphrase`'s hash. Throws TrainerLockError (TooShort, AlreadySet,
    /// NoMemory) or FileWriteError.
    void set(std::string_view passphrase) const;
    /// True when `passphrase` is the one set. Throws TrainerLockError: NotSet, BadFile, CannotRead.
    bool verify(std::string_view passphrase) const;
    /// Replaces the passphrase once `old_passphrase` is checked: throws TrainerLockError
    /// (WrongPassphrase, TooShort and those of verify) or FileWriteError.
    void change(std::string_view old_passphrase, std::string_view new_passphrase) const;
    /// Removes the file, so the next use sets a new passphrase; false when there was none. Throws
    /// std::filesystem::filesystem_error when it cannot.
    bool reset() const;

private:
    void write_hash(std::string_view passphrase) const;

    std::filesystem::path m_file;
};

/// Zeroes every byte `s` holds (sodium_memzero over its whole capacity) and empties it.
void wipe_secret(std::string& s);

/// True when writing `file` needs the trainer's tools unlocked: it lies inside one of
/// `shared_folders` (a school's shared scenario folders, given with --library or $SALESIM_LIBRARY).
/// Paths are compared after resolving `.`, `..` and links; a file elsewhere needs nothing.
bool needs_trainer_unlock(const std::filesystem::path& file, const std::vector<std::string>& shared_folders);

}  // namespace salesim::app
