// The SQLite backend's own parts, shared by its store and by `salesim doctor`: what a failure
// means (read-only, disk full, damaged, not a results database), a prepared statement, syncing
// files, opening without writing, and the connection the SQL store runs on.
#pragma once

#include "salesim/results/sql_store.hpp"
#include "salesim/results/sqlite_store.hpp"

#include <sqlite3.h>

#include <filesystem>
#include <string>
#include <vector>

namespace salesim::results::sqlite_detail {

namespace fs = std::filesystem;

/// A file that starts with SQLite's 16-byte header.
bool has_sqlite_header(const fs::path& p);
fs::path folder_of(const fs::path& db);
std::string errno_text(int err);
bool is_permission(int err);
bool is_no_space(int err);
/// The message for a problem of `kind` with the database at `db`; `detail` says what SQLite or the
/// system said, in brackets after the first sentence.
StoreError database_error(StoreErrorKind kind, const fs::path& db, const std::string& detail,
                          const std::string& note = {});
StoreError too_new(const fs::path& db, int version);
/// Remembers that this process found `db` damaged (database_error does, for every Damaged error):
/// a writer that closes it then leaves no marker of a sound close.
void note_damage(const fs::path& db);
bool damage_noted(const fs::path& db);
/// What the failure `rc` of a call on `db` (null when opening ran out of memory) means.
StoreError sqlite_failure(sqlite3* db, int rc, const fs::path& path);
/// The file behind a connection, for messages ("results database" for one in memory).
fs::path db_file(sqlite3* db);
/// The findings in a row of PRAGMA integrity_check or quick_check, one per line.
void add_findings(std::vector<std::string>& out, const std::string& row);
bool sync_file(const fs::path& p);
bool sync_folder(const fs::path& p);
/// True when `p` can be written; `why` gets the reason when not.
bool writable(const fs::path& p, std::string& why);
/// Opens an existing SQLite file so that nothing is written to it.
int open_reading(const fs::path& path, sqlite3** db);

// A prepared statement that finalizes itself.
class Stmt {
public:
    Stmt(sqlite3* db, const char* sql) : m_db(db) {
        const int rc = sqlite3_prepare_v2(db, sql, -1, &m_stmt, nullptr);
        if (rc != SQLITE_OK) throw sqlite_failure(db, sqlite3_extended_errcode(db), db_file(db));
    }
    ~Stmt() { sqlite3_finalize(m_stmt); }
    Stmt(const Stmt&) = delete;
    Stmt& operator=(const Stmt&) = delete;

    Stmt& bind(int i, const std::string& v) {
        check(sqlite3_bind_text(m_stmt, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT));
        return *this;
    }
    Stmt& bind_null(int i) {
        check(sqlite3_bind_null(m_stmt, i));
        return *this;
    }
    Stmt& bind(int i, std::int64_t v) {
        check(sqlite3_bind_int64(m_stmt, i, v));
        return *this;
    }
    /// True while there is a row.
    bool step() {
        const int rc = sqlite3_step(m_stmt);
        if (rc == SQLITE_ROW) return true;
        if (rc == SQLITE_DONE) return false;
        throw sqlite_failure(m_db, sqlite3_extended_errcode(m_db), db_file(m_db));
    }
    std::string text(int col) const {
        const unsigned char* t = sqlite3_column_text(m_stmt, col);
        return t == nullptr ? std::string() : std::string(reinterpret_cast<const char*>(t));
    }
    std::int64_t int64(int col) const { return sqlite3_column_int64(m_stmt, col); }
    int integer(int col) const { return sqlite3_column_int(m_stmt, col); }
    int columns() const { return sqlite3_column_count(m_stmt); }
    bool is_null(int col) const { return sqlite3_column_type(m_stmt, col) == SQLITE_NULL; }

private:
    void check(int rc) const {
        if (rc != SQLITE_OK) throw sqlite_failure(m_db, sqlite3_extended_errcode(m_db), db_file(m_db));
    }
    sqlite3* m_db;
    sqlite3_stmt* m_stmt = nullptr;
};

/// The SQL store's connection on a SQLite handle (owned by the store).
class SqliteConnection final : public sql::Connection {
public:
    /// `db` and `path` belong to the store and outlive the connection; the handle may be replaced.
    SqliteConnection(sqlite3** db, const fs::path* path) : m_db(db), m_path(path) {}
    sql::Result run(const std::string& sql, const std::vector<sql::Value>& params) override;
    void each(const std::string& sql, const std::vector<sql::Value>& params,
              const std::function<void(const sql::Row&)>& row) override;
    void exec(const std::string& sql) override;
    void begin() override;

private:
    sqlite3** m_db;
    const fs::path* m_path;
};

}  // namespace salesim::results::sqlite_detail
