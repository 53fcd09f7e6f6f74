// What `salesim doctor` reads and restores: PRAGMA integrity_check on a file without changing it,
// and the backup put in place of a damaged database.
#include "salesim/results/sqlite_store.hpp"

#include "sqlite_support.hpp"

#include <algorithm>
#include <cerrno>
#include <memory>
#include <system_error>

namespace salesim::results {

using namespace sqlite_detail;

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
