// The trainer passphrase: set on first use as an Argon2id hash only its owner can read, checked,
// changed only with the old one, and a damaged file named with its code instead of unlocking.
#include "salesim/app/trainer_lock.hpp"

#include "app_test_util.hpp"

#include <gtest/gtest.h>

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace salesim::app {
namespace {

namespace fs = std::filesystem;
using test::slurp;
using test::write_file;

class TrainerLockTest : public ::testing::Test {
protected:
    void SetUp() override {
        const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
        dir = fs::path(SALESIM_BINARY_DIR) / "app-test-scratch" /
              (std::string("lock-") + info->name() + "-" + std::to_string(::getpid()));
        fs::remove_all(dir);
        fs::create_directories(dir);
    }
    void TearDown() override { fs::remove_all(dir); }

    /// The code a call throws, or nothing when it throws no TrainerLockError.
    template <typename F>
    std::optional<LockError> code_of(F f) {
        try {
            f();
        } catch (const TrainerLockError& e) {
            EXPECT_EQ(e.file(), lock().file());
            return e.code();
        }
        return std::nullopt;
    }

    TrainerLock lock() const { return TrainerLock(trainer_passphrase_file(dir / "data")); }

    fs::path dir;
};

TEST_F(TrainerLockTest, SetOnFirstUseThenVerified) {
    const TrainerLock l = lock();
    EXPECT_EQ(l.file().filename(), "trainer-passphrase");
    EXPECT_FALSE(l.is_set());
    EXPECT_EQ(code_of([&] { (void)l.verify("anything at all"); }), LockError::NotSet);
    l.set("correct horse");
    EXPECT_TRUE(l.is_set());
    EXPECT_TRUE(l.verify("correct horse"));
    EXPECT_FALSE(l.verify("correct horsE"));
    EXPECT_FALSE(l.verify(""));
    // A second set would let anyone replace it: change() asks for the old one.
    EXPECT_EQ(code_of([&] { l.set("another passphrase"); }), LockError::AlreadySet);
    EXPECT_TRUE(l.verify("correct horse"));
}

TEST_F(TrainerLockTest, StoredAsArgon2idOnlyTheOwnerReads) {
    const TrainerLock l = lock();
    // Even with a umask that lets everyone read new files.
    const mode_t before = ::umask(0);
    l.set("correct horse");
    ::umask(before);
    struct stat st {};
    ASSERT_EQ(::stat(l.file().c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 07777, 0600u);
    const std::string text = slurp(l.file());
    EXPECT_EQ(text.rfind("$argon2id$", 0), 0u) << text;
    EXPECT_EQ(text.find("correct horse"), std::string::npos);
    // A file replaced by change() (made readable by hand meanwhile) is 0600 again.
    ASSERT_EQ(::chmod(l.file().c_str(), 0644), 0);
    l.change("correct horse", "battery staple");
    ASSERT_EQ(::stat(l.file().c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 07777, 0600u);
}

TEST_F(TrainerLockTest, TooShortRefused) {
    const TrainerLock l = lock();
    EXPECT_EQ(code_of([&] { l.set("seven77"); }), LockError::TooShort);
    EXPECT_FALSE(l.is_set());
    // Characters are counted, not bytes: eight letters with ä are enough, four are not.
    EXPECT_EQ(code_of([&] { l.set("äöäö"); }), LockError::TooShort);
    l.set("äöäöäöäö");
    EXPECT_TRUE(l.verify("äöäöäöäö"));
}

TEST_F(TrainerLockTest, ChangeNeedsTheOldOne) {
    const TrainerLock l = lock();
    l.set("correct horse");
    EXPECT_EQ(code_of([&] { l.change("wrong horse", "battery staple"); }), LockError::WrongPassphrase);
    EXPECT_TRUE(l.verify("correct horse"));
    EXPECT_EQ(code_of([&] { l.change("correct horse", "short"); }), LockError::TooShort);
    EXPECT_TRUE(l.verify("correct horse"));
    l.change("correct horse", "battery staple");
    EXPECT_FALSE(l.verify("correct horse"));
    EXPECT_TRUE(l.verify("battery staple"));
}

TEST_F(TrainerLockTest, DamagedFileIsNamedNotTrusted) {
    const TrainerLock l = lock();
    fs::create_directories(l.file().parent_path());
    for (const std::string& bytes : {std::string(), std::string("correct horse\n"),
                                     std::string("$argon2id$v=19$m=65536,t=2,p=1$garbage\n"),
                                     std::string("$argon2i$v=19$m=32768,t=4,p=1$c2FsdHNhbHRzYWx0c2FsdA$"
                                                 "aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaA\n"),
                                     std::string(5000, 'x')}) {
        write_file(l.file(), bytes);
        EXPECT_TRUE(l.is_set());
        std::optional<LockError> code = code_of([&] { (void)l.verify("correct horse"); });
        EXPECT_EQ(code, LockError::BadFile) << bytes.substr(0, 60);
        try {
            (void)l.verify("x");
        } catch (const TrainerLockError& e) {
            EXPECT_EQ(std::string(e.what()), l.file().string() + ": bad_file");
        }
        // Nor can it be changed with any old passphrase.
        EXPECT_EQ(code_of([&] { l.change("correct horse", "battery staple"); }), LockError::BadFile);
    }
    // A hash that gained a line end in an editor still works.
    fs::remove(l.file());
    l.set("correct horse");
    write_file(l.file(), slurp(l.file()) + "\r\n");
    EXPECT_TRUE(l.verify("correct horse"));
    // A folder where the file should be.
    fs::remove(l.file());
    fs::create_directories(l.file());
    EXPECT_EQ(code_of([&] { (void)l.verify("correct horse"); }), LockError::BadFile);
}

TEST_F(TrainerLockTest, ResetRemovesIt) {
    const TrainerLock l = lock();
    EXPECT_FALSE(l.reset());
    l.set("correct horse");
    EXPECT_TRUE(l.reset());
    EXPECT_FALSE(l.is_set());
    l.set("battery staple");
    EXPECT_TRUE(l.verify("battery staple"));
}

TEST_F(TrainerLockTest, WipeZeroesAndEmpties) {
    std::string s = "a passphrase longer than the small-string buffer";
    s.resize(3);
    const char* data = s.data();
    wipe_secret(s);
    EXPECT_TRUE(s.empty());
    EXPECT_EQ(s.data(), data);
    for (std::size_t i = 0; i < s.capacity(); ++i) EXPECT_EQ(data[i], '\0') << i;
}

TEST(TrainerLockShared, OnlySharedFoldersNeedTheUnlock) {
    const fs::path base = fs::temp_directory_path() / ("salesim-lock-" + std::to_string(::getpid()));
    fs::create_directories(base / "school" / "sales");
    fs::create_directories(base / "mine");
    const std::vector<std::string> shared{(base / "school").string() + "/"};
    EXPECT_TRUE(needs_trainer_unlock(base / "school" / "a.yaml", shared));
    EXPECT_TRUE(needs_trainer_unlock(base / "school" / "sales" / "new.yaml", shared));
    EXPECT_TRUE(needs_trainer_unlock(base / "mine" / ".." / "school" / "a.yaml", shared));
    EXPECT_FALSE(needs_trainer_unlock(base / "mine" / "a.yaml", shared));
    EXPECT_FALSE(needs_trainer_unlock(base / "schoolwork" / "a.yaml", shared));
    EXPECT_FALSE(needs_trainer_unlock(base / "school", shared));
    EXPECT_FALSE(needs_trainer_unlock(base / "school" / "a.yaml", {}));
    EXPECT_FALSE(needs_trainer_unlock({}, shared));
    // A link into the shared folder is the shared folder.
    fs::create_directory_symlink(base / "school", base / "mine" / "link");
    EXPECT_TRUE(needs_trainer_unlock(base / "mine" / "link" / "a.yaml", shared));
    fs::remove_all(base);
}

}  // namespace
}  // namespace salesim::app
