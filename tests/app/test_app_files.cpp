// The durable file writer and the user's folders: what is written, what is refused, what survives.
#include <salesim/app/data_dirs.hpp>
#include <salesim/app/durable_file.hpp>

#include <gtest/gtest.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace salesim::app {
namespace {

namespace fs = std::filesystem;

std::string slurp(const fs::path& p) {
    std::ifstream f(p, std::ios::binary);
    std::stringstream s;
    s << f.rdbuf();
    return s.str();
}

void spit(const fs::path& p, const std::string& text) {
    std::ofstream(p, std::ios::binary) << text;
}

std::string error_of(const fs::path& p, const std::string& bytes, const WriteOptions& o = {}) {
    try {
        write_file_durable(p, bytes, o);
    } catch (const FileWriteError& e) {
        return e.what();
    }
    return "(no error)";
}

std::size_t entries(const fs::path& dir) {
    std::size_t n = 0;
    for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir)) ++n;
    return n;
}

class DurableFile : public ::testing::Test {
protected:
    void SetUp() override {
        dir = fs::path(SALESIM_BINARY_DIR) / "app-test-scratch" /
              (std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()) + "-" +
               std::to_string(::getpid()));
        fs::remove_all(dir);
        fs::create_directories(dir);
    }
    void TearDown() override {
        std::error_code ec;
        fs::permissions(dir, fs::perms::owner_all, fs::perm_options::add, ec);
        fs::remove_all(dir, ec);
    }
    fs::path dir;
};

TEST_F(DurableFile, WritesAndReplacesTheContentLeavingNothingElse) {
    const auto p = dir / "out.json";
    write_file_durable(p, "first\n");
    EXPECT_EQ(slurp(p), "first\n");
    write_file_durable(p, std::string("second ä\0x", 11));
    EXPECT_EQ(slurp(p), std::string("second ä\0x", 11));
    write_file_durable(p, "");
    EXPECT_EQ(slurp(p), "");
    EXPECT_EQ(entries(dir), 1u);  // no temporary file left beside it
}

TEST_F(DurableFile, NewFilesFollowTheUmaskAndReplacedFilesKeepTheirMode) {
    const mode_t old = ::umask(027);
    write_file_durable(dir / "new.txt", "x");
    ::umask(old);
    EXPECT_EQ(fs::status(dir / "new.txt").permissions(),
              fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read);
    spit(dir / "kept.txt", "old");
    fs::permissions(dir / "kept.txt", fs::perms::owner_read | fs::perms::owner_write);
    write_file_durable(dir / "kept.txt", "new");
    EXPECT_EQ(fs::status(dir / "kept.txt").permissions(), fs::perms::owner_read | fs::perms::owner_write);
}

TEST_F(DurableFile, CreatesTheFolderOnlyWhenAsked) {
    const auto p = dir / "a" / "b" / "c.txt";
    const std::string e = error_of(p, "x");
    EXPECT_NE(e.find(p.string() + ": error: cannot create a temporary file in"), std::string::npos) << e;
    EXPECT_NE(e.find("No such file or directory"), std::string::npos) << e;
    write_file_durable(p, "x", {.create_folder = true});
    EXPECT_EQ(slurp(p), "x");
}

TEST_F(DurableFile, ASymlinkIsRefusedAndItsTargetUntouched) {
    const auto victim = dir / "victim.txt";
    spit(victim, "precious");
    fs::create_symlink(victim, dir / "link.txt");
    const std::string e = error_of(dir / "link.txt", "overwritten");
    EXPECT_NE(e.find((dir / "link.txt").string() + ": error: is a symbolic link"), std::string::npos) << e;
    EXPECT_EQ(slurp(victim), "precious");
    EXPECT_TRUE(fs::is_symlink(dir / "link.txt"));
    EXPECT_EQ(entries(dir), 2u);
    // A dangling link is refused as well: writing would create a file wherever it points.
    fs::create_symlink(dir / "nowhere.txt", dir / "dangling.txt");
    EXPECT_NE(error_of(dir / "dangling.txt", "x").find("is a symbolic link"), std::string::npos);
    EXPECT_FALSE(fs::exists(dir / "nowhere.txt"));
}

TEST_F(DurableFile, ASymlinkIsFollowedWhenAskedAndStaysALink) {
    fs::create_directories(dir / "real");
    spit(dir / "real" / "scenario.yaml", "old");
    fs::create_symlink(fs::path("real") / "scenario.yaml", dir / "scenario.yaml");
    write_file_durable(dir / "scenario.yaml", "new", {.follow_symlink = true});
    EXPECT_TRUE(fs::is_symlink(dir / "scenario.yaml"));
    EXPECT_EQ(slurp(dir / "real" / "scenario.yaml"), "new");
}

