// Engine benchmarks: scenario load against a bare YAML::Load of the same bytes, one session step,
// a whole play-through, and loading the whole shipped library. Prints a table of ratios.
#include <benchmark/benchmark.h>
#include <yaml-cpp/yaml.h>

#include "salesim/loader.hpp"
#include "salesim/session.hpp"

#include <cstdio>
#include <cstring>
#include <map>
#include <memory>
#include <string>

namespace {

const std::string source_dir = SALESIM_SOURCE_DIR;
const std::string scenario_path = source_dir + "/scenarios/chairs-agency.yaml";
const std::string library_dir = source_dir + "/scenarios";

struct Data {
    std::string bytes;
    std::shared_ptr<const salesim::RuleBook> book;
    std::shared_ptr<const salesim::Scenario> scenario;
};

const Data& data() {
    static const Data d = [] {
        Data out;
        std::vector<salesim::Diagnostic> diags;
        out.bytes = salesim::read_file_checked(scenario_path, 1u << 20, diags).value_or("");
        out.book = salesim::load_rulebook_file(library_dir + "/rulebook.yaml").book;
        if (out.book) out.scenario = salesim::load_scenario(out.bytes, scenario_path, out.book).scenario;
        if (!out.scenario) {
            std::fprintf(stderr, "bench_engine: cannot load %s\n", scenario_path.c_str());
            std::exit(1);
        }
        return out;
    }();
    return d;
}

void BM_YamlLoad(benchmark::State& state) {
    const std::string& bytes = data().bytes;
    for (auto _ : state) benchmark::DoNotOptimize(YAML::Load(bytes));
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * bytes.size()));
}
BENCHMARK(BM_YamlLoad);

void BM_ScenarioLoad(benchmark::State& state) {
    const Data& d = data();
    for (auto _ : state) benchmark::DoNotOptimize(salesim::load_scenario(d.bytes, scenario_path, d.book));
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * d.bytes.size()));
}
BENCHMARK(BM_ScenarioLoad);

// Plays the first option at every decision; returns the decisions made.
int play_through(const std::shared_ptr<const salesim::Scenario>& s, bool record) {
    salesim::Session session(s, 1, record);
    int n = 0;
    while (!session.finished()) {
        session.choose(0);
        ++n;
    }
    return n;
}

void BM_PlayThrough(benchmark::State& state) {
    const Data& d = data();
    int steps = 0;
    for (auto _ : state) steps = play_through(d.scenario, true);
    state.counters["steps"] = steps;
}
BENCHMARK(BM_PlayThrough);

void BM_SessionStep(benchmark::State& state) {
    // One step of a recording session (what the window and the CLI use): a play-through divided by
    // its steps, measured with the session's construction excluded.
    const Data& d = data();
    std::int64_t steps = 0;
    for (auto _ : state) {
        state.PauseTiming();
        salesim::Session session(d.scenario, 1, true);
        state.ResumeTiming();
        while (!session.finished()) {
            session.choose(0);
            ++steps;
        }
    }
    state.SetItemsProcessed(steps);
}
BENCHMARK(BM_SessionStep);

void BM_LibraryLoad(benchmark::State& state) {
    std::size_t n = 0;
    for (auto _ : state) n = salesim::load_library(library_dir).scenarios.size();
    state.counters["scenarios"] = static_cast<double>(n);
}
BENCHMARK(BM_LibraryLoad)->Unit(benchmark::kMillisecond);

// Collects each benchmark's CPU time per iteration (or per item) so the table can print ratios;
// CPU time, not wall time, because these machines are shared and the wall clock is noisy.
class RatioReporter : public benchmark::ConsoleReporter {
public:
    std::map<std::string, double> ns_per_iter;
    std::map<std::string, double> ns_per_item;
    void ReportRuns(const std::vector<Run>& runs) override {
        ConsoleReporter::ReportRuns(runs);
        for (const Run& r : runs) {
            if (r.run_type != Run::RT_Iteration || r.iterations == 0) continue;
            const double ns = r.cpu_accumulated_time * 1e9 / static_cast<double>(r.iterations);
            ns_per_iter[r.benchmark_name()] = ns;
            auto items = r.counters.find("items_per_second");
            if (items != r.counters.end() && items->second.value > 0)
                ns_per_item[r.benchmark_name()] = 1e9 / items->second.value;
        }
    }
};

}  // namespace

int main(int argc, char** argv) {
    bool smoke = false;
    std::vector<char*> args;
    for (int i = 0; i < argc; ++i) {
        if (std::strcmp(argv[i], "--smoke") == 0)
            smoke = true;
        else
            args.push_back(argv[i]);
    }
    int n = static_cast<int>(args.size());
    benchmark::Initialize(&n, args.data());
    RatioReporter reporter;
    benchmark::RunSpecifiedBenchmarks(&reporter);
    benchmark::Shutdown();

    auto get = [&](const std::map<std::string, double>& m, const char* name) {
        auto it = m.find(name);
        return it == m.end() ? 0.0 : it->second;
    };
    const double yaml = get(reporter.ns_per_iter, "BM_YamlLoad");
    const double load = get(reporter.ns_per_iter, "BM_ScenarioLoad");
    const double step = get(reporter.ns_per_item, "BM_SessionStep");
    const double play = get(reporter.ns_per_iter, "BM_PlayThrough");
    const double library = get(reporter.ns_per_iter, "BM_LibraryLoad");
    std::printf("\n%-44s %14s %10s %s\n", "figure", "time", "ratio", "reference / goal");
    std::printf("%-44s %11.1f us %9.2fx %s\n", "scenario load (parse, validate, build)", load / 1e3,
                yaml > 0 ? load / yaml : 0.0, "vs bare YAML::Load of the same bytes; goal <= 1.3x");
    std::printf("%-44s %11.1f us %9.2fx %s\n", "bare YAML::Load (reference)", yaml / 1e3, 1.0, "");
    std::printf("%-44s %11.2f us %9.4fx %s\n", "one session step (recording)", step / 1e3,
                yaml > 0 ? step / yaml : 0.0, "vs YAML::Load; goal < 10 us");
    std::printf("%-44s %11.1f us %9.2fx %s\n", "whole play-through", play / 1e3, yaml > 0 ? play / yaml : 0.0,
                "vs YAML::Load");
    std::printf("%-44s %11.1f us %9.2fx %s\n", "whole shipped library load", library / 1e3,
                yaml > 0 ? library / yaml : 0.0, "vs YAML::Load of one scenario");
    if (smoke && (load <= 0 || step <= 0)) return 1;
    return 0;
}
