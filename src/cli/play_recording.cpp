// Where a terminal play is recorded: the results store of the data folder, for the trainee.
#include "cli/play_recording.hpp"

#include "cli/results_cli.hpp"
#include "cli/ui_text.hpp"

#include <salesim/app/data_dirs.hpp>
#include <salesim/app/durable_file.hpp>

#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <system_error>

namespace salesim::cli {

namespace {

void say_not_recorded(const std::string& why, std::string_view lang) {
    print_error(why);
    std::cerr << tr(lang, "cli.play_error.not_recorded") << "\n";
}

}  // namespace

std::unique_ptr<results::ResultsStore> open_play_recording(const CLI::App& sub, std::string trainee, bool off,
                                                           app::AttemptController& attempt,
                                                           std::string_view lang) {
    if (off) return nullptr;
    if (trainee.empty()) {
        const char* user = std::getenv("USER");
        trainee = user != nullptr && *user != '\0' ? user : "trainee";
    }
    std::unique_ptr<results::ResultsStore> store;
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
    const std::string why = attempt.take_notice();
    if (why.empty()) return;
    if (!attempt.recording_behind()) {
        say_not_recorded(why, lang);
        return;
    }
    print_error(why);
    std::cerr << tr(lang, "cli.play_error.recording_behind") << "\n";
}

bool send_or_keep_unsent(app::AttemptController& attempt, const std::string& data_dir,
                         std::string_view lang) {
    if (!attempt.recording_behind() || attempt.catch_up()) return true;
    const std::string name =
        "unsent-" + (attempt.registration().empty() ? std::string("attempt") : attempt.registration()) +
        ".save.json";
    const std::filesystem::path keep = app::user_data_dir(data_dir) / name;
    std::error_code ec;
    std::filesystem::create_directories(keep.parent_path(), ec);
    attempt.save(keep);
    const auto quoted = [](const std::string& w) {
        std::string q = "'";
        for (char c : w) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
        return q + "'";
    };
    std::cerr << fill(tr(lang, "cli.play_error.unsent_kept"),
                      {{"file", keep.string()}, {"trainee", quoted(attempt.trainee())}})
              << "\n";
    return false;
}

void write_save(const std::filesystem::path& path, std::string_view bytes) {
    try {
        app::write_file_durable(path, bytes);
    } catch (const app::FileWriteError& e) {
        throw std::runtime_error(e.reason());
    }
}

}  // namespace salesim::cli
