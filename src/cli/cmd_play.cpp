// `salesim play`: a role-play session at the terminal, typed or scripted with --choices or --moves, and its
// debrief.
#include "cli/commands.hpp"

#include "cli/common.hpp"
#include "cli/play_class.hpp"
#include "cli/play_json.hpp"
#include "cli/play_recording.hpp"
#include "cli/play_script.hpp"
#include "cli/play_view.hpp"
#include "cli/results_cli.hpp"
#include "cli/ui_text.hpp"
#include "paths.hpp"

#include <salesim/app/attempt_controller.hpp>
#include <salesim/app/data_dirs.hpp>
#include <salesim/app/durable_file.hpp>
#include <salesim/app/exit_code.hpp>
#include <salesim/app/result_json.hpp>
#include <salesim/app/save_file.hpp>
#include <salesim/loader.hpp>
#include <salesim/score.hpp>
#include <salesim/session.hpp>

#include <unistd.h>

#include <cctype>
#include <cstdint>
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>
#include <random>
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
    std::optional<Mode> mode;  ///< --mode, when given
    std::string join;          ///< --join ADDRESS: play in a live class
    std::string code;          ///< --code CODE
};

// The text of `key` under `cli.play_error.` in `lang`, with its values filled in.
std::string error_text(std::string_view lang, std::string_view key,
                       std::initializer_list<std::pair<std::string_view, std::string>> values = {}) {
    return play_error(lang, key, values);
}

// The group whose mode `trainee` must play in, when the store is open and there is one.
std::optional<results::Group> group_mode(const results::ResultsStore* store, const std::string& trainee) {
    if (store == nullptr || trainee.empty()) return std::nullopt;
    try {
        const auto t = store->find_trainee(trainee);
        if (!t) return std::nullopt;
        return results::required_mode_group(*store, t->id);
    } catch (const results::StoreError&) {
        return std::nullopt;  // the recording reports store problems
    }
}

// Questions are asked only at a terminal: a script's input is never taken for an answer.
bool interactive() {
    return ::isatty(STDIN_FILENO) != 0;
}

// One line typed after a "> " prompt, trimmed; nullopt at the end of the input.
std::optional<std::string> ask(std::ostream& out) {
    out << "> " << std::flush;
    std::string line;
    if (!std::getline(std::cin, line)) {
        out << "\n";
        return std::nullopt;
    }
    return trim(line);
}

// A save file that cannot be used, named, with how to fix it (what the reader says, or the default).
void say_bad_save(std::string_view lang, const std::string& file, const std::string& why) {
    std::cerr << play_error(lang, "bad_save", {{"why", why}, {"file", file}}) << "\n";
    if (why.find("\nhelp: ") == std::string::npos) std::cerr << play_error(lang, "bad_save_help") << "\n";
}

// A save that could not be written: said on stderr, and the command ends with status 1.
void say_save_failed(std::string_view lang, const std::string& file, const std::string& why) {
    std::cerr << play_error(lang, "save_failed", {{"file", file}, {"why", why}}) << "\n";
    if (why.find("\nhelp: ") == std::string::npos) std::cerr << play_error(lang, "save_failed_help") << "\n";
}

// "2026-03-01T09:30:00.125Z" as "2026-03-01 09:30 UTC".
std::string when(const std::string& iso) {
    if (iso.size() < 16 || iso[10] != 'T') return iso;
    return iso.substr(0, 10) + " " + iso.substr(11, 5) + " UTC";
}

enum class Offered { Start, Resumed, Quit };

// Before a new attempt starts at a terminal, the trainee's unfinished attempts at this scenario in
// this mode are offered, newest first, as the window offers them: r resumes one (the same attempt
// goes on), n closes it as abandoned and offers the next, q leaves them and quits.
Offered offer_unfinished(app::AttemptController& attempt, const results::ResultsStore& store,
                         const std::shared_ptr<const Scenario>& scenario, Mode mode, std::string_view lang,
                         std::ostream& out) {
    Library only;
    only.scenarios.push_back(scenario);
    for (;;) {
        try {
            attempt.offer_stored(only, {scenario->id, mode});
        } catch (const std::exception& e) {
            print_error(e.what());
            return Offered::Start;
        }
        const auto& offer = attempt.offer();
        if (!offer || !offer->attempt_id) return Offered::Start;
        const bool resumable = offer->session.has_value();
        if (resumable) {
            std::string started;
            try {
                if (const auto a = store.attempt(*offer->attempt_id)) started = when(a->started);
            } catch (const results::StoreError&) {
                // Only the date is missing from the question.
            }
            out << fill(tr(lang, "cli.play.resume_offer"),
                        {{"n", std::to_string(offer->session->decisions().size())},
                         {"started", started},
                         {"mode", std::string(tr(lang, "cli.mode." + std::string(to_string(mode))))}})
                << "\n";
        } else {
            out << fill(tr(lang, "cli.play.resume_broken"), {{"why", offer->problem}}) << "\n";
        }
        if (offer->older > 0)
            out << fill(tr(lang, "cli.play.resume_older"), {{"n", std::to_string(offer->older)}}) << "\n";
        const std::string_view question =
            resumable ? tr(lang, "cli.play.resume_ask") : tr(lang, "cli.play.resume_ask_broken");
        out << question << "\n";
        for (;;) {
            const auto answer = ask(out);
            if (!answer || *answer == "q" || *answer == "Q") return Offered::Quit;
            if (resumable && (*answer == "r" || *answer == "R")) {
                attempt.take_offer();
                return Offered::Resumed;
            }
            if (*answer == "n" || *answer == "N") {
                try {
                    attempt.discard_offer();
                } catch (const std::exception& e) {
                    print_error(e.what());
                    return Offered::Start;
                }
                out << tr(lang, "cli.play.resume_abandoned") << "\n";
                break;
            }
            out << fill(tr(lang, "cli.play.resume_not_understood"), {{"input", clip(*answer, 20)}}) << " "
                << question << "\n";
        }
    }
}

