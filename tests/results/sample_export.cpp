// Test helper: fills a results database with finished, abandoned and in-progress attempts of two
// groups, then writes every export format beside it. Usage: results_sample_export DIR
#include "results_test_util.hpp"

#include <salesim/results/exchange.hpp>
#include <salesim/results/sqlite_store.hpp>

#include <fstream>
#include <iostream>

int main(int argc, char** argv) {
    if (argc != 2) {
        std::cerr << "usage: results_sample_export DIR\n";
        return 2;
    }
    using namespace salesim;
    namespace rt = results::test;
    const std::filesystem::path dir = argv[1];
    std::filesystem::create_directories(dir);
    std::filesystem::remove(dir / "results.db");
    results::SqliteStore store(dir / "results.db");
    results::Recorder rec(store);
    results::Trainee anna;
    anna.name = "Anna Äijälä";
    anna.email = "anna@example.org";
    anna.external_id = "S-100";
    store.add_trainee(anna);
    const auto g1 = store.add_group("Sales, class A");
    const auto g2 = store.add_group("Team \"North\"");
    store.join_group(g1.id, store.find_trainee("Anna Äijälä")->id);
    store.join_group(g2.id, rec.ensure_trainee("Bob").id);
    rt::play_recorded(rec, "Anna Äijälä", "tutorial-first-sale", 1, 0);
    rt::play_recorded(rec, "Anna Äijälä", "tutorial-first-sale", 2, 1, 1);
    rt::play_recorded(rec, "Bob", "chairs-agency", 3, 0, 1);
    Session open(rt::scenario("bike-shop"), 4);
    const auto id = rec.begin_attempt("Bob", open, "fi");
    rec.record_decision(id, open, open.choose(0));
    Session gone(rt::scenario("bike-shop"), 5);
    const auto id2 = rec.begin_attempt("Anna Äijälä", gone, "en");
    rec.record_decision(id2, gone, gone.choose(0));
    rec.abandon(id2);

    results::ExportOptions opts;
    results::Warnings w;
    const std::pair<const char*, std::string> files[] = {
        {"export.xapi.json", results::export_xapi(store, opts, w)},
        {"export.csv", results::export_csv(store, opts, w)},
        {"export.moodle.csv", results::export_moodle(store, opts, w)},
        {"export.canvas.csv", results::export_canvas(store, opts, w)},
    };
    for (const auto& [name, text] : files) std::ofstream(dir / name, std::ios::binary) << text;
    std::cout << "wrote " << dir.string() << "\n";
    return 0;
}
