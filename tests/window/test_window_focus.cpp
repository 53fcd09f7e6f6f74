// The commands behind the keyboard journeys: focus goes back to the first control at every new
// decision and screen, quitting from the menu mid-play asks first and keeps the attempt, and a
// what-if remembers where it branched off.
#include "window/model/commands.hpp"

#include "game_fixture.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

using namespace salesim;
using namespace salesim::window;

namespace {

class WindowFocus : public salesim::window::testing::GameTest {
protected:
    static constexpr const char* tutorial = "tutorial-first-sale";
};

}  // namespace

TEST_F(WindowFocus, EveryNewDecisionAndScreenAsksForFocusOnItsFirstControl) {
    Game g = make();
    UiState ui;
    apply(g, ui, cmd::StartScenario{tutorial}, 1);
    ASSERT_TRUE(ui.error.empty()) << ui.error;
    EXPECT_EQ(ui.screen, Screen::Play);
    EXPECT_TRUE(ui.refocus);
    ui.refocus = false;  // the view took it
    apply(g, ui, cmd::Choose{0}, 1);
    EXPECT_TRUE(ui.refocus);
    ui.refocus = false;
    apply(g, ui, cmd::GoTo{Screen::Library}, 1);
    EXPECT_TRUE(ui.refocus);
    ui.refocus = false;
    while (g.session() && !g.session()->finished()) apply(g, ui, cmd::Choose{0}, 1);
    EXPECT_EQ(ui.screen, Screen::Debrief);
    EXPECT_TRUE(ui.refocus);
}

TEST_F(WindowFocus, QuittingFromTheMenuMidPlayAsksAndKeepsTheAttempt) {
    Game g = make();
    UiState ui;
    apply(g, ui, cmd::StartScenario{tutorial}, 1);
    apply(g, ui, cmd::Choose{0}, 1);
    apply(g, ui, cmd::AskQuit{}, 1);
    EXPECT_TRUE(ui.quit_ask);
    EXPECT_FALSE(ui.quit);
    apply(g, ui, cmd::CancelQuit{}, 1);
    EXPECT_FALSE(ui.quit_ask);
    EXPECT_FALSE(ui.quit);
    EXPECT_EQ(ui.screen, Screen::Play);
    EXPECT_EQ(g.session()->decisions().size(), 1u);

    apply(g, ui, cmd::AskQuit{}, 1);
    apply(g, ui, cmd::Quit{}, 1);
    EXPECT_TRUE(ui.quit);
    EXPECT_FALSE(ui.quit_ask);
    EXPECT_TRUE(std::filesystem::exists(g.files().autosave()));

    // The next start offers the attempt for resuming, with the decision made.
    Game again = make();
    ASSERT_TRUE(again.resume_offer().has_value());
    ASSERT_TRUE(again.resume_offer()->session.has_value()) << again.resume_offer()->problem;
    EXPECT_EQ(again.resume_offer()->session->choices().size(), 1u);
}

TEST_F(WindowFocus, QuittingFromTheMenuAnywhereElseDoesNotAsk) {
    Game g = make();
    UiState ui;
    ui.screen = Screen::Library;
    apply(g, ui, cmd::AskQuit{}, 1);
    EXPECT_TRUE(ui.quit);
    EXPECT_FALSE(ui.quit_ask);

    // A finished attempt has nothing to lose either.
    UiState done;
    apply(g, done, cmd::StartScenario{tutorial}, 1);
    while (!g.session()->finished()) apply(g, done, cmd::Choose{0}, 1);
    apply(g, done, cmd::GoTo{Screen::Play}, 1);
    apply(g, done, cmd::AskQuit{}, 1);
    EXPECT_TRUE(done.quit);
}

TEST_F(WindowFocus, AWhatIfRemembersWhereItBranchedOffUntilANewAttempt) {
    Game g = make();
    UiState ui;
    apply(g, ui, cmd::StartScenario{tutorial}, 1);
    while (!g.session()->finished()) apply(g, ui, cmd::Choose{0}, 1);
    EXPECT_FALSE(ui.what_if_from.has_value());
    apply(g, ui, cmd::Rewind{2}, 1);
    ASSERT_TRUE(ui.error.empty()) << ui.error;
    EXPECT_EQ(ui.what_if_from, std::size_t{2});
    EXPECT_EQ(ui.screen, Screen::Play);
    EXPECT_TRUE(ui.refocus);
    apply(g, ui, cmd::StartScenario{tutorial}, 1);
    EXPECT_FALSE(ui.what_if_from.has_value());
}