enum class QuitAnswer { Back, Quit, GiveUp };

// `q` at a terminal mid-play asks first, so a slip of the key never ends the play: y quits (a
// recorded or saved attempt stays resumable), n or Enter goes back to the game, and a recorded
// attempt can be given up with a. The end of the input quits, keeping the attempt.
QuitAnswer ask_quit(std::string_view lang, std::ostream& out, bool recorded, bool saved) {
    const std::string_view question = recorded ? tr(lang, "cli.play.quit_ask")
                                      : saved  ? tr(lang, "cli.play.quit_ask_saved")
                                               : tr(lang, "cli.play.quit_ask_unkept");
    out << question << "\n";
    for (;;) {
        const auto answer = ask(out);
        // y/n, and the Finnish k/e (kyllä/ei).
        std::string a = answer.value_or("y");
        for (char& c : a) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        if (a == "y" || a == "k") return QuitAnswer::Quit;
        if (a.empty() || a == "n" || a == "e") return QuitAnswer::Back;
        if (recorded && a == "a") return QuitAnswer::GiveUp;
        out << fill(tr(lang, recorded ? "cli.play.quit_not_understood" : "cli.play.quit_not_understood_yn"),
                    {{"input", clip(*answer, 20)}})
            << "\n";
    }
}

int run_play(const PlayOptions& o, const CLI::App& sub) {
    if (!o.join.empty()) {
        // A class decides the scenario, seed and mode; a save belongs to a single play.
        for (const char* option : {"scenario", "--seed", "--moves", "--save", "--resume", "--mode"})
            if (sub.get_option(option)->count() > 0) {
                std::cerr << fill(tr(global_lang(sub), "cli.play_join.not_with"),
                                  {{"option", option[0] == '-' ? option : "SCENARIO"}})
                          << "\n";
                return to_int(ExitCode::Misuse);
            }
        return play_in_class({o.join, o.code, o.trainee, o.choices, o.hint_keys, o.no_record, o.json}, sub);
    }
    const bool by_number = sub.get_option("--choices")->count() > 0;
    const bool by_move = sub.get_option("--moves")->count() > 0;
    const bool scripted = by_number || by_move;
    std::string lang = global_lang(sub);
    if (!o.trainee.empty() && !check_trainee_name(o.trainee, lang)) return to_int(ExitCode::Misuse);
    if (by_number && by_move) {
        std::cerr << play_error(lang, "moves_and_choices") << "\n";
        return to_int(ExitCode::Misuse);
    }

    // A save file is read with limits (a regular file of at most 16 MiB, nested at most 64 deep).
    std::optional<app::SaveFile> saved;
    if (!o.resume.empty()) {
        try {
            saved = app::read_save_file(o.resume);
        } catch (const std::exception& e) {
            say_bad_save(lang, o.resume, e.what());
            return to_int(ExitCode::Problems);
        }
        const SaveData& save = saved->data;
        if (!global_lang_given(sub) && !save.lang.empty() && check_lang(save.lang).empty()) lang = save.lang;
        if (o.seed && *o.seed != save.seed) {
            std::cerr << play_error(lang, "seed_differs",
                                    {{"seed", std::to_string(*o.seed)}, {"saved", std::to_string(save.seed)}})
                      << "\n";
            return to_int(ExitCode::Misuse);
        }
        if (o.mode && *o.mode != saved->mode) {
            std::cerr << error_text(lang, "mode_differs",
                                    {{"mode", std::string(to_string(*o.mode))},
                                     {"saved", std::string(to_string(saved->mode))}})
                      << "\n";
            return to_int(ExitCode::Misuse);
        }
    }

    if (o.scenario.empty() && !saved) {
        std::cerr << play_error(lang, "needs_scenario") << "\n";
        return to_int(ExitCode::Misuse);
    }
    int code = to_int(ExitCode::Ok);
    std::shared_ptr<const Scenario> scenario;
    if (saved) {
        // A save names its scenario by id, looked up in the library only: a path in it is never
        // opened (one of an earlier release naming a file of the library stands for its id).
        const Library library = load_shipped_library();
        try {
            saved->data.scenario_id = app::saved_scenario_id(saved->data.scenario_id, library);
        } catch (const std::exception& e) {
            say_bad_save(lang, o.resume, e.what());
            return to_int(ExitCode::Problems);
        }
        if (o.scenario.empty()) scenario = find_in_library(library, saved->data.scenario_id, lang, code);
    }
    if (!o.scenario.empty()) scenario = resolve_scenario(o.scenario, lang, code);
    if (scenario == nullptr) return code;
    // How to come back to this scenario: as it was named, or by its id.
    const std::string scenario_arg = !o.scenario.empty() ? o.scenario : scenario->id;

    std::vector<ScriptedChoice> choices;
    if (by_number) {
        auto parsed = parse_choices(o.choices, lang);
        if (!parsed) return to_int(ExitCode::Misuse);
        choices = std::move(*parsed);
    }

    std::optional<Session> session;
    if (saved) {
        try {
            session.emplace(Session::resume(scenario, saved->data));
        } catch (const std::runtime_error& e) {
            std::cerr << play_error(lang, "cannot_resume", {{"why", e.what()}, {"file", o.resume}}) << "\n";
            return to_int(ExitCode::Problems);
        }
    } else {
        // A typed session gets a fresh order each time; a scripted one must mean the same every run.
        const std::uint64_t seed = o.seed ? *o.seed : scripted ? 1 : std::random_device{}();
        session.emplace(scenario, seed);
    }

    app::AttemptController attempt(write_save);
    attempt.set_lang(lang);
    const auto store = open_play_recording(sub, o.trainee, o.no_record, attempt, lang);
    // One attempt per play: a save goes on with the attempt it belongs to (found before anything
    // is recorded, so that a script is checked against the session it will play on).
    std::optional<app::SavedResume> plan;
    if (saved) {
        plan.emplace(attempt.plan_resume(std::move(*session), *saved));
        session.emplace(plan->session);
    }
    if (by_move) {
        auto resolved = resolve_moves(*session, o.moves, lang);
        if (!resolved) return to_int(ExitCode::Misuse);
        choices = std::move(*resolved);
    }
    Mode mode = saved ? saved->mode : o.mode.value_or(Mode::Guided);
    // --no-record --trainee T still plays in T's group's mode: the store is read when it exists
    // (and never created for that).
    std::unique_ptr<results::ResultsStore> lookup;
    if (store == nullptr && o.no_record && !o.trainee.empty() &&
        (store_is_named(sub) || std::filesystem::exists(app::results_db_path(data_dir_option(sub))))) {
        try {
            lookup = open_results(sub, results::Access::ReadOnly);
        } catch (const std::exception&) {
            // Nothing is recorded either way; without the store no group applies.
        }
    }
    const std::string player = store != nullptr ? attempt.trainee() : o.trainee;
    if (!saved) {
        // A group that requires a mode decides it; asking for another is refused.
        if (const auto group = group_mode(store != nullptr ? store.get() : lookup.get(), player)) {
            if (o.mode && *o.mode != *group->mode) {
                std::cerr << error_text(lang, "group_mode",
                                        {{"trainee", player},
                                         {"group", group->name},
                                         {"mode", std::string(to_string(*group->mode))},
                                         {"asked", std::string(to_string(*o.mode))}})
                          << "\n";
                return to_int(ExitCode::Misuse);
            }
            mode = *group->mode;
        }
    }
    if (scripted && !check_choices(*session, choices, lang, mode)) return to_int(ExitCode::Misuse);

    // With --json, stdout carries only the result; a typed session talks on stderr instead.
    std::ostream silent(nullptr);
    std::ostream& out = !o.json ? std::cout : scripted ? silent : std::cerr;

    bool resumed = plan.has_value();
    if (plan) {
        const std::size_t from_save = saved->data.choices.size();
        if (attempt.resume_saved(std::move(*plan)) == app::SaveResumed::FromResults) {
            out << fill(tr(lang, "cli.play.resumed_from_results"),
                        {{"n", std::to_string(attempt.session()->decisions().size())},
                         {"saved", std::to_string(from_save)}})
                << "\n";
        }
    } else {
        Offered offered = Offered::Start;
        if (!scripted && store != nullptr && !attempt.trainee().empty() && interactive())
            offered = offer_unfinished(attempt, *store, scenario, mode, lang, out);
        if (offered == Offered::Quit) return to_int(ExitCode::Ok);
        resumed = offered == Offered::Resumed;
        if (!resumed) attempt.start(scenario, session->seed(), mode);
    }
    report_recording_problem(attempt, lang);

    PlayView view(attempt, lang, out);
    std::string save_path = o.save;
    // A save that fails is said on stderr each time its reason changes; the command then ends
    // with status 1.
    bool save_failed = false;
    std::string last_failure;
    const auto autosave = [&] {
        if (save_path.empty()) return true;
        try {
            attempt.save(save_path);
            last_failure.clear();
            return true;
        } catch (const std::runtime_error& e) {
            save_failed = true;
            if (e.what() != last_failure) say_save_failed(lang, save_path, e.what());
            last_failure = e.what();
            return false;
        }
    };
    const auto choose = [&](std::size_t option) {
        view.show_choice(attempt.choose(option));
        report_recording_problem(attempt, lang);
        autosave();
    };

    if (resumed) {
        view.show_resumed();
    } else {
        view.show_intro();
    }

    std::size_t next = 0;
    bool stopped = false;
    bool abandon = false;
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
            const bool hints = attempt.hints_allowed();
            if (input.empty()) {
                out << fill(hints ? tr(lang, Msg::EmptyInput) : tr(lang, "cli.play.empty_input_no_hints"),
                            {{"max", max_text}})
                    << "\n";
            } else if ((input == "h" || input == "H") && !attempt.hints_allowed()) {
                out << tr(lang, "cli.play.hints_off") << "\n";
            } else if (input == "h" || input == "H") {
                view.show_hint(attempt.next_hint());
            } else if (input == "s" || input == "S") {
                // Without --save, into the data folder, wherever the terminal happens to be.
                if (save_path.empty()) {
                    const std::filesystem::path to = default_save_path(data_dir_option(sub), scenario->id);
                    std::error_code ec;
                    std::filesystem::create_directories(to.parent_path(), ec);
                    save_path = to.string();
                }
                if (autosave()) {
                    out << fill(tr(lang, Msg::Saved), {{"file", save_path}}) << " "
                        << fill(tr(lang, Msg::ResumeWith), {{"file", save_path}}) << "\n";
                }
            } else if (input == "q" || input == "Q") {
                // At a terminal the trainee is asked first; a script's q quits, and the attempt
                // stays open to resume.
                if (interactive()) {
                    const QuitAnswer answer =
                        ask_quit(lang, out, attempt.recorded().has_value(), !save_path.empty());
                    if (answer == QuitAnswer::Back) continue;
                    abandon = answer == QuitAnswer::GiveUp;
                }
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
                out << fill(hints ? tr(lang, Msg::NotUnderstood)
                                  : tr(lang, "cli.play.not_understood_no_hints"),
                            {{"input", clip(input, 20)}, {"max", max_text}})
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
        if (abandon) {
            out << tr(lang, "cli.play.quit_abandoned") << "\n";
        } else {
            if (!save_path.empty() && autosave())
                out << fill(tr(lang, Msg::Saved), {{"file", save_path}}) << " "
                    << fill(tr(lang, Msg::ResumeWith), {{"file", save_path}}) << "\n";
            if (attempt.recorded() && !scripted)
                out << fill(tr(lang, "cli.play.quit_kept"), {{"scenario", scenario_arg}}) << "\n";
        }
    }
    if (o.json) std::cout << play_json(s, s.scenario().language_or_default(lang), attempt.mode()) << "\n";
    if (abandon) {
        attempt.abandon();
        report_recording_problem(attempt, lang);
    }
    if (!send_or_keep_unsent(attempt, data_dir_option(sub), lang)) save_failed = true;
    return to_int(save_failed ? ExitCode::Problems : ExitCode::Ok);
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
    sub->add_option("--trainee", opts->trainee,
                    "Record the play under this name (default: the window's last profile, else $USER)")
        ->type_name("NAME");
    sub->add_flag("--no-record", opts->no_record, "Do not keep this play in the results");
    sub->add_option("--join", opts->join, "Play in a live class at this address (shown on the class's board)")
        ->type_name("ADDRESS");
    sub->add_option("--code", opts->code, "The class's join code (with --join)")->type_name("CODE");
    add_mode_option(*sub,
                    "guided (default: meters and feedback as you go), practice (no meters), assessment "
                    "(no meters, feedback or hints until the debrief)",
                    [opts](std::optional<Mode> m) { opts->mode = m; });
    sub->callback([&action, opts, sub] { action = [opts, sub] { return run_play(*opts, *sub); }; });
}

}  // namespace salesim::cli
