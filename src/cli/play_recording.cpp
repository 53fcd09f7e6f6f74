// Where a terminal play is recorded: the results store of the data folder, for the trainee.
#include "cli/play_recording.hpp"

#include "cli/results_cli.hpp"

#include <cstdlib>
#include <iostream>

namespace salesim::cli {

namespace {

void say_not_recorded(const std::string& why) {
    print_error(why);
    std::cerr << "salesim: note: this play is not being recorded; --no-record hides this message\n";
}

}  // namespace

std::unique_ptr<results::SqliteStore> open_play_recording(const CLI::App& sub, std::string trainee, bool off,
                                                          app::AttemptController& attempt) {
    if (off) return nullptr;
    if (trainee.empty()) {
        const char* user = std::getenv("USER");
        trainee = user != nullptr && *user != '\0' ? user : "trainee";
    }
    std::unique_ptr<results::SqliteStore> store;
    try {
        store = open_results(sub);
    } catch (const std::exception& e) {
        say_not_recorded(e.what());
        return nullptr;
    }
    attempt.record_to(store.get());
    attempt.set_trainee(std::move(trainee));
    return store;
}

void report_recording_problem(app::AttemptController& attempt) {
    if (const std::string why = attempt.take_notice(); !why.empty()) say_not_recorded(why);
}

}  // namespace salesim::cli
