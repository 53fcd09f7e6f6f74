// What the results subcommands (trainee, group, attempt, report, export, import) share.
#pragma once

#include <salesim/results/report.hpp>
#include <salesim/results/sqlite_store.hpp>

#include <CLI/CLI.hpp>

#include <memory>
#include <string>

namespace salesim::cli {

/// The global `--data-dir` ("" when not given: the default data folder is used).
std::string data_dir_option(const CLI::App& sub);
/// Opens the results database of the data folder; throws results::StoreError.
std::unique_ptr<results::SqliteStore> open_results(const CLI::App& sub);
/// --group, --trainee, --scenario, --since, --until.
void add_filter_options(CLI::App& sub, results::ReportFilter& f);
/// Writes `text` to `path` with app::write_file_durable, so a reader never sees half a file and
/// a device or a link is refused; "" or "-" writes to stdout. Returns false (and prints why) on failure.
bool write_output(const std::string& path, const std::string& text);
/// Prints a store error as the program's other errors are printed.
void print_error(const std::string& message);

}  // namespace salesim::cli
