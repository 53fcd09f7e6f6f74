// Where a terminal play is recorded: the results store of the data folder, for the trainee.
#include "cli/play_recording.hpp"

#include "cli/results_cli.hpp"
#include "cli/ui_text.hpp"

#include <cstdlib>
#include <iostream>

namespace salesim::cli {

namespace {

void say_not_recorded(const std::string& why, std::string_view lang) {
    print_error(why);
    std::cerr << tr(lang, "cli.play_error.not_recorded") << "\n";
}

}  // namespace

std::unique_ptr<results::SqliteStore> open_play_recording(const CLI::App& sub, std::string trainee, bool off,
                                                          app::AttemptController& attempt,
                                                          std::string_view lang) {
    if (off) return nullptr;
    if (trainee.empty()) {
        const char* user = std::getenv("USER");
        trainee = user != nullptr && *user != '\0' ? user : "trainee";
    }
    std::unique_ptr<results::SqliteStore> store;
    try {
        store = open_results(sub);
    } catch (const std::exception& e) {
        say_not_recorded(e.what(), lang);
        return nullptr;
    }
    attempt.record_to(store.get());
    attempt.set_trainee(std::move(trainee));
    return store;
}

void report_recording_problem(app::AttemptController& attempt, std::string_view lang) {
    if (const std::string why = attempt.take_notice(); !why.empty()) say_not_recorded(why, lang);
}

}  // namespace salesim::cli
