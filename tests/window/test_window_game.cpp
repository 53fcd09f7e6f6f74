// The window's controller against the real engine and shipped scenarios: autosave after every
// decision, resume on the next start, what-if rewinds, saved results and settings.
#include "window/model/game.hpp"

#include "game_fixture.hpp"

#include "window/model/commands.hpp"
#include "window/model/prefs.hpp"

#include <salesim/app/durable_file.hpp>

#include <gtest/gtest.h>

#include <filesystem>
#include <stdexcept>
#include <string>

using namespace salesim;
using namespace salesim::window;

namespace {

class WindowGame : public salesim::window::testing::GameTest {
protected:
    std::string first_id(const Game& g) {
        EXPECT_FALSE(g.library().scenarios.empty());
        return g.library().scenarios.front()->id;
    }
};

}  // namespace

TEST_F(WindowGame, EveryDecisionIsSavedAndOfferedForResume) {
    std::string id;
    std::vector<std::size_t> made;
    {
        Game g = make();
        id = first_id(g);
        g.start(id, 7);
        EXPECT_TRUE(std::filesystem::exists(g.files().autosave()));
        g.choose(0);
        // The first hint is a nudge; the second names the option, the hint the save pins.
        g.hint();
        g.hint();
        g.choose(g.session()->decisions().empty() ? 0 : 1 % g.session()->current().options.size());
        made = g.session()->choices();
        EXPECT_FALSE(std::filesystem::exists(g.files().autosave().string() + ".tmp"));
    }
    Game again = make();
    ASSERT_TRUE(again.resume_offer().has_value());
    ASSERT_TRUE(again.resume_offer()->session.has_value()) << again.resume_offer()->problem;
    EXPECT_EQ(again.resume_offer()->session->choices(), made);
    EXPECT_TRUE(again.resume_offer()->session->decisions()[1].hinted);
    again.resume();
    EXPECT_EQ(again.session()->scenario().id, id);
    EXPECT_EQ(again.session()->decisions().size(), made.size());
    EXPECT_TRUE(salesim::window::testing::keeps_offered(*again.session()));
    again.discard_resume();
    EXPECT_FALSE(std::filesystem::exists(again.files().autosave()));
}

TEST_F(WindowGame, AHintTakenJustBeforeQuittingIsStillTakenAfterResuming) {
    // Quitting after a hint and before choosing must not be a way to see the hint for free.
    // With a trainee's name the attempt is also in the results store, whose offer is the one shown.
    std::vector<std::size_t> made;
    {
        Game g = make();
        g.set_name("Kim");
        g.start(first_id(g), 7);
        g.choose(0);
        g.hint();  // a nudge, then the option named: both levels must survive the quit
        g.hint();
        made = g.session()->choices();
    }
    Game again = make();
    ASSERT_TRUE(again.resume_offer().has_value());
    EXPECT_TRUE(again.resume_offer()->attempt_id.has_value());
    ASSERT_TRUE(again.resume_offer()->session.has_value()) << again.resume_offer()->problem;
    EXPECT_EQ(again.resume_offer()->session->choices(), made);
    EXPECT_TRUE(again.resume_offer()->session->hint_taken());
    again.resume();
    ASSERT_TRUE(again.session()->hint_taken());
    const DecisionRecord& r = again.choose(0);
    EXPECT_TRUE(r.hinted);
    EXPECT_EQ(r.points, again.session()->scenario().rules->points_for(r.verdict) / 2);
}

