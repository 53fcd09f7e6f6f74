// Feedback while playing: the verdict line's fade (and Reduce motion), the two hint levels through
// the window's commands, the shared feedback line, and the debrief's lessons and "what went wrong".
#include "window/model/commands.hpp"
#include "window/model/game.hpp"
#include "window/model/motion.hpp"
#include "window/model/prefs.hpp"

#include "game_fixture.hpp"

#include <salesim/app/decision_feedback.hpp>

#include <gtest/gtest.h>

using namespace salesim;
using namespace salesim::window;

namespace {

const std::string tutorial = "tutorial-first-sale";

class WindowFeedback : public salesim::window::testing::GameTest {};

}  // namespace

TEST(WindowMotion, TheVerdictLineFadesInOverTheClockAndThenAsksForNoFrames) {
    UiState ui;
    EXPECT_FALSE(animating(ui, false)) << "no decision yet: nothing to animate, the window may sleep";
    EXPECT_EQ(feedback_alpha(ui, false), 1.0f);
    ui.anim_clock = 10.0;
    ui.feedback_at = 10.0;
    const float start = feedback_alpha(ui, false);
    EXPECT_LT(start, 0.5f);
    EXPECT_TRUE(animating(ui, false));
    ui.anim_clock = 10.0 + feedback_fade_seconds / 2;
    const float middle = feedback_alpha(ui, false);
    EXPECT_GT(middle, start);
    EXPECT_LT(middle, 1.0f);
    ui.anim_clock = 10.0 + feedback_fade_seconds;
    EXPECT_EQ(feedback_alpha(ui, false), 1.0f);
    EXPECT_FALSE(animating(ui, false)) << "the fade is over: no more frames";
    // Reduce motion: shown at once, and no frames asked for at all.
    ui.anim_clock = 10.0;
    EXPECT_EQ(feedback_alpha(ui, true), 1.0f);
    EXPECT_FALSE(animating(ui, true));
}

TEST(WindowMotion, ReduceMotionIsASettingThatRoundTrips) {
    Prefs p;
    EXPECT_FALSE(p.reduce_motion);
    p.reduce_motion = true;
    EXPECT_TRUE(prefs_from_json(prefs_to_json(p), "settings.json").reduce_motion);
    // Settings written before it: off.
    EXPECT_FALSE(prefs_from_json(R"({"format": 1, "name": "Anna"})", "settings.json").reduce_motion);
}

TEST_F(WindowFeedback, ADecisionStartsTheFadeAndTheSettingIsSaved) {
    {
        Game g = make();
        UiState ui;
        apply(g, ui, cmd::SetReduceMotion{true}, 1);
        EXPECT_TRUE(g.prefs().reduce_motion);
        apply(g, ui, cmd::StartScenario{tutorial, Mode::Guided}, 7);
        ui.anim_clock = 3.5;
        apply(g, ui, cmd::Choose{0}, 7);
        ASSERT_TRUE(ui.feedback_at);
        EXPECT_EQ(*ui.feedback_at, 3.5);
        EXPECT_FALSE(animating(ui, g.prefs().reduce_motion));
        EXPECT_TRUE(animating(ui, false));
        // The line the transcript shows sits right after what the decision said.
        const DecisionRecord& r = g.session()->decisions().back();
        EXPECT_GT(r.said_upto, 0u);
        EXPECT_LE(r.said_upto, g.session()->transcript().size());
        apply(g, ui, cmd::Rewind{0}, 7);
        EXPECT_FALSE(ui.feedback_at) << "a what-if starts without a fading line";
    }
    Game again = make();
    EXPECT_TRUE(again.prefs().reduce_motion);
}

