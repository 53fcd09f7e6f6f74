// The analyzer's speed in distinct states per second, beside bare engine stepping (Session::choose on
// a non-recording session) measured in the same run, on the guide's worked example; and the time
// of the whole shipped library.
#include "salesim/analyzer.hpp"
#include "salesim/loader.hpp"

#include <benchmark/benchmark.h>

#include <cstdlib>
#include <iostream>
#include <string>

using namespace salesim;

namespace {

std::shared_ptr<const Scenario> example() {
    static std::shared_ptr<const Scenario> scn = [] {
        const std::string root = SALESIM_SOURCE_DIR;
        RuleBookLoad book = load_rulebook_file(root + "/scenarios/rulebook.yaml");
        if (!book.book) {
            std::cerr << "bench_analyzer: the shipped rule book does not load\n";
            std::exit(1);
        }
        ScenarioLoad load = load_scenario_file(root + "/docs/examples/bakery-oven.yaml", book.book);
        if (!load.scenario) {
            std::cerr << "bench_analyzer: docs/examples/bakery-oven.yaml does not load\n";
            std::exit(1);
        }
        return load.scenario;
    }();
    return scn;
}

// Every benchmark here reports the same counters (zero where they do not apply): the CSV output
// scripts/bench.sh reads needs one set of columns for all rows.
void report(benchmark::State& state, double choices, double states, double scenarios) {
    state.counters["choices/s"] = benchmark::Counter(choices, benchmark::Counter::kIsRate);
    state.counters["states/s"] = benchmark::Counter(states, benchmark::Counter::kIsRate);
    state.counters["choices"] = benchmark::Counter(choices, benchmark::Counter::kAvgIterations);
    state.counters["scenarios"] = scenarios;
}

// Plays whole sessions with pseudo-random choices: the engine's own stepping rate.
void BM_EngineStepping(benchmark::State& state) {
    const auto scn = example();
    std::uint64_t rng = 12345;
    std::int64_t steps = 0;
    for (auto _ : state) {
        Session s(scn, 1, false);
        while (!s.finished()) {
            rng = rng * 6364136223846793005ull + 1442695040888963407ull;
            s.choose(static_cast<std::size_t>((rng >> 33) % s.current().options.size()));
            ++steps;
        }
        benchmark::DoNotOptimize(s.outcome());
    }
    report(state, static_cast<double>(steps), 0, 0);
}
BENCHMARK(BM_EngineStepping);

void BM_Analyze(benchmark::State& state) {
    const auto scn = example();
    std::int64_t states = 0, transitions = 0;
    for (auto _ : state) {
        const Analysis a = analyze(scn);
        states += static_cast<std::int64_t>(a.states);
        transitions += static_cast<std::int64_t>(a.transitions);
        benchmark::DoNotOptimize(a.paths);
    }
    report(state, static_cast<double>(transitions), static_cast<double>(states), 1);
}
BENCHMARK(BM_Analyze)->Unit(benchmark::kMillisecond);

// The whole shipped library, as `salesim analyze scenarios/` searches it one scenario after
// another (loading excluded). The choices it simulates, divided by the stepping rate above, give
// the time bare stepping alone would take: the ratio is what merging, hashing and the reports cost
// on top of the engine. Argument 1: the same search simulating every choice (no trial-close twins,
// no reused transitions), the reference for what those save.
void BM_AnalyzeLibrary(benchmark::State& state) {
    AnalyzeOptions opts;
    if (state.range(0) == 1) {
        opts.trial_twins = false;
        opts.reuse_transitions = false;
    }
    static const Library lib = load_library(std::string(SALESIM_SOURCE_DIR) + "/scenarios");
    if (lib.scenarios.empty()) {
        state.SkipWithError("the shipped library does not load");
        return;
    }
    std::int64_t states = 0, transitions = 0;
    for (auto _ : state) {
        for (const auto& scn : lib.scenarios) {
            const Analysis a = analyze(scn, opts);
            states += static_cast<std::int64_t>(a.states);
            transitions += static_cast<std::int64_t>(a.transitions);
            benchmark::DoNotOptimize(a.paths);
        }
    }
    report(state, static_cast<double>(transitions), static_cast<double>(states),
           static_cast<double>(lib.scenarios.size()));
}
BENCHMARK(BM_AnalyzeLibrary)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
