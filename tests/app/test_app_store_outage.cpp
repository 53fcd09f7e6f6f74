// A shared results database that goes away mid-play: a real PostgreSQL server of the test's own
// (tests/support/pg_cluster.sh) is stopped after a few decisions and started again. Play goes on,
// the autosave keeps everything, and what waited is sent when the server answers: every decision
// there exactly once, the attempt finished.
#include "salesim/app/attempt_controller.hpp"

#include "../results/results_test_util.hpp"
#include "app_test_util.hpp"

#include <salesim/results/pg_store.hpp>

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

using namespace salesim;
namespace fs = std::filesystem;

namespace {

class StoreOutage : public app::test::ScratchAttempt {
protected:
    void SetUp() override {
        ScratchAttempt::SetUp();
        if (std::getenv("SALESIM_TEST_PG") == nullptr)
            GTEST_SKIP() << "no PostgreSQL test server (run under ctest)";
        state = dir / "pg";
        ASSERT_EQ(cluster("start"), 0);
        std::ifstream in(state / "url");
        std::getline(in, url);
        ASSERT_FALSE(url.empty());
    }
    void TearDown() override {
        if (!state.empty()) cluster("stop");
    }
    int cluster(const std::string& what) const {
        const std::string cmd = "bash '" + std::string(SALESIM_SOURCE_DIR) +
                                "/tests/support/pg_cluster.sh' " + what + " '" + state.string() +
                                "' >/dev/null";
        return std::system(cmd.c_str());
    }

    fs::path state;
    std::string url;
};

TEST_F(StoreOutage, DecisionsMadeWhileTheServerIsAwayAreSentWhenItIsBackExactlyOnce) {
    const auto scenario = results::test::scenario("tutorial-first-sale");
    results::PgStore store(url);
    app::AttemptController a = make(&store, "Maija");
    a.start(scenario, 5);
    ASSERT_TRUE(a.recorded());
    a.choose(0);
    a.choose(0);
    EXPECT_EQ(store.decisions(*a.recorded()).size(), 2U);

    ASSERT_EQ(cluster("pause"), 0);
    a.choose(0);
    EXPECT_TRUE(a.recording_behind());
    const std::string notice = a.take_notice();
    EXPECT_NE(notice.find("PostgreSQL server is running"), std::string::npos) << notice;
    a.choose(0);
    EXPECT_TRUE(a.take_notice().empty()) << "the outage is said once";
    EXPECT_FALSE(a.catch_up());
    // The rest of the play, to its end, with the server still away.
    while (!a.session()->finished()) a.choose(0);
    EXPECT_TRUE(a.recording_behind());
    EXPECT_TRUE(fs::exists(dir / "autosave.json")) << "a finished play that was not sent keeps its autosave";

    ASSERT_EQ(cluster("resume"), 0);
    EXPECT_TRUE(a.catch_up());
    EXPECT_FALSE(a.recording_behind());
    const auto attempts = store.attempts();
    ASSERT_EQ(attempts.size(), 1U);
    EXPECT_EQ(attempts[0].status, results::AttemptStatus::Finished);
    const auto rows = store.decisions(attempts[0].id);
    ASSERT_EQ(rows.size(), a.session()->decisions().size());
    for (std::size_t i = 0; i < rows.size(); ++i) EXPECT_EQ(rows[i].index, static_cast<int>(i));
}

TEST_F(StoreOutage, AServerBackBeforeTheNextDecisionCatchesUpThere) {
    const auto scenario = results::test::scenario("tutorial-first-sale");
    results::PgStore store(url);
    app::AttemptController a = make(&store, "Pekka");
    a.start(scenario, 9);
    a.choose(0);
    ASSERT_EQ(cluster("pause"), 0);
    a.choose(0);
    a.choose(0);
    EXPECT_TRUE(a.recording_behind());
    ASSERT_EQ(cluster("resume"), 0);
    a.choose(0);  // sends the two that waited, then this one
    EXPECT_FALSE(a.recording_behind());
    EXPECT_EQ(store.decisions(*a.recorded()).size(), 4U);
}

}  // namespace