TEST_F(WindowFeedback, TheHintButtonNudgesFirstThenNamesTheOption) {
    Game g = make();
    UiState ui;
    apply(g, ui, cmd::StartScenario{tutorial, Mode::Practice}, 7);
    apply(g, ui, cmd::Hint{}, 7);
    ASSERT_TRUE(ui.hint);
    EXPECT_EQ(ui.hint->level, 1);
    EXPECT_FALSE(ui.hint->nudge.empty());
    EXPECT_EQ(g.session()->hint_level(), 1);
    apply(g, ui, cmd::Hint{}, 7);
    EXPECT_EQ(ui.hint->level, 2);
    EXPECT_EQ(g.session()->hint_level(), 2);
    const std::size_t named = ui.hint->option;
    apply(g, ui, cmd::Choose{named}, 7);
    const DecisionRecord& r = g.session()->decisions().back();
    EXPECT_TRUE(r.nudged);
    EXPECT_TRUE(r.hinted);
    EXPECT_EQ(r.points, 50);
}

TEST_F(WindowFeedback, TheLineSaysTheVerdictAndWhatChangedInGuidedOnly) {
    Game g = make();
    UiState ui;
    apply(g, ui, cmd::StartScenario{tutorial, Mode::Guided}, 7);
    // The first option until a decision moves the buyer.
    const DecisionRecord* moved = nullptr;
    while (!moved && !g.session()->finished()) {
        apply(g, ui, cmd::Choose{0}, 7);
        const DecisionRecord& r = g.session()->decisions().back();
        if (r.before != r.after) moved = &r;
    }
    ASSERT_TRUE(moved);
    const Strings& strings = g.strings();
    const std::string guided =
        app::feedback_line(app::decision_feedback(*moved, Mode::Guided), strings, "en");
    EXPECT_NE(guided.find(" points"), std::string::npos) << guided;
    EXPECT_TRUE(
        guided.find("trust ") != std::string::npos || guided.find("readiness ") != std::string::npos ||
        guided.find("patience ") != std::string::npos || guided.find("interest ") != std::string::npos)
        << guided;
    const std::string practice =
        app::feedback_line(app::decision_feedback(*moved, Mode::Practice), strings, "en");
    EXPECT_EQ(practice.find("trust "), std::string::npos) << "practice shows no numbers about the buyer";
    EXPECT_EQ(guided.rfind(practice, 0), 0u) << "the same verdict, without the changes";
    const std::string fi = app::feedback_line(app::decision_feedback(*moved, Mode::Guided), strings, "fi");
    EXPECT_NE(fi.find(" pistettä"), std::string::npos) << fi;
}

TEST_F(WindowFeedback, AFailedRunSaysWhatWentWrongAndNamesItsCostliestLessons) {
    Game g = make();
    UiState ui;
    apply(g, ui, cmd::StartScenario{tutorial, Mode::Guided}, 7);
    // The last option every time: a run that goes badly.
    while (!g.session()->finished()) apply(g, ui, cmd::Choose{g.session()->current().options.size() - 1}, 7);
    const Session& s = *g.session();
    ASSERT_FALSE(s.score().passed);
    EXPECT_NE(app::what_went_wrong(s), app::WentWrong::Nothing);
    const std::vector<app::Lesson> lessons = app::costliest_lessons(s, 3);
    ASSERT_FALSE(lessons.empty());
    EXPECT_LE(lessons.size(), 3u);
    for (std::size_t i = 1; i < lessons.size(); ++i) EXPECT_GE(lessons[i - 1].lost, lessons[i].lost);
    for (const app::Lesson& l : lessons) EXPECT_GT(l.lost, 0);
    const std::string key = "debrief.went_wrong_" + std::string(app::to_string(app::what_went_wrong(s)));
    EXPECT_NE(std::string(g.strings().tr(key)).find("What went wrong"), std::string::npos) << key;
    // A run by the hints' options passes and has nothing to say here.
    apply(g, ui, cmd::StartScenario{tutorial, Mode::Guided}, 7);
    while (!g.session()->finished()) {
        const Hint h = Session(*g.session()).hint();
        apply(g, ui, cmd::Choose{h.option}, 7);
    }
    EXPECT_TRUE(g.session()->score().passed);
    EXPECT_EQ(app::what_went_wrong(*g.session()), app::WentWrong::Nothing);
    EXPECT_TRUE(app::costliest_lessons(*g.session()).empty());
}