TEST_F(WindowGame, FinishingRemovesTheAutosaveAndRewindComparesRuns) {
    Game g = make();
    g.start(first_id(g), 3);
    while (!g.session()->finished()) g.choose(0);
    EXPECT_FALSE(std::filesystem::exists(g.files().autosave()));
    const std::size_t total = g.session()->choices().size();
    ASSERT_GE(total, 2u);
    const int first_overall = g.session()->score().overall;
    EXPECT_TRUE(salesim::window::testing::keeps_offered(*g.session()));

    g.rewind(1);
    ASSERT_NE(g.baseline(), nullptr);
    EXPECT_EQ(g.baseline()->score().overall, first_overall);
    EXPECT_EQ(g.session()->choices().size(), 1u);
    EXPECT_FALSE(g.session()->finished());
    EXPECT_TRUE(std::filesystem::exists(g.files().autosave()));
    EXPECT_EQ(g.session()->decisions().size(), 1u);
    EXPECT_TRUE(salesim::window::testing::keeps_offered(*g.session()));
}

TEST_F(WindowGame, ResultsAreWrittenAsMarkdownAndJson) {
    Game g = make();
    g.start(first_id(g), 5);
    while (!g.session()->finished()) g.choose(0);
    const SavedResult r = g.save_result();
    EXPECT_TRUE(std::filesystem::is_regular_file(r.markdown));
    EXPECT_TRUE(std::filesystem::is_regular_file(r.json));
    EXPECT_EQ(r.markdown.parent_path(), dir / "results");
    EXPECT_GT(std::filesystem::file_size(r.json), 50u);
}

TEST_F(WindowGame, SettingsPersistAndCommandErrorsBecomeDialogs) {
    {
        Game g = make();
        g.set_name("Maija");
        g.set_lang("fi");
        g.set_scale(250);
        g.set_theme(ThemeId::HighContrast);
    }
    Game g = make();
    EXPECT_EQ(g.prefs().name, "Maija");
    EXPECT_EQ(g.prefs().lang, "fi");
    EXPECT_EQ(g.prefs().scale, 200);
    EXPECT_EQ(g.prefs().theme, ThemeId::HighContrast);
    EXPECT_STREQ(g.strings().tr("menu.settings"), "Asetukset");

    UiState ui;
    apply(g, ui, cmd::StartScenario{"no-such-scenario"}, 1);
    // The window speaks Finnish now, and so does the error.
    EXPECT_NE(ui.error.find("ei ole skenaariota 'no-such-scenario'"), std::string::npos) << ui.error;
    apply(g, ui, cmd::DismissError{}, 1);
    EXPECT_TRUE(ui.error.empty());
    apply(g, ui, cmd::StartScenario{first_id(g)}, 1);
    EXPECT_EQ(ui.screen, Screen::Play);
    apply(g, ui, cmd::Choose{99}, 1);
    EXPECT_FALSE(ui.error.empty()) << "a bad option index must reach the error dialog";
}

TEST(WindowPrefs, NumbersOutOfEveryRangeAreRefusedOrClamped) {
    // A number too large for any type is a JSON error with the file named, not a crash.
    try {
        prefs_from_json(R"({"scale": 5555555555555555555555555555555555e370})", "settings.json");
        FAIL() << "accepted";
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find("settings.json"), std::string::npos) << e.what();
    }
    // Numbers that do not fit an int are clamped to the scale's range, as any other.
    EXPECT_EQ(prefs_from_json(R"({"scale": 1e300})", "s.json").scale, max_scale);
    EXPECT_EQ(prefs_from_json(R"({"scale": -1e300})", "s.json").scale, min_scale);
    EXPECT_EQ(prefs_from_json(R"({"scale": 150.7})", "s.json").scale, 150);
}

TEST_F(WindowGame, BrokenSettingsAndAutosaveDoNotStopTheWindow) {
    std::filesystem::create_directories(dir);
    app::write_file_durable(dir / "settings.json", "{ not json");
    app::write_file_durable(dir / "autosave.json", "{\"format\": 1}");
    Game g = make();
    EXPECT_NE(g.load_problems().find("settings.json"), std::string::npos) << g.load_problems();
    ASSERT_TRUE(g.resume_offer().has_value());
    EXPECT_FALSE(g.resume_offer()->session.has_value());
    EXPECT_FALSE(g.resume_offer()->problem.empty());
}
