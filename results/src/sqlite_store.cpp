// The embedded results store on SQLite: opening (a check before writing, a read-only mode that
// never writes), schema migrations, WAL with full sync and a daily backup. The results model itself
// is the SQL store's; what `salesim doctor` reads and restores is in sqlite_doctor.cpp.
#include "salesim/results/sqlite_store.hpp"

#include "sqlite_schema.hpp"
#include "sqlite_support.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <iterator>
#include <memory>
#include <system_error>

namespace salesim::results {

using namespace sqlite_detail;

namespace {

// The marker a writer leaves beside the database as it closes it sound: the file's identity, size,
// and modification and change times then. A file that still matches it was written by nobody since
// (a copy, a restore or damage from outside changes one of them; a program that stopped without
// closing leaves its -wal journal and no marker), so it needs no check before the next write.
fs::path closed_marker(const fs::path& db) {
    return db.string() + ".closed";
}

std::string file_stamp(const fs::path& p) {
    struct stat st {};
    if (::stat(p.c_str(), &st) != 0) return {};
    return std::to_string(st.st_dev) + ' ' + std::to_string(st.st_ino) + ' ' + std::to_string(st.st_size) +
           ' ' + std::to_string(st.st_mtim.tv_sec) + '.' + std::to_string(st.st_mtim.tv_nsec) + ' ' +
           std::to_string(st.st_ctim.tv_sec) + '.' + std::to_string(st.st_ctim.tv_nsec) + '\n';
}

bool closed_sound(const fs::path& db) {
    std::error_code ec;
    if (fs::exists(db.string() + "-wal", ec) || ec) return false;
    std::ifstream in(closed_marker(db), std::ios::binary);
    const std::string kept((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const std::string now = file_stamp(db);
    return !now.empty() && kept == now;
}

// Leaves the marker when this was the last connection (SQLite then folded the -wal journal into the
// file and removed it). Losing the marker only costs the next writer a check, so it is not synced.
void mark_closed(const fs::path& db) {
    std::error_code ec;
    if (fs::exists(db.string() + "-wal", ec) || ec) return;
    const std::string stamp = file_stamp(db);
    if (stamp.empty()) return;
    const fs::path tmp = closed_marker(db).string() + ".tmp-" + std::to_string(::getpid());
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        out << stamp;
        if (!out.flush()) {
            out.close();
            fs::remove(tmp, ec);
            return;
        }
    }
    fs::rename(tmp, closed_marker(db), ec);
    if (ec) fs::remove(tmp, ec);
}

}  // namespace

SqliteStore::SqliteStore(const fs::path& path, Access access)
    : m_path(path), m_conn(std::make_unique<SqliteConnection>(&m_db, &m_path)) {
    set_connection(m_conn.get());
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
    // Looked at before SQLite opens the file (which makes its -wal journal); the marker goes until
    // this connection closes, so a program that stops on the way leaves none.
    const bool closed_as_sound = existed && closed_sound(path);
    fs::remove(closed_marker(path), ec);
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
    // (the cost is in README, "Hardening"), so it runs unless the file is as the last writer left
    // it when it closed it sound.
    int version = 0;
    std::string damage;
    try {
        version = user_version();
        if (existed && version <= schema_version && !closed_as_sound) {
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
    m_writer = true;
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
    const bool closed = sqlite3_close(m_db) == SQLITE_OK;
    if (closed && m_writer && !damage_noted(m_path)) mark_closed(m_path);
}

void SqliteStore::exec(const char* sql) const {
    m_conn->exec(sql);
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

}  // namespace salesim::results
