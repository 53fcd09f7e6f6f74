// The embedded results store: one SQLite file, WAL journal, every commit synced to disk, checked
// when opened for writing and copied to a backup beside it at most once a day.
#pragma once

#include "salesim/results/sql_store.hpp"

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

struct sqlite3;

namespace salesim::results {

/// The schema version this program writes (PRAGMA user_version).
inline constexpr int schema_version = 6;

class SqliteStore final : public SqlStore {
public:
    /// Opens `path` (":memory:" for a store in memory). Throws StoreError, its kind saying why:
    /// CannotWrite, DiskFull, Damaged, NotResults, TooNew (user_version > schema_version), or
    /// Unavailable. A file refused is left untouched.
    explicit SqliteStore(const std::filesystem::path& path, Access access = Access::ReadWrite);
    ~SqliteStore() override;
    SqliteStore(const SqliteStore&) = delete;
    SqliteStore& operator=(const SqliteStore&) = delete;

    const std::filesystem::path& path() const { return m_path; }
    /// The result of PRAGMA integrity_check ("ok" when sound).
    std::string integrity_check() const;
    /// PRAGMA user_version of the open file.
    int user_version() const;

private:
    void open_for_writing();
    void open_for_reading();
    void open_schema_in_memory(sqlite3* from);
    void backup_if_due(bool before_migration);
    void migrate();
    void exec(const char* sql) const;

    std::filesystem::path m_path;
    sqlite3* m_db = nullptr;
    bool m_writer = false;  ///< opened a file for writing: leaves the marker of a sound close
    std::unique_ptr<sql::Connection> m_conn;
};

/// The backup of the database at `db`: the same file name with ".bak" added, beside it. Taken with
/// SQLite's online backup API before a schema migration and when a sound database is opened for
/// writing and the backup is missing or a day old; written to a temporary file, synced and renamed.
std::filesystem::path backup_path(const std::filesystem::path& db);

/// What `salesim doctor` finds in a results database. The file is only read.
struct DatabaseHealth {
    enum class State {
        Missing,     ///< no file there
        Sound,       ///< PRAGMA integrity_check says ok, and this program can use it
        Damaged,     ///< a SQLite file with problems (problems lists them)
        NotResults,  ///< not SQLite, a folder, or another program's tables
        TooNew,      ///< sound, but written by a newer Salesim
        Unreadable,  ///< could not be read (permissions, I/O); problems says why
    };
    State state = State::Missing;
    std::vector<std::string> problems;  ///< integrity_check's findings, or why it could not run
    int version = 0;                    ///< PRAGMA user_version, when it could be read
    std::int64_t trainees = 0;          ///< when sound
    std::int64_t attempts = 0;          ///< when sound
};

/// Runs PRAGMA integrity_check on `db` (at most `max_problems` findings) without changing it.
DatabaseHealth check_database(const std::filesystem::path& db, int max_problems = 100);

/// Puts the sound backup (backup_path) in place of a damaged or missing `db`. The damaged file
/// (with its -wal journal) is kept as `db` + ".damaged" (".damaged-2", ... when taken), and the
/// copy is synced before it replaces anything. Returns where the damaged file went ("" when there
/// was none). Throws StoreError: Refused when `db` is sound or not a SQLite file, Damaged when
/// the backup is missing or damaged too.
std::filesystem::path restore_backup(const std::filesystem::path& db);

}  // namespace salesim::results
