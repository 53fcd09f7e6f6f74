// `salesim list`: the scenarios of a library as a table (or JSON), and which files could not be read.
#include "cli/commands.hpp"

#include "cli/common.hpp"
#include "cli/ui_text.hpp"
#include "paths.hpp"

#include <salesim/app/display_text.hpp>
#include <salesim/app/exit_code.hpp>
#include <salesim/loader.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace salesim::cli {

namespace {

using app::ExitCode;
using app::to_int;

struct ListOptions {
    std::string dir;
    bool json = false;
};

struct FileCounts {
    long errors = 0;
    long warnings = 0;
};

std::string join(const std::vector<std::string>& parts, std::string_view sep) {
    std::string out;
    for (const std::string& p : parts) {
        if (!out.empty()) out += sep;
        out += p;
    }
    return out;
}

std::string stages_text(const Scenario& s, std::string_view lang) {
    if (s.stages.size() == all_stages.size()) return std::string(tr(lang, Msg::AllStages));
    std::vector<std::string> names;
    for (const StageContent& sc : s.stages) names.emplace_back(stage_short(lang, sc.stage));
    return join(names, ",");
}

// Files with errors, in the order their problems were reported.
std::vector<std::pair<std::string, FileCounts>> invalid_files(const Library& lib) {
    std::vector<std::pair<std::string, FileCounts>> out;
    std::map<std::string, std::size_t> index;
    for (const Diagnostic& d : lib.diagnostics) {
        auto [it, added] = index.emplace(d.path, out.size());
        if (added) out.emplace_back(d.path, FileCounts{});
        FileCounts& c = out[it->second].second;
        (d.severity == Severity::Error ? c.errors : c.warnings) += 1;
    }
    std::erase_if(out, [](const auto& entry) { return entry.second.errors == 0; });
    return out;
}

int print_json(const Library& lib, const std::string& lang) {
    nlohmann::ordered_json arr = nlohmann::ordered_json::array();
    for (const auto& s : lib.scenarios) {
        nlohmann::ordered_json j;
        j["id"] = s->id;
        j["file"] = s->path;
        j["title"] = s->title.get(s->language_or_default(lang));
        j["languages"] = s->languages;
        j["context"] = s->context;
        j["difficulty"] = s->difficulty;
        nlohmann::ordered_json stages = nlohmann::ordered_json::array();
        for (const StageContent& sc : s->stages) stages.push_back(std::string(to_string(sc.stage)));
        j["stages"] = stages;
        j["valid"] = true;
        arr.push_back(j);
    }
    const auto bad = invalid_files(lib);
    for (const auto& [path, counts] : bad) {
        nlohmann::ordered_json j;
        j["file"] = path;
        j["valid"] = false;
        j["errors"] = counts.errors;
        j["warnings"] = counts.warnings;
        arr.push_back(j);
    }
    std::cout << arr.dump(2) << "\n";
    return to_int(bad.empty() ? ExitCode::Ok : ExitCode::Problems);
}

// Each scenario is a row of short columns with its title on the line below: titles are long and the
// reason to read the list, so they get the full width instead of being cut to fit a column.
int print_table(const Library& lib, const std::string& dir, const std::string& lang) {
    namespace fs = std::filesystem;
    std::vector<std::vector<std::string>> rows;
    std::vector<std::string> titles;
    rows.push_back({std::string(tr(lang, Msg::ColId)), std::string(tr(lang, Msg::ColLevel)),
                    std::string(tr(lang, Msg::ColContext)), std::string(tr(lang, Msg::ColLangs)),
                    std::string(tr(lang, Msg::ColStages)), std::string(tr(lang, Msg::ColFile))});
    titles.emplace_back(tr(lang, Msg::ColTitle));
    for (const auto& s : lib.scenarios) {
        // What the files say is shown escaped: a title may hold any character a YAML escape can write.
        rows.push_back({app::display_line(s->id), std::to_string(s->difficulty),
                        app::display_line(s->context), app::display_line(join(s->languages, ",")),
                        stages_text(*s, lang), app::display_line(fs::path(s->path).filename().string())});
        titles.push_back(app::display_line(s->title.get(s->language_or_default(lang))));
    }
    constexpr std::size_t gap = 2;
    const std::string indent = "    ";
    std::vector<std::size_t> widths(rows.front().size(), 0);
    for (const auto& row : rows)
        for (std::size_t c = 0; c < row.size(); ++c) widths[c] = std::max(widths[c], text_width(row[c]));

    if (lib.scenarios.empty()) {
        std::cout << fill(tr(lang, Msg::NoScenarios), {{"dir", dir}}) << "\n";
    } else {
        for (std::size_t r = 0; r < rows.size(); ++r) {
            std::string line;
            for (std::size_t c = 0; c < rows[r].size(); ++c)
                line += c + 1 == rows[r].size() ? rows[r][c] : pad(rows[r][c], widths[c] + gap);
            std::cout << line << "\n" << indent << clip(titles[r], output_width() - indent.size()) << "\n";
        }
    }

    const auto bad = invalid_files(lib);
    if (!bad.empty()) {
        std::cout << "\n"
                  << fill(tr(lang, bad.size() == 1 ? Msg::InvalidFiles1 : Msg::InvalidFilesN),
                          {{"n", std::to_string(bad.size())}, {"dir", dir}})
                  << "\n";
        for (const auto& [path, counts] : bad) {
            std::string line = "  " + app::display_line(path) + ": " +
                               count_text(lang, counts.errors, Msg::Errors1, Msg::ErrorsN);
            if (counts.warnings > 0)
                line += ", " + count_text(lang, counts.warnings, Msg::Warnings1, Msg::WarningsN);
            std::cout << line << "\n";
        }
    }
    return to_int(bad.empty() ? ExitCode::Ok : ExitCode::Problems);
}

int run_list(const ListOptions& o, const std::string& lang) {
    namespace fs = std::filesystem;
    std::string dir = o.dir.empty() ? app::scenarios_dir() : o.dir;
    while (dir.size() > 1 && dir.back() == '/') dir.pop_back();
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) {
        const Diagnostic d =
            file_error(dir, fs::exists(dir, ec) ? "not a folder" : "no such folder",
                       "give a folder of scenario files; the shipped ones are in " + app::scenarios_dir());
        std::cerr << format(d) << (format(d).ends_with('\n') ? "" : "\n");
        return to_int(ExitCode::Problems);
    }
    // The default is the whole library: the shipped folder and a trainer's own (--library).
    const Library lib = o.dir.empty() ? load_libraries(app::library_folders(), app::default_rulebook())
                                      : load_library(dir, app::default_rulebook());
    return o.json ? print_json(lib, lang) : print_table(lib, dir, lang);
}

}  // namespace

void add_list(CLI::App& app, Action& action) {
    auto opts = std::make_shared<ListOptions>();
    CLI::App* sub = app.add_subcommand("list", "List the scenarios of a folder (default: the shipped ones)");
    sub->fallthrough();
    sub->add_option("dir", opts->dir, "A folder of scenario files");
    sub->add_flag("--json", opts->json, "Print a JSON array instead of the table");
    sub->callback(
        [&action, opts, sub] { action = [opts, sub] { return run_list(*opts, global_lang(*sub)); }; });
}

}  // namespace salesim::cli
