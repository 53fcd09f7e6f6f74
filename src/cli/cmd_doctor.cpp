// `salesim doctor`: checks the results database (PRAGMA integrity_check), names its backup, and with
// --restore puts the backup in place of a damaged database, keeping the damaged file.
#include "cli/commands.hpp"

#include "cli/common.hpp"
#include "cli/results_cli.hpp"
#include "cli/ui_text.hpp"

#include <salesim/app/data_dirs.hpp>
#include <salesim/app/exit_code.hpp>
#include <salesim/results/open_store.hpp>
#include <salesim/results/pg_store.hpp>
#include <salesim/results/sqlite_store.hpp>

#include <chrono>
#include <ctime>
#include <filesystem>
#include <iostream>
#include <memory>
#include <string>
#include <string_view>

namespace salesim::cli {

namespace {

namespace fs = std::filesystem;
using app::ExitCode;
using app::to_int;
using State = results::DatabaseHealth::State;

// At most this many of integrity_check's findings are printed (it is asked for a few more, to say
// how many were left out).
constexpr std::size_t shown_problems = 20;

std::string say(std::string_view lang, std::string_view key,
                std::initializer_list<std::pair<std::string_view, std::string>> values = {}) {
    return fill(tr(lang, "cli.doctor." + std::string(key)), values);
}

// When the file was last written, in local time ("" when it is not there).
std::string written_at(const fs::path& p) {
    std::error_code ec;
    const fs::file_time_type t = fs::last_write_time(p, ec);
    if (ec) return {};
    const auto sys = std::chrono::time_point_cast<std::chrono::system_clock::duration>(
        t - fs::file_time_type::clock::now() + std::chrono::system_clock::now());
    const std::time_t tt = std::chrono::system_clock::to_time_t(sys);
    std::tm tm{};
    localtime_r(&tt, &tm);
    char out[32];
    std::strftime(out, sizeof out, "%Y-%m-%d %H:%M", &tm);
    return out;
}

// What the check found, as the user reads it. Returns the exit code: 0 when there is nothing to do.
int print_health(std::string_view lang, const fs::path& db, const results::DatabaseHealth& h) {
    const std::string file = db.string();
    switch (h.state) {
        case State::Missing:
            std::cout << say(lang, "missing", {{"db", file}}) << "\n";
            return to_int(ExitCode::Ok);
        case State::Sound:
            std::cout << say(lang, "sound",
                             {{"db", file},
                              {"version", std::to_string(h.version)},
                              {"trainees", std::to_string(h.trainees)},
                              {"attempts", std::to_string(h.attempts)}})
                      << "\n";
            return to_int(ExitCode::Ok);
        case State::Damaged: {
            std::cout << say(lang, "damaged", {{"db", file}}) << "\n";
            for (std::size_t i = 0; i < h.problems.size() && i < shown_problems; ++i)
                std::cout << "  " << h.problems[i] << "\n";
            if (h.problems.size() > shown_problems)
                std::cout << say(lang, "more", {{"n", std::to_string(h.problems.size() - shown_problems)}})
                          << "\n";
            return to_int(ExitCode::Problems);
        }
        case State::NotResults:
            std::cout << say(lang, "not_results",
                             {{"db", file}, {"why", h.problems.empty() ? "" : h.problems[0]}})
                      << "\n";
            return to_int(ExitCode::Problems);
        case State::TooNew:
            std::cout << say(lang, "too_new", {{"db", file}, {"version", std::to_string(h.version)}}) << "\n";
            return to_int(ExitCode::Problems);
        case State::Unreadable:
            std::cout << say(lang, "unreadable",
                             {{"db", file},
                              {"why", h.problems.empty() ? "" : h.problems[0]},
                              {"folder", db.parent_path().string()}})
                      << "\n";
            return to_int(ExitCode::Problems);
    }
    return to_int(ExitCode::Problems);
}

// The backup's line, and for a damaged database what to do.
void print_backup(std::string_view lang, const fs::path& db, const results::DatabaseHealth& h,
                  const std::string& data_dir) {
    const fs::path bak = results::backup_path(db);
    const results::DatabaseHealth b = results::check_database(bak, 1);
    const bool usable = b.state == State::Sound && b.version >= 1;
    if (b.state == State::Missing)
        std::cout << say(lang, "no_backup", {{"bak", bak.string()}}) << "\n";
    else
        std::cout << say(lang, "backup",
                         {{"bak", bak.string()},
                          {"time", written_at(bak)},
                          {"state", say(lang, usable ? "backup_sound" : "backup_unusable")}})
                  << "\n";
    if (h.state != State::Damaged) return;
    if (usable) {
        const std::string args = data_dir.empty() ? std::string() : " --data-dir " + data_dir;
        std::cout << say(lang, "restore_help",
                         {{"args", args}, {"damaged", db.string() + ".damaged"}, {"time", written_at(bak)}})
                  << "\n";
    } else {
        std::cout << say(lang, "no_restore_help") << "\n";
    }
}

// A school's PostgreSQL database: reached, at a schema this program can use, and what it holds.
int check_postgresql(std::string_view lang, const std::string& location, bool restore) {
    const std::string shown = results::display_location(location);
    if (restore) {
        std::cerr << say(lang, "restore_postgresql", {{"db", shown}}) << "\n";
        return to_int(ExitCode::Misuse);
    }
    try {
        const results::PgStore store(location, results::Access::ReadOnly);
        if (store.stored_version() == 0) {
            std::cout << say(lang, "missing", {{"db", shown}}) << "\n";
            return to_int(ExitCode::Ok);
        }
        std::cout << say(lang, "sound",
                         {{"db", shown},
                          {"version", std::to_string(store.stored_version())},
                          {"trainees", std::to_string(store.trainees().size())},
                          {"attempts", std::to_string(store.attempts().size())}})
                  << "\n";
        return to_int(ExitCode::Ok);
    } catch (const results::StoreError& e) {
        print_error(e.what());
        return to_int(ExitCode::Problems);
    }
}

int run_doctor(const CLI::App& sub, bool restore) {
    const std::string lang = global_lang(sub);
    const std::string data_dir = data_dir_option(sub);
    const std::string location = store_location(sub);
    if (results::is_postgresql_url(location)) return check_postgresql(lang, location, restore);
    const fs::path db =
        store_is_named(sub) ? fs::path(results::display_location(location)) : app::results_db_path(data_dir);
    const results::DatabaseHealth h = results::check_database(db, static_cast<int>(shown_problems) + 80);
    if (!restore) {
        const int code = print_health(lang, db, h);
        std::error_code ec;
        if (h.state != State::Unreadable &&
            (h.state != State::Missing || fs::exists(results::backup_path(db), ec)))
            print_backup(lang, db, h, data_dir);
        return code;
    }
    if (h.state != State::Damaged && h.state != State::Missing) {
        print_health(lang, db, h);
        std::cerr << say(lang, "restore_refused", {{"db", db.string()}}) << "\n";
        return to_int(ExitCode::Problems);
    }
    const std::string taken = written_at(results::backup_path(db));
    try {
        const fs::path kept = results::restore_backup(db);
        if (kept.empty())
            std::cout << say(lang, "restored_missing", {{"db", db.string()}, {"time", taken}}) << "\n";
        else
            std::cout << say(lang, "restored",
                             {{"db", db.string()}, {"time", taken}, {"damaged", kept.string()}})
                      << "\n";
    } catch (const results::StoreError& e) {
        print_error(e.what());
        return to_int(ExitCode::Problems);
    }
    return print_health(lang, db, results::check_database(db));
}

}  // namespace

void add_doctor(CLI::App& app, Action& action) {
    auto restore = std::make_shared<bool>(false);
    CLI::App* sub = app.add_subcommand(
        "doctor", "Check the results database (PRAGMA integrity_check) and name its backup");
    sub->fallthrough();
    sub->add_flag("--restore", *restore,
                  "Put the backup in place of a damaged database, keeping the damaged file as .damaged");
    sub->callback(
        [&action, restore, sub] { action = [restore, sub] { return run_doctor(*sub, *restore); }; });
}

}  // namespace salesim::cli
