// `salesim import`: merges xAPI files exported on other machines, skipping what this store already has.
#include "cli/commands.hpp"

#include "cli/common.hpp"
#include "cli/results_cli.hpp"
#include "cli/ui_text.hpp"

#include <salesim/app/exit_code.hpp>
#include <salesim/results/exchange.hpp>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

namespace salesim::cli {

namespace {

using app::ExitCode;
using app::to_int;

constexpr std::uintmax_t max_import_bytes = 512u << 20;

void print_counts(const std::string& lang, const std::string& label, const results::ImportCounts& c) {
    std::cout << fill(tr(lang, "cli.import.counts"), {{"statements", std::to_string(c.statements)},
                                                      {"attempts", std::to_string(c.attempts_added)},
                                                      {"decisions", std::to_string(c.decisions_added)},
                                                      {"closed", std::to_string(c.attempts_closed)},
                                                      {"trainees", std::to_string(c.trainees_added)},
                                                      {"groups", std::to_string(c.groups_added)},
                                                      {"skipped", std::to_string(c.skipped)},
                                                      {"label", label}})
              << "\n";
}

int run_import(const CLI::App& sub, const std::vector<std::string>& files) {
    const std::string lang = global_lang(sub);
    try {
        auto store = open_results(sub);
        results::ImportCounts total;
        int failed = 0;
        for (const std::string& path : files) {
            std::error_code ec;
            if (!std::filesystem::is_regular_file(path, ec)) {
                std::cerr << fill(tr(lang, "cli.import.no_file"), {{"file", path}}) << "\n";
                ++failed;
                continue;
            }
            if (std::filesystem::file_size(path, ec) > max_import_bytes) {
                std::cerr << fill(tr(lang, "cli.import.too_large"), {{"file", path}}) << "\n";
                ++failed;
                continue;
            }
            std::ifstream f(path, std::ios::binary);
            std::stringstream bytes;
            bytes << f.rdbuf();
            try {
                const results::ImportCounts c = results::import_xapi(*store, bytes.str(), path);
                print_counts(lang, path + ": ", c);
                total += c;
            } catch (const results::StoreError& e) {
                print_error(std::string(e.what()) + "\n" +
                            fill(tr(lang, "cli.import.nothing_imported"), {{"file", path}}));
                ++failed;
            }
        }
        if (files.size() > 1) print_counts(lang, std::string(tr(lang, "cli.import.total")), total);
        return to_int(failed == 0 ? ExitCode::Ok : ExitCode::Problems);
    } catch (const results::StoreError& e) {
        print_error(e.what());
        return to_int(ExitCode::Problems);
    }
}

}  // namespace

void add_import(CLI::App& app, Action& action) {
    auto files = std::make_shared<std::vector<std::string>>();
    CLI::App* sub =
        app.add_subcommand("import", "Merge results exported with `export --format xapi` elsewhere");
    sub->fallthrough();
    sub->add_option("files", *files, "xAPI JSON files")->required()->type_name("FILE");
    sub->callback([&action, files, sub] { action = [files, sub] { return run_import(*sub, *files); }; });
}

}  // namespace salesim::cli
