// `salesim export`: results as a plain CSV, a Moodle or Canvas gradebook CSV, or xAPI statements.
#include "cli/commands.hpp"

#include "cli/common.hpp"
#include "cli/export_lrs.hpp"
#include "cli/results_cli.hpp"
#include "cli/ui_text.hpp"

#include <salesim/app/display_text.hpp>
#include <salesim/app/exit_code.hpp>
#include <salesim/results/exchange.hpp>

#include <iostream>
#include <memory>
#include <string>

namespace salesim::cli {

namespace {

using app::ExitCode;
using app::to_int;

struct ExportCliOptions {
    std::string format;
    std::string out;
    std::string id = "email";
    results::ExportOptions opts;
    LrsCliOptions lrs;
};

int run_export(const CLI::App& sub, ExportCliOptions o) {
    if (!o.lrs.to.empty() && (o.format != "xapi" || !o.out.empty())) {
        print_error(std::string(
            tr(global_lang(sub), o.format != "xapi" ? "cli.lrs.needs_xapi" : "cli.lrs.not_with_out")));
        return to_int(ExitCode::Misuse);
    }
    try {
        if (!o.lrs.to.empty()) {
            try {
                return send_to_lrs(sub, o.lrs, o.opts);
            } catch (const results::StoreError& e) {
                print_error(e.what());
                return store_error_code(e);
            }
        }
        auto store = open_results(sub, results::Access::ReadOnly);
        o.opts.moodle_id = o.id == "idnumber" ? results::MoodleId::IdNumber : results::MoodleId::Email;
        results::Warnings warnings;
        bool written = false;
        try {
            // A gradebook has a row per trainee; the attempts' CSV and the statements are written
            // as they are read, so their memory does not grow with the store (they warn of nothing).
            if (o.format == "csv" || o.format == "xapi") {
                written = write_output(o.out, [&](std::ostream& out) {
                    if (o.format == "csv") results::write_csv(out, *store, o.opts, warnings);
                    if (o.format == "xapi") results::write_xapi(out, *store, o.opts, warnings);
                });
            } else {
                const std::string text = o.format == "moodle"
                                             ? results::export_moodle(*store, o.opts, warnings)
                                             : results::export_canvas(*store, o.opts, warnings);
                for (const std::string& w : warnings)
                    std::cerr << "salesim: warning: " << app::display_line(w) << "\n";
                written = write_output(o.out, text);
            }
        } catch (const results::StoreError& e) {
            print_error(e.what());
            return store_error_code(e);
        }
        return to_int(written ? ExitCode::Ok : ExitCode::Problems);
    } catch (const results::StoreError& e) {
        print_error(e.what());
        return to_int(ExitCode::Problems);
    }
}

}  // namespace

void add_export(CLI::App& app, Action& action) {
    auto o = std::make_shared<ExportCliOptions>();
    CLI::App* sub =
        app.add_subcommand("export", "Write results for a gradebook (csv, moodle, canvas) or an LRS (xapi)");
    sub->fallthrough();
    sub->add_option("--format", o->format,
                    "csv: every attempt; moodle, canvas: gradebook CSV; xapi: statements")
        ->required()
        ->check(CLI::IsMember({"csv", "moodle", "canvas", "xapi"}));
    sub->add_option("--out", o->out, "Write to FILE instead of the standard output")->type_name("FILE");
    sub->add_option("--id", o->id,
                    "Moodle's identifier column: email (default) or idnumber (the external id)")
        ->check(CLI::IsMember({"email", "idnumber"}));
    sub->add_option("--home-page", o->opts.home_page,
                    "xAPI: the account home page of actors (your LMS's address)")
        ->type_name("URL");
    add_lrs_options(*sub, o->lrs);
    add_filter_options(*sub, o->opts.filter);
    sub->callback([&action, o, sub] { action = [o, sub] { return run_export(*sub, *o); }; });
}

}  // namespace salesim::cli
