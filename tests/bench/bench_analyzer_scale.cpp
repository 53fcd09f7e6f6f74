// The analyzer as a scenario grows: accounting-software (3 objections as shipped) with its
// objections repeated under new ids, one objection at a time, each analysed with the budgets a
// trainer gets (1 GiB, and a time limit). Prints per size the states, time, memory and whether the
// answer is exact or bounded, and time and states as ratios against the shipped 3-objection
// scenario measured in the same run.
// Usage: bench_analyzer_scale [--max-objections N] [--time-limit SECONDS] [--max-memory MIB]
#include "../support/grown_scenario.hpp"
#include "salesim/analyzer.hpp"
#include "salesim/loader.hpp"

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

using namespace salesim;

int main(int argc, char** argv) {
    std::size_t max_objections = 9;
    double time_limit = 10;
    std::size_t max_memory_mib = 1024;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string flag = argv[i];
        if (flag == "--max-objections")
            max_objections = std::strtoul(argv[i + 1], nullptr, 10);
        else if (flag == "--time-limit")
            time_limit = std::strtod(argv[i + 1], nullptr);
        else if (flag == "--max-memory")
            max_memory_mib = std::strtoul(argv[i + 1], nullptr, 10);
        else {
            std::cerr
                << "usage: bench_analyzer_scale [--max-objections N] [--time-limit S] [--max-memory MIB]\n";
            return 2;
        }
    }
    const std::string root = SALESIM_SOURCE_DIR;
    const RuleBookLoad book = load_rulebook_file(root + "/scenarios/rulebook.yaml");
    std::ifstream in(root + "/scenarios/accounting-software.yaml");
    std::stringstream text;
    text << in.rdbuf();
    if (!book.book || !in) {
        std::cerr << "bench_analyzer_scale: the shipped rule book or accounting-software does not load\n";
        return 1;
    }
    AnalyzeOptions opts;
    opts.time_limit = time_limit;
    opts.max_memory = max_memory_mib << 20;
    std::printf("accounting-software grown one objection at a time (budgets: %.0f s, %zu MiB)\n", time_limit,
                max_memory_mib);
    std::printf("%10s %12s %12s %9s %9s %-22s %10s %12s %12s\n", "objections", "states", "engine", "seconds",
                "MiB", "answer", "best", "time vs 3", "states vs 3");
    double ref_seconds = 0, ref_states = 0;
    for (std::size_t k = 3; k <= max_objections; ++k) {
        const std::string yaml = testing_support::grow_objections(text.str(), k);
        const ScenarioLoad load =
            load_scenario(yaml, "accounting-software-" + std::to_string(k) + ".yaml", book.book);
        if (!load.scenario) {
            std::cerr << "bench_analyzer_scale: the grown scenario with " << k
                      << " objections does not load\n";
            return 1;
        }
        const Analysis a = analyze(load.scenario, opts);
        if (k == 3) {
            ref_seconds = a.seconds;
            ref_states = static_cast<double>(a.states);
        }
        std::string answer = a.bounded() ? std::string("bounded:") + to_string(a.end) : "exact";
        char best[32];
        if (a.best && a.bounded())
            std::snprintf(best, sizeof best, "%d..%d", a.best->score, a.best_bound);
        else if (a.best)
            std::snprintf(best, sizeof best, "%d", a.best->score);
        else
            std::snprintf(best, sizeof best, "-");
        std::printf("%10zu %12zu %12zu %9.2f %9.0f %-22s %10s %11.1fx %11.1fx\n", k, a.states, a.engine_keys,
                    a.seconds, static_cast<double>(a.memory) / (1024.0 * 1024.0), answer.c_str(), best,
                    ref_seconds > 0 ? a.seconds / ref_seconds : 0.0,
                    ref_states > 0 ? static_cast<double>(a.states) / ref_states : 0.0);
        std::fflush(stdout);
        if (!a.pass_reachable) {
            std::cerr << "bench_analyzer_scale: no passing path with " << k << " objections\n";
            return 1;
        }
    }
    return 0;
}
