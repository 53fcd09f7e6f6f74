// `salesim trainer passphrase set|reset`: the trainer passphrase that guards the window's trainer
// tools, set or changed (the current one first) from a terminal or standard input, and removed by
// whoever runs Salesim as the data folder's owner when it is forgotten.
#include "cli/commands.hpp"

#include "cli/common.hpp"
#include "cli/results_cli.hpp"
#include "cli/ui_text.hpp"

#include <salesim/app/data_dirs.hpp>
#include <salesim/app/durable_file.hpp>
#include <salesim/app/exit_code.hpp>
#include <salesim/app/trainer_lock.hpp>

#include <termios.h>
#include <unistd.h>

#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace salesim::cli {

namespace {

using app::ExitCode;
using app::to_int;

std::string say(std::string_view lang, std::string_view key,
                std::initializer_list<std::pair<std::string_view, std::string>> values = {}) {
    return fill(tr(lang, "cli.trainer." + std::string(key)), values);
}

/// Where the passphrase comes from: a terminal, asked with the echo off, or lines of stdin.
class PassphraseInput {
public:
    PassphraseInput(std::string_view lang, bool from_stdin) : m_lang(lang), m_prompt(!from_stdin) {}

    /// The next passphrase (a whole line), or nullopt when the input ended.
    std::optional<std::string> next(std::string_view prompt_key) const {
        std::string line;
        line.reserve(256);  // one buffer, so a long line leaves no copies behind to wipe
        if (m_prompt) {
            std::cerr << say(m_lang, prompt_key, {{"min", std::to_string(app::min_passphrase_chars)}})
                      << std::flush;
            termios old{};
            ::tcgetattr(STDIN_FILENO, &old);
            termios quiet = old;
            quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
            ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
            const bool got = static_cast<bool>(std::getline(std::cin, line));
            ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
            std::cerr << "\n";
            if (!got) return std::nullopt;
        } else if (!std::getline(std::cin, line)) {
            return std::nullopt;
        }
        if (!line.empty() && line.back() == '\r') line.pop_back();
        return line;
    }

private:
    std::string_view m_lang;
    bool m_prompt;
};

/// Wipes the passphrases it holds when it goes.
struct Secrets {
    std::string old_passphrase, passphrase, repeat;
    ~Secrets() {
        app::wipe_secret(old_passphrase);
        app::wipe_secret(passphrase);
        app::wipe_secret(repeat);
    }
};

int lock_error(std::string_view lang, const app::TrainerLockError& e) {
    std::cerr << say(lang, "error." + std::string(app::to_string(e.code())),
                     {{"file", e.file().string()},
                      {"min", std::to_string(app::min_passphrase_chars)},
                      {"why", e.detail()}})
              << "\n";
    return to_int(ExitCode::Problems);
}

int passphrase_set(const CLI::App& sub, bool from_stdin) {
    const std::string lang = global_lang(sub);
    if (!from_stdin && ::isatty(STDIN_FILENO) == 0) {
        std::cerr << say(lang, "no_terminal") << "\n";
        return to_int(ExitCode::Misuse);
    }
    const app::TrainerLock lock(app::trainer_passphrase_file(app::user_data_dir(data_dir_option(sub))));
    const PassphraseInput input(lang, from_stdin);
    const auto read = [&](std::string& into, std::string_view prompt) {
        std::optional<std::string> line = input.next(prompt);
        if (!line) return false;
        into.swap(*line);
        app::wipe_secret(*line);
        return true;
    };
    Secrets s;
    try {
        const bool change = lock.is_set();
        if (change && !read(s.old_passphrase, "prompt_old")) {
            std::cerr << say(lang, "no_input") << "\n";
            return to_int(ExitCode::Problems);
        }
        // A wrong current passphrase is said before a new one is asked for.
        if (change && !lock.verify(s.old_passphrase))
            throw app::TrainerLockError(app::LockError::WrongPassphrase, lock.file());
        if (!read(s.passphrase, "prompt_new")) {
            std::cerr << say(lang, "no_input") << "\n";
            return to_int(ExitCode::Problems);
        }
        app::check_new_passphrase(s.passphrase, lock.file());
        // At a terminal the new one is typed twice, since it cannot be seen.
        if (!from_stdin) {
            if (!read(s.repeat, "prompt_repeat")) {
                std::cerr << say(lang, "no_input") << "\n";
                return to_int(ExitCode::Problems);
            }
            if (s.repeat != s.passphrase) {
                std::cerr << say(lang, "mismatch") << "\n";
                return to_int(ExitCode::Problems);
            }
        }
        if (change)
            lock.change(s.old_passphrase, s.passphrase);
        else
            lock.set(s.passphrase);
        std::cout << say(lang, change ? "changed" : "set", {{"file", lock.file().string()}}) << "\n";
        return to_int(ExitCode::Ok);
    } catch (const app::TrainerLockError& e) {
        return lock_error(lang, e);
    } catch (const app::FileWriteError& e) {
        print_error(e.what());
        return to_int(ExitCode::Problems);
    }
}

int passphrase_reset(const CLI::App& sub) {
    const std::string lang = global_lang(sub);
    const app::TrainerLock lock(app::trainer_passphrase_file(app::user_data_dir(data_dir_option(sub))));
    try {
        const bool removed = lock.reset();
        std::cout << say(lang, removed ? "reset" : "reset_none", {{"file", lock.file().string()}}) << "\n";
        return to_int(ExitCode::Ok);
    } catch (const std::filesystem::filesystem_error& e) {
        print_error(e.what());
        return to_int(ExitCode::Problems);
    }
}

}  // namespace

void add_trainer(CLI::App& app, Action& action) {
    CLI::App* top = app.add_subcommand("trainer", "The trainer's tools: passphrase")->require_subcommand(1);
    top->fallthrough();
    CLI::App* pass =
        top->add_subcommand("passphrase", "The trainer passphrase the window asks for: set, reset")
            ->require_subcommand(1);
    pass->fallthrough();

    auto from_stdin = std::make_shared<bool>(false);
    CLI::App* set = pass->add_subcommand(
        "set", "Set the trainer passphrase, or change it (the current one is asked for first)");
    set->fallthrough();
    set->add_flag("--stdin", *from_stdin,
                  "Read it from standard input, one line each (the current one first when one is set), "
                  "without asking twice");
    set->callback([&action, set, from_stdin] {
        action = [set, from_stdin] { return passphrase_set(*set, *from_stdin); };
    });

    CLI::App* reset = pass->add_subcommand(
        "reset", "Remove a forgotten trainer passphrase; the window asks for a new one at the next use");
    reset->fallthrough();
    reset->callback([&action, reset] { action = [reset] { return passphrase_reset(*reset); }; });
}

}  // namespace salesim::cli