TEST_F(DurableFile, DevicesFoldersAndPipesAreRefused) {
    std::string e = error_of("/dev/null", "x");
    EXPECT_EQ(e, "/dev/null: error: is a character device, not a regular file; refusing to replace it");
    e = error_of("/dev/full", "x");
    EXPECT_NE(e.find("/dev/full: error: is a character device"), std::string::npos) << e;
    fs::create_directories(dir / "folder.json");
    e = error_of(dir / "folder.json", "x");
    EXPECT_NE(e.find("folder.json: error: is a folder, not a regular file"), std::string::npos) << e;
    EXPECT_TRUE(fs::is_directory(dir / "folder.json"));
    ASSERT_EQ(::mkfifo((dir / "pipe").c_str(), 0600), 0);
    e = error_of(dir / "pipe", "x");
    EXPECT_NE(e.find("pipe: error: is a named pipe (FIFO)"), std::string::npos) << e;
    EXPECT_EQ(entries(dir), 2u);  // the folder and the pipe, no temporary file
    e = error_of(dir / "folder.json" / "", "x");
    EXPECT_NE(e.find("names a folder, not a file"), std::string::npos) << e;
}

TEST_F(DurableFile, APlantedLinkAtAPredictableTemporaryNameIsNotFollowed) {
    const auto victim = dir / "victim.txt";
    spit(victim, "precious");
    // The names writers used before (FILE.tmp) and the prefix of the name mkstemp picks now.
    for (const char* name : {"save.json.tmp", ".save.json.tmp", ".save.json.XXXXXX", ".save.json.000000"})
        fs::create_symlink(victim, dir / name);
    write_file_durable(dir / "save.json", "saved");
    EXPECT_EQ(slurp(dir / "save.json"), "saved");
    EXPECT_FALSE(fs::is_symlink(dir / "save.json"));
    EXPECT_EQ(slurp(victim), "precious");
    EXPECT_EQ(entries(dir), 6u);
}

TEST_F(DurableFile, AReadOnlyFolderGivesAClearErrorAndKeepsTheOldFile) {
    const auto p = dir / "settings.json";
    spit(p, "old");
    fs::permissions(dir, fs::perms::owner_read | fs::perms::owner_exec);
    // root writes into a read-only folder anyway: then there is nothing to test here.
    const int probe = ::open((dir / "probe").c_str(), O_WRONLY | O_CREAT | O_EXCL, 0600);
    if (probe >= 0) {
        ::close(probe);
        ::unlink((dir / "probe").c_str());
        GTEST_SKIP() << "permissions are not enforced for this user";
    }
    const std::string e = error_of(p, "new");
    EXPECT_EQ(e, p.string() + ": error: cannot create a temporary file in " + dir.string() +
                     " (Permission denied)");
    EXPECT_EQ(slurp(p), "old");
}

TEST_F(DurableFile, AFolderNothingCanBeCreatedInGivesAClearError) {
    // Holds for root as well: /proc takes no new files.
    const std::string e = error_of("/proc/self/salesim-test.json", "x");
    EXPECT_EQ(
        e.rfind("/proc/self/salesim-test.json: error: cannot create a temporary file in /proc/self (", 0), 0u)
        << e;
}

TEST(DataDirs, FollowXdgThenHomeAndTheOverride) {
    ::setenv("XDG_DATA_HOME", "/tmp/xdg-data", 1);
    ::setenv("XDG_CONFIG_HOME", "/tmp/xdg-config", 1);
    ::setenv("XDG_CACHE_HOME", "/tmp/xdg-cache", 1);
    EXPECT_EQ(user_data_dir().string(), "/tmp/xdg-data/salesim");
    EXPECT_EQ(user_config_dir().string(), "/tmp/xdg-config/salesim");
    EXPECT_EQ(user_cache_dir().string(), "/tmp/xdg-cache/salesim");
    EXPECT_EQ(results_db_path().string(), "/tmp/xdg-data/salesim/results.db");
    EXPECT_EQ(user_data_dir("/x/y").string(), "/x/y");
    EXPECT_EQ(results_db_path("/x/y").string(), "/x/y/results.db");
    // Relative XDG paths are ignored, as the specification says.
    ::setenv("XDG_DATA_HOME", "relative", 1);
    ::unsetenv("XDG_CONFIG_HOME");
    ::unsetenv("XDG_CACHE_HOME");
    ::setenv("HOME", "/home/h", 1);
    EXPECT_EQ(user_data_dir().string(), "/home/h/.local/share/salesim");
    EXPECT_EQ(user_config_dir().string(), "/home/h/.config/salesim");
    EXPECT_EQ(user_cache_dir().string(), "/home/h/.cache/salesim");
}

}  // namespace
}  // namespace salesim::app
