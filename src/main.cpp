// Entry point: parses the command line and runs a subcommand, or opens the window.
#include "cli/commands.hpp"
#include "cli/ui_text.hpp"
#include "paths.hpp"

#include <salesim/app/exit_code.hpp>

#include <CLI/CLI.hpp>

#include <exception>
#include <iostream>

#ifdef SALESIM_HAVE_WINDOW
#include "window/window.hpp"
#endif

int main(int argc, char** argv) {
    using salesim::app::ExitCode;
    using salesim::app::to_int;
    CLI::App app{"Salesim: practise personal selling against a buyer who reacts like one.", "salesim"};
    app.require_subcommand(0, 1);
    app.footer(
        "Exit status: 0 done, nothing wrong; 1 the command ran and found problems (an invalid\n"
        "scenario, a failed import or export); 2 the command line was wrong, or a file or the\n"
        "results store could not be used.");

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

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        const int code = app.exit(e);
        return to_int(code == 0 ? ExitCode::Ok : ExitCode::Misuse);
    }

    try {
        if (action) return action();
#ifdef SALESIM_HAVE_WINDOW
        return salesim::window::run(window_opts);
#else
        std::cout << app.help();
        return to_int(ExitCode::Ok);
#endif
    } catch (const std::exception& e) {
        std::cerr << "salesim: error: " << e.what() << "\n";
        return to_int(ExitCode::Problems);
    }
}
