// The SQLite backend's own parts: errors by kind, files synced and opened without writing, and the
// connection the SQL store runs on.
#include "sqlite_support.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <mutex>
#include <set>
#include <system_error>

namespace salesim::results::sqlite_detail {

namespace {

// `s` as one word for a shell, quoted when it needs to be.
std::string shell_word(const std::string& s) {
    if (!s.empty() &&
        s.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_./-+:,@") ==
            std::string::npos)
        return s;
    std::string q = "'";
    for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return q + "'";
}

bool sync_path(const fs::path& p, int flags) {
    const int fd = ::open(p.c_str(), flags | O_CLOEXEC);
    if (fd < 0) return false;
    const bool ok = ::fsync(fd) == 0;
    return ::close(fd) == 0 && ok;
}

// A path as a SQLite URI ("file:" and the path with '%', '?' and '#' escaped).
std::string file_uri(const fs::path& p) {
    std::string out = "file:";
    for (unsigned char c : fs::absolute(p).string()) {
        if (c == '%' || c == '?' || c == '#' || c < 0x20) {
            static constexpr char hex[] = "0123456789abcdef";
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        } else {
            out += static_cast<char>(c);
        }
    }
    return out;
}

// The databases this process found damaged (by their absolute paths).
std::mutex damaged_mutex;
std::set<std::string> damaged_files;

std::string path_key(const fs::path& db) {
    std::error_code ec;
    const fs::path abs = fs::weakly_canonical(db, ec);
    return ec ? db.string() : abs.string();
}

}  // namespace

void note_damage(const fs::path& db) {
    const std::lock_guard<std::mutex> lock(damaged_mutex);
    damaged_files.insert(path_key(db));
    // The next writer checks the file, whichever program that is (sqlite_store.cpp's marker).
    std::error_code ec;
    fs::remove(db.string() + ".closed", ec);
}

bool damage_noted(const fs::path& db) {
    const std::lock_guard<std::mutex> lock(damaged_mutex);
    return damaged_files.count(path_key(db)) != 0;
}

// A file that starts with SQLite's 16-byte header ("SQLite format 3" and a NUL).
bool has_sqlite_header(const fs::path& p) {
    static constexpr char magic[16] = {'S', 'Q', 'L', 'i', 't', 'e', ' ', 'f',
                                       'o', 'r', 'm', 'a', 't', ' ', '3', '\0'};
    std::ifstream f(p, std::ios::binary);
    char head[16] = {};
    f.read(head, sizeof head);
    return f.gcount() == 16 && std::memcmp(head, magic, sizeof magic) == 0;
}

fs::path folder_of(const fs::path& db) {
    return db.has_parent_path() ? db.parent_path() : fs::path(".");
}

std::string errno_text(int err) {
    return std::generic_category().message(err);
}

bool is_permission(int err) {
    return err == EROFS || err == EACCES || err == EPERM;
}

bool is_no_space(int err) {
    return err == ENOSPC || err == EDQUOT;
}

// The message for a problem of `kind` with the database at `db`; `detail` says what SQLite or the
// system said, in brackets after the first sentence.
StoreError database_error(StoreErrorKind kind, const fs::path& db, const std::string& detail,
                          const std::string& note) {
    const std::string at = db.string() + ": error: ";
    const std::string folder = folder_of(db).string();
    const std::string why = detail.empty() ? std::string() : " (" + detail + ")";
    switch (kind) {
        case StoreErrorKind::CannotWrite:
            return StoreError(at +
                                  "cannot write to the results database: it or its folder is read-only, "
                                  "or not yours to change" +
                                  why + "\nhelp: make " + folder +
                                  " writable for you, or choose another folder with --data-dir DIR; "
                                  "commands that only read (report, export, list) still work",
                              kind);
        case StoreErrorKind::DiskFull:
            return StoreError(at + "the disk is full" + why +
                                  "; the change was not saved and the results database is as it was\n"
                                  "help: free some space on the disk that holds " +
                                  folder + ", then try again",
                              kind);
        case StoreErrorKind::Damaged:
            note_damage(db);
            return StoreError(at + "the results database is damaged" + note + why +
                                  "\nhelp: run `salesim doctor --data-dir " + shell_word(folder) +
                                  "` to see the damage and to restore the last good backup",
                              kind);
        case StoreErrorKind::NotResults:
            return StoreError(at + "not a results database" + why +
                                  "\nhelp: move the file away (Salesim then starts a new one), or choose "
                                  "another folder with --data-dir DIR",
                              kind);
        case StoreErrorKind::Unavailable:
            return StoreError(
                at + "cannot use the results database" + why + "\nhelp: check that " + folder +
                    " is a folder you can read and write, or choose another with --data-dir DIR",
                kind);
        case StoreErrorKind::TooNew:
        case StoreErrorKind::Refused:
            break;
    }
    return StoreError(at + detail, kind);
}

StoreError too_new(const fs::path& db, int version) {
    return StoreError(db.string() + ": error: the results database has schema version " +
                          std::to_string(version) + ", but this program understands up to version " +
                          std::to_string(schema_version) +
                          "; it was written by a newer Salesim and has not been changed\n"
                          "help: update Salesim, or use another folder with --data-dir DIR",
                      StoreErrorKind::TooNew);
}

// What the failure `rc` of a call on `db` (null when opening ran out of memory) means.
StoreError sqlite_failure(sqlite3* db, int rc, const fs::path& path) {
    const int primary = rc & 0xff;
    // The system's errno is only current after an I/O failure.
    const int err =
        db != nullptr && (primary == SQLITE_IOERR || primary == SQLITE_CANTOPEN || primary == SQLITE_FULL)
            ? sqlite3_system_errno(db)
            : 0;
    std::string detail = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    if (err != 0) detail += ": " + errno_text(err);
    if (primary == SQLITE_FULL || is_no_space(err))
        return database_error(StoreErrorKind::DiskFull, path, detail);
    if (primary == SQLITE_READONLY || primary == SQLITE_PERM || is_permission(err))
        return database_error(StoreErrorKind::CannotWrite, path, detail);
    if (primary == SQLITE_CORRUPT) return database_error(StoreErrorKind::Damaged, path, detail);
    if (primary == SQLITE_NOTADB) {
        if (has_sqlite_header(path)) return database_error(StoreErrorKind::Damaged, path, detail);
        return database_error(StoreErrorKind::NotResults, path, "the file is not a SQLite database");
    }
    if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED)
        return StoreError(path.string() +
                              ": error: the results database is busy: another program kept it locked (" +
                              detail + ")\nhelp: close the other Salesim window or command, then try again",
                          StoreErrorKind::Unavailable);
    return database_error(StoreErrorKind::Unavailable, path, detail);
}

