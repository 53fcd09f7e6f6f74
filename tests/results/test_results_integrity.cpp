// The results store's errors and integrity: each kind of problem named for what it is, damage found
// before anything is written, reading without writing, the daily backup and restoring it.
#include "results_test_util.hpp"

#include <salesim/results/sqlite_store.hpp>

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <sstream>

namespace salesim::results {
namespace {

namespace fs = std::filesystem;

std::string bytes_of(const fs::path& p) {
    std::ifstream f(p, std::ios::binary);
    std::stringstream s;
    s << f.rdbuf();
    return s.str();
}

void put_bytes(const fs::path& p, std::size_t at, const std::string& bytes) {
    std::fstream f(p, std::ios::binary | std::ios::in | std::ios::out);
    f.seekp(static_cast<std::streamoff>(at));
    f.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

// 4 KB of noise, the same every run.
std::string noise(std::size_t n = 4096) {
    std::string out(n, '\0');
    std::uint32_t x = 2463534242u;
    for (char& c : out) {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        c = static_cast<char>(x & 0xff);
    }
    return out;
}

// A database with `n` trainees, closed (so its WAL is folded into the file).
void fill(const fs::path& db, int n) {
    SqliteStore store(db);
    store.transaction([&] {
        for (int i = 0; i < n; ++i) {
            Trainee t;
            t.name = "Trainee " + std::to_string(i) + std::string(200, 'x');
            store.add_trainee(t);
        }
    });
}

// The 4 KB of noise over the middle of the file.
void damage_middle(const fs::path& db) {
    put_bytes(db, fs::file_size(db) / 2, noise());
}

template <class F>
StoreError error_of(F&& f) {
    try {
        f();
    } catch (const StoreError& e) {
        return e;
    }
    ADD_FAILURE() << "no StoreError";
    return StoreError("none");
}

bool has(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

TEST(ResultsIntegrity, AFileThatIsNotSqliteIsNotCalledDamaged) {
    const auto dir = test::scratch("integrity-text");
    std::ofstream(dir / "results.db") << "name,score\nAnna,90\n";
    for (Access access : {Access::ReadWrite, Access::ReadOnly}) {
        const StoreError e = error_of([&] { SqliteStore s(dir / "results.db", access); });
        EXPECT_EQ(e.kind(), StoreErrorKind::NotResults);
        EXPECT_TRUE(has(e.what(), "not a results database (the file is not a SQLite database)")) << e.what();
        EXPECT_FALSE(has(e.what(), "damaged")) << e.what();
    }
    EXPECT_EQ(bytes_of(dir / "results.db"), "name,score\nAnna,90\n");
    EXPECT_EQ(check_database(dir / "results.db").state, DatabaseHealth::State::NotResults);
}

TEST(ResultsIntegrity, ASqliteFileWithABrokenHeaderIsDamagedNotForeign) {
    const auto dir = test::scratch("integrity-header");
    fill(dir / "results.db", 5);
    // Keep SQLite's 16-byte magic, break the rest of the header and page 1.
    put_bytes(dir / "results.db", 16, noise(2000));
    const std::string before = bytes_of(dir / "results.db");
    const StoreError e = error_of([&] { SqliteStore s(dir / "results.db"); });
    EXPECT_EQ(e.kind(), StoreErrorKind::Damaged) << e.what();
    EXPECT_TRUE(has(e.what(), "the results database is damaged")) << e.what();
    EXPECT_TRUE(has(e.what(), "help: run `salesim doctor --data-dir ")) << e.what();
    EXPECT_EQ(bytes_of(dir / "results.db"), before);
    EXPECT_EQ(check_database(dir / "results.db").state, DatabaseHealth::State::Damaged);
}

TEST(ResultsIntegrity, DamageInTheMiddleIsFoundBeforeAnythingIsWritten) {
    const auto dir = test::scratch("integrity-middle");
    const fs::path db = dir / "results.db";
    fill(db, 400);
    ASSERT_GT(fs::file_size(db), 64u * 1024);
    damage_middle(db);
    const std::string before = bytes_of(db);
    const StoreError e = error_of([&] { SqliteStore s(db); });
    EXPECT_EQ(e.kind(), StoreErrorKind::Damaged);
    EXPECT_TRUE(
        has(e.what(), db.string() + ": error: the results database is damaged, so nothing was written to it"))
        << e.what();
    EXPECT_TRUE(has(e.what(), "salesim doctor --data-dir " + dir.string())) << e.what();
    EXPECT_EQ(bytes_of(db), before);
    EXPECT_FALSE(fs::exists(backup_path(db)));  // a damaged file is never the backup

    const DatabaseHealth h = check_database(db);
    EXPECT_EQ(h.state, DatabaseHealth::State::Damaged);
    ASSERT_FALSE(h.problems.empty());
    EXPECT_NE(h.problems.front(), "ok");
    // Reading goes as far as the sound pages go, and fails only with a StoreError.
    try {
        SqliteStore reader(db, Access::ReadOnly);
        (void)reader.trainees();
    } catch (const StoreError& r) {
        EXPECT_EQ(r.kind(), StoreErrorKind::Damaged) << r.what();
    }
    EXPECT_EQ(bytes_of(db), before);
}

// The full check runs only when the file is not as the last writer closed it sound: a marker of
// the file then (results.db.closed) that any change since, even with the old modification time put
// back, no longer matches.
TEST(ResultsIntegrity, ASoundCloseIsMarkedAndAnyChangeSinceIsCheckedAgain) {
    const auto dir = test::scratch("integrity-closed");
    const fs::path db = dir / "results.db";
    const fs::path marker = dir / "results.db.closed";
    fill(db, 400);
    EXPECT_TRUE(fs::exists(marker));
    {
        SqliteStore open(db);
        // A program that stops while it has the file open leaves no marker behind.
        EXPECT_FALSE(fs::exists(marker));
        SqliteStore reader(db, Access::ReadOnly);
        (void)reader.trainees();
    }
    EXPECT_TRUE(fs::exists(marker));
    const auto written = fs::last_write_time(db);
    damage_middle(db);
    fs::last_write_time(db, written);
    const std::string before = bytes_of(db);
    const StoreError e = error_of([&] { SqliteStore s(db); });
    EXPECT_EQ(e.kind(), StoreErrorKind::Damaged) << e.what();
    EXPECT_EQ(bytes_of(db), before);
    EXPECT_FALSE(fs::exists(marker));
}

TEST(ResultsIntegrity, ReadOnlyAccessNeverWritesNorLeavesFilesBehind) {
    const auto dir = test::scratch("integrity-readonly");
    const fs::path db = dir / "results.db";
    fill(db, 3);
    const std::string before = bytes_of(db);
    {
        SqliteStore reader(db, Access::ReadOnly);
        EXPECT_EQ(reader.trainees().size(), 3u);
        Trainee t;
        t.name = "Nobody";
        const StoreError e = error_of([&] { reader.add_trainee(t); });
        EXPECT_EQ(e.kind(), StoreErrorKind::CannotWrite) << e.what();
    }
    EXPECT_EQ(bytes_of(db), before);
    EXPECT_FALSE(fs::exists(dir / "results.db-wal"));
    EXPECT_FALSE(fs::exists(dir / "results.db-shm"));

    // Nothing there: an empty store, and neither the file nor its folder is made.
    {
        SqliteStore none(dir / "none" / "results.db", Access::ReadOnly);
        EXPECT_TRUE(none.trainees().empty());
        EXPECT_TRUE(none.attempts().empty());
    }
    EXPECT_FALSE(fs::exists(dir / "none"));
}

TEST(ResultsIntegrity, AnOlderSchemaIsReadWithoutMigratingTheFile) {
    const auto dir = test::scratch("integrity-old");
    const fs::path db = dir / "results.db";
    fs::copy_file(fs::path(SALESIM_SOURCE_DIR) / "tests/fixtures/compat/results.db", db);
    const std::string before = bytes_of(db);
    {
        SqliteStore reader(db, Access::ReadOnly);
        const auto all = reader.attempts();
        ASSERT_FALSE(all.empty());
        for (const Attempt& a : all) EXPECT_EQ(a.mode, Mode::Guided);
    }
    EXPECT_EQ(bytes_of(db), before);
    EXPECT_EQ(check_database(db).version, 1);
}

TEST(ResultsIntegrity, ANewerDatabaseIsNamedAsSuchInEitherAccess) {
    const auto dir = test::scratch("integrity-newer");
    fill(dir / "results.db", 1);
    // user_version is the big-endian number at byte 60 of the header.
    put_bytes(dir / "results.db", 60, std::string("\0\0\0\x63", 4));
    for (Access access : {Access::ReadWrite, Access::ReadOnly}) {
        const StoreError e = error_of([&] { SqliteStore s(dir / "results.db", access); });
        EXPECT_EQ(e.kind(), StoreErrorKind::TooNew);
        EXPECT_TRUE(has(e.what(), "schema version 99")) << e.what();
    }
    const DatabaseHealth h = check_database(dir / "results.db");
    EXPECT_EQ(h.state, DatabaseHealth::State::TooNew);
    EXPECT_EQ(h.version, 99);
}

TEST(ResultsIntegrity, AFolderPathThroughAFileIsNotCalledAnythingElse) {
    const auto dir = test::scratch("integrity-enotdir");
    std::ofstream(dir / "file") << "x";
    const fs::path db = dir / "file" / "data" / "results.db";
    const StoreError w = error_of([&] { SqliteStore s(db); });
    EXPECT_EQ(w.kind(), StoreErrorKind::Unavailable);
    EXPECT_TRUE(has(w.what(), "cannot create the folder for results")) << w.what();
    EXPECT_FALSE(has(w.what(), "not a results database")) << w.what();
    const StoreError r = error_of([&] { SqliteStore s(db, Access::ReadOnly); });
    EXPECT_EQ(r.kind(), StoreErrorKind::Unavailable);
    EXPECT_TRUE(has(r.what(), "Not a directory")) << r.what();
    EXPECT_EQ(check_database(db).state, DatabaseHealth::State::Unreadable);
}

TEST(ResultsIntegrity, TheBackupIsTakenOnceADayAndBeforeAMigration) {
    const auto dir = test::scratch("integrity-backup");
    const fs::path db = dir / "results.db";
    const fs::path bak = backup_path(db);
    EXPECT_EQ(bak, dir / "results.db.bak");
    fill(db, 2);
    EXPECT_FALSE(fs::exists(bak));  // a new database has nothing to keep yet
    { SqliteStore again(db); }
    ASSERT_TRUE(fs::exists(bak));
    DatabaseHealth b = check_database(bak);
    EXPECT_EQ(b.state, DatabaseHealth::State::Sound);
    EXPECT_EQ(b.trainees, 2);

    // Within a day the backup stays as it is.
    const auto hour_ago = fs::file_time_type::clock::now() - std::chrono::hours(1);
    fs::last_write_time(bak, hour_ago);
    {
        SqliteStore s(db);
        Trainee t;
        t.name = "Third";
        s.add_trainee(t);
    }
    { SqliteStore s(db); }
    EXPECT_EQ(check_database(bak).trainees, 2);
    EXPECT_EQ(fs::last_write_time(bak), hour_ago);

    // A day later it is taken again.
    fs::last_write_time(bak, fs::file_time_type::clock::now() - std::chrono::hours(25));
    { SqliteStore s(db); }
    EXPECT_EQ(check_database(bak).trainees, 3);
    for (const auto& e : fs::directory_iterator(dir))
        EXPECT_EQ(e.path().string().find(".tmp"), std::string::npos) << e.path();

    // An older schema is kept as it was before it is migrated.
    const auto old = test::scratch("integrity-backup-old");
    fs::copy_file(fs::path(SALESIM_SOURCE_DIR) / "tests/fixtures/compat/results.db", old / "results.db");
    { SqliteStore s(old / "results.db"); }
    b = check_database(old / "results.db.bak");
    EXPECT_EQ(b.state, DatabaseHealth::State::Sound);
    EXPECT_EQ(b.version, 1);
    EXPECT_EQ(check_database(old / "results.db").version, schema_version);
}

TEST(ResultsIntegrity, RestoringKeepsTheDamagedFileAndPutsTheBackupInPlace) {
    const auto dir = test::scratch("integrity-restore");
    const fs::path db = dir / "results.db";
    EXPECT_THROW(restore_backup(db), StoreError);  // neither a database nor a backup
    fill(db, 400);
    {
        SqliteStore s(db);  // takes the backup: 400 trainees
        Trainee t;
        t.name = "After the backup";
        s.add_trainee(t);
    }
    // A sound database is not replaced.
    const StoreError sound = error_of([&] { restore_backup(db); });
    EXPECT_EQ(sound.kind(), StoreErrorKind::Refused);
    EXPECT_TRUE(has(sound.what(), "sound")) << sound.what();

    damage_middle(db);
    const std::string damaged = bytes_of(db);
    const fs::path kept = restore_backup(db);
    EXPECT_EQ(kept, dir / "results.db.damaged");
    EXPECT_EQ(bytes_of(kept), damaged);
    EXPECT_FALSE(fs::exists(dir / "results.db.restoring"));
    const DatabaseHealth h = check_database(db);
    EXPECT_EQ(h.state, DatabaseHealth::State::Sound);
    EXPECT_EQ(h.trainees, 400);
    SqliteStore s(db);
    EXPECT_FALSE(s.find_trainee("After the backup"));
    EXPECT_TRUE(s.find_trainee("Trainee 7" + std::string(200, 'x')));
}

TEST(ResultsIntegrity, ADamagedBackupIsNotRestored) {
    const auto dir = test::scratch("integrity-restore-bad");
    const fs::path db = dir / "results.db";
    fill(db, 400);
    { SqliteStore s(db); }
    damage_middle(backup_path(db));
    damage_middle(db);
    const std::string before = bytes_of(db);
    const StoreError e = error_of([&] { restore_backup(db); });
    EXPECT_EQ(e.kind(), StoreErrorKind::Damaged);
    EXPECT_TRUE(has(e.what(), "the backup cannot be restored")) << e.what();
    EXPECT_EQ(bytes_of(db), before);
    EXPECT_FALSE(fs::exists(dir / "results.db.damaged"));
}

// A tmpfs mounted on a scratch folder for one test (root only, where the container allows it).
class Mount {
public:
    Mount(const fs::path& dir, const std::string& options) : m_dir(dir) {
        fs::create_directories(dir);
        const std::string cmd = "mount -t tmpfs -o " + options + " tmpfs '" + dir.string() + "' 2>/dev/null";
        m_ok = ::geteuid() == 0 && std::system(cmd.c_str()) == 0;
    }
    ~Mount() {
        if (m_ok) std::system(("umount '" + m_dir.string() + "' 2>/dev/null").c_str());
    }
    Mount(const Mount&) = delete;
    Mount& operator=(const Mount&) = delete;
    bool ok() const { return m_ok; }
    bool read_only() { return std::system(("mount -o remount,ro '" + m_dir.string() + "'").c_str()) == 0; }

private:
    fs::path m_dir;
    bool m_ok = false;
};

TEST(ResultsIntegrity, AReadOnlyMountIsReadButNotWritten) {
    const auto dir = test::scratch("integrity-romount");
    Mount mount(dir / "m", "size=4m");
    if (!mount.ok())
        GTEST_SKIP() << "cannot mount a tmpfs here (needs root and a container that allows mount)";
    const fs::path db = dir / "m" / "results.db";
    fill(db, 3);
    ASSERT_TRUE(mount.read_only());
    const StoreError e = error_of([&] { SqliteStore s(db); });
    EXPECT_EQ(e.kind(), StoreErrorKind::CannotWrite) << e.what();
    EXPECT_TRUE(has(e.what(), "cannot write to the results database")) << e.what();
    EXPECT_TRUE(has(e.what(), "Read-only file system")) << e.what();
    SqliteStore reader(db, Access::ReadOnly);
    EXPECT_EQ(reader.trainees().size(), 3u);
    EXPECT_EQ(check_database(db).state, DatabaseHealth::State::Sound);
}

TEST(ResultsIntegrity, AReadOnlyFolderIsReadButNotWrittenWithoutRoot) {
    if (::geteuid() == 0)
        GTEST_SKIP() << "root writes through permission bits; the read-only mount test covers it";
    const auto dir = test::scratch("integrity-rofolder");
    const fs::path db = dir / "data" / "results.db";
    fill(db, 3);
    fs::permissions(dir / "data", fs::perms::owner_read | fs::perms::owner_exec);
    const StoreError e = error_of([&] { SqliteStore s(db); });
    SqliteStore reader(db, Access::ReadOnly);
    const auto n = reader.trainees().size();
    fs::permissions(dir / "data", fs::perms::owner_all);
    EXPECT_EQ(e.kind(), StoreErrorKind::CannotWrite) << e.what();
    EXPECT_EQ(n, 3u);
}

TEST(ResultsIntegrity, AFullDiskIsNamedAndTheDatabaseStaysAsItWas) {
    const auto dir = test::scratch("integrity-full");
    Mount mount(dir / "m", "size=512k");
    if (!mount.ok())
        GTEST_SKIP() << "cannot mount a tmpfs here (needs root and a container that allows mount)";
    const fs::path db = dir / "m" / "results.db";
    fill(db, 1);
    {
        std::ofstream filler(dir / "m" / "filler", std::ios::binary);
        const std::string block(4096, 'f');
        while (filler.write(block.data(), static_cast<std::streamsize>(block.size()))) filler.flush();
    }
    const StoreError e = error_of([&] {
        SqliteStore s(db);
        Trainee t;
        t.name = "Too many";
        s.add_trainee(t);
    });
    EXPECT_EQ(e.kind(), StoreErrorKind::DiskFull) << e.what();
    EXPECT_TRUE(has(e.what(), "the disk is full")) << e.what();
    EXPECT_FALSE(has(e.what(), "not a results database")) << e.what();
    fs::remove(dir / "m" / "filler");
    const DatabaseHealth h = check_database(db);
    EXPECT_EQ(h.state, DatabaseHealth::State::Sound);
    EXPECT_EQ(h.trainees, 1);
}

}  // namespace
}  // namespace salesim::results
