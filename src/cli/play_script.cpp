// A scripted `salesim play`: parsing --choices and resolving --moves against the session, with an
// error that names the entry, its position and the decision it does not fit.
#include "cli/play_script.hpp"

#include "cli/common.hpp"
#include "cli/ui_text.hpp"

#include "paths.hpp"

#include <salesim/app/exit_code.hpp>
#include <salesim/diagnostic.hpp>
#include <salesim/loader.hpp>

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <sstream>
#include <system_error>

namespace salesim::cli {

namespace {

// The comma-separated entries of a list, trimmed; a trailing comma gives a last empty entry.
std::vector<std::string> split_list(const std::string& list) {
    std::vector<std::string> out;
    std::stringstream in(list);
    std::string item;
    while (std::getline(in, item, ',')) out.push_back(trim(item));
    if (!list.empty() && list.back() == ',') out.emplace_back();
    return out;
}

// "a, b and c", in the words of `lang`.
std::string join_and(std::string_view lang, const std::vector<std::string>& items) {
    std::string out;
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (i > 0)
            out += i + 1 == items.size() ? " " + std::string(tr(lang, "cli.play_error.and")) + " " : ", ";
        out += items[i];
    }
    return out;
}

// The session ended before the list did.
void report_too_long(std::string_view lang, std::string_view flag, const Session& dry, std::size_t pos,
                     const std::string& text) {
    std::cerr << play_error(lang, "list_too_long",
                            {{"flag", std::string(flag)},
                             {"n", std::to_string(dry.decisions().size())},
                             {"pos", std::to_string(pos)},
                             {"text", text}})
              << "\n";
}

// The 0-based options of `d` that `token` names; prints why when there is not exactly one.
std::optional<std::size_t> find_option(const Session& dry, const std::string& entry, const std::string& token,
                                       std::size_t pos, std::string_view lang) {
    const Decision& d = dry.current();
    const std::string n = std::to_string(dry.decisions().size() + 1);
    const std::string stage(stage_name(lang, d.stage));
    std::string name = token;
    if (const std::size_t slash = token.find('/'); slash != std::string::npos) {
        const std::string ref = token.substr(0, slash);
        if (ref != d.ref) {
            std::cerr << play_error(lang, "wrong_decision",
                                    {{"text", entry},
                                     {"pos", std::to_string(pos)},
                                     {"ref", ref},
                                     {"n", n},
                                     {"stage", stage},
                                     {"actual", d.ref}})
                      << "\n";
            return std::nullopt;
        }
        name = token.substr(slash + 1);
    }
    std::vector<std::size_t> hits;
    for (std::size_t i = 0; i < d.options.size(); ++i) {
        if (option_token(d, i) == name) hits.push_back(i);
    }
    if (hits.size() == 1) return hits.front();
    if (hits.empty()) {
        std::vector<std::string> tokens;
        for (std::size_t i = 0; i < d.options.size(); ++i) {
            const std::string& t = option_token(d, i);
            if (std::find(tokens.begin(), tokens.end(), t) == tokens.end()) tokens.push_back(t);
        }
        std::string listed;
        for (const std::string& t : tokens) listed += (listed.empty() ? "" : ", ") + t;
        std::cerr << play_error(lang, "not_an_option",
                                {{"text", entry},
                                 {"pos", std::to_string(pos)},
                                 {"n", n},
                                 {"stage", stage},
                                 {"options", listed}})
                  << "\n";
        if (const std::string near = closest_match(name, tokens); !near.empty())
            std::cerr << play_error(lang, "did_you_mean", {{"id", near}}) << "\n";
        return std::nullopt;
    }
    std::vector<std::string> numbers;
    for (std::size_t i : hits) numbers.push_back(std::to_string(i + 1));
    std::cerr << play_error(lang, "ambiguous",
                            {{"text", entry},
                             {"pos", std::to_string(pos)},
                             {"n", n},
                             {"stage", stage},
                             {"options", join_and(lang, numbers)}})
              << "\n";
    return std::nullopt;
}

// The errors among `ds`, as the loader formats them.
void print_errors(const std::vector<Diagnostic>& ds) {
    for (const Diagnostic& d : ds) {
        if (d.severity != Severity::Error) continue;
        std::string text = format(d);
        if (text.empty() || text.back() != '\n') text += '\n';
        std::cerr << text;
    }
}

}  // namespace

std::shared_ptr<const Scenario> resolve_scenario(const std::string& arg, std::string_view lang, int& code) {
    namespace fs = std::filesystem;
    std::error_code ec;
    const bool is_path = arg.find('/') != std::string::npos || arg.ends_with(".yaml") ||
                         arg.ends_with(".yml") || fs::exists(arg, ec);
    if (is_path) {
        if (!fs::is_regular_file(arg, ec)) {
            std::cerr << play_error(lang, "no_file", {{"arg", arg}}) << "\n";
            code = app::to_int(app::ExitCode::Misuse);
            return nullptr;
        }
        RuleBookLoad book = load_rulebook_file(rulebook_for(arg));
        if (book.book == nullptr) {
            print_errors(book.diagnostics);
            code = app::to_int(app::ExitCode::Problems);
            return nullptr;
        }
        ScenarioLoad load = load_scenario_file(arg, book.book);
        if (load.scenario == nullptr) {
            print_errors(load.diagnostics);
            std::cerr << play_error(lang, "file_has_errors", {{"arg", arg}}) << "\n";
            code = app::to_int(app::ExitCode::Problems);
        }
        return load.scenario;
    }

    return find_in_library(load_shipped_library(), arg, lang, code);
}