// The file behind a connection, for messages ("results database" for one in memory).
fs::path db_file(sqlite3* db) {
    const char* name = sqlite3_db_filename(db, "main");
    return name != nullptr && *name != '\0' ? fs::path(name) : fs::path("results database");
}

// The findings in a row of PRAGMA integrity_check or quick_check, one per line, without the
// heading SQLite puts before those of each database.
void add_findings(std::vector<std::string>& out, const std::string& row) {
    std::size_t start = 0;
    while (start <= row.size()) {
        const std::size_t end = std::min(row.find('\n', start), row.size());
        const std::string line = row.substr(start, end - start);
        if (!line.empty() && line.rfind("*** in database ", 0) != 0) out.push_back(line);
        start = end + 1;
    }
}

// ---- files: syncing, reading without writing

bool sync_file(const fs::path& p) {
    return sync_path(p, O_RDONLY);
}

bool sync_folder(const fs::path& p) {
    return sync_path(p, O_RDONLY | O_DIRECTORY);
}

// True when `p` can be written (a read-only mount, or the permission bits for a user who is not root,
// say no); `why` gets the reason when not.
bool writable(const fs::path& p, std::string& why) {
    if (::access(p.c_str(), W_OK) == 0) return true;
    const int err = errno;
    why = p.string() + ": " + errno_text(err);
    return !is_permission(err);
}

