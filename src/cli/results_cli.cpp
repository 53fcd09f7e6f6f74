// What the results subcommands share: the data folder, the filter options and safe output files.
#include "cli/results_cli.hpp"

#include "cli/common.hpp"
#include "cli/ui_text.hpp"

#include <salesim/app/data_dirs.hpp>
#include <salesim/app/display_text.hpp>
#include <salesim/app/durable_file.hpp>
#include <salesim/app/exit_code.hpp>
#include <salesim/results/names.hpp>
#include <salesim/results/open_store.hpp>

#include <cstdlib>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

namespace salesim::cli {

std::string data_dir_option(const CLI::App& sub) {
    return global_option(sub, "--data-dir").value_or("");
}

namespace {

std::string named_store(const CLI::App& sub) {
    if (auto store = global_option(sub, "--store")) return *store;
    const char* env = std::getenv("SALESIM_STORE");
    return env != nullptr ? std::string(env) : std::string();
}

}  // namespace

std::string store_location(const CLI::App& sub) {
    std::string named = named_store(sub);
    return named.empty() ? app::results_db_path(data_dir_option(sub)).string() : named;
}

bool store_is_named(const CLI::App& sub) {
    return !named_store(sub).empty();
}

std::unique_ptr<results::ResultsStore> open_results(const CLI::App& sub, results::Access access) {
    return results::open_store(store_location(sub), access);
}

int store_error_code(const results::StoreError& e) {
    return app::to_int(e.about_database() ? app::ExitCode::Problems : app::ExitCode::Misuse);
}

void add_filter_options(CLI::App& sub, results::ReportFilter& f) {
    sub.add_option("--group", f.group, "Only this group's members")->type_name("GROUP");
    sub.add_option("--trainee", f.trainee, "Only this trainee")->type_name("NAME");
    sub.add_option("--scenario", f.scenario, "Only this scenario id")->type_name("ID");
    sub.add_option("--since", f.since, "Attempts started on or after this date (YYYY-MM-DD)")
        ->type_name("DATE");
    sub.add_option("--until", f.until, "Attempts started on or before this date (YYYY-MM-DD)")
        ->type_name("DATE");
    add_mode_option(sub, "Only attempts played in this mode", [&f](std::optional<Mode> m) { f.mode = m; });
    sub.add_option("--class", f.class_id,
                   "Only attempts of this class session (see `salesim classroom list`)")
        ->type_name("ID");
}

CLI::Option* add_mode_option(CLI::App& sub, const std::string& help,
                             std::function<void(std::optional<Mode>)> set, bool with_any) {
    std::vector<std::string> ids;
    for (Mode m : all_modes) ids.emplace_back(to_string(m));
    if (with_any) ids.emplace_back("any");
    return sub
        .add_option_function<std::string>(
            "--mode", [set = std::move(set)](const std::string& id) { set(parse_mode(id)); }, help)
        ->check(CLI::IsMember(ids))
        ->type_name("MODE");
}

bool write_output(const std::string& path, const std::string& text) {
    if (path.empty() || path == "-") {
        std::cout << text << std::flush;
        return static_cast<bool>(std::cout);
    }
    try {
        app::write_file_durable(path, text);
    } catch (const app::FileWriteError& e) {
        print_error(e.what());
        return false;
    }
    return true;
}

bool write_output(const std::string& path, const std::function<void(std::ostream&)>& write) {
    if (path.empty() || path == "-") {
        write(std::cout);
        std::cout << std::flush;
        return static_cast<bool>(std::cout);
    }
    try {
        app::write_file_durable(path, write);
    } catch (const app::FileWriteError& e) {
        print_error(e.what());
        return false;
    }
    return true;
}

void print_error(const std::string& message) {
    std::string m = message;
    // Positioned messages ("file: error: ...") print as they are; bare ones get the program's prefix.
    if (m.rfind("error: ", 0) == 0)
        m = "salesim: " + m;
    else if (m.find(": error: ") == std::string::npos)
        m = "salesim: error: " + m;
    std::cerr << app::display_lines(m);
    if (m.empty() || m.back() != '\n') std::cerr << '\n';
}

bool check_trainee_name(const std::string& name, std::string_view lang) {
    const auto why = results::name_problem(name);
    if (!why) return true;
    std::cerr << fill(tr(lang, "cli.profile.bad_trainee_name"),
                      {{"name", app::display_line(name)}, {"why", *why}})
              << "\n";
    return false;
}

}  // namespace salesim::cli
