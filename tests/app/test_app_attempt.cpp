// The attempt controller against the real engine, the shipped scenarios and a real results store:
// recording as it goes, autosave and save files, what-ifs, resuming, abandoning, and the save files
// and databases of earlier releases (tests/fixtures/compat/).
#include "salesim/app/attempt_controller.hpp"

#include "salesim/app/result_json.hpp"

#include "../results/results_test_util.hpp"
#include "app_test_util.hpp"

#include <salesim/results/recorder.hpp>
#include <salesim/results/report.hpp>
#include <salesim/results/sqlite_store.hpp>
#include <salesim/score.hpp>

#include <gtest/gtest.h>

#include <unistd.h>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

using namespace salesim;
using app::AttemptController;
namespace fs = std::filesystem;
namespace res = salesim::results;

namespace {

const std::string tutorial = "tutorial-first-sale";
const fs::path compat = fs::path(SALESIM_SOURCE_DIR) / "tests" / "fixtures" / "compat";

using salesim::results::test::library;

using app::test::slurp;
using app::test::write_file;

class Attempt : public app::test::ScratchAttempt {};

}  // namespace

TEST_F(Attempt, EveryDecisionIsRecordedAsItIsMadeAndTheChoiceThatEndsItRecordsTheResult) {
    res::SqliteStore store(dir / "results.db");
    AttemptController a = make(&store);
    a.start(library().find_shared(tutorial), 5);
    ASSERT_TRUE(a.recorded().has_value());
    const res::AttemptId id = *a.recorded();
    EXPECT_TRUE(store.decisions(id).empty());

    std::size_t step = 0;
    while (!a.finished()) {
        if (step == 1) a.hint();
        const Decision asked = a.session()->current();
        const DecisionRecord& r = a.choose(step % asked.options.size());
        // The record keeps the decision exactly as it was offered.
        EXPECT_EQ(r.offered.prompt, asked.prompt);
        ASSERT_EQ(r.offered.options.size(), asked.options.size());
        for (std::size_t i = 0; i < asked.options.size(); ++i)
            EXPECT_EQ(r.offered.options[i].move, asked.options[i].move) << i;
        ++step;
        ASSERT_EQ(store.decisions(id).size(), step);
        EXPECT_EQ(store.decisions(id).back().move, r.move);
    }
    EXPECT_FALSE(a.recorded().has_value());
    const auto row = store.attempt(id);
    ASSERT_TRUE(row);
    EXPECT_EQ(row->status, res::AttemptStatus::Finished);
    EXPECT_EQ(row->mode, Mode::Guided);
    EXPECT_EQ(row->overall, a.session()->score().overall);
    EXPECT_EQ(row->hints, 1);
    EXPECT_TRUE(store.decisions(id)[1].hinted);
    EXPECT_TRUE(a.take_notice().empty());
}

TEST_F(Attempt, TheAutosaveFollowsEveryChangeAndGoesWhenTheAttemptIsOver) {
    AttemptController a = make(nullptr);
    a.start(library().find_shared(tutorial), 7);
    const fs::path autosave = dir / "autosave.json";
    ASSERT_TRUE(fs::exists(autosave));
    a.choose(0);
    EXPECT_EQ(save_from_json(slurp(autosave)).choices, std::vector<std::size_t>{0});
    a.hint();
    // A hint taken for the decision at hand is saved: quitting now must not make it free.
    EXPECT_EQ(save_from_json(slurp(autosave)).hinted, std::vector<int>{1});

    a.save(dir / "mine.save.json");
    const Session back =
        Session::resume(library().find_shared(tutorial), save_from_json(slurp(dir / "mine.save.json")));
    EXPECT_EQ(back.choices(), a.session()->choices());
    EXPECT_TRUE(back.hint_taken());

    while (!a.finished()) a.choose(0);
    EXPECT_FALSE(fs::exists(autosave));
    EXPECT_FALSE(a.recorded().has_value()) << "nothing is recorded without a store";
}

