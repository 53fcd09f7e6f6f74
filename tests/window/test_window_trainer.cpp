// The window and the results store: profiles, every decision recorded as it is made, resuming an
// attempt from the store, the trainer's report and exports, and playing on when the store is broken.
#include "window/model/game.hpp"

#include "game_fixture.hpp"

#include "window/model/commands.hpp"
#include "window/model/window_results.hpp"

#include <gtest/gtest.h>

#include <salesim/results/exchange.hpp>
#include <salesim/results/recorder.hpp>
#include <salesim/results/report.hpp>
#include <salesim/results/sqlite_store.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

using namespace salesim;
using namespace salesim::window;
namespace res = salesim::results;

namespace {

const std::string tutorial = "tutorial-first-sale";

class WindowTrainer : public salesim::window::testing::GameTest {
protected:
    /// A second connection to the database: what it sees was committed, not just cached.
    res::SqliteStore reopen() const { return res::SqliteStore(dir / "results.db"); }

    static std::vector<res::Attempt> attempts_of(const res::ResultsStore& store, const std::string& name) {
        const auto t = store.find_trainee(name);
        if (!t) return {};
        res::AttemptFilter f;
        f.trainee_id = t->id;
        return store.attempts(f);
    }
};

std::string slurp(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

}  // namespace

TEST_F(WindowTrainer, EveryDecisionLandsInTheStoreAsItIsMade) {
    Game g = make();
    ASSERT_TRUE(g.results().available()) << g.results().problem();
    UiState ui;
    apply(g, ui, cmd::PickProfile{"Anna"}, 1);
    apply(g, ui, cmd::StartScenario{tutorial}, 5);
    ASSERT_TRUE(ui.error.empty()) << ui.error;
    ASSERT_TRUE(g.attempt().recorded().has_value());
    const res::AttemptId id = *g.attempt().recorded();

    std::size_t step = 0;
    while (!g.session()->finished()) {
        if (step == 1) {
            // The first hint nudges; the second names the option, which the store records.
            apply(g, ui, cmd::Hint{}, 5);
            apply(g, ui, cmd::Hint{}, 5);
        }
        apply(g, ui, cmd::Choose{step % 2}, 5);
        ASSERT_TRUE(ui.error.empty()) << ui.error;
        ++step;
        const res::SqliteStore other = reopen();
        const std::vector<res::DecisionRow> rows = other.decisions(id);
        ASSERT_EQ(rows.size(), g.session()->decisions().size());
        const DecisionRecord& last = g.session()->decisions().back();
        EXPECT_EQ(rows.back().move, last.move);
        EXPECT_EQ(rows.back().points, last.points);
        EXPECT_EQ(rows.back().hinted, last.hinted);
        EXPECT_EQ(rows.back().chosen, static_cast<int>(g.session()->choices().back()));
    }
    EXPECT_EQ(ui.screen, Screen::Debrief);
    EXPECT_FALSE(g.attempt().recorded().has_value());
    const res::SqliteStore other = reopen();
    const auto a = other.attempt(id);
    ASSERT_TRUE(a);
    EXPECT_EQ(a->status, res::AttemptStatus::Finished);
    EXPECT_EQ(a->overall, g.session()->score().overall);
    EXPECT_EQ(a->passed, g.session()->score().passed);
    EXPECT_EQ(a->hints, 1);
    EXPECT_TRUE(other.decisions(id)[1].hinted);

    // A what-if is a new attempt holding the replayed decisions; the first stays as it was.
    apply(g, ui, cmd::Rewind{2}, 5);
    ASSERT_TRUE(ui.error.empty()) << ui.error;
    ASSERT_TRUE(g.attempt().recorded().has_value());
    const res::AttemptId what_if = *g.attempt().recorded();
    EXPECT_NE(what_if, id);
    EXPECT_EQ(reopen().decisions(what_if).size(), 2u);
    apply(g, ui, cmd::Choose{0}, 5);
    EXPECT_EQ(reopen().decisions(what_if).size(), 3u);
    EXPECT_EQ(reopen().decisions(id).size(), step);
    EXPECT_EQ(attempts_of(reopen(), "Anna").size(), 2u);

    // Starting another scenario closes the unfinished what-if: the window plays one at a time.
    apply(g, ui, cmd::StartScenario{tutorial}, 6);
    EXPECT_EQ(reopen().attempt(what_if)->status, res::AttemptStatus::Abandoned);
}

TEST_F(WindowTrainer, AnAttemptResumedFromTheStoreEqualsTheOriginalSession) {
    std::vector<std::size_t> choices;
    std::vector<DecisionRecord> decisions;
    std::vector<std::string> rules;  // ids: the records' rule pointers die with the first Game's library
    ScoreCard score;
    BuyerState state;
    res::AttemptId id = 0;
    {
        Game g = make();
        g.set_name("Anna");
        g.start(tutorial, 11);
        g.choose(0);
        g.hint();
        g.choose(1);
        g.choose(0);
        choices = g.session()->choices();
        decisions = g.session()->decisions();
        for (const DecisionRecord& d : decisions) rules.push_back(d.rule ? d.rule->id : "");
        score = g.session()->score();
        state = g.session()->buyer();
        id = *g.attempt().recorded();
    }
    // Without the autosave the store alone must bring the session back.
    std::filesystem::remove(dir / "autosave.json");
    Game g = make();
    EXPECT_EQ(g.prefs().name, "Anna");
    const auto& offer = g.resume_offer();
    ASSERT_TRUE(offer.has_value());
    ASSERT_TRUE(offer->session.has_value()) << offer->problem;
    ASSERT_EQ(offer->attempt_id, id);
    EXPECT_EQ(offer->older, 0);
    const Session& s = *offer->session;
    EXPECT_EQ(s.scenario().id, tutorial);
    EXPECT_EQ(s.seed(), 11u);
    EXPECT_EQ(s.choices(), choices);
    ASSERT_EQ(s.decisions().size(), decisions.size());
    for (std::size_t i = 0; i < decisions.size(); ++i) {
        EXPECT_EQ(s.decisions()[i].move, decisions[i].move) << i;
        ASSERT_NE(s.decisions()[i].rule, nullptr);
        EXPECT_EQ(s.decisions()[i].rule->id, rules[i]) << i;
        EXPECT_EQ(s.decisions()[i].points, decisions[i].points) << i;
        EXPECT_EQ(s.decisions()[i].hinted, decisions[i].hinted) << i;
    }
    EXPECT_EQ(s.score().overall, score.overall);
    EXPECT_EQ(s.buyer().trust, state.trust);
    EXPECT_EQ(s.buyer().readiness, state.readiness);

    UiState ui;
    apply(g, ui, cmd::Resume{}, 1);
    ASSERT_TRUE(ui.error.empty()) << ui.error;
    EXPECT_EQ(ui.screen, Screen::Play);
    EXPECT_EQ(g.attempt().recorded(), id);
    EXPECT_EQ(g.session()->decisions().size(), choices.size());
    EXPECT_TRUE(salesim::window::testing::keeps_offered(*g.session()));
    while (!g.session()->finished()) apply(g, ui, cmd::Choose{0}, 1);
    const res::SqliteStore other = reopen();
    EXPECT_EQ(attempts_of(other, "Anna").size(), 1u);
    EXPECT_EQ(other.attempt(id)->status, res::AttemptStatus::Finished);
    EXPECT_EQ(other.decisions(id).size(), g.session()->decisions().size());
    EXPECT_EQ(other.attempt(id)->overall, g.session()->score().overall);
}

TEST_F(WindowTrainer, AbandoningOffersTheNextUnfinishedAttemptThenNone) {
    {
        // Two unfinished attempts, as two crashed windows would leave them.
        res::SqliteStore store(dir / "results.db");
        res::Recorder rec(store);
        Game g = make();
        for (const std::uint64_t seed : {1u, 2u}) {
            Session s(g.library().find_shared(tutorial), seed);
            const res::AttemptId a = rec.begin_attempt("Bea", s, "en");
            rec.record_decision(a, s, s.choose(0));
        }
    }
    Game g = make();
    UiState ui;
    apply(g, ui, cmd::PickProfile{"Bea"}, 1);
    EXPECT_EQ(ui.screen, Screen::Start) << "an attempt waits to resume";
    ASSERT_TRUE(g.resume_offer() && g.resume_offer()->attempt_id);
    EXPECT_EQ(g.resume_offer()->older, 1);
    EXPECT_EQ(g.resume_offer()->session->seed(), 2u) << "the newest first";
    const res::AttemptId newest = *g.resume_offer()->attempt_id;
    apply(g, ui, cmd::DiscardResume{}, 1);
    EXPECT_EQ(reopen().attempt(newest)->status, res::AttemptStatus::Abandoned);
    ASSERT_TRUE(g.resume_offer() && g.resume_offer()->attempt_id);
    EXPECT_EQ(g.resume_offer()->older, 0);
    apply(g, ui, cmd::DiscardResume{}, 1);
    EXPECT_FALSE(g.resume_offer().has_value());
    res::AttemptFilter open;
    open.status = res::AttemptStatus::InProgress;
    EXPECT_TRUE(reopen().attempts(open).empty());
}

TEST_F(WindowTrainer, ProfilesAreCreatedInTheStoreAndPersistInSettings) {
    {
        Game g = make();
        UiState ui;
        ui.profile = {"Maija Virtanen", "S-1001", "maija@example.org", true};
        apply(g, ui, cmd::CreateProfile{}, 1);
        ASSERT_TRUE(ui.error.empty()) << ui.error;
        EXPECT_EQ(ui.screen, Screen::Library);
        EXPECT_EQ(g.prefs().name, "Maija Virtanen");
        ui.profile = {"Maija Virtanen", "", "", true};
        apply(g, ui, cmd::CreateProfile{}, 1);
        EXPECT_NE(ui.error.find("Maija Virtanen"), std::string::npos) << ui.error;
    }
    Game g = make();
    EXPECT_EQ(g.prefs().name, "Maija Virtanen");
    const auto t = reopen().find_trainee("Maija Virtanen");
    ASSERT_TRUE(t);
    EXPECT_EQ(t->external_id, "S-1001");
    EXPECT_EQ(t->email, "maija@example.org");
    ASSERT_EQ(g.results().trainees().size(), 1u);
}

TEST_F(WindowTrainer, TheReportShownIsBuildReportAndExportsAreWritten) {
    Game g = make();
    UiState ui;
    for (const std::string name : {"Anna", "Bea"}) {
        apply(g, ui, cmd::PickProfile{name}, 1);
        for (const std::size_t pick : {0u, 1u}) {
            apply(g, ui, cmd::StartScenario{tutorial}, pick + 3);
            while (!g.session()->finished()) apply(g, ui, cmd::Choose{pick}, 1);
        }
    }
    {
        res::SqliteStore store(dir / "results.db");
        const res::Group team = store.add_group("Team North");
        store.join_group(team.id, store.find_trainee("Anna")->id);
        store.join_group(team.id, store.find_trainee("Bea")->id);
    }
    ASSERT_TRUE(ui.error.empty()) << ui.error;

    ui.trainer.filter = {};
    EXPECT_TRUE(g.results().report_stale(ui.trainer.filter));
    apply(g, ui, cmd::RefreshReport{}, 1);
    ASSERT_TRUE(g.results().report().has_value()) << g.results().report_problem();
    const res::SqliteStore store = reopen();
    // The sections only: the progress series shown is read on its own.
    EXPECT_EQ(res::report_json(*g.results().report()),
              res::report_json(res::build_report(store, {}, res::ReportScope::Summaries)));
    const res::Report& shown = *g.results().report();
    ASSERT_EQ(shown.trainees.size(), 2u);
    EXPECT_EQ(shown.trainees[0].section.attempts, 2);
    EXPECT_TRUE(shown.trainees[0].progress.empty());
    ASSERT_EQ(shown.groups.size(), 1u);
    EXPECT_EQ(shown.groups[0].section.attempts, 4);
    EXPECT_GT(shown.groups[0].section.methods.total, 0);
    EXPECT_EQ(g.results().progress(false, "Anna"), nullptr);
    ui.trainer.selected = "Anna";
    apply(g, ui, cmd::LoadProgress{}, 1);
    ASSERT_NE(g.results().progress(false, "Anna"), nullptr);
    EXPECT_EQ(g.results().progress(false, "Anna")->size(), 2u);
    EXPECT_EQ(*g.results().progress(false, "Anna"), res::build_report(store, {}).trainees[0].progress);

    // A group's progress line is its members' attempts in time order.
    ui.trainer.show_group = true;
    ui.trainer.selected = "Team North";
    apply(g, ui, cmd::LoadProgress{}, 1);
    EXPECT_EQ(g.results().progress(false, "Anna"), nullptr);
    const auto* merged = g.results().progress(true, "Team North");
    ASSERT_NE(merged, nullptr);
    ASSERT_EQ(merged->size(), 4u);
    for (std::size_t i = 1; i < merged->size(); ++i)
        EXPECT_LE((*merged)[i - 1].started, (*merged)[i].started);
    ui.trainer = {};

    // Filters reach build_report as they are; a bad date is a message, not an exception.
    ui.trainer.filter.trainee = "Bea";
    ui.trainer.filter.scenario = tutorial;
    EXPECT_TRUE(g.results().report_stale(ui.trainer.filter));
    apply(g, ui, cmd::RefreshReport{}, 1);
    EXPECT_EQ(res::report_json(*g.results().report()),
              res::report_json(res::build_report(store, ui.trainer.filter, res::ReportScope::Summaries)));
    EXPECT_FALSE(g.results().report_stale(ui.trainer.filter));
    ui.trainer.filter.since = "2026-13-45";
    apply(g, ui, cmd::RefreshReport{}, 1);
    EXPECT_TRUE(ui.error.empty());
    EXPECT_FALSE(g.results().report().has_value());
    EXPECT_NE(g.results().report_problem().find("2026-13-45"), std::string::npos)
        << g.results().report_problem();

    // A new attempt makes the shown report stale.
    ui.trainer.filter = {};
    apply(g, ui, cmd::RefreshReport{}, 1);
    EXPECT_FALSE(g.results().report_stale(ui.trainer.filter));
    apply(g, ui, cmd::StartScenario{tutorial}, 9);
    EXPECT_TRUE(g.results().report_stale(ui.trainer.filter));

    for (const ExportKind kind :
         {ExportKind::Csv, ExportKind::Moodle, ExportKind::Canvas, ExportKind::Xapi}) {
        apply(g, ui, cmd::Export{kind}, 1);
        ASSERT_TRUE(ui.error.empty()) << ui.error;
        const auto& last = g.results().last_export();
        ASSERT_TRUE(last);
        EXPECT_EQ(last->path.parent_path(), dir / "exports");
        EXPECT_TRUE(std::filesystem::exists(last->path));
        EXPECT_FALSE(std::filesystem::exists(last->path.string() + ".tmp"));
        res::Warnings w;
        const res::SqliteStore now = reopen();
        std::string expected;
        if (kind == ExportKind::Csv) expected = res::export_csv(now, {}, w);
        if (kind == ExportKind::Moodle) expected = res::export_moodle(now, {}, w);
        if (kind == ExportKind::Canvas) expected = res::export_canvas(now, {}, w);
        if (kind == ExportKind::Xapi) expected = res::export_xapi(now, {}, w);
        EXPECT_EQ(slurp(last->path), expected);
        EXPECT_EQ(last->warnings, w);
    }
}

TEST_F(WindowTrainer, ABrokenStoreIsReportedAndTheAutosaveStillResumes) {
    std::filesystem::create_directories(dir);
    {
        std::ofstream junk(dir / "results.db", std::ios::binary);
        junk << "this is not a database, just some bytes that are long enough to be read as a header......";
    }
    std::vector<std::size_t> choices;
    {
        Game g = make();
        EXPECT_FALSE(g.results().available());
        EXPECT_NE(g.load_problems().find("results.db"), std::string::npos) << g.load_problems();
        UiState ui;
        apply(g, ui, cmd::SetName{"Anna"}, 1);
        apply(g, ui, cmd::StartScenario{tutorial}, 4);
        apply(g, ui, cmd::Choose{0}, 4);
        apply(g, ui, cmd::Choose{1}, 4);
        EXPECT_TRUE(ui.error.empty()) << ui.error;
        choices = g.session()->choices();
        ui.trainer.filter = {};
        apply(g, ui, cmd::RefreshReport{}, 1);
        EXPECT_FALSE(g.results().report().has_value());
    }
    Game g = make();
    ASSERT_TRUE(g.resume_offer() && g.resume_offer()->session);
    EXPECT_FALSE(g.resume_offer()->attempt_id.has_value());
    EXPECT_EQ(g.resume_offer()->session->choices(), choices);
}

TEST_F(WindowTrainer, AnAutosaveWithoutAStoredAttemptIsRecordedWhenResumed) {
    {
        Game g = make();
        g.start(tutorial, 8);  // no trainee name yet: nothing recorded
        g.choose(0);
        g.choose(0);
        EXPECT_FALSE(g.attempt().recorded().has_value());
    }
    Game g = make();
    g.set_name("Cid");
    ASSERT_TRUE(g.resume_offer() && g.resume_offer()->session);
    EXPECT_FALSE(g.resume_offer()->attempt_id.has_value());
    g.resume();
    ASSERT_TRUE(g.attempt().recorded().has_value());
    EXPECT_EQ(reopen().decisions(*g.attempt().recorded()).size(), 2u);
}
