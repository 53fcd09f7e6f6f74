// The library index: summaries from the cache without parsing, files re-read when they change, a
// damaged cache rebuilt, a background refresh handed over safely; and the next scenario a
// trainee's decisions in the store recommend.
#include "salesim/app/library_index.hpp"
#include "salesim/app/next_scenario.hpp"

#include "app_test_util.hpp"

#include <salesim/results/sqlite_store.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <thread>

namespace salesim::app::test {
namespace {

const fs::path shipped = fs::path(SALESIM_SOURCE_DIR) / "scenarios";

class LibraryIndexTest : public ScratchAttempt {
protected:
    void SetUp() override {
        ScratchAttempt::SetUp();
        lib = dir / "lib";
        fs::create_directories(lib);
        for (const char* name : {"tutorial-first-sale.yaml", "accounting-software.yaml", "bike-shop.yaml"})
            fs::copy_file(shipped / name, lib / name);
        cache = dir / "cache" / "library-index.bin";
    }
    std::unique_ptr<LibraryIndex> make() {
        return std::make_unique<LibraryIndex>(
            cache, index_folders({lib.string()}, (shipped / "rulebook.yaml").string()));
    }
    std::size_t pending(const LibraryIndex& index) {
        const auto& e = index.entries();
        return static_cast<std::size_t>(
            std::count_if(e.begin(), e.end(), [](const auto& s) { return s.pending; }));
    }
    // A fresh index that loaded and refreshed, waited for.
    std::unique_ptr<LibraryIndex> built() {
        auto index = make();
        index->load();
        index->refresh();
        index->wait();
        return index;
    }
    fs::path lib;
    fs::path cache;
};

TEST_F(LibraryIndexTest, FirstLoadIsPendingUntilTheRefreshParsesEveryFile) {
    auto index = make();
    index->load();
    ASSERT_EQ(index->entries().size(), 3u);
    EXPECT_EQ(pending(*index), 3u);
    index->refresh();
    index->wait();
    EXPECT_EQ(index->parses(), 3u);
    EXPECT_EQ(pending(*index), 0u);
    EXPECT_TRUE(fs::exists(cache));
    // The tutorial is first; the others by id.
    EXPECT_EQ(index->entries()[0].id, "tutorial-first-sale");
    EXPECT_EQ(index->entries()[1].id, "accounting-software");
    const ScenarioSummary* acc = index->find("accounting-software");
    ASSERT_NE(acc, nullptr);
    EXPECT_EQ(acc->difficulty, 3);
    EXPECT_EQ(acc->title.get("fi"), "Pilvikirjanpito varovaiselle tilitoimistolle");
    // Its test plan's textbook sale answers with denial, compensation and boomerang and closes
    // assumptively: the best play the summary is read from.
    for (const char* m : {"denial", "compensation", "boomerang"}) EXPECT_TRUE(acc->practises(m)) << m;
    EXPECT_FALSE(acc->competencies.empty());
    EXPECT_NE(acc->glyphs.find("\xC3\xA4"), std::string::npos);  // the ä of its Finnish
}

TEST_F(LibraryIndexTest, ACacheHitParsesNothing) {
    built();
    auto index = make();
    index->load();
    EXPECT_EQ(pending(*index), 0u);
    EXPECT_TRUE(index->cache_problem().empty());
    ASSERT_NE(index->find("bike-shop"), nullptr);
    EXPECT_EQ(index->find("bike-shop")->difficulty, 1);
    index->refresh();
    index->wait();
    EXPECT_EQ(index->parses(), 0u);
}

TEST_F(LibraryIndexTest, AChangedFileIsReadAgain) {
    built();
    std::string text = slurp(lib / "bike-shop.yaml");
    const std::string from = "difficulty: 1";
    text.replace(text.find(from), from.size(), "difficulty: 4");
    write_file(lib / "bike-shop.yaml", text);
    auto index = make();
    index->load();
    EXPECT_EQ(pending(*index), 1u);
    index->refresh();
    index->wait();
    EXPECT_EQ(index->parses(), 1u);
    EXPECT_EQ(index->find("bike-shop")->difficulty, 4);
}

TEST_F(LibraryIndexTest, SameSizeAndTimeButOtherBytesIsCaughtByTheHash) {
    built();
    const fs::path p = lib / "bike-shop.yaml";
    const auto time = fs::last_write_time(p);
    std::string text = slurp(p);
    text.replace(text.find("difficulty: 1"), 13, "difficulty: 2");
    write_file(p, text);
    fs::last_write_time(p, time);
    auto index = make();
    index->load();
    EXPECT_EQ(pending(*index), 0u);  // size and time match: the cached summary is shown meanwhile
    EXPECT_EQ(index->find("bike-shop")->difficulty, 1);
    index->refresh();
    index->wait();
    EXPECT_EQ(index->parses(), 1u);
    EXPECT_EQ(index->find("bike-shop")->difficulty, 2);
}

TEST_F(LibraryIndexTest, ACorruptCacheIsIgnoredAndRebuilt) {
    built();
    write_file(cache, "{\"format\": 1, \"scenarios\": [{\"id\": ");
    auto index = make();
    index->load();
    EXPECT_FALSE(index->cache_problem().empty());
    EXPECT_EQ(pending(*index), 3u);
    index->refresh();
    index->wait();
    EXPECT_EQ(index->parses(), 3u);
    auto again = make();
    again->load();
    EXPECT_TRUE(again->cache_problem().empty());
    EXPECT_EQ(pending(*again), 0u);
}

TEST_F(LibraryIndexTest, ABrokenFileIsListedAsBrokenWithItsFirstDiagnostic) {
    write_file(lib / "broken.yaml", "format: 1\nid: broken\ndifficulty: [\n");
    auto index = built();
    ASSERT_EQ(index->entries().size(), 4u);
    const auto it = std::find_if(index->entries().begin(), index->entries().end(),
                                 [](const ScenarioSummary& s) { return s.broken; });
    ASSERT_NE(it, index->entries().end());
    EXPECT_EQ(it->id, "broken");
    EXPECT_NE(it->problem.find("broken.yaml:"), std::string::npos) << it->problem;
    EXPECT_EQ(index->find("broken"), nullptr);
    EXPECT_NE(index->find("accounting-software"), nullptr);
}

TEST_F(LibraryIndexTest, OpenParsesTheWholeScenario) {
    auto index = built();
    const auto s = index->open("accounting-software");
    ASSERT_NE(s, nullptr);
    EXPECT_EQ(s->id, "accounting-software");
    EXPECT_FALSE(s->stages.empty());
    EXPECT_THROW(index->open("no-such-scenario"), std::runtime_error);
}

TEST_F(LibraryIndexTest, DetailsAreKeptUnderTheContentHashAndReadWithoutParsing) {
    auto index = built();
    const ScenarioSummary* e = index->find("accounting-software");
    ASSERT_NE(e, nullptr);
    const fs::path file = index->details_dir() / (e->hash + ".json");
    EXPECT_FALSE(fs::exists(file));
    const ScenarioDetails parsed = index->details("accounting-software");
    const ScenarioDetails whole = ScenarioDetails::of(*index->open("accounting-software"));
    EXPECT_EQ(parsed.title, whole.title);
    EXPECT_EQ(parsed.summary, whole.summary);
    EXPECT_EQ(parsed.goals, whole.goals);
    EXPECT_EQ(parsed.stages, whole.stages);
    EXPECT_EQ(parsed.buyer_name, whole.buyer_name);
    EXPECT_EQ(parsed.pass, whole.pass);
    EXPECT_EQ(parsed.difficulty, 3);
    ASSERT_TRUE(fs::exists(file));

    // The next start reads the file: a title changed in it (and only there) is what comes back.
    std::string bytes = slurp(file);
    const std::string fi_title = "Pilvikirjanpito varovaiselle tilitoimistolle";
    const auto at = bytes.find(fi_title);
    ASSERT_NE(at, std::string::npos);
    bytes.replace(at, fi_title.size(), "Cached title");
    write_file(file, bytes);
    auto again = make();
    again->load();
    EXPECT_EQ(again->details("accounting-software").title.get("fi"), "Cached title");
    EXPECT_EQ(again->details("accounting-software").goals, whole.goals);

    // A damaged file is parsed again and written anew.
    write_file(file, "{\"format\": 1, \"hash\": ");
    EXPECT_EQ(again->details("accounting-software").title.get("fi"), fi_title);
    EXPECT_NE(slurp(file).find(fi_title), std::string::npos);
}

TEST_F(LibraryIndexTest, AnEditedScenarioGetsDetailsOfItsNewBytes) {
    auto index = built();
    EXPECT_EQ(index->details("bike-shop").pass, index->open("bike-shop")->rubric.pass);
    std::string text = slurp(lib / "bike-shop.yaml");
    const auto at = text.find("\n  pass: ");
    ASSERT_NE(at, std::string::npos) << "the bike shop names its pass mark";
    const auto end = text.find('\n', at + 1);
    text.replace(at, end - at, "\n  pass: 61");
    write_file(lib / "bike-shop.yaml", text);
    auto after = built();
    EXPECT_EQ(after->details("bike-shop").pass, 61);
}

TEST_F(LibraryIndexTest, APendingFileIsParsedForItsDetailsAndNothingIsKept) {
    auto index = make();
    index->load();
    ASSERT_EQ(pending(*index), 3u);
    EXPECT_EQ(index->details("tutorial-first-sale").id, "tutorial-first-sale");
    EXPECT_FALSE(fs::exists(index->details_dir()));
    EXPECT_THROW(index->details("no-such-scenario"), std::runtime_error);
}

TEST_F(LibraryIndexTest, PollingWhileTheRefreshRunsSeesOnlyWholeLists) {
    // The caller reads its list the whole time the refresh runs; the refresh's list arrives in one
    // piece through poll(). Run under ThreadSanitizer, a data race here fails.
    auto index = make();
    index->load();
    index->refresh();
    std::size_t reads = 0;
    bool taken = false;
    while (!taken) {
        for (const ScenarioSummary& s : index->entries()) reads += s.id.size();
        taken = index->poll();
        if (!taken && !index->refreshing()) taken = index->poll();
        std::this_thread::yield();
    }
    EXPECT_GT(reads, 0u);
    EXPECT_EQ(pending(*index), 0u);
    EXPECT_EQ(index->entries().size(), 3u);
    // A second refresh may start while nothing changed; it parses nothing new.
    index->refresh();
    index->wait();
    EXPECT_EQ(index->parses(), 3u);
}

// [SECTION] The next scenario

class NextScenarioTest : public LibraryIndexTest {
protected:
    // A finished attempt of `scenario` with these objection answers (move, best move).
    void attempt(results::ResultsStore& store, std::int64_t trainee, const std::string& scenario, int overall,
                 bool passed, const std::vector<std::pair<std::string, std::string>>& answers,
                 std::map<std::string, int> competencies = {}) {
        results::Attempt a;
        a.uuid = "00000000-0000-4000-8000-" + std::to_string(100000000000 + ++m_n);
        a.trainee_id = trainee;
        a.scenario_id = scenario;
        a.started = "2026-11-0" + std::to_string(m_n % 9 + 1) + "T10:00:00Z";
        const std::int64_t id = store.add_attempt(a);
        int i = 0;
        for (const auto& [move, best] : answers) {
            results::DecisionRow d;
            d.index = i++;
            d.stage = "objections";
            d.kind = "objection";
            d.ref = "price";
            d.move = move;
            d.verdict = move == best ? "best" : "mistake";
            d.best_moves = {best};
            d.timestamp = a.started;
            store.add_decision(id, d);
        }
        a.id = id;
        a.finished = a.started;
        a.status = results::AttemptStatus::Finished;
        a.outcome = "sale";
        a.overall = overall;
        a.passed = passed;
        a.competency_scores = std::move(competencies);
        store.update_attempt(a);
    }
    int m_n = 0;
};

TEST_F(NextScenarioTest, TheMostMisfittedMethodPicksAScenarioThatPractisesIt) {
    auto index = built();
    results::SqliteStore store(":memory:");
    results::Trainee t;
    t.name = "Anna";
    const auto anna = store.add_trainee(t);
    attempt(store, anna.id, "bike-shop", 55, false,
            {{"denial", "boomerang"}, {"denial", "compensation"}, {"boomerang", "boomerang"}});
    attempt(store, anna.id, "bike-shop", 80, true, {{"denial", "boomerang"}, {"yes_but", "question"}});

    const TraineeProgress p = read_progress(store, "Anna");
    ASSERT_TRUE(p.scenarios.contains("bike-shop"));
    EXPECT_EQ(p.scenarios.at("bike-shop").best, 80);
    EXPECT_TRUE(p.scenarios.at("bike-shop").passed);
    EXPECT_EQ(p.scenarios.at("bike-shop").attempts, 2);
    EXPECT_EQ(p.misfits.at("denial"), 3);
    EXPECT_EQ(p.misfits.at("yes_but"), 1);
    EXPECT_FALSE(p.misfits.contains("boomerang"));

    const auto r = recommend_next(p, index->entries(), "bike-shop");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->reason, "next.reason_method");
    EXPECT_EQ(r->method, "denial");
    EXPECT_EQ(r->times, 3);
    const ScenarioSummary* s = index->find(r->scenario_id);
    ASSERT_NE(s, nullptr);
    EXPECT_TRUE(s->practises("denial"));
}

TEST_F(NextScenarioTest, WithoutMisfitsTheWeakestCompetencyDecides) {
    auto index = built();
    results::SqliteStore store(":memory:");
    results::Trainee t;
    t.name = "Ben";
    const auto ben = store.add_trainee(t);
    const std::string weak = index->find("accounting-software")->competencies.front();
    attempt(store, ben.id, "tutorial-first-sale", 90, true, {{"boomerang", "boomerang"}},
            {{weak, 40}, {"rapport", 95}});
    const TraineeProgress p = read_progress(store, "Ben");
    EXPECT_DOUBLE_EQ(p.competencies.at(weak), 40.0);
    const auto r = recommend_next(p, index->entries(), "tutorial-first-sale");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->reason, "next.reason_competency");
    EXPECT_EQ(r->competency, weak);
    EXPECT_EQ(r->score, 40);
    EXPECT_TRUE(index->find(r->scenario_id)->practises(weak));
    EXPECT_NE(r->scenario_id, "tutorial-first-sale");
}

TEST_F(NextScenarioTest, ANewTraineeIsSentToTheEasiestUnplayedScenario) {
    auto index = built();
    results::SqliteStore store(":memory:");
    const TraineeProgress p = read_progress(store, "Nobody");
    EXPECT_TRUE(p.scenarios.empty());
    const auto r = recommend_next(p, index->entries());
    ASSERT_TRUE(r);
    EXPECT_EQ(r->reason, "next.reason_unplayed");
    EXPECT_EQ(index->find(r->scenario_id)->difficulty, 1);
}

}  // namespace
}  // namespace salesim::app::test
