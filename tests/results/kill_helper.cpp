// Test helper: records an attempt decision by decision and kills itself with SIGKILL after N of them,
// as a power cut or a crash would. Usage: results_kill_helper DB SCENARIO SEED N
#include "results_test_util.hpp"

#include <salesim/results/sqlite_store.hpp>

#include <csignal>
#include <cstdlib>
#include <iostream>

int main(int argc, char** argv) {
    if (argc != 5) {
        std::cerr << "usage: results_kill_helper DB SCENARIO SEED N\n";
        return 2;
    }
    using namespace salesim;
    results::SqliteStore store(argv[1]);
    results::Recorder rec(store);
    Session s(results::test::scenario(argv[2]), std::strtoull(argv[3], nullptr, 10));
    const long n = std::atol(argv[4]);
    const results::AttemptId id = rec.begin_attempt("Killed Kim", s, "en");
    long made = 0;
    while (!s.finished()) {
        const DecisionRecord& r = s.choose(results::test::pick_option(s, static_cast<std::size_t>(made)));
        rec.record_decision(id, s, r);
        if (++made == n) std::raise(SIGKILL);
    }
    std::cerr << "results_kill_helper: the session ended after " << made << " decisions, before " << n
              << "\n";
    return 3;
}
