// Modes in the window: the setting (saved, and guided for a settings file written before modes),
// the library's choice for the next attempt, a group's required mode, and hints off in assessment.
#include "window/model/game.hpp"

#include "game_fixture.hpp"

#include "window/model/commands.hpp"
#include "window/model/prefs.hpp"

#include <gtest/gtest.h>

#include <salesim/results/sqlite_store.hpp>

#include <filesystem>
#include <fstream>

using namespace salesim;
using namespace salesim::window;
namespace res = salesim::results;

namespace {

const std::string tutorial = "tutorial-first-sale";

class WindowModes : public salesim::window::testing::GameTest {};

}  // namespace

TEST(WindowPrefs, SettingsWrittenBeforeModesLoadAsGuidedAndTheModeRoundTrips) {
    const Prefs old = prefs_from_json(R"({"format": 1, "name": "Anna", "lang": "fi", "scale": 125,
                                          "theme": "light"})",
                                      "settings.json");
    EXPECT_EQ(old.mode, Mode::Guided);
    EXPECT_EQ(old.lang, "fi");
    Prefs p = old;
    p.mode = Mode::Assessment;
    EXPECT_EQ(prefs_from_json(prefs_to_json(p), "settings.json").mode, Mode::Assessment);
    // An unknown mode is ignored like any unknown value: the default stays.
    EXPECT_EQ(prefs_from_json(R"({"mode": "exam"})", "settings.json").mode, Mode::Guided);
}

TEST_F(WindowModes, TheSettingIsSavedAndNewAttemptsStartInIt) {
    {
        Game g = make();
        UiState ui;
        apply(g, ui, cmd::SetMode{Mode::Practice}, 1);
        ASSERT_TRUE(ui.error.empty()) << ui.error;
        apply(g, ui, cmd::StartScenario{tutorial}, 5);
        EXPECT_EQ(g.attempt().mode(), Mode::Practice);
    }
    Game again = make();
    EXPECT_EQ(again.prefs().mode, Mode::Practice);
}

TEST_F(WindowModes, TheLibrarysChoiceWinsOverTheSettingForTheNextAttempt) {
    Game g = make();
    UiState ui;
    apply(g, ui, cmd::PickStartMode{Mode::Assessment}, 1);
    EXPECT_EQ(g.mode_for(ui.start_mode), Mode::Assessment);
    apply(g, ui, cmd::StartScenario{tutorial, ui.start_mode}, 5);
    EXPECT_EQ(g.attempt().mode(), Mode::Assessment);
    EXPECT_EQ(g.prefs().mode, Mode::Guided);  // the setting itself is unchanged
    // Changing the setting makes the library offer it again.
    apply(g, ui, cmd::SetMode{Mode::Practice}, 1);
    EXPECT_FALSE(ui.start_mode);
    EXPECT_EQ(g.mode_for(ui.start_mode), Mode::Practice);
}

TEST_F(WindowModes, AssessmentTakesNoHintAndIsNotReplayed) {
    Game g = make();
    UiState ui;
    apply(g, ui, cmd::StartScenario{tutorial, Mode::Assessment}, 5);
    apply(g, ui, cmd::Hint{}, 5);
    EXPECT_TRUE(ui.error.empty()) << ui.error;
    EXPECT_FALSE(ui.hint);
    EXPECT_FALSE(g.session()->hint_taken());
    while (!g.session()->finished()) apply(g, ui, cmd::Choose{0}, 5);
    // Nor is it replayed from the debrief, where the better choices are named.
    const std::vector<std::size_t> played = g.session()->choices();
    apply(g, ui, cmd::Rewind{1}, 5);
    EXPECT_EQ(g.session()->choices(), played);
    EXPECT_FALSE(g.baseline());

    apply(g, ui, cmd::StartScenario{tutorial, Mode::Practice}, 5);
    apply(g, ui, cmd::Hint{}, 5);
    EXPECT_TRUE(ui.hint);
}

TEST_F(WindowModes, AGroupsRequiredModeWinsWhenTheTraineeIsChosen) {
    Game g = make();
    ASSERT_TRUE(g.results().available()) << g.results().problem();
    UiState ui;
    apply(g, ui, cmd::PickProfile{"Tia"}, 1);
    apply(g, ui, cmd::StartScenario{tutorial}, 5);  // creates Tia in the store
    {
        res::SqliteStore store(dir / "results.db");
        const res::Group exam = store.add_group("Exam class");
        store.join_group(exam.id, store.find_trainee("Tia")->id);
        store.set_group_mode(exam.id, Mode::Assessment);
    }
    const auto group = g.required_mode_group();
    ASSERT_TRUE(group);
    EXPECT_EQ(group->name, "Exam class");
    apply(g, ui, cmd::PickStartMode{Mode::Guided}, 1);
    EXPECT_EQ(g.mode_for(ui.start_mode), Mode::Assessment);
    apply(g, ui, cmd::StartScenario{tutorial, ui.start_mode}, 6);
    EXPECT_EQ(g.attempt().mode(), Mode::Assessment);

    // Another trainee plays as asked.
    apply(g, ui, cmd::PickProfile{"Ulla"}, 1);
    EXPECT_FALSE(g.required_mode_group());
    apply(g, ui, cmd::StartScenario{tutorial, Mode::Practice}, 7);
    EXPECT_EQ(g.attempt().mode(), Mode::Practice);
}