TEST_F(Attempt, ARewindIsANewAttemptAndAFinishedRunStaysAsTheBaseline) {
    res::SqliteStore store(dir / "results.db");
    AttemptController a = make(&store);
    a.start(library().find_shared(tutorial), 3);
    a.choose(0);
    a.hint();
    a.choose(1);
    while (!a.finished()) a.choose(0);
    const int first = a.session()->score().overall;
    const std::vector<std::size_t> all = a.session()->choices();
    const res::AttemptId finished = store.attempts().back().id;

    a.rewind(2);
    ASSERT_NE(a.baseline(), nullptr);
    EXPECT_EQ(a.baseline()->score().overall, first);
    EXPECT_EQ(a.session()->choices(), std::vector<std::size_t>(all.begin(), all.begin() + 2));
    EXPECT_TRUE(a.session()->decisions()[1].hinted) << "the hints of the replayed decisions are kept";
    ASSERT_TRUE(a.recorded().has_value());
    const res::AttemptId what_if = *a.recorded();
    EXPECT_NE(what_if, finished);
    EXPECT_EQ(store.decisions(what_if).size(), 2u);
    EXPECT_TRUE(fs::exists(dir / "autosave.json"));

    // Rewinding an unfinished what-if closes it: one attempt at a time.
    a.rewind(1);
    EXPECT_EQ(store.attempt(what_if)->status, res::AttemptStatus::Abandoned);
    EXPECT_EQ(store.attempt(finished)->status, res::AttemptStatus::Finished);
    EXPECT_EQ(a.baseline()->score().overall, first) << "the baseline stays the finished run";
    EXPECT_THROW(a.rewind(5), std::out_of_range);
}

TEST_F(Attempt, ASessionFromASaveFileIsRecordedWithTheDecisionsItHolds) {
    res::SqliteStore store(dir / "results.db");
    Session played(library().find_shared(tutorial), 9);
    played.choose(1);
    played.choose(0);
    const SaveData save = played.save("en");

    AttemptController a = make(&store, "Kim");
    a.resume(Session::resume(library().find_shared(tutorial), save));
    ASSERT_TRUE(a.recorded().has_value());
    EXPECT_EQ(store.decisions(*a.recorded()).size(), 2u);
    EXPECT_EQ(a.session()->decisions()[0].offered.options.size(),
              played.decisions()[0].offered.options.size());
}

TEST_F(Attempt, TheStoresUnfinishedAttemptIsOfferedBeforeTheAutosaveAndCarriesOn) {
    res::SqliteStore store(dir / "results.db");
    res::AttemptId id = 0;
    {
        AttemptController a = make(&store);
        a.start(library().find_shared(tutorial), 11);
        a.choose(0);
        a.choose(1);
        a.hint();
        id = *a.recorded();
    }  // the window closes mid-game

    AttemptController a = make(&store);
    a.offer_autosave(library());
    ASSERT_TRUE(a.offer() && a.offer()->session);
    EXPECT_FALSE(a.offer()->attempt_id.has_value());
    a.offer_stored(library());
    ASSERT_TRUE(a.offer() && a.offer()->session) << (a.offer() ? a.offer()->problem : "");
    EXPECT_EQ(a.offer()->attempt_id, id);
    EXPECT_EQ(a.offer()->older, 0);
    EXPECT_TRUE(a.offer()->session->hint_taken()) << "the autosave's pending hint is kept";

    a.take_offer();
    EXPECT_FALSE(a.offer().has_value());
    EXPECT_EQ(a.recorded(), id);
    const DecisionRecord& r = a.choose(0);
    EXPECT_TRUE(r.hinted);
    EXPECT_EQ(store.decisions(id).size(), 3u);
    EXPECT_TRUE(store.decisions(id).back().hinted);

    // Another trainee has nothing to resume: the offer of this one's attempt is not shown to them.
    AttemptController other = make(&store, "Bea");
    other.offer_autosave(library());
    other.offer_stored(library());
    ASSERT_TRUE(other.offer().has_value());
    EXPECT_FALSE(other.offer()->attempt_id.has_value()) << "only the autosave is left";
}

TEST_F(Attempt, DiscardingAbandonsTheStoredAttemptAndAbandonClosesThePlayingOne) {
    res::SqliteStore store(dir / "results.db");
    {
        AttemptController a = make(&store);
        a.start(library().find_shared(tutorial), 1);
        a.choose(0);
        a.start(library().find_shared(tutorial), 2);  // closes the first: one at a time
        a.choose(0);
    }
    AttemptController a = make(&store);
    a.offer_stored(library());
    ASSERT_TRUE(a.offer() && a.offer()->attempt_id);
    const res::AttemptId newest = *a.offer()->attempt_id;
    EXPECT_EQ(a.offer()->older, 0);
    EXPECT_TRUE(a.discard_offer());
    EXPECT_EQ(store.attempt(newest)->status, res::AttemptStatus::Abandoned);
    EXPECT_FALSE(fs::exists(dir / "autosave.json"));
    a.offer_stored(library());
    EXPECT_FALSE(a.offer().has_value());
    EXPECT_FALSE(a.discard_offer());

    a.start(library().find_shared(tutorial), 4);
    a.choose(0);
    const res::AttemptId playing = *a.recorded();
    a.abandon();
    EXPECT_EQ(a.session(), nullptr);
    EXPECT_FALSE(a.recorded().has_value());
    EXPECT_EQ(store.attempt(playing)->status, res::AttemptStatus::Abandoned);
    EXPECT_FALSE(fs::exists(dir / "autosave.json"));
}