Library load_shipped_library() {
    return load_libraries(app::library_folders(), app::default_rulebook());
}

std::shared_ptr<const Scenario> find_in_library(const Library& lib, const std::string& arg,
                                                std::string_view lang, int& code) {
    namespace fs = std::filesystem;
    const std::string& dir = lib.dir;
    if (auto found = lib.find_shared(arg)) return found;
    for (const Diagnostic& d : lib.diagnostics) {
        if (d.severity == Severity::Error && fs::path(d.path).stem() == arg) {
            std::cerr << play_error(lang, "scenario_has_errors", {{"path", d.path}, {"arg", arg}}) << "\n";
            code = app::to_int(app::ExitCode::Problems);
            return nullptr;
        }
    }
    std::vector<std::string> ids;
    for (const auto& s : lib.scenarios) ids.push_back(s->id);
    std::cerr << play_error(lang, "no_id", {{"dir", dir}, {"arg", arg}}) << "\n";
    if (const std::string near = closest_match(arg, ids); !near.empty())
        std::cerr << play_error(lang, "did_you_mean", {{"id", near}}) << "\n";
    std::cerr << tr(lang, "cli.play_error.scenarios");
    for (const std::string& id : ids) std::cerr << " " << id;
    if (ids.empty()) std::cerr << " " << tr(lang, "cli.play_error.scenarios_none");
    std::cerr << "\n";
    code = app::to_int(app::ExitCode::Misuse);
    return nullptr;
}

std::string play_error(std::string_view lang, std::string_view key,
                       std::initializer_list<std::pair<std::string_view, std::string>> values) {
    return fill(tr(lang, "cli.play_error." + std::string(key)), values);
}

const std::string& option_token(const Decision& d, std::size_t index) {
    const Option& o = d.options.at(index);
    return o.ref.empty() ? o.move : o.ref;
}

std::optional<std::vector<ScriptedChoice>> parse_choices(const std::string& list, std::string_view lang) {
    std::vector<ScriptedChoice> out;
    if (trim(list).empty()) return out;
    const std::vector<std::string> entries = split_list(list);
    for (const std::string& entry : entries) {
        if (list.back() == ',' && out.size() + 1 == entries.size()) {
            std::cerr << play_error(lang, "trailing_comma") << "\n";
            return std::nullopt;
        }
        ScriptedChoice c;
        c.text = entry;
        std::string_view digits = c.text;
        if (!digits.empty() && (digits.front() == 'h' || digits.front() == 'H')) {
            c.hint = true;
            digits.remove_prefix(1);
        }
        const auto n = parse_number(digits);
        if (!n || *n == 0) {
            std::cerr << play_error(lang, "bad_choice",
                                    {{"pos", std::to_string(out.size() + 1)}, {"text", c.text}})
                      << "\n";
            return std::nullopt;
        }
        c.number = *n;
        c.echo = std::to_string(*n);
        out.push_back(c);
    }
    return out;
}

bool check_choices(Session dry, const std::vector<ScriptedChoice>& choices, std::string_view lang,
                   Mode mode) {
    for (std::size_t i = 0; i < choices.size(); ++i) {
        if (choices[i].hint && !allows_hints(mode)) {
            std::cerr << play_error(lang, "hint_in_assessment",
                                    {{"pos", std::to_string(i + 1)}, {"text", choices[i].text}})
                      << "\n";
            return false;
        }
        if (dry.finished()) {
            report_too_long(lang, "--choices", dry, i + 1, choices[i].text);
            return false;
        }
        const Decision& d = dry.current();
        if (choices[i].number > d.options.size()) {
            std::cerr << play_error(lang, "out_of_range",
                                    {{"option", std::to_string(choices[i].number)},
                                     {"pos", std::to_string(i + 1)},
                                     {"n", std::to_string(dry.decisions().size() + 1)},
                                     {"max", std::to_string(d.options.size())},
                                     {"stage", std::string(stage_name(lang, d.stage))}})
                      << "\n";
            return false;
        }
        if (choices[i].hint) dry.hint();
        dry.choose(choices[i].number - 1);
    }
    return true;
}

std::optional<std::vector<ScriptedChoice>> resolve_moves(Session dry, const std::string& list,
                                                         std::string_view lang) {
    std::vector<ScriptedChoice> out;
    if (trim(list).empty()) return out;
    const std::vector<std::string> entries = split_list(list);
    for (std::size_t i = 0; i < entries.size(); ++i) {
        const std::string& entry = entries[i];
        const std::size_t pos = i + 1;
        if (entry.empty()) {
            const bool last = pos == entries.size();
            std::cerr << play_error(lang, last ? "moves_trailing_comma" : "moves_empty",
                                    {{"pos", std::to_string(pos)}})
                      << "\n";
            return std::nullopt;
        }
        if (dry.finished()) {
            report_too_long(lang, "--moves", dry, pos, entry);
            return std::nullopt;
        }
        ScriptedChoice c;
        c.text = entry;
        c.echo = entry;
        if (entry.starts_with("h:")) {
            c.hint = true;
            c.echo = trim(std::string_view(entry).substr(2));
        }
        const auto index = find_option(dry, entry, c.echo, pos, lang);
        if (!index) return std::nullopt;
        c.number = *index + 1;
        if (c.hint) dry.hint();
        dry.choose(*index);
        out.push_back(std::move(c));
    }
    return out;
}

}  // namespace salesim::cli
