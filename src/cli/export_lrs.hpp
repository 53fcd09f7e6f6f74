// `salesim export --format xapi --to URL`: sends the statements to a learning record store.
#pragma once

#include <salesim/results/exchange.hpp>

#include <CLI/CLI.hpp>

#include <string>

namespace salesim::cli {

struct LrsCliOptions {
    std::string to;         ///< the LRS's address ("" when not sending)
    std::string auth_file;  ///< its first line: user:password
    std::string ca_file;    ///< certificates to trust for https, else the system's
    bool dry_run = false;
};

/// Adds --to, --auth-file, --ca-file and --dry-run to `export`.
void add_lrs_options(CLI::App& sub, LrsCliOptions& o);

/// Sends the statements `opts` selects that the data folder's record (lrs-sent.json) does not list
/// as sent to this LRS, and records each batch the LRS acknowledges. Returns the exit code.
int send_to_lrs(const CLI::App& sub, const LrsCliOptions& o, const results::ExportOptions& opts);

}  // namespace salesim::cli