TEST_F(Attempt, AStoreProblemIsSaidOnceAndTheGameGoesOn) {
    res::SqliteStore store(dir / "results.db");
    AttemptController a = make(&store);
    a.start(library().find_shared(tutorial), 6);
    a.choose(0);
    // Someone else closes the attempt: the store refuses further decisions.
    res::Recorder(store).abandon(*a.recorded());
    a.choose(0);
    const std::string notice = a.take_notice();
    EXPECT_FALSE(notice.empty());
    EXPECT_TRUE(a.take_notice().empty()) << "said once";
    EXPECT_FALSE(a.recorded().has_value());
    EXPECT_EQ(a.session()->decisions().size(), 2u);
    while (!a.finished()) a.choose(0);
    EXPECT_TRUE(a.take_notice().empty()) << "recording stopped, so nothing more fails";

    // The next attempt is recorded again.
    a.start(library().find_shared(tutorial), 6);
    EXPECT_TRUE(a.recorded().has_value());
}

TEST_F(Attempt, WithoutATraineeNothingIsRecorded) {
    res::SqliteStore store(dir / "results.db");
    AttemptController a = make(&store, "");
    a.start(library().find_shared(tutorial), 6);
    a.choose(0);
    EXPECT_FALSE(a.recorded().has_value());
    EXPECT_TRUE(store.attempts().empty());
    EXPECT_THROW(AttemptController(write_file).choose(0), std::logic_error);
}

// [SECTION] Files written by earlier releases

// The tutorial changed with the closing rules (its close_at), so a session saved before cannot be
// replayed exactly: every way back in says so, names the scenario and what to do, and loses
// nothing else (the save is read, the database opens, migrates and reports as before).
TEST_F(Attempt, ATerminalSaveOfAnEarlierReleaseIsReadAndRefusedClearly) {
    // Made by `salesim play --seed 7 --save`, typing 3, 3, 2, then h (a hint) and q.
    const SaveData save = save_from_json(slurp(compat / "terminal.save.json"));
    EXPECT_EQ(save.scenario_id, tutorial);
    EXPECT_EQ(save.choices.size(), 3u);
    try {
        (void)Session::resume(library().find_shared(save.scenario_id), save);
        FAIL() << "a save of a changed scenario resumed";
    } catch (const std::runtime_error& e) {
        const std::string what = e.what();
        EXPECT_NE(what.find("scenario 'tutorial-first-sale' has changed since the session was saved"),
                  std::string::npos)
            << what;
        EXPECT_NE(what.find("Start it again"), std::string::npos) << what;
    }
}

TEST_F(Attempt, AResultsDatabaseOfAnEarlierReleaseOpensReportsAndSaysWhyItsAttemptCannotResume) {
    fs::copy_file(compat / "results.db", dir / "results.db");
    res::SqliteStore store(dir / "results.db");
    // Migrated to the current schema; its attempts were played before modes, as guided.
    EXPECT_EQ(store.user_version(), res::schema_version);
    EXPECT_EQ(res::report_json(res::build_report(store, {})), slurp(compat / "report.json"));

    AttemptController a = make(&store, "Compat Kim");
    a.offer_stored(library());
    ASSERT_TRUE(a.offer());
    EXPECT_FALSE(a.offer()->session);
    EXPECT_NE(a.offer()->problem.find("scenario 'tutorial-first-sale' has changed since"), std::string::npos)
        << a.offer()->problem;
    // The attempt stays in the store as it was.
    EXPECT_EQ(res::report_json(res::build_report(store, {})), slurp(compat / "report.json"));
}

TEST_F(Attempt, AWindowAutosaveOfAnEarlierReleaseSaysWhyItCannotResume) {
    // Made by the window playing options 1, 2, 1 for the trainee "Test", then closed.
    fs::copy_file(compat / "window" / "autosave.json", dir / "autosave.json");
    fs::copy_file(compat / "window" / "results.db", dir / "results.db");
    res::SqliteStore store(dir / "results.db");
    AttemptController a = make(&store, "Test");
    a.offer_autosave(library());
    ASSERT_TRUE(a.offer());
    EXPECT_FALSE(a.offer()->session);
    EXPECT_NE(a.offer()->problem.find("scenario 'tutorial-first-sale' has changed since"), std::string::npos)
        << a.offer()->problem;
    a.offer_stored(library());
    ASSERT_TRUE(a.offer());
    EXPECT_FALSE(a.offer()->session);
    EXPECT_FALSE(a.offer()->problem.empty());
}
