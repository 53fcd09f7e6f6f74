// Entry point: parses the command line and runs a subcommand, or opens the window.
#include "cli/commands.hpp"
#include "cli/ui_text.hpp"
#include "paths.hpp"

#include <salesim/app/exit_code.hpp>

#include <CLI/CLI.hpp>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <iostream>
#include <string>

#ifdef SALESIM_HAVE_WINDOW
#include "window/window.hpp"
#endif

namespace {

// A command whose output went nowhere (a full disk, a closed pipe) has not done its job, whatever
// it returned: the status says so, 1 or the command's own when that is worse.
int checked_output(int code) {
    using salesim::app::ExitCode;
    using salesim::app::to_int;
    // A write that failed earlier left its reason in errno, unless something since replaced it.
    const int earlier = std::cout ? 0 : errno;
    errno = 0;
    std::cout.flush();
    int err = errno != 0 ? errno : earlier;
    const bool stream_failed = !std::cout;
    errno = 0;
    const bool stdio_failed = std::fflush(stdout) != 0 || std::ferror(stdout) != 0;
    if (errno != 0) err = errno;
    if (!stream_failed && !stdio_failed) return code;
    std::cerr << "salesim: error: cannot write the output (" << std::strerror(err != 0 ? err : EIO) << ")\n"
              << "help: the standard output goes to a full disk, a closed pipe or a file that cannot be "
                 "written; send it elsewhere\n";
    return std::max(code, to_int(ExitCode::Problems));
}

}  // namespace

int main(int argc, char** argv) {
    using salesim::app::ExitCode;
    using salesim::app::to_int;
    CLI::App app{"Salesim: practise personal selling against a buyer who reacts like one.", "salesim"};
    app.require_subcommand(0, 1);
    app.set_version_flag("--version", std::string("salesim ") + SALESIM_VERSION,
                         "Print the version and exit");
    app.footer(
        "Exit status: 0 done, nothing wrong; 1 the command ran and found problems (an invalid\n"
        "scenario, a failed import or export, a results database that cannot be used); 2 the\n"
        "command line was wrong, or a file it names could not be used.");

    salesim::cli::Action action;
    salesim::cli::add_validate(app, action);
    salesim::cli::add_list(app, action);
    salesim::cli::add_play(app, action);
    salesim::cli::add_analyze(app, action);
    salesim::cli::add_test(app, action);
    salesim::cli::add_explain(app, action);
    salesim::cli::add_trainee(app, action);
    salesim::cli::add_group(app, action);
    salesim::cli::add_attempt(app, action);
    salesim::cli::add_report(app, action);
    salesim::cli::add_export(app, action);
    salesim::cli::add_import(app, action);
    salesim::cli::add_rules(app, action);
    salesim::cli::add_doctor(app, action);
    salesim::cli::add_store(app, action);
    salesim::cli::add_classroom(app, action);
    salesim::cli::add_trainer(app, action);

#ifdef SALESIM_HAVE_WINDOW
    salesim::window::Options window_opts;
    salesim::window::add_options(app, window_opts);
#endif
    // One language option for every subcommand (they let unknown options fall through to here);
    // added last so that a window option of the same name is shared rather than duplicated.
    if (app.get_option_no_throw("--lang") == nullptr)
        app.add_option("--lang")
            ->description("Language of the texts (default en): one of the string tables in assets/strings")
            ->check(CLI::Validator([](std::string& lang) { return salesim::cli::check_lang(lang); }, "LANG"));
    // Where results (and the window's settings) are kept; the window registers the same option.
    if (app.get_option_no_throw("--data-dir") == nullptr)
        app.add_option("--data-dir")
            ->description("Folder for results and settings (default $XDG_DATA_HOME/salesim)")
            ->type_name("DIR");

    // A shared results database instead of the data folder's file (also $SALESIM_STORE).
    app.add_option("--store")
        ->description(
            "Where results are kept: postgresql://USER@HOST/DB for a school's shared database, or a SQLite "
            "file (default: results.db in the data folder; also $SALESIM_STORE)")
        ->type_name("URL");

    // A trainer's own scenario folders, beside the shipped library; each command that reads the
    // library (play, list, validate, analyze, test and the window) sees them.
    app.add_option_function<std::vector<std::string>>(
           "--library",
           [](const std::vector<std::string>& dirs) {
               for (const std::string& d : dirs) salesim::app::add_library_folder(d);
           },
           "A folder of your own scenarios, added to the shipped library (repeatable; also $SALESIM_LIBRARY)")
        ->type_name("DIR")
        ->allow_extra_args(false);

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        const int code = app.exit(e);
        return checked_output(to_int(code == 0 ? ExitCode::Ok : ExitCode::Misuse));
    }

    // The user's own scenarios are in the data folder: the library reads them from the one named.
    if (const CLI::Option* data = app.get_option_no_throw("--data-dir"); data != nullptr && data->count() > 0)
        salesim::app::set_data_dir_override(data->as<std::string>());
    // The window reads the shared store's location from the environment, as it is also set there.
    if (const CLI::Option* store = app.get_option("--store"); store->count() > 0)
        ::setenv("SALESIM_STORE", store->as<std::string>().c_str(), 1);

    try {
        if (action) return checked_output(action());
#ifdef SALESIM_HAVE_WINDOW
        return checked_output(salesim::window::run(window_opts));
#else
        std::cout << app.help();
        return checked_output(to_int(ExitCode::Ok));
#endif
    } catch (const std::exception& e) {
        std::cerr << "salesim: error: " << e.what() << "\n";
        return to_int(ExitCode::Problems);
    }
}
