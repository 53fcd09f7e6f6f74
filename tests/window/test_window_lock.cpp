// The trainer passphrase in the window: the Trainer view, "Run a class" and saving into a school's
// shared folder wait for it; set on first use, asked for afterwards, a wrong one keeps them locked,
// Cancel leaves the trainee where they were, and a new trainee locks them again.
#include "game_fixture.hpp"

#include "window/model/commands.hpp"

#include <salesim/app/trainer_lock.hpp>

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

using namespace salesim;
using namespace salesim::window;

namespace {

namespace fs = std::filesystem;

class WindowLock : public salesim::window::testing::GameTest {
protected:
    /// Types into the open dialog and sends it.
    static void submit(Game& g, UiState& ui, const std::string& passphrase, const std::string& repeat = {},
                       const std::string& old = {}) {
        ui.lock.passphrase = passphrase;
        ui.lock.repeat = repeat;
        ui.lock.old_passphrase = old;
        apply(g, ui, cmd::SubmitPassphrase{}, 1);
    }
    static UiState at_library() {
        UiState ui;
        ui.screen = Screen::Library;
        return ui;
    }
};

TEST_F(WindowLock, FirstUseSetsItAndCancelStaysWhereItWas) {
    Game g = make();
    UiState ui = at_library();
    apply(g, ui, cmd::GoTo{Screen::Trainer}, 1);
    EXPECT_EQ(ui.screen, Screen::Library);
    ASSERT_TRUE(ui.lock.open);
    EXPECT_EQ(ui.lock.kind, LockForm::Kind::Set);
    apply(g, ui, cmd::CancelPassphrase{}, 1);
    EXPECT_FALSE(ui.lock.open);
    EXPECT_TRUE(ui.lock.then.empty());
    EXPECT_EQ(ui.screen, Screen::Library);
    EXPECT_FALSE(g.trainer_unlocked());

    apply(g, ui, cmd::GoTo{Screen::Trainer}, 1);
    submit(g, ui, "short", "short");
    EXPECT_TRUE(ui.lock.open);
    EXPECT_EQ(ui.lock.error, "The passphrase needs at least 8 characters.");
    EXPECT_TRUE(ui.lock.passphrase.empty()) << "what was typed is wiped after every try";
    submit(g, ui, "lemonade42", "lemonade24");
    EXPECT_EQ(ui.lock.error, "The two passphrases differ. Type them again.");
    EXPECT_FALSE(g.trainer_lock().is_set());
    submit(g, ui, "lemonade42", "lemonade42");
    EXPECT_FALSE(ui.lock.open);
    EXPECT_TRUE(ui.lock.passphrase.empty() && ui.lock.repeat.empty());
    EXPECT_EQ(ui.screen, Screen::Trainer);
    EXPECT_TRUE(g.trainer_unlocked());
    EXPECT_TRUE(fs::exists(app::trainer_passphrase_file(dir)));
}

TEST_F(WindowLock, LaterAskedForAndAWrongOneKeepsItLocked) {
    app::TrainerLock(app::trainer_passphrase_file(dir)).set("lemonade42");
    Game g = make();
    UiState ui = at_library();
    apply(g, ui, cmd::GoTo{Screen::Trainer}, 1);
    ASSERT_TRUE(ui.lock.open);
    EXPECT_EQ(ui.lock.kind, LockForm::Kind::Unlock);
    submit(g, ui, "lemonade24");
    EXPECT_TRUE(ui.lock.open);
    EXPECT_EQ(ui.lock.error, "That is not the trainer passphrase. Try again.");
    EXPECT_EQ(ui.screen, Screen::Library);
    EXPECT_FALSE(g.trainer_unlocked());
    submit(g, ui, "lemonade42");
    EXPECT_FALSE(ui.lock.open);
    EXPECT_EQ(ui.screen, Screen::Trainer);

    // Lock: back to the library, and the next visit asks again.
    apply(g, ui, cmd::LockTrainer{}, 1);
    EXPECT_FALSE(g.trainer_unlocked());
    EXPECT_NE(ui.screen, Screen::Trainer);
    apply(g, ui, cmd::GoTo{Screen::Trainer}, 1);
    EXPECT_TRUE(ui.lock.open);
}

TEST_F(WindowLock, ANewTraineeLocksItAgain) {
    app::TrainerLock(app::trainer_passphrase_file(dir)).set("lemonade42");
    Game g = make();
    g.set_name("Anna");
    UiState ui = at_library();
    ASSERT_TRUE(g.unlock_trainer("lemonade42"));
    g.set_name("Anna");
    EXPECT_TRUE(g.trainer_unlocked()) << "the same trainee keeps it open";
    apply(g, ui, cmd::SetName{"Bea"}, 1);
    EXPECT_FALSE(g.trainer_unlocked());
    apply(g, ui, cmd::GoTo{Screen::Trainer}, 1);
    EXPECT_TRUE(ui.lock.open);
    EXPECT_EQ(ui.screen, Screen::Library);
}

TEST_F(WindowLock, RunAClassWaitsForTheUnlockThenOpens) {
    app::TrainerLock(app::trainer_passphrase_file(dir)).set("lemonade42");
    Game g = make();
    UiState ui = at_library();
    // What --view run-class sends: both wait, in order.
    apply(g, ui, cmd::GoTo{Screen::Trainer}, 1);
    apply(g, ui, cmd::OpenRunClass{}, 1);
    EXPECT_FALSE(ui.run.open);
    EXPECT_EQ(ui.lock.then.size(), 2u);
    submit(g, ui, "lemonade42");
    EXPECT_EQ(ui.screen, Screen::Trainer);
    EXPECT_TRUE(ui.run.open);
}

TEST_F(WindowLock, DamagedFileSaysWhoToAsk) {
    fs::create_directories(dir);
    std::ofstream(app::trainer_passphrase_file(dir)) << "not a hash\n";
    Game g = make();
    UiState ui = at_library();
    apply(g, ui, cmd::GoTo{Screen::Trainer}, 1);
    EXPECT_EQ(ui.lock.kind, LockForm::Kind::Unlock);
    submit(g, ui, "lemonade42");
    EXPECT_FALSE(g.trainer_unlocked());
    EXPECT_NE(ui.lock.error.find(app::trainer_passphrase_file(dir).string() + " is damaged"),
              std::string::npos)
        << ui.lock.error;
    EXPECT_NE(ui.lock.error.find("Ask the person who set up Salesim"), std::string::npos) << ui.lock.error;
}

TEST_F(WindowLock, ChangedFromTheSettingsWithTheOldOne) {
    app::TrainerLock(app::trainer_passphrase_file(dir)).set("lemonade42");
    Game g = make();
    UiState ui = at_library();
    ui.settings_open = true;
    apply(g, ui, cmd::ChangePassphrase{}, 1);
    EXPECT_FALSE(ui.settings_open);
    ASSERT_TRUE(ui.lock.open);
    EXPECT_EQ(ui.lock.kind, LockForm::Kind::Change);
    submit(g, ui, "battery staple", "battery staple", "lemonade24");
    EXPECT_EQ(ui.lock.error, "That is not the trainer passphrase. Try again.");
    EXPECT_TRUE(g.trainer_lock().verify("lemonade42"));
    submit(g, ui, "battery staple", "battery staple", "lemonade42");
    EXPECT_FALSE(ui.lock.open);
    EXPECT_TRUE(ui.lock.changed);
    EXPECT_TRUE(ui.settings_open) << "back to the settings it was opened from";
    EXPECT_TRUE(g.trainer_lock().verify("battery staple"));
}

TEST_F(WindowLock, SavingIntoASharedFolderAsksFirst) {
    const std::string src = SALESIM_SOURCE_DIR;
    const fs::path shared = dir / "school";
    fs::create_directories(shared);
    app::TrainerLock(app::trainer_passphrase_file(dir)).set("lemonade42");
    Game g(dir.string(), src + "/scenarios", src + "/assets");
    g.set_own_folders({shared.string()});
    g.load();
    UiState ui = at_library();

    const fs::path own = dir / "scenarios" / "mine.yaml";
    fs::create_directories(own.parent_path());
    apply(g, ui, cmd::EditorNew{own.string()}, 1);
    apply(g, ui, cmd::EditorSave{}, 1);
    EXPECT_FALSE(ui.lock.open) << "the user's own folder needs no passphrase";
    EXPECT_TRUE(fs::exists(own)) << ui.error;

    const fs::path theirs = shared / "shared.yaml";
    apply(g, ui, cmd::EditorNew{theirs.string()}, 1);
    apply(g, ui, cmd::EditorSave{}, 1);
    EXPECT_TRUE(ui.lock.open);
    EXPECT_FALSE(fs::exists(theirs));
    apply(g, ui, cmd::CancelPassphrase{}, 1);
    EXPECT_FALSE(fs::exists(theirs));
    EXPECT_EQ(ui.screen, Screen::Editor);
    apply(g, ui, cmd::EditorSave{}, 1);
    submit(g, ui, "lemonade42");
    EXPECT_TRUE(fs::exists(theirs)) << ui.error;
    EXPECT_EQ(ui.screen, Screen::Editor);
}

}  // namespace
