// A process killed with SIGKILL in the middle of an attempt loses nothing it had recorded.
#include "results_test_util.hpp"

#include <salesim/results/sqlite_store.hpp>

#include <gtest/gtest.h>

#include <sys/wait.h>
#include <unistd.h>
#include <csignal>

namespace salesim::results {
namespace {

int run_killed(const std::filesystem::path& db, const std::string& scenario, int seed, int n) {
    const pid_t pid = ::fork();
    if (pid == 0) {
        const std::string s = std::to_string(seed), k = std::to_string(n);
        ::execl(SALESIM_RESULTS_KILL_HELPER, SALESIM_RESULTS_KILL_HELPER, db.c_str(), scenario.c_str(),
                s.c_str(), k.c_str(), static_cast<char*>(nullptr));
        ::_exit(127);
    }
    int status = 0;
    ::waitpid(pid, &status, 0);
    return WIFSIGNALED(status) ? WTERMSIG(status) : -WEXITSTATUS(status);
}

TEST(ResultsCrash, DecisionsBeforeAKillAreKeptAndTheAttemptResumes) {
    const auto dir = test::scratch("sigkill");
    const auto db = dir / "results.db";
    for (int n : {1, 3, 6}) {
        ASSERT_EQ(run_killed(db, "tutorial-first-sale", 20 + n, n), SIGKILL);
    }
    SqliteStore store(db);
    EXPECT_EQ(store.integrity_check(), "ok");
    Recorder rec(store);
    const auto open = rec.find_in_progress("Killed Kim");
    ASSERT_EQ(open.size(), 3u);
    const int expected[] = {1, 3, 6};
    for (std::size_t i = 0; i < open.size(); ++i) {
        EXPECT_EQ(open[i].status, AttemptStatus::InProgress);
        EXPECT_EQ(store.decisions(open[i].id).size(), static_cast<std::size_t>(expected[i]));
        // The resumed session is the one the killed process had, byte for byte.
        Session resumed = rec.resume(open[i].id, test::library());
        Session replay(test::scenario("tutorial-first-sale"), open[i].seed);
        for (int k = 0; k < expected[i]; ++k)
            replay.choose(test::pick_option(replay, static_cast<std::size_t>(k)));
        EXPECT_EQ(result_json(resumed, "en"), result_json(replay, "en"));
        // and it can be finished with the same id.
        while (!resumed.finished()) rec.record_decision(open[i].id, resumed, resumed.choose(0));
        rec.finish_attempt(open[i].id, resumed);
        EXPECT_EQ(store.attempt(open[i].id)->status, AttemptStatus::Finished);
    }
    EXPECT_EQ(store.integrity_check(), "ok");
}

}  // namespace
}  // namespace salesim::results
