// Entry point: parses the command line and runs a subcommand, or opens the window.
#include "cli/commands.hpp"
#include "paths.hpp"

#include <CLI/CLI.hpp>

#include <exception>
#include <iostream>

#ifdef SALESIM_HAVE_WINDOW
#include "window/window.hpp"
#endif

int main(int argc, char** argv) {
    CLI::App app{"Salesim: practise personal selling against a buyer who reacts like one.", "salesim"};
    app.require_subcommand(0, 1);

    salesim::cli::Action action;
    salesim::cli::add_validate(app, action);
    salesim::cli::add_list(app, action);
    salesim::cli::add_play(app, action);

#ifdef SALESIM_HAVE_WINDOW
    salesim::window::Options window_opts;
    salesim::window::add_options(app, window_opts);
#endif

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        const int code = app.exit(e);
        return code == 0 ? 0 : 2;
    }

    try {
        if (action) return action();
#ifdef SALESIM_HAVE_WINDOW
        return salesim::window::run(window_opts);
#else
        std::cout << app.help();
        return 0;
#endif
    } catch (const std::exception& e) {
        std::cerr << "salesim: error: " << e.what() << "\n";
        return 1;
    }
}
