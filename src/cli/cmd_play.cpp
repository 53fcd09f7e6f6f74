// `salesim play`: a role-play session at the terminal, typed or scripted with --choices or --moves, and its
// debrief.
#include "cli/commands.hpp"

#include "cli/common.hpp"
#include "cli/play_json.hpp"
#include "cli/play_recording.hpp"
#include "cli/play_script.hpp"
#include "cli/play_view.hpp"
#include "cli/ui_text.hpp"
#include "paths.hpp"

#include <salesim/app/attempt_controller.hpp>
#include <salesim/app/durable_file.hpp>
#include <salesim/app/exit_code.hpp>
#include <salesim/loader.hpp>
#include <salesim/score.hpp>
#include <salesim/session.hpp>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <random>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

namespace salesim::cli {

namespace {

using app::ExitCode;
using app::to_int;

struct PlayOptions {
    std::string scenario;
    std::optional<std::uint64_t> seed;
    std::string choices;
    std::string moves;
    bool json = false;
    std::string save;
    std::string resume;
    bool hint_keys = false;
    std::string trainee;
    bool no_record = false;
};

void print_errors(const std::vector<Diagnostic>& ds) {
    for (const Diagnostic& d : ds) {
        if (d.severity != Severity::Error) continue;
        std::string text = format(d);
        if (text.empty() || text.back() != '\n') text += '\n';
        std::cerr << text;
    }
}

// Loads SCENARIO, a file path or an id of the shipped library. Prints why on failure and sets `code`.
std::shared_ptr<const Scenario> resolve_scenario(const std::string& arg, std::string_view lang, int& code) {
    namespace fs = std::filesystem;
    std::error_code ec;
    const bool is_path = arg.find('/') != std::string::npos || arg.ends_with(".yaml") ||
                         arg.ends_with(".yml") || fs::exists(arg, ec);
    if (is_path) {
        if (!fs::is_regular_file(arg, ec)) {
            std::cerr << play_error(lang, "no_file", {{"arg", arg}}) << "\n";
            code = to_int(ExitCode::Misuse);
            return nullptr;
        }
        RuleBookLoad book = load_rulebook_file(rulebook_for(arg));
        if (book.book == nullptr) {
            print_errors(book.diagnostics);
            code = to_int(ExitCode::Problems);
            return nullptr;
        }
        ScenarioLoad load = load_scenario_file(arg, book.book);
        if (load.scenario == nullptr) {
            print_errors(load.diagnostics);
            std::cerr << play_error(lang, "file_has_errors", {{"arg", arg}}) << "\n";
            code = to_int(ExitCode::Problems);
        }
        return load.scenario;
    }

    const std::string dir = app::scenarios_dir();
    const Library lib = load_library(dir, app::default_rulebook());
    if (auto found = lib.find_shared(arg)) return found;
    for (const Diagnostic& d : lib.diagnostics) {
        if (d.severity == Severity::Error && fs::path(d.path).stem() == arg) {
            std::cerr << play_error(lang, "scenario_has_errors", {{"path", d.path}, {"arg", arg}}) << "\n";
            code = to_int(ExitCode::Problems);
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
    code = to_int(ExitCode::Misuse);
    return nullptr;
}

// Durable: a crash mid-write never leaves half a save. The error names the reason, not the path
// (the message around it names the file).
void write_save(const std::filesystem::path& path, std::string_view bytes) {
    try {
        app::write_file_durable(path, bytes);
    } catch (const app::FileWriteError& e) {
        throw std::runtime_error(e.reason());
    }
}

int run_play(const PlayOptions& o, const CLI::App& sub) {
    const bool by_number = sub.get_option("--choices")->count() > 0;
    const bool by_move = sub.get_option("--moves")->count() > 0;
    const bool scripted = by_number || by_move;
    std::string lang = global_lang(sub);
    if (by_number && by_move) {
        std::cerr << play_error(lang, "moves_and_choices") << "\n";
        return to_int(ExitCode::Misuse);
    }

    std::optional<SaveData> save;
    if (!o.resume.empty()) {
        std::ifstream f(o.resume, std::ios::binary);
        if (!f) {
            std::cerr << play_error(lang, "unreadable_save", {{"file", o.resume}}) << "\n";
            return to_int(ExitCode::Problems);
        }
        std::stringstream bytes;
        bytes << f.rdbuf();
        try {
            save = save_from_json(bytes.str());
        } catch (const std::exception& e) {
            std::cerr << play_error(lang, "bad_save", {{"why", e.what()}, {"file", o.resume}}) << "\n";
            return to_int(ExitCode::Problems);
        }
        if (!global_lang_given(sub) && !save->lang.empty()) lang = save->lang;
        if (o.seed && *o.seed != save->seed) {
            std::cerr << play_error(
                             lang, "seed_differs",
                             {{"seed", std::to_string(*o.seed)}, {"saved", std::to_string(save->seed)}})
                      << "\n";
            return to_int(ExitCode::Misuse);
        }
    }

    const std::string scenario_arg = !o.scenario.empty() ? o.scenario
                                     : save              ? save->scenario_id
                                                         : std::string();
    if (scenario_arg.empty()) {
        std::cerr << play_error(lang, "needs_scenario") << "\n";
        return to_int(ExitCode::Misuse);
    }
    int code = to_int(ExitCode::Ok);
    const std::shared_ptr<const Scenario> scenario = resolve_scenario(scenario_arg, lang, code);
    if (scenario == nullptr) return code;

    std::vector<ScriptedChoice> choices;
    if (by_number) {
        auto parsed = parse_choices(o.choices, lang);
        if (!parsed) return to_int(ExitCode::Misuse);
        choices = std::move(*parsed);
    }

    std::optional<Session> session;
    if (save) {
        try {
            session.emplace(Session::resume(scenario, *save));
        } catch (const std::runtime_error& e) {
            std::cerr << play_error(lang, "cannot_resume", {{"why", e.what()}, {"file", o.resume}}) << "\n";
            return to_int(ExitCode::Problems);
        }
    } else {
        // A typed session gets a fresh order each time; a scripted one must mean the same every run.
        const std::uint64_t seed = o.seed ? *o.seed : scripted ? 1 : std::random_device{}();
        session.emplace(scenario, seed);
    }
    if (by_number && !check_choices(*session, choices, lang)) return to_int(ExitCode::Misuse);
    if (by_move) {
        auto resolved = resolve_moves(*session, o.moves, lang);
        if (!resolved) return to_int(ExitCode::Misuse);
        choices = std::move(*resolved);
    }

    app::AttemptController attempt(write_save);
    attempt.set_lang(lang);
    const auto store = open_play_recording(sub, o.trainee, o.no_record, attempt, lang);
    if (save) {
        attempt.resume(std::move(*session));
    } else {
        attempt.start(scenario, session->seed());
    }
    report_recording_problem(attempt, lang);

    // With --json, stdout carries only the result; a typed session talks on stderr instead.
    std::ostream silent(nullptr);
    std::ostream& out = !o.json ? std::cout : scripted ? silent : std::cerr;
    PlayView view(attempt, lang, out);
    std::string save_path = o.save;
    const auto autosave = [&] {
        if (save_path.empty()) return true;
        try {
            attempt.save(save_path);
            return true;
        } catch (const std::runtime_error& e) {
            out << fill(tr(lang, Msg::SaveFailed), {{"file", save_path}, {"why", e.what()}}) << "\n";
            return false;
        }
    };
    const auto choose = [&](std::size_t option) {
        view.show_choice(attempt.choose(option));
        report_recording_problem(attempt, lang);
        autosave();
    };

    if (save) {
        view.show_resumed();
    } else {
        view.show_intro();
    }

    std::size_t next = 0;
    bool stopped = false;
    while (!view.session().finished() && !stopped) {
        view.show_decision(o.hint_keys);
        const std::size_t max = view.session().current().options.size();
        if (scripted) {
            if (next == choices.size()) break;
            const ScriptedChoice& c = choices[next++];
            if (c.hint) {
                out << "> h\n";
                view.show_hint(attempt.hint());
            }
            out << "> " << c.echo << "\n";
            choose(c.number - 1);
            continue;
        }
        for (;;) {
            out << "> " << std::flush;
            std::string line;
            if (!std::getline(std::cin, line)) {
                out << "\n";
                stopped = true;
                break;
            }
            const std::string input = trim(line);
            const std::string max_text = std::to_string(max);
            if (input.empty()) {
                out << fill(tr(lang, Msg::EmptyInput), {{"max", max_text}}) << "\n";
            } else if (input == "h" || input == "H") {
                view.show_hint(attempt.hint());
            } else if (input == "s" || input == "S") {
                if (save_path.empty()) save_path = scenario->id + ".save.json";
                if (autosave()) out << fill(tr(lang, Msg::Saved), {{"file", save_path}}) << "\n";
            } else if (input == "q" || input == "Q") {
                stopped = true;
                break;
            } else if (input == "?") {
                view.show_keys();
            } else if (const auto n = parse_number(input)) {
                if (*n >= 1 && *n <= max) {
                    choose(*n - 1);
                    break;
                }
                out << fill(tr(lang, Msg::OutOfRange), {{"input", input}, {"max", max_text}}) << "\n";
            } else {
                out << fill(tr(lang, Msg::NotUnderstood), {{"input", clip(input, 20)}, {"max", max_text}})
                    << "\n";
            }
        }
    }

    const Session& s = view.session();
    if (s.finished()) {
        // The choice that ended the session recorded the result.
        if (!save_path.empty()) autosave();
        view.show_debrief();
    } else {
        view.show_new_lines();
        out << "\n";
        if (scripted)
            out << fill(tr(lang, Msg::ChoicesRanOut), {{"flag", by_move ? "--moves" : "--choices"}}) << "\n";
        out << fill(tr(lang, Msg::Unfinished), {{"n", std::to_string(s.decisions().size())}}) << "\n";
        if (!save_path.empty() && autosave())
            out << fill(tr(lang, Msg::Saved), {{"file", save_path}}) << " "
                << fill(tr(lang, Msg::ResumeWith), {{"file", save_path}}) << "\n";
    }
    if (o.json) std::cout << play_json(s, s.scenario().language_or_default(lang)) << "\n";
    return to_int(ExitCode::Ok);
}

}  // namespace

void add_play(CLI::App& app, Action& action) {
    auto opts = std::make_shared<PlayOptions>();
    CLI::App* sub = app.add_subcommand("play", "Play a scenario: sell to the buyer, then read the debrief");
    sub->fallthrough();
    sub->add_option("scenario", opts->scenario, "A scenario file, or an id from `salesim list`");
    sub->add_option(
        "--seed", opts->seed,
        "Seed for the order of the options (default: random when typing, 1 with --choices or --moves)");
    sub->add_option("--choices", opts->choices,
                    "Play these option numbers (1-based, comma-separated, h2 = hint then 2) without asking");
    sub->add_option(
           "--moves", opts->moves,
           "Play these moves (move or lead ids, comma-separated, h:demo = hint then demo) without asking")
        ->type_name("LIST");
    sub->add_flag("--json", opts->json,
                  "Print only the result record as JSON (a typed session talks on stderr)");
    sub->add_option("--save", opts->save, "Save to FILE after every decision and on quitting");
    sub->add_option("--resume", opts->resume, "Continue the session saved in FILE");
    sub->add_flag("--hint-keys", opts->hint_keys,
                  "Repeat the key legend (number, h, s, q) under every question");
    sub->add_option("--trainee", opts->trainee, "Record the play under this name (default: $USER)")
        ->type_name("NAME");
    sub->add_flag("--no-record", opts->no_record, "Do not keep this play in the results");
    sub->callback([&action, opts, sub] { action = [opts, sub] { return run_play(*opts, *sub); }; });
}

}  // namespace salesim::cli
