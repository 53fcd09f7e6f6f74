// The subcommands of `salesim`: each file registers one on the CLI11 app.
#pragma once

#include <CLI/CLI.hpp>

#include <functional>

namespace salesim::cli {

/// A registered subcommand's action; returns the process exit code
/// (0 success, 1 content problems or a failed check, 2 misuse).
using Action = std::function<int()>;

void add_validate(CLI::App& app, Action& action);
void add_list(CLI::App& app, Action& action);
void add_play(CLI::App& app, Action& action);
void add_analyze(CLI::App& app, Action& action);
void add_test(CLI::App& app, Action& action);
void add_explain(CLI::App& app, Action& action);
void add_trainee(CLI::App& app, Action& action);
void add_group(CLI::App& app, Action& action);
void add_attempt(CLI::App& app, Action& action);
void add_report(CLI::App& app, Action& action);
void add_export(CLI::App& app, Action& action);
void add_import(CLI::App& app, Action& action);
void add_rules(CLI::App& app, Action& action);
void add_doctor(CLI::App& app, Action& action);
void add_store(CLI::App& app, Action& action);
void add_classroom(CLI::App& app, Action& action);
void add_trainer(CLI::App& app, Action& action);

}  // namespace salesim::cli
