// The embedded results store on SQLite: schema migrations, WAL with full sync, one savepoint per write,
// errors by kind (read-only, disk full, damaged, not a results database, too new), a check before
// writing, a daily backup, and what `salesim doctor` reads and restores.
#include "salesim/results/sqlite_store.hpp"

#include "salesim/results/uuid.hpp"
#include "sqlite_schema.hpp"

#include <sqlite3.h>

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <fstream>
#include <memory>
#include <system_error>
#include <utility>

namespace salesim::results {

namespace fs = std::filesystem;

namespace {

// ---- what a failure means

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
                          const std::string& note = {}) {
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
    Stmt& bind_or_null(int i, const std::string& v) {
        if (v.empty()) {
            check(sqlite3_bind_null(m_stmt, i));
            return *this;
        }
        return bind(i, v);
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

private:
    void check(int rc) const {
        if (rc != SQLITE_OK) throw sqlite_failure(m_db, sqlite3_extended_errcode(m_db), db_file(m_db));
    }
    sqlite3* m_db;
    sqlite3_stmt* m_stmt = nullptr;
};

std::string join(const std::vector<std::string>& v, char sep) {
    std::string out;
    for (const std::string& s : v) {
        if (!out.empty()) out += sep;
        out += s;
    }
    return out;
}

std::vector<std::string> split(const std::string& s, char sep) {
    std::vector<std::string> out;
    if (s.empty()) return out;
    std::size_t start = 0;
    while (true) {
        const std::size_t end = s.find(sep, start);
        out.push_back(s.substr(start, end == std::string::npos ? std::string::npos : end - start));
        if (end == std::string::npos) break;
        start = end + 1;
    }
    return out;
}

Trainee read_trainee(const Stmt& s) {
    Trainee t;
    t.id = s.int64(0);
    t.uuid = s.text(1);
    t.name = s.text(2);
    t.external_id = s.text(3);
    t.email = s.text(4);
    t.created = s.text(5);
    return t;
}

constexpr const char* attempt_columns =
    "a.id, a.uuid, a.trainee_id, a.scenario_id, a.scenario_title, a.content_hash, a.rulebook_version, "
    "a.persona, a.seed, a.lang, a.started, a.finished, a.status, a.outcome, a.overall, a.passed, a.hints, "
    "a.mode";

Attempt read_attempt(const Stmt& s) {
    Attempt a;
    a.id = s.int64(0);
    a.uuid = s.text(1);
    a.trainee_id = s.int64(2);
    a.scenario_id = s.text(3);
    a.scenario_title = s.text(4);
    a.content_hash = s.text(5);
    a.rulebook_version = s.text(6);
    a.persona = s.text(7);
    a.seed = std::strtoull(s.text(8).c_str(), nullptr, 10);
    a.lang = s.text(9);
    a.started = s.text(10);
    a.finished = s.text(11);
    a.status = parse_attempt_status(s.text(12)).value_or(AttemptStatus::InProgress);
    a.outcome = s.text(13);
    a.overall = s.integer(14);
    a.passed = s.integer(15) != 0;
    a.hints = s.integer(16);
    a.mode = parse_mode(s.text(17)).value_or(Mode::Guided);
    return a;
}

constexpr const char* group_columns = "g.id, g.name, g.created, g.mode";

Group read_group(const Stmt& s) {
    Group g{s.int64(0), s.text(1), s.text(2), std::nullopt};
    g.mode = parse_mode(s.text(3));
    return g;
}

bool is_constraint(sqlite3* db) {
    return (sqlite3_extended_errcode(db) & 0xff) == SQLITE_CONSTRAINT;
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

bool sync_path(const fs::path& p, int flags) {
    const int fd = ::open(p.c_str(), flags | O_CLOEXEC);
    if (fd < 0) return false;
    const bool ok = ::fsync(fd) == 0;
    return ::close(fd) == 0 && ok;
}

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

}  // namespace

SqliteStore::SqliteStore(const fs::path& path, Access access) : m_path(path) {
    try {
        if (path == ":memory:") {
            if (sqlite3_open_v2(":memory:", &m_db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) !=
                SQLITE_OK)
                throw sqlite_failure(m_db, sqlite3_extended_errcode(m_db), path);
            exec("PRAGMA foreign_keys=ON");
            migrate();
        } else if (access == Access::ReadOnly) {
            open_for_reading();
        } else {
            open_for_writing();
        }
    } catch (...) {
        sqlite3_close(m_db);
        m_db = nullptr;
        throw;
    }
}

void SqliteStore::open_for_writing() {
    const fs::path& path = m_path;
    std::error_code ec;
    if (path.has_parent_path()) fs::create_directories(path.parent_path(), ec);
    if (ec) {
        const int err = ec.value();
        const StoreErrorKind kind = is_permission(err) ? StoreErrorKind::CannotWrite
                                    : is_no_space(err) ? StoreErrorKind::DiskFull
                                                       : StoreErrorKind::Unavailable;
        throw StoreError(path.parent_path().string() + ": error: cannot create the folder for results (" +
                             ec.message() + ")\nhelp: choose another folder with --data-dir DIR",
                         kind);
    }
    if (fs::is_directory(path, ec))
        throw StoreError(path.string() + ": error: is a folder, not a results database",
                         StoreErrorKind::NotResults);
    const auto size = fs::file_size(path, ec);
    const bool existed = !ec && size > 0;
    // SQLite is never let near a file that is not SQLite's: it would be refused, but only after a
    // lock and a read, and a file of 1 to 15 bytes would read as damaged.
    if (existed && !has_sqlite_header(path))
        throw database_error(StoreErrorKind::NotResults, path, "the file is not a SQLite database");
    // A read-only folder or file is named as such, before SQLite reports it as something else (a
    // WAL database in a read-only folder cannot even be read without its -shm file).
    std::string why;
    if (!writable(folder_of(path), why) || (existed && !writable(path, why)))
        throw database_error(StoreErrorKind::CannotWrite, path, why);
    const int rc = sqlite3_open_v2(path.c_str(), &m_db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
    if (rc != SQLITE_OK)
        throw sqlite_failure(m_db, m_db != nullptr ? sqlite3_extended_errcode(m_db) : rc, path);
    // SQLite falls back to reading when the file cannot be opened for writing (a read-only mount).
    if (sqlite3_db_readonly(m_db, "main") == 1)
        throw database_error(StoreErrorKind::CannotWrite, path, "the file can only be opened for reading");
    sqlite3_busy_timeout(m_db, 5000);
    // Read the version before writing anything (WAL mode changes the file header): a newer
    // program's database must be left exactly as it is. Nothing is written to a damaged database
    // either, since each write would build on the damage: PRAGMA quick_check reads every page
    // (the cost is in README, "Hardening").
    int version = 0;
    std::string damage;
    try {
        version = user_version();
        if (existed && version <= schema_version) {
            std::vector<std::string> problems;
            Stmt s(m_db, "PRAGMA quick_check(10)");
            while (s.step()) add_findings(problems, s.text(0));
            if (problems != std::vector<std::string>{"ok"} && !problems.empty()) {
                damage = "PRAGMA quick_check: " + problems.front();
                if (problems.size() > 1) damage += ", and more";
            }
        }
    } catch (const StoreError& e) {
        if (e.kind() != StoreErrorKind::Damaged) throw;
        damage = sqlite3_errstr(sqlite3_extended_errcode(m_db));
    }
    if (version > schema_version) throw too_new(path, version);
    if (!damage.empty())
        throw database_error(StoreErrorKind::Damaged, path, damage, ", so nothing was written to it");
    exec("PRAGMA journal_mode=WAL");
    exec("PRAGMA synchronous=FULL");
    exec("PRAGMA foreign_keys=ON");
    if (existed && version >= 1) backup_if_due(version < schema_version);
    migrate();
}

void SqliteStore::open_for_reading() {
    const fs::path& path = m_path;
    std::error_code ec;
    const fs::file_status st = fs::status(path, ec);
    if (ec && ec != std::errc::no_such_file_or_directory)
        throw database_error(StoreErrorKind::Unavailable, path, ec.message());
    if (!fs::exists(st)) {
        open_schema_in_memory(nullptr);  // nothing recorded yet, and nothing created for reading
        return;
    }
    if (fs::is_directory(st))
        throw StoreError(path.string() + ": error: is a folder, not a results database",
                         StoreErrorKind::NotResults);
    if (fs::file_size(path, ec) == 0 && !ec) {
        open_schema_in_memory(nullptr);
        return;
    }
    if (!has_sqlite_header(path))
        throw database_error(StoreErrorKind::NotResults, path, "the file is not a SQLite database");
    const int rc = open_reading(path, &m_db);
    if (rc != SQLITE_OK)
        throw sqlite_failure(m_db, m_db != nullptr ? sqlite3_extended_errcode(m_db) : rc, path);
    sqlite3_busy_timeout(m_db, 5000);
    const int version = user_version();
    if (version > schema_version) throw too_new(path, version);
    // An older schema (or an empty file) is brought up to date in a copy, never in the file.
    if (version < schema_version) open_schema_in_memory(m_db);
}

void SqliteStore::open_schema_in_memory(sqlite3* from) {
    sqlite3* mem = nullptr;
    if (sqlite3_open_v2(":memory:", &mem, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) != SQLITE_OK) {
        sqlite3_close(mem);
        throw database_error(StoreErrorKind::Unavailable, m_path, "out of memory");
    }
    if (from != nullptr) {
        sqlite3_backup* copy = sqlite3_backup_init(mem, "main", from, "main");
        const int rc = copy != nullptr ? sqlite3_backup_step(copy, -1) : sqlite3_extended_errcode(mem);
        sqlite3_backup_finish(copy);
        if (rc != SQLITE_DONE) {
            const StoreError e = sqlite_failure(from, rc, m_path);
            sqlite3_close(mem);
            throw e;
        }
    }
    sqlite3_close(m_db);
    m_db = mem;
    migrate();
    exec("PRAGMA query_only=1");
}

void SqliteStore::backup_if_due(bool before_migration) {
    const fs::path bak = backup_path(m_path);
    std::error_code ec;
    if (!before_migration) {
        const auto taken = fs::last_write_time(bak, ec);
        const auto age = fs::file_time_type::clock::now() - taken;
        if (!ec && age >= decltype(age)::zero() && age < std::chrono::hours(24)) return;
    }
    // A file of its own per process, so that two writers never interleave their copies.
    const fs::path tmp = bak.string() + ".tmp-" + std::to_string(::getpid());
    fs::remove(tmp, ec);
    sqlite3* dst = nullptr;
    bool ok =
        sqlite3_open_v2(tmp.c_str(), &dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) == SQLITE_OK;
    ok = ok && sqlite3_exec(dst, "PRAGMA journal_mode=OFF", nullptr, nullptr, nullptr) == SQLITE_OK;
    if (ok) {
        sqlite3_backup* copy = sqlite3_backup_init(dst, "main", m_db, "main");
        ok = copy != nullptr && sqlite3_backup_step(copy, -1) == SQLITE_DONE;
        ok = sqlite3_backup_finish(copy) == SQLITE_OK && ok;
    }
    ok = sqlite3_close(dst) == SQLITE_OK && ok;
    ok = ok && sync_file(tmp);
    if (ok) fs::rename(tmp, bak, ec);
    if (ok && !ec) {
        sync_folder(folder_of(bak));
        return;
    }
    // A backup that fails (the disk is full) leaves the last one as it was; the write that follows
    // reports the disk's state itself, and `salesim doctor` shows the backup's date.
    fs::remove(tmp, ec);
}

SqliteStore::~SqliteStore() {
    sqlite3_close(m_db);
}

void SqliteStore::exec(const char* sql) const {
    char* err = nullptr;
    if (sqlite3_exec(m_db, sql, nullptr, nullptr, &err) != SQLITE_OK) {
        sqlite3_free(err);
        throw sqlite_failure(m_db, sqlite3_extended_errcode(m_db), m_path);
    }
}

int SqliteStore::user_version() const {
    Stmt s(m_db, "PRAGMA user_version");
    s.step();
    return s.integer(0);
}

std::string SqliteStore::integrity_check() const {
    Stmt s(m_db, "PRAGMA integrity_check");
    std::string out;
    while (s.step()) {
        if (!out.empty()) out += '\n';
        out += s.text(0);
    }
    return out;
}

void SqliteStore::migrate() {
    exec("BEGIN IMMEDIATE");
    try {
        // Another process may have migrated while this one waited for the lock.
        const int version = user_version();
        if (version > schema_version)
            throw StoreError(m_path.string() +
                                 ": error: the results database was upgraded to schema version " +
                                 std::to_string(version) + " by a newer Salesim meanwhile",
                             StoreErrorKind::TooNew);
        if (version == 0) {
            Stmt s(m_db, "SELECT count(*) FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'");
            s.step();
            if (s.integer(0) != 0)
                throw StoreError(
                    m_path.string() +
                        ": error: the file holds tables of another program, not Salesim results\n"
                        "help: move the file away, or choose another folder with --data-dir DIR",
                    StoreErrorKind::NotResults);
        }
        for (int v = version; v < schema_version; ++v) exec(migrations[v]);
        if (version != schema_version)
            exec(("PRAGMA user_version=" + std::to_string(schema_version)).c_str());
        exec("COMMIT");
    } catch (...) {
        sqlite3_exec(m_db, "ROLLBACK", nullptr, nullptr, nullptr);
        throw;
    }
}

void SqliteStore::transaction(const std::function<void()>& body) {
    // Savepoints nest, so every write can be its own transaction and still join an outer one. The
    // outermost level takes the write lock at once (BEGIN IMMEDIATE): a deferred transaction that
    // reads first and then writes fails with "database is locked" without waiting when another
    // process (a second trainee's station, a parallel test) wrote in between.
    const bool outer = m_depth == 0;
    const std::string name = "sp" + std::to_string(m_depth);
    exec(outer ? "BEGIN IMMEDIATE" : ("SAVEPOINT " + name).c_str());
    ++m_depth;
    try {
        body();
    } catch (...) {
        --m_depth;
        const std::string undo = outer ? "ROLLBACK" : "ROLLBACK TO " + name + "; RELEASE " + name;
        sqlite3_exec(m_db, undo.c_str(), nullptr, nullptr, nullptr);
        throw;
    }
    --m_depth;
    exec(outer ? "COMMIT" : ("RELEASE " + name).c_str());
}

// ---- trainees

Trainee SqliteStore::add_trainee(Trainee t) {
    if (t.name.empty()) throw StoreError("error: a trainee needs a name");
    if (t.uuid.empty()) t.uuid = uuid_v4();
    if (t.created.empty()) t.created = now_iso8601();
    transaction([&] {
        Stmt s(m_db, "INSERT INTO trainees (uuid, name, external_id, email, created) VALUES (?, ?, ?, ?, ?)");
        s.bind(1, t.uuid)
            .bind(2, t.name)
            .bind_or_null(3, t.external_id)
            .bind_or_null(4, t.email)
            .bind(5, t.created);
        try {
            s.step();
        } catch (const StoreError&) {
            if (!is_constraint(m_db)) throw;
            if (find_trainee(t.name))
                throw StoreError("error: there is already a trainee named '" + t.name +
                                 "'\nhelp: choose another name, or use the existing trainee");
            if (!t.external_id.empty() && find_trainee_by_external_id(t.external_id))
                throw StoreError("error: the external id '" + t.external_id +
                                 "' already belongs to trainee '" +
                                 find_trainee_by_external_id(t.external_id)->name + "'");
            throw;
        }
        t.id = sqlite3_last_insert_rowid(m_db);
    });
    return t;
}

std::vector<Trainee> SqliteStore::query_trainees(const std::string& where, const std::string& arg) const {
    const std::string sql = "SELECT id, uuid, name, external_id, email, created FROM trainees " + where;
    Stmt s(m_db, sql.c_str());
    if (!arg.empty() || where.find('?') != std::string::npos) s.bind(1, arg);
    std::vector<Trainee> out;
    while (s.step()) out.push_back(read_trainee(s));
    return out;
}

std::optional<Trainee> SqliteStore::find_trainee(const std::string& name) const {
    auto v = query_trainees("WHERE name = ?", name);
    if (v.empty()) return std::nullopt;
    return v.front();
}

std::optional<Trainee> SqliteStore::find_trainee_by_uuid(const std::string& uuid) const {
    auto v = query_trainees("WHERE uuid = ?", uuid);
    if (v.empty()) return std::nullopt;
    return v.front();
}

std::optional<Trainee> SqliteStore::find_trainee_by_external_id(const std::string& external_id) const {
    if (external_id.empty()) return std::nullopt;
    auto v = query_trainees("WHERE external_id = ?", external_id);
    if (v.empty()) return std::nullopt;
    return v.front();
}

std::optional<Trainee> SqliteStore::trainee(std::int64_t id) const {
    Stmt s(m_db, "SELECT id, uuid, name, external_id, email, created FROM trainees WHERE id = ?");
    s.bind(1, id);
    if (!s.step()) return std::nullopt;
    return read_trainee(s);
}

std::vector<Trainee> SqliteStore::trainees() const {
    return query_trainees("ORDER BY name", {});
}

void SqliteStore::update_trainee_ids(std::int64_t id, const std::string& external_id,
                                     const std::string& email) {
    transaction([&] {
        Stmt s(m_db, "UPDATE trainees SET external_id = ?, email = ? WHERE id = ?");
        s.bind_or_null(1, external_id).bind_or_null(2, email).bind(3, id);
        try {
            s.step();
        } catch (const StoreError&) {
            if (!is_constraint(m_db)) throw;
            throw StoreError("error: the external id '" + external_id +
                             "' already belongs to another trainee");
        }
    });
}

// ---- groups

Group SqliteStore::add_group(const std::string& name) {
    if (name.empty()) throw StoreError("error: a group needs a name");
    Group g;
    g.name = name;
    g.created = now_iso8601();
    transaction([&] {
        Stmt s(m_db, "INSERT INTO groups (name, created) VALUES (?, ?)");
        s.bind(1, g.name).bind(2, g.created);
        try {
            s.step();
        } catch (const StoreError&) {
            if (!is_constraint(m_db)) throw;
            throw StoreError("error: there is already a group named '" + name + "'");
        }
        g.id = sqlite3_last_insert_rowid(m_db);
    });
    return g;
}

std::vector<Group> SqliteStore::query_groups(const std::string& sql,
                                             const std::optional<std::int64_t>& arg) const {
    Stmt s(m_db, (std::string("SELECT ") + group_columns + " FROM groups g " + sql).c_str());
    if (arg) s.bind(1, *arg);
    std::vector<Group> out;
    while (s.step()) out.push_back(read_group(s));
    return out;
}

std::optional<Group> SqliteStore::find_group(const std::string& name) const {
    Stmt s(m_db, (std::string("SELECT ") + group_columns + " FROM groups g WHERE g.name = ?").c_str());
    s.bind(1, name);
    if (!s.step()) return std::nullopt;
    return read_group(s);
}

std::vector<Group> SqliteStore::groups() const {
    return query_groups("ORDER BY g.name", std::nullopt);
}

void SqliteStore::set_group_mode(std::int64_t group_id, std::optional<Mode> mode) {
    transaction([&] {
        Stmt s(m_db, "UPDATE groups SET mode = ? WHERE id = ?");
        s.bind_or_null(1, mode ? std::string(to_string(*mode)) : std::string()).bind(2, group_id);
        s.step();
        if (sqlite3_changes(m_db) == 0)
            throw StoreError("error: no group with id " + std::to_string(group_id));
    });
}

bool SqliteStore::join_group(std::int64_t group_id, std::int64_t trainee_id) {
    bool added = false;
    transaction([&] {
        Stmt s(m_db, "INSERT OR IGNORE INTO memberships (group_id, trainee_id) VALUES (?, ?)");
        s.bind(1, group_id).bind(2, trainee_id);
        s.step();
        added = sqlite3_changes(m_db) > 0;
    });
    return added;
}

bool SqliteStore::leave_group(std::int64_t group_id, std::int64_t trainee_id) {
    bool removed = false;
    transaction([&] {
        Stmt s(m_db, "DELETE FROM memberships WHERE group_id = ? AND trainee_id = ?");
        s.bind(1, group_id).bind(2, trainee_id);
        s.step();
        removed = sqlite3_changes(m_db) > 0;
    });
    return removed;
}

std::vector<Trainee> SqliteStore::members(std::int64_t group_id) const {
    Stmt s(m_db,
           "SELECT t.id, t.uuid, t.name, t.external_id, t.email, t.created FROM trainees t "
           "JOIN memberships m ON m.trainee_id = t.id WHERE m.group_id = ? ORDER BY t.name");
    s.bind(1, group_id);
    std::vector<Trainee> out;
    while (s.step()) out.push_back(read_trainee(s));
    return out;
}

std::vector<Group> SqliteStore::groups_of(std::int64_t trainee_id) const {
    return query_groups("JOIN memberships m ON m.group_id = g.id WHERE m.trainee_id = ? ORDER BY g.name",
                        trainee_id);
}

// ---- attempts

namespace {

void write_scores(sqlite3* db, std::int64_t attempt_id, const Attempt& a) {
    Stmt del(db, "DELETE FROM scores WHERE attempt_id = ?");
    del.bind(1, attempt_id);
    del.step();
    const auto put = [&](const char* area, const std::map<std::string, int>& m) {
        for (const auto& [name, score] : m) {
            Stmt s(db, "INSERT INTO scores (attempt_id, area, name, score) VALUES (?, ?, ?, ?)");
            s.bind(1, attempt_id).bind(2, std::string(area)).bind(3, name).bind(4, std::int64_t{score});
            s.step();
        }
    };
    put("stage", a.stage_scores);
    put("competency", a.competency_scores);
}

}  // namespace

std::int64_t SqliteStore::add_attempt(const Attempt& a) {
    std::int64_t id = 0;
    const std::string uuid = a.uuid.empty() ? uuid_v4() : a.uuid;
    transaction([&] {
        Stmt s(m_db,
               "INSERT INTO attempts (uuid, trainee_id, scenario_id, scenario_title, content_hash, "
               "rulebook_version, persona, seed, lang, started, finished, status, outcome, overall, passed, "
               "hints, mode) "
               "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        s.bind(1, uuid)
            .bind(2, a.trainee_id)
            .bind(3, a.scenario_id)
            .bind(4, a.scenario_title)
            .bind(5, a.content_hash)
            .bind(6, a.rulebook_version)
            .bind(7, a.persona)
            .bind(8, std::to_string(a.seed))
            .bind(9, a.lang)
            .bind(10, a.started.empty() ? now_iso8601() : a.started)
            .bind_or_null(11, a.finished)
            .bind(12, std::string(to_string(a.status)))
            .bind(13, a.outcome.empty() ? std::string("in_progress") : a.outcome)
            .bind(14, std::int64_t{a.overall})
            .bind(15, std::int64_t{a.passed ? 1 : 0})
            .bind(16, std::int64_t{a.hints})
            .bind(17, std::string(to_string(a.mode)));
        try {
            s.step();
        } catch (const StoreError&) {
            if (!is_constraint(m_db)) throw;
            throw StoreError("error: an attempt " + uuid + " is already stored, or its trainee is unknown");
        }
        id = sqlite3_last_insert_rowid(m_db);
        write_scores(m_db, id, a);
    });
    return id;
}

void SqliteStore::add_decision(std::int64_t attempt_id, const DecisionRow& d) {
    transaction([&] {
        const auto a = attempt(attempt_id);
        if (!a) throw StoreError("error: no attempt with id " + std::to_string(attempt_id));
        if (a->status != AttemptStatus::InProgress)
            throw StoreError("error: attempt " + a->uuid + " is " + std::string(to_string(a->status)) +
                             "; decisions can only be added while it is in progress");
        Stmt s(
            m_db,
            "INSERT INTO decisions (attempt_id, idx, stage, kind, ref, objection_kind, move, rule_id, "
            "verdict, "
            "points, hinted, best_moves, chosen, created) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        s.bind(1, attempt_id)
            .bind(2, std::int64_t{d.index})
            .bind(3, d.stage)
            .bind(4, d.kind)
            .bind(5, d.ref)
            .bind(6, d.objection_kind)
            .bind(7, d.move)
            .bind(8, d.rule_id)
            .bind(9, d.verdict)
            .bind(10, std::int64_t{d.points})
            .bind(11, std::int64_t{d.hinted ? 1 : 0})
            .bind(12, join(d.best_moves, ','))
            .bind(13, std::int64_t{d.chosen})
            .bind(14, d.timestamp.empty() ? now_iso8601() : d.timestamp);
        try {
            s.step();
        } catch (const StoreError&) {
            if (!is_constraint(m_db)) throw;
            throw StoreError("error: attempt " + a->uuid + " already has a decision " +
                             std::to_string(d.index + 1));
        }
    });
}

void SqliteStore::update_attempt(const Attempt& a) {
    transaction([&] {
        Stmt s(
            m_db,
            "UPDATE attempts SET finished = ?, status = ?, outcome = ?, overall = ?, passed = ?, hints = ? "
            "WHERE id = ?");
        s.bind_or_null(1, a.finished)
            .bind(2, std::string(to_string(a.status)))
            .bind(3, a.outcome.empty() ? std::string("in_progress") : a.outcome)
            .bind(4, std::int64_t{a.overall})
            .bind(5, std::int64_t{a.passed ? 1 : 0})
            .bind(6, std::int64_t{a.hints})
            .bind(7, a.id);
        s.step();
        if (sqlite3_changes(m_db) == 0) throw StoreError("error: no attempt with id " + std::to_string(a.id));
        write_scores(m_db, a.id, a);
    });
}

void SqliteStore::load_scores(Attempt& a) const {
    Stmt s(m_db, "SELECT area, name, score FROM scores WHERE attempt_id = ? ORDER BY area, name");
    s.bind(1, a.id);
    while (s.step()) {
        (s.text(0) == "stage" ? a.stage_scores : a.competency_scores)[s.text(1)] = s.integer(2);
    }
}

std::optional<Attempt> SqliteStore::attempt(std::int64_t id) const {
    Stmt s(m_db, (std::string("SELECT ") + attempt_columns + " FROM attempts a WHERE a.id = ?").c_str());
    s.bind(1, id);
    if (!s.step()) return std::nullopt;
    Attempt a = read_attempt(s);
    load_scores(a);
    return a;
}

std::optional<Attempt> SqliteStore::find_attempt(const std::string& uuid) const {
    Stmt s(m_db, (std::string("SELECT ") + attempt_columns + " FROM attempts a WHERE a.uuid = ?").c_str());
    s.bind(1, uuid);
    if (!s.step()) return std::nullopt;
    Attempt a = read_attempt(s);
    load_scores(a);
    return a;
}

std::vector<Attempt> SqliteStore::attempts(const AttemptFilter& f) const {
    std::string sql = std::string("SELECT ") + attempt_columns + " FROM attempts a WHERE 1";
    // Bind in order: build the clause and remember what goes where.
    struct Arg {
        bool is_int;
        std::int64_t i;
        std::string s;
    };
    std::vector<Arg> args;
    if (f.trainee_id) {
        sql += " AND a.trainee_id = ?";
        args.push_back({true, *f.trainee_id, {}});
    }
    if (f.group_id) {
        sql += " AND a.trainee_id IN (SELECT trainee_id FROM memberships WHERE group_id = ?)";
        args.push_back({true, *f.group_id, {}});
    }
    if (!f.scenario_id.empty()) {
        sql += " AND a.scenario_id = ?";
        args.push_back({false, 0, f.scenario_id});
    }
    if (!f.since.empty()) {
        sql += " AND a.started >= ?";
        args.push_back({false, 0, f.since});
    }
    if (!f.until.empty()) {
        sql += " AND a.started <= ?";
        args.push_back({false, 0, f.until});
    }
    if (f.status) {
        sql += " AND a.status = ?";
        args.push_back({false, 0, std::string(to_string(*f.status))});
    }
    if (f.mode) {
        sql += " AND a.mode = ?";
        args.push_back({false, 0, std::string(to_string(*f.mode))});
    }
    sql += " ORDER BY a.started, a.id";
    Stmt s(m_db, sql.c_str());
    for (std::size_t i = 0; i < args.size(); ++i) {
        const int pos = static_cast<int>(i) + 1;
        if (args[i].is_int)
            s.bind(pos, args[i].i);
        else
            s.bind(pos, args[i].s);
    }
    std::vector<Attempt> out;
    while (s.step()) out.push_back(read_attempt(s));
    for (Attempt& a : out) load_scores(a);
    return out;
}

std::vector<DecisionRow> SqliteStore::decisions(std::int64_t attempt_id) const {
    Stmt s(
        m_db,
        "SELECT idx, stage, kind, ref, objection_kind, move, rule_id, verdict, points, hinted, best_moves, "
        "chosen, created FROM decisions WHERE attempt_id = ? ORDER BY idx");
    s.bind(1, attempt_id);
    std::vector<DecisionRow> out;
    while (s.step()) {
        DecisionRow d;
        d.index = s.integer(0);
        d.stage = s.text(1);
        d.kind = s.text(2);
        d.ref = s.text(3);
        d.objection_kind = s.text(4);
        d.move = s.text(5);
        d.rule_id = s.text(6);
        d.verdict = s.text(7);
        d.points = s.integer(8);
        d.hinted = s.integer(9) != 0;
        d.best_moves = split(s.text(10), ',');
        d.chosen = s.integer(11);
        d.timestamp = s.text(12);
        out.push_back(std::move(d));
    }
    return out;
}

// ---- doctor: check and restore

fs::path backup_path(const fs::path& db) {
    return db.string() + ".bak";
}

DatabaseHealth check_database(const fs::path& db, int max_problems) {
    using State = DatabaseHealth::State;
    DatabaseHealth h;
    std::error_code ec;
    const fs::file_status st = fs::status(db, ec);
    if (ec && ec != std::errc::no_such_file_or_directory) {
        h.state = State::Unreadable;
        h.problems = {ec.message()};
        return h;
    }
    if (!fs::exists(st)) return h;  // Missing
    if (fs::is_directory(st)) {
        h.state = State::NotResults;
        h.problems = {"a folder, not a file"};
        return h;
    }
    if (fs::file_size(db, ec) == 0 && !ec) {
        h.state = State::Sound;  // SQLite reads an empty file as an empty database
        return h;
    }
    if (!has_sqlite_header(db)) {
        h.state = State::NotResults;
        h.problems = {"the file is not a SQLite database"};
        return h;
    }
    sqlite3* raw = nullptr;
    const int rc = open_reading(db, &raw);
    const std::unique_ptr<sqlite3, int (*)(sqlite3*)> conn(raw, sqlite3_close);
    // Damage found by SQLite is Damaged; anything else kept the check from running.
    const auto failed = [&](int code) {
        const int primary = code & 0xff;
        h.state = primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB ? State::Damaged : State::Unreadable;
        h.problems.emplace_back(raw != nullptr ? sqlite3_errmsg(raw) : sqlite3_errstr(code));
        return h;
    };
    if (rc != SQLITE_OK) return failed(raw != nullptr ? sqlite3_extended_errcode(raw) : rc);
    sqlite3_busy_timeout(raw, 5000);
    try {
        {
            const std::string sql =
                "PRAGMA integrity_check(" + std::to_string(std::max(1, max_problems)) + ")";
            Stmt s(raw, sql.c_str());
            while (s.step()) add_findings(h.problems, s.text(0));
        }
        if (h.problems != std::vector<std::string>{"ok"}) {
            h.state = State::Damaged;
            return h;
        }
        h.problems.clear();
        h.version = [&] {
            Stmt s(raw, "PRAGMA user_version");
            s.step();
            return s.integer(0);
        }();
        if (h.version > schema_version) {
            h.state = State::TooNew;
            return h;
        }
        if (h.version == 0) {
            Stmt s(raw, "SELECT count(*) FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'");
            s.step();
            h.state = s.integer(0) == 0 ? State::Sound : State::NotResults;
            if (h.state == State::NotResults) h.problems = {"the file holds tables of another program"};
            return h;
        }
        Stmt t(raw, "SELECT (SELECT count(*) FROM trainees), (SELECT count(*) FROM attempts)");
        t.step();
        h.trainees = t.int64(0);
        h.attempts = t.int64(1);
        h.state = State::Sound;
    } catch (const StoreError&) {
        return failed(sqlite3_extended_errcode(raw));
    }
    return h;
}

fs::path restore_backup(const fs::path& db) {
    using State = DatabaseHealth::State;
    const DatabaseHealth now = check_database(db, 1);
    if (now.state != State::Damaged && now.state != State::Missing)
        throw StoreError(
            db.string() + ": error: only a damaged results database is replaced by its backup; this one is " +
                (now.state == State::Sound ? "sound" : "not a damaged SQLite database") +
                " and was left as it is",
            StoreErrorKind::Refused);
    const fs::path bak = backup_path(db);
    const DatabaseHealth backup = check_database(bak, 1);
    if (backup.state != State::Sound || backup.version < 1)
        throw StoreError(
            bak.string() + ": error: " +
                (backup.state == State::Missing ? std::string("there is no backup to restore")
                                                : std::string("the backup cannot be restored: it is "
                                                              "damaged or not a results database")),
            StoreErrorKind::Damaged);
    // The copy is complete and on the disk before anything is renamed: a crash leaves either the
    // damaged file in place or the backup, never half of one.
    const fs::path tmp = db.string() + ".restoring";
    std::error_code ec;
    fs::copy_file(bak, tmp, fs::copy_options::overwrite_existing, ec);
    if (ec || !sync_file(tmp)) {
        const int err = ec ? ec.value() : errno;
        fs::remove(tmp, ec);
        throw database_error(is_no_space(err)     ? StoreErrorKind::DiskFull
                             : is_permission(err) ? StoreErrorKind::CannotWrite
                                                  : StoreErrorKind::Unavailable,
                             db, "copying the backup: " + errno_text(err));
    }
    fs::path kept = db.string() + ".damaged";
    for (int n = 2; fs::exists(kept, ec) || fs::exists(kept.string() + "-wal", ec); ++n)
        kept = db.string() + ".damaged-" + std::to_string(n);
    if (now.state == State::Damaged) fs::rename(db, kept, ec);
    // A journal goes with the damaged file (even when that is gone already): replayed onto the
    // backup it would damage it.
    for (const char* journal : {"-wal", "-journal"})
        if (!ec && fs::exists(db.string() + journal))
            fs::rename(db.string() + journal, kept.string() + journal, ec);
    if (!ec) fs::remove(db.string() + "-shm", ec);
    if (!ec) fs::rename(tmp, db, ec);
    if (ec) {
        const int err = ec.value();
        throw database_error(is_permission(err) ? StoreErrorKind::CannotWrite : StoreErrorKind::Unavailable,
                             db,
                             "putting the backup in place: " + errno_text(err) +
                                 "; the copy of the backup is " + tmp.string());
    }
    if (now.state != State::Damaged) kept.clear();
    sync_folder(folder_of(db));
    return kept;
}

}  // namespace salesim::results
