// The results database from the command line, run as a user would: a damaged file refused for
// writing and restored by `salesim doctor`, reading commands in a read-only folder, a full disk, a
// file that is not a database and one from a newer version, each named for what it is, never with
// the misuse exit code.
#include "../cli/run_salesim.hpp"

#include <gtest/gtest.h>

#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using salesim::test::run_salesim;
using salesim::test::RunResult;
using salesim::test::slurp;

namespace {

const std::string choices = "3,3,2,3,1,2,1,2,4,3,5,4,1,1,1,2,2";  // the tutorial's golden play

bool has(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

// `n` bytes of noise, the same every run.
std::string noise(std::size_t n) {
    std::string out(n, '\0');
    std::uint32_t x = 88675123u;
    for (char& c : out) {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        c = static_cast<char>(x & 0xff);
    }
    return out;
}

void put_bytes(const fs::path& p, std::size_t at, const std::string& bytes) {
    std::fstream f(p, std::ios::binary | std::ios::in | std::ios::out);
    f.seekp(static_cast<std::streamoff>(at));
    f.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

class CliDb : public ::testing::Test {
protected:
    void SetUp() override {
        const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
        m_dir = fs::path(SALESIM_BINARY_DIR) / "test_cli_db" / info->name();
        std::system(("umount '" + (m_dir / "m").string() + "' 2>/dev/null").c_str());  // a run cut short
        fs::remove_all(m_dir);
        fs::create_directories(m_dir);
        m_data = m_dir / "data";
    }
    void TearDown() override {
        if (m_mounted) std::system(("umount '" + (m_dir / "m").string() + "'").c_str());
    }
    /// Runs salesim with its results in m_data.
    RunResult run(std::vector<std::string> args) {
        args.insert(args.begin(), {"--data-dir", m_data.string()});
        return run_salesim(args, m_dir);
    }
    /// Puts the data folder on a tmpfs of `size`; false where mounting is not allowed.
    bool mount_tmpfs(const std::string& size) {
        fs::create_directories(m_dir / "m");
        const std::string cmd =
            "mount -t tmpfs -o size=" + size + " tmpfs '" + (m_dir / "m").string() + "' 2>/dev/null";
        m_mounted = ::geteuid() == 0 && std::system(cmd.c_str()) == 0;
        m_data = m_dir / "m" / "data";
        return m_mounted;
    }
    /// Two trainees and a finished play: something worth reading.
    void record_some() {
        ASSERT_EQ(run({"trainee", "add", "Anna Virtanen"}).code, 0);
        ASSERT_EQ(run({"group", "add", "Class A"}).code, 0);
        ASSERT_EQ(run({"group", "join", "Class A", "Anna Virtanen"}).code, 0);
        const RunResult p = run({"play", "tutorial-first-sale", "--seed", "7", "--choices", choices,
                                 "--trainee", "Anna Virtanen"});
        ASSERT_EQ(p.code, 0) << p.err;
    }
    fs::path db() const { return m_data / "results.db"; }

    fs::path m_dir;
    fs::path m_data;
    bool m_mounted = false;
};

}  // namespace

TEST_F(CliDb, ADamagedDatabaseIsNotWrittenToAndDoctorRestoresTheBackup) {
    record_some();
    // A day later the next write takes the backup again, before Ben 0 is added.
    ASSERT_TRUE(fs::exists(m_data / "results.db.bak"));
    fs::last_write_time(m_data / "results.db.bak", fs::file_time_type::clock::now() - std::chrono::hours(25));
    for (int i = 0; i < 25; ++i) ASSERT_EQ(run({"trainee", "add", "Ben " + std::to_string(i)}).code, 0);
    ASSERT_EQ(run({"doctor"}).code, 0);

    put_bytes(db(), fs::file_size(db()) / 2, noise(4096));
    const std::string damaged = slurp(db());

    const RunResult add = run({"trainee", "add", "Cleo"});
    EXPECT_EQ(add.code, 1);
    EXPECT_TRUE(has(add.err,
                    db().string() + ": error: the results database is damaged, so nothing was written to it"))
        << add.err;
    EXPECT_TRUE(has(add.err, "help: run `salesim doctor --data-dir " + m_data.string() + "`")) << add.err;
    const RunResult play = run(
        {"play", "tutorial-first-sale", "--seed", "7", "--choices", choices, "--trainee", "Anna Virtanen"});
    EXPECT_EQ(play.code, 0) << play.err;  // the play goes on, unrecorded, and says so
    EXPECT_TRUE(has(play.err, "the results database is damaged")) << play.err;
    EXPECT_TRUE(has(play.err, "not being recorded")) << play.err;
    EXPECT_EQ(slurp(db()), damaged);

    // Reading commands read what they can; a failure is a failure (1), never the misuse code (2).
    for (const std::vector<std::string>& args : {std::vector<std::string>{"report"},
                                                 {"export", "--format", "csv"},
                                                 {"trainee", "list"},
                                                 {"attempt", "list"}}) {
        const RunResult r = run(args);
        EXPECT_NE(r.code, 2) << args[0] << "\n" << r.err;
        if (r.code != 0) {
            EXPECT_EQ(r.code, 1) << args[0];
            EXPECT_TRUE(has(r.err, "the results database is damaged")) << args[0] << "\n" << r.err;
        }
    }
    EXPECT_EQ(slurp(db()), damaged);

    const RunResult doctor = run({"doctor"});
    EXPECT_EQ(doctor.code, 1);
    EXPECT_TRUE(
        has(doctor.out,
            db().string() + ": error: the results database is damaged; PRAGMA integrity_check found:\n  "))
        << doctor.out;
    EXPECT_TRUE(has(doctor.out, "backup: " + db().string() + ".bak, taken ")) << doctor.out;
    EXPECT_TRUE(has(doctor.out, ": sound\n")) << doctor.out;
    EXPECT_TRUE(has(doctor.out, "help: `salesim doctor --restore --data-dir " + m_data.string() +
                                    "` keeps the damaged file as " + db().string() + ".damaged"))
        << doctor.out;

    const RunResult restore = run({"doctor", "--restore"});
    EXPECT_EQ(restore.code, 0) << restore.out << restore.err;
    EXPECT_TRUE(has(restore.out, "is in place; the damaged file is kept as " + db().string() + ".damaged"))
        << restore.out;
    // (whatever schema version this program writes)
    EXPECT_TRUE(has(restore.out, db().string() + ": ok (schema version ")) << restore.out;
    EXPECT_TRUE(has(restore.out, "; trainees: 1, attempts: 1)")) << restore.out;
    EXPECT_EQ(slurp(m_data / "results.db.damaged"), damaged);
    const RunResult list = run({"trainee", "list"});
    EXPECT_EQ(list.code, 0);
    EXPECT_TRUE(has(list.out, "Anna Virtanen")) << list.out;
    EXPECT_FALSE(has(list.out, "Ben 0")) << list.out;  // recorded after the backup
    EXPECT_EQ(run({"trainee", "add", "Cleo"}).code, 0);
    // A sound database is not replaced.
    const RunResult again = run({"doctor", "--restore"});
    EXPECT_EQ(again.code, 1);
    EXPECT_TRUE(has(again.err, "--restore replaces only a damaged or missing results database")) << again.err;
}

TEST_F(CliDb, ReadingADamagedDatabaseFailsWithOneAndSaysWhatToDo) {
    record_some();
    // Every page but the first (the header and the schema) is noise.
    put_bytes(db(), 4096, noise(fs::file_size(db()) - 4096));
    for (const std::vector<std::string>& args : {std::vector<std::string>{"report"},
                                                 {"report", "--json"},
                                                 {"export", "--format", "csv"},
                                                 {"trainee", "list"},
                                                 {"attempt", "list"},
                                                 {"group", "list"}}) {
        const RunResult r = run(args);
        EXPECT_EQ(r.code, 1) << args[0] << "\n" << r.out << r.err;
        EXPECT_TRUE(has(r.err, db().string() + ": error: the results database is damaged (")) << r.err;
        EXPECT_TRUE(has(r.err, "help: run `salesim doctor --data-dir " + m_data.string() + "`")) << r.err;
    }
}

TEST_F(CliDb, DoctorOnAFolderWithoutResultsCreatesNothing) {
    const RunResult r = run({"doctor"});
    EXPECT_EQ(r.code, 0);
    EXPECT_EQ(r.out, db().string() + ": there is no results database yet; nothing to check\n");
    const RunResult report = run({"report"});
    EXPECT_EQ(report.code, 0) << report.err;
    EXPECT_FALSE(fs::exists(m_data));
    const RunResult restore = run({"doctor", "--restore"});
    EXPECT_EQ(restore.code, 1);
    EXPECT_TRUE(has(restore.err, "there is no backup to restore")) << restore.err;
}

TEST_F(CliDb, ReadingCommandsWorkOnAReadOnlyMount) {
    if (!mount_tmpfs("8m"))
        GTEST_SKIP() << "cannot mount a tmpfs here (needs root and a container that allows mount)";
    record_some();
    ASSERT_EQ(std::system(("mount -o remount,ro '" + (m_dir / "m").string() + "'").c_str()), 0);
    const RunResult report = run({"report"});
    EXPECT_EQ(report.code, 0) << report.err;
    EXPECT_TRUE(has(report.out, "Anna Virtanen")) << report.out;
    for (const std::vector<std::string>& args : {std::vector<std::string>{"export", "--format", "csv"},
                                                 {"trainee", "list"},
                                                 {"group", "list"},
                                                 {"attempt", "list"},
                                                 {"doctor"}}) {
        const RunResult r = run(args);
        EXPECT_EQ(r.code, 0) << args[0] << "\n" << r.err;
    }
    const RunResult add = run({"trainee", "add", "Cleo"});
    EXPECT_EQ(add.code, 1);
    EXPECT_TRUE(has(add.err, "cannot write to the results database: it or its folder is read-only"))
        << add.err;
    EXPECT_TRUE(has(add.err, "Read-only file system")) << add.err;
    EXPECT_FALSE(has(add.err, "not a results database")) << add.err;
    EXPECT_FALSE(has(add.err, "move the file away")) << add.err;
}

TEST_F(CliDb, ReadingCommandsWorkInAReadOnlyFolderWithoutRoot) {
    if (::geteuid() == 0)
        GTEST_SKIP() << "root writes through permission bits; the read-only mount test covers it";
    record_some();
    fs::permissions(m_data, fs::perms::owner_read | fs::perms::owner_exec);
    const RunResult report = run({"report"});
    const RunResult add = run({"trainee", "add", "Cleo"});
    fs::permissions(m_data, fs::perms::owner_all);
    EXPECT_EQ(report.code, 0) << report.err;
    EXPECT_TRUE(has(report.out, "Anna Virtanen")) << report.out;
    EXPECT_EQ(add.code, 1);
    EXPECT_TRUE(has(add.err, "cannot write to the results database")) << add.err;
}

TEST_F(CliDb, AFullDiskIsReportedAsSuch) {
    if (!mount_tmpfs("1m"))
        GTEST_SKIP() << "cannot mount a tmpfs here (needs root and a container that allows mount)";
    ASSERT_EQ(run({"trainee", "add", "Anna Virtanen"}).code, 0);
    {
        std::ofstream filler(m_dir / "m" / "filler", std::ios::binary);
        const std::string block(4096, 'f');
        while (filler.write(block.data(), static_cast<std::streamsize>(block.size()))) filler.flush();
    }
    const RunResult add = run({"trainee", "add", "Ben"});
    EXPECT_EQ(add.code, 1);
    EXPECT_TRUE(has(add.err, "the disk is full")) << add.err;
    EXPECT_TRUE(has(add.err, "help: free some space on the disk that holds " + m_data.string())) << add.err;
    EXPECT_FALSE(has(add.err, "not a results database")) << add.err;
    fs::remove(m_dir / "m" / "filler");
    const RunResult doctor = run({"doctor"});
    EXPECT_EQ(doctor.code, 0) << doctor.out;
    EXPECT_TRUE(has(doctor.out, "ok (schema version ")) << doctor.out;
    EXPECT_TRUE(has(doctor.out, "; trainees: 1, attempts: 0)")) << doctor.out;
}

TEST_F(CliDb, AFileThatIsNotADatabaseIsNamedAndLeftAlone) {
    fs::create_directories(m_data);
    std::ofstream(db()) << "name,score\nAnna,90\n";
    for (const std::vector<std::string>& args :
         {std::vector<std::string>{"trainee", "add", "Cleo"}, {"report"}, {"export", "--format", "csv"}}) {
        const RunResult r = run(args);
        EXPECT_EQ(r.code, 1) << args[0];
        EXPECT_TRUE(
            has(r.err, db().string() + ": error: not a results database (the file is not a SQLite database)"))
            << r.err;
        EXPECT_FALSE(has(r.err, "damaged")) << r.err;
    }
    const RunResult doctor = run({"doctor"});
    EXPECT_EQ(doctor.code, 1);
    EXPECT_TRUE(has(doctor.out, "not a results database: the file is not a SQLite database")) << doctor.out;
    EXPECT_EQ(slurp(db()), "name,score\nAnna,90\n");
}

TEST_F(CliDb, ADatabaseFromANewerVersionIsNamedAndLeftAlone) {
    ASSERT_EQ(run({"trainee", "add", "Anna Virtanen"}).code, 0);
    put_bytes(db(), 60, std::string("\0\0\0\x09", 4));  // user_version, big-endian at byte 60
    const std::string before = slurp(db());
    for (const std::vector<std::string>& args :
         {std::vector<std::string>{"trainee", "add", "Cleo"}, {"report"}}) {
        const RunResult r = run(args);
        EXPECT_EQ(r.code, 1) << args[0];
        EXPECT_TRUE(has(r.err, "has schema version 9, but this program understands up to version ")) << r.err;
    }
    const RunResult doctor = run({"doctor"});
    EXPECT_EQ(doctor.code, 1);
    EXPECT_TRUE(has(doctor.out, "schema version 9: it was written by a newer Salesim")) << doctor.out;
    EXPECT_EQ(slurp(db()), before);
}
