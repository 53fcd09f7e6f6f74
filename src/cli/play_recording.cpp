// Where a terminal play is recorded and saved: the results store of the data folder, for the
// trainee the window last played as; saves in the data folder's saves/.
#include "cli/play_recording.hpp"

#include "cli/results_cli.hpp"
#include "cli/ui_text.hpp"

#include <salesim/app/data_dirs.hpp>
#include <salesim/app/durable_file.hpp>

#include <nlohmann/json.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <system_error>

namespace salesim::cli {

namespace {

void say_not_recorded(const std::string& why, std::string_view lang) {
    print_error(why);
    std::cerr << tr(lang, "cli.play_error.not_recorded") << "\n";
}

}  // namespace

std::string window_profile(const std::string& data_dir) {
    const std::filesystem::path settings = app::user_data_dir(data_dir) / "settings.json";
    std::ifstream in(settings, std::ios::binary);
    if (!in) return {};
    // A settings file the window cannot read is the window's to report; here it only names no one.
    const nlohmann::json j = nlohmann::json::parse(in, nullptr, false);
    if (!j.is_object()) return {};
    const auto it = j.find("name");
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::string default_trainee(const std::string& data_dir) {
    if (std::string name = window_profile(data_dir); !name.empty()) return name;
    const char* user = std::getenv("USER");
    return user != nullptr && *user != '\0' ? user : "trainee";
}

std::filesystem::path default_save_path(const std::string& data_dir, const std::string& scenario_id) {
    return app::user_data_dir(data_dir) / "saves" / (scenario_id + ".save.json");
}

std::unique_ptr<results::ResultsStore> open_play_recording(const CLI::App& sub, std::string trainee, bool off,
                                                           app::AttemptController& attempt,
                                                           std::string_view lang) {
    if (off) return nullptr;
    if (trainee.empty()) trainee = default_trainee(data_dir_option(sub));
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
