// What the results subcommands (trainee, group, attempt, report, export, import) share.
#pragma once

#include <salesim/mode.hpp>
#include <salesim/results/report.hpp>
#include <salesim/results/store.hpp>

#include <CLI/CLI.hpp>

#include <functional>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>

namespace salesim::cli {

/// The global `--data-dir` ("" when not given: the default data folder is used).
std::string data_dir_option(const CLI::App& sub);
/// Where results are kept: the global `--store` (a PostgreSQL URL or a SQLite file), else
/// $SALESIM_STORE, else the results database in the data folder.
std::string store_location(const CLI::App& sub);
/// True when results go to a database named by --store or $SALESIM_STORE, not the data folder's file.
bool store_is_named(const CLI::App& sub);
/// Opens the results store (store_location); throws results::StoreError. A command that only
/// reads opens it with results::Access::ReadOnly, so it works in a read-only folder.
std::unique_ptr<results::ResultsStore> open_results(const CLI::App& sub,
                                                    results::Access access = results::Access::ReadWrite);
/// The exit code for a store error: a problem with the database is a failure at run time (1);
/// a request the store refuses (an unknown name in a filter) is the command line's (2).
int store_error_code(const results::StoreError& e);
/// --group, --trainee, --scenario, --since, --until, --mode.
void add_filter_options(CLI::App& sub, results::ReportFilter& f);
/// A checked --mode option: one of the mode ids (and "any" when `with_any`, given to `set` as
/// nullopt), else CLI11 refuses the command line naming the valid ids.
CLI::Option* add_mode_option(CLI::App& sub, const std::string& help,
                             std::function<void(std::optional<Mode>)> set, bool with_any = false);
/// Writes `text` to `path` with app::write_file_durable, so a reader never sees half a file and
/// a device or a link is refused; "" or "-" writes to stdout. Returns false (and prints why) on failure.
bool write_output(const std::string& path, const std::string& text);
/// The same for output made a piece at a time (an export as large as a school's results): `write`
/// writes it to the stream it gets. Exceptions from `write` are passed on (a file is then left as it was).
bool write_output(const std::string& path, const std::function<void(std::ostream&)>& write);
/// Prints a store error as the program's other errors are printed (escaped for the terminal: it
/// may quote names from the results).
void print_error(const std::string& message);
/// Checks a trainee's name as it enters (trainee add, play --trainee): true when results::name_problem
/// finds nothing, else prints the error and what to do and returns false.
bool check_trainee_name(const std::string& name, std::string_view lang);

}  // namespace salesim::cli