// Opens an existing SQLite file so that nothing is written to it. In a folder the user can write,
// a read-write connection with query_only set: SQLite then tidies its -wal and -shm files away on
// closing, as after any command. Elsewhere (a read-only mount or folder) a read-only connection
// that needs no -wal or -shm files: immutable=1, or mode=ro when a -wal with content is there (a
// writer stopped before checkpointing), which SQLite can read only with its -shm.
int open_reading(const fs::path& path, sqlite3** db) {
    std::string why;
    std::error_code ec;
    if (writable(folder_of(path), why) && writable(path, why)) {
        const int rc = sqlite3_open_v2(path.c_str(), db, SQLITE_OPEN_READWRITE, nullptr);
        if (rc != SQLITE_OK) return rc;
        return sqlite3_exec(*db, "PRAGMA query_only=1", nullptr, nullptr, nullptr);
    }
    const auto wal = fs::file_size(path.string() + "-wal", ec);
    const std::string uri = file_uri(path) + (!ec && wal > 0 ? "?mode=ro" : "?immutable=1");
    return sqlite3_open_v2(uri.c_str(), db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, nullptr);
}

// ---- the connection

void SqliteConnection::exec(const std::string& sql) {
    char* err = nullptr;
    if (sqlite3_exec(*m_db, sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
        sqlite3_free(err);
        throw sqlite_failure(*m_db, sqlite3_extended_errcode(*m_db), *m_path);
    }
}

void SqliteConnection::begin() {
    // The write lock at once: a deferred transaction that reads first and then writes fails with
    // "database is locked" without waiting when another process wrote in between.
    exec("BEGIN IMMEDIATE");
}

namespace {

void bind_all(Stmt& s, const std::vector<sql::Value>& params) {
    for (std::size_t i = 0; i < params.size(); ++i) {
        const int pos = static_cast<int>(i) + 1;
        if (const auto* n = std::get_if<std::int64_t>(&params[i]))
            s.bind(pos, *n);
        else if (const auto* t = std::get_if<std::string>(&params[i]))
            s.bind(pos, *t);
        else
            s.bind_null(pos);
    }
}

// Steps `s` to its end, handing each row to `row` to fill in (the row it gets may be one used
// before: run() hands a new one each time, each() the same one, so one row is held at a time).
void step_all(sqlite3* db, Stmt& s, const std::function<sql::Row&()>& next,
              const std::function<void()>& done) {
    try {
        while (s.step()) {
            sql::Row& r = next();
            const int n = s.columns();
            r.cells.resize(static_cast<std::size_t>(n));
            for (int c = 0; c < n; ++c) {
                auto& cell = r.cells[static_cast<std::size_t>(c)];
                if (s.is_null(c))
                    cell.reset();
                else
                    cell = s.text(c);
            }
            done();
        }
    } catch (const StoreError& e) {
        if ((sqlite3_extended_errcode(db) & 0xff) == SQLITE_CONSTRAINT)
            throw sql::ConstraintViolation(e.what(), StoreErrorKind::Refused);
        throw;
    }
}

}  // namespace

sql::Result SqliteConnection::run(const std::string& sql, const std::vector<sql::Value>& params) {
    sqlite3* db = *m_db;
    Stmt s(db, sql.c_str());
    bind_all(s, params);
    const sqlite3_int64 before = sqlite3_total_changes64(db);
    sql::Result out;
    step_all(
        db, s, [&]() -> sql::Row& { return out.rows.emplace_back(); }, [] {});
    out.changes = sqlite3_total_changes64(db) - before;
    return out;
}

void SqliteConnection::each(const std::string& sql, const std::vector<sql::Value>& params,
                            const std::function<void(const sql::Row&)>& row) {
    sqlite3* db = *m_db;
    Stmt s(db, sql.c_str());
    bind_all(s, params);
    sql::Row r;
    step_all(
        db, s, [&]() -> sql::Row& { return r; }, [&] { row(r); });
}

}  // namespace salesim::results::sqlite_detail
