#include "cli/play_class.hpp"

#include "cli/common.hpp"
#include "cli/play_json.hpp"
#include "cli/play_recording.hpp"
#include "cli/play_script.hpp"
#include "cli/play_view.hpp"
#include "cli/results_cli.hpp"
#include "cli/ui_text.hpp"

#include <salesim/app/attempt_controller.hpp>
#include <salesim/app/data_dirs.hpp>
#include <salesim/app/durable_file.hpp>
#include <salesim/app/exit_code.hpp>
#include <salesim/classroom/class_play.hpp>

#include <chrono>
#include <iostream>
#include <optional>
#include <thread>

namespace salesim::cli {

namespace {

using app::ExitCode;
using app::to_int;

std::string say(std::string_view lang, std::string_view key,
                std::initializer_list<std::pair<std::string_view, std::string>> values = {}) {
    return fill(tr(lang, std::string("cli.play_join.") + std::string(key)), values);
}

// What the trainee does at a decision: an option (0-based), with or without a hint, or quit.
struct Pick {
    std::size_t option = 0;
    bool hint = false;
    bool quit = false;
};

}  // namespace

int play_in_class(const ClassJoinOptions& o, const CLI::App& sub) {
    const std::string lang = global_lang(sub);
    if (o.code.empty()) {
        std::cerr << say(lang, "needs_code") << "\n";
        return to_int(ExitCode::Misuse);
    }
    if (!o.trainee.empty() && !check_trainee_name(o.trainee, lang)) return to_int(ExitCode::Misuse);
    std::vector<ScriptedChoice> script;
    const bool scripted = !o.choices.empty();
    if (scripted) {
        auto parsed = parse_choices(o.choices, lang);
        if (!parsed) return to_int(ExitCode::Misuse);
        script = std::move(*parsed);
    }
    std::ostream silent(nullptr);
    std::ostream& out = !o.json ? std::cout : scripted ? silent : std::cerr;

    app::AttemptController attempt(write_save);
    attempt.set_lang(lang);
    const auto store = open_play_recording(sub, o.trainee, o.no_record, attempt, lang);
    std::string name = !o.trainee.empty() ? o.trainee : attempt.trainee();
    if (name.empty()) name = default_trainee(data_dir_option(sub));

    classroom::ClassClient client(o.address);
    classroom::ClassPlay play(client, attempt, app::user_data_dir(data_dir_option(sub)), store.get());
    const Library library = load_shipped_library();
    try {
        const auto& info = play.connect(o.code, name, library);
        if (info.choices.empty() && attempt.session()->decisions().empty())
            out << say(lang, "joined", {{"name", info.name}, {"number", std::to_string(info.number)}})
                << "\n";
        else
            out << say(lang, "rejoined",
                       {{"name", info.name}, {"n", std::to_string(attempt.session()->decisions().size())}})
                << "\n";
    } catch (const classroom::ClientError& e) {
        if (e.status() == 0)
            std::cerr << say(lang, "unreachable",
                             {{"address", client.base()}, {"why", say(lang, std::string("why_") + e.what())}})
                      << "\n";
        else if (e.code() == "bad_answer")
            std::cerr << say(lang, "bad_answer") << "\n";
        else if (e.status() == -1)
            std::cerr << say(lang, e.code(), {{"scenario", e.what()}}) << "\n";
        else
            std::cerr << say(lang, "refused", {{"why", e.what()}}) << "\n";
        return to_int(e.status() == 403 || e.status() == 400 || e.status() == 409 ? ExitCode::Misuse
                                                                                  : ExitCode::Problems);
    } catch (const std::exception& e) {
        print_error(e.what());
        return to_int(ExitCode::Problems);
    }
    report_recording_problem(attempt, lang);

    PlayView view(attempt, lang, out);
    if (attempt.session()->decisions().empty())
        view.show_intro();
    else
        view.show_resumed();

    // A script goes on where the attempt is: a program started again skips what it already played.
    std::size_t next = attempt.session()->decisions().size() + (play.vote_cast() ? 1 : 0);
    bool was_offline = false;
    const auto offline_note = [&] {
        if (play.offline() && !was_offline) out << say(lang, "offline") << "\n";
        if (!play.offline() && was_offline && play.unsent() == 0) out << say(lang, "back_online") << "\n";
        was_offline = play.offline();
    };
    // The trainee's pick at the decision at hand: the script's next entry, or a typed line.
    const auto pick = [&]() -> std::optional<Pick> {
        const std::size_t max = view.session().current().options.size();
        if (scripted) {
            if (next == script.size()) return std::nullopt;
            const ScriptedChoice& c = script[next++];
            out << "> " << c.text << "\n";
            if (c.number < 1 || c.number > max) {
                out << fill(tr(lang, Msg::OutOfRange), {{"input", c.text}, {"max", std::to_string(max)}})
                    << "\n";
                return std::nullopt;
            }
            return Pick{c.number - 1, c.hint && attempt.hints_allowed(), false};
        }
        for (;;) {
            out << "> " << std::flush;
            std::string line;
            if (!std::getline(std::cin, line)) return Pick{0, false, true};
            const std::string input = trim(line);
            if (input == "q" || input == "Q") return Pick{0, false, true};
            if ((input == "h" || input == "H") && attempt.hints_allowed()) {
                view.show_hint(attempt.next_hint());
                continue;
            }
            if (input == "?") {
                view.show_keys();
                continue;
            }
            if (const auto n = parse_number(input); n && *n >= 1 && *n <= max)
                return Pick{*n - 1, false, false};
            out << fill(tr(lang, Msg::NotUnderstood),
                        {{"input", clip(input, 20)}, {"max", std::to_string(max)}})
                << "\n";
        }
    };

    bool stopped = false;
    int code = to_int(ExitCode::Ok);
    while (!stopped) {
        const classroom::ClassTurn turn = play.turn();
        offline_note();
        if (turn == classroom::ClassTurn::Finished) break;
        if (turn == classroom::ClassTurn::Ended || turn == classroom::ClassTurn::Removed) {
            out << say(lang, turn == classroom::ClassTurn::Ended ? "ended" : "removed") << "\n";
            break;
        }
        if (turn == classroom::ClassTurn::Waiting) {
            play.wait(std::chrono::seconds(1));
            continue;
        }
        if (turn == classroom::ClassTurn::Released) {
            out << say(lang, "released") << "\n";
            view.show_choice(play.apply_vote());
            report_recording_problem(attempt, lang);
            continue;
        }
        view.show_decision(o.hint_keys);
        if (turn == classroom::ClassTurn::Vote) out << say(lang, "discussing") << "\n";
        const auto p = pick();
        if (!p || p->quit) {
            if (!p && scripted && next < script.size()) code = to_int(ExitCode::Misuse);
            stopped = true;
            break;
        }
        if (turn == classroom::ClassTurn::Vote) {
            if (p->hint) view.show_hint(attempt.hint());
            out << say(lang, play.vote(p->option) ? "vote_counted" : "vote_not_sent") << "\n";
            continue;
        }
        if (p->hint) view.show_hint(attempt.hint());
        view.show_choice(play.choose(p->option, false));
        report_recording_problem(attempt, lang);
    }

    const Session& s = view.session();
    if (s.finished()) {
        view.show_debrief();
    } else {
        view.show_new_lines();
        out << "\n" << fill(tr(lang, Msg::Unfinished), {{"n", std::to_string(s.decisions().size())}}) << "\n";
    }
    // What the server has not acknowledged is tried a few more times, then kept in the link file.
    for (int i = 0; i < 10 && play.unsent() > 0; ++i) {
        if (play.flush()) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(500));
    }
    if (play.unsent() > 0) {
        std::cerr << say(lang, "unsent", {{"n", std::to_string(play.unsent())}}) << "\n";
        code = to_int(ExitCode::Problems);
    }
    if (o.json) std::cout << play_json(s, s.scenario().language_or_default(lang), attempt.mode()) << "\n";
    send_or_keep_unsent(attempt, data_dir_option(sub), lang);
    return code;
}

}  // namespace salesim::cli
