// `salesim import`: merges xAPI files exported on other machines, skipping what this store already has.
#include "cli/commands.hpp"

#include "cli/common.hpp"
#include "cli/results_cli.hpp"
#include "cli/ui_text.hpp"
#include "paths.hpp"

#include <salesim/app/exit_code.hpp>
#include <salesim/loader.hpp>
#include <salesim/results/exchange.hpp>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace salesim::cli {

namespace {

using app::ExitCode;
using app::to_int;

using results::max_import_bytes;

std::string joined(const std::vector<std::string>& ids) {
    std::string out;
    for (const std::string& id : ids) out += (out.empty() ? "" : ", ") + id;
    return out;
}

// The file's bytes in a string of their own size (a stream copied into a string holds them twice);
// nullopt when it cannot be read or grew past the limit while it was read (`too_large` then says so).
std::optional<std::string> read_bytes(const std::string& path, std::uintmax_t size, bool& too_large) {
    std::ifstream f(path, std::ios::binary);
    if (!f) return std::nullopt;
    std::string bytes;
    bytes.reserve(static_cast<std::size_t>(size));
    std::vector<char> buf(std::size_t{1} << 16);
    while (f.read(buf.data(), static_cast<std::streamsize>(buf.size())) || f.gcount() > 0) {
        bytes.append(buf.data(), static_cast<std::size_t>(f.gcount()));
        if (bytes.size() > max_import_bytes) {
            too_large = true;
            return std::nullopt;
        }
    }
    if (f.bad()) return std::nullopt;
    return bytes;
}

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
        // Attempts of the scenarios this program plays have their decisions checked against what a
        // session can reach.
        const Library library = load_libraries(app::library_folders(), app::default_rulebook());
        results::ImportOptions options;
        options.library = &library;
        results::ImportCounts total;
        int failed = 0;
        for (const std::string& path : files) {
            std::error_code ec;
            if (!std::filesystem::is_regular_file(path, ec)) {
                std::cerr << fill(tr(lang, "cli.import.no_file"), {{"file", path}}) << "\n";
                ++failed;
                continue;
            }
            const std::uintmax_t size = std::filesystem::file_size(path, ec);
            bool too_large = !ec && size > max_import_bytes;
            std::optional<std::string> bytes;
            if (!too_large) bytes = read_bytes(path, ec ? 0 : size, too_large);
            if (too_large) {
                std::cerr << fill(tr(lang, "cli.import.too_large"),
                                  {{"file", path},
                                   {"limit", std::to_string(max_import_bytes >> 20)},
                                   {"size", std::to_string(size)}})
                          << "\n";
                ++failed;
                continue;
            }
            if (!bytes) {
                std::cerr << fill(tr(lang, "cli.import.unreadable"), {{"file", path}}) << "\n";
                ++failed;
                continue;
            }
            try {
                const results::ImportCounts c = results::import_xapi(*store, *bytes, path, options);
                bytes.reset();
                print_counts(lang, path + ": ", c);
                if (!c.unknown_scenarios.empty())
                    std::cerr << fill(tr(lang, "cli.import.unknown_scenarios"),
                                      {{"file", path}, {"ids", joined(c.unknown_scenarios)}})
                              << "\n";
                if (!c.changed_scenarios.empty())
                    std::cerr << fill(tr(lang, "cli.import.changed_scenarios"),
                                      {{"file", path}, {"ids", joined(c.changed_scenarios)}})
                              << "\n";
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
