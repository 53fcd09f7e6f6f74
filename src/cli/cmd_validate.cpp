// `salesim validate`: checks scenario files, folders and their rule books, printing every problem found.
#include "cli/commands.hpp"

#include "cli/common.hpp"
#include "cli/ui_text.hpp"
#include "paths.hpp"

#include <salesim/app/exit_code.hpp>
#include <salesim/diagnostic.hpp>
#include <salesim/loader.hpp>

#include <nlohmann/json.hpp>

#include <filesystem>
#include <iostream>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace salesim::cli {

namespace {

using app::ExitCode;
using app::to_int;

struct ValidateOptions {
    std::vector<std::string> paths;
    bool json = false;
    std::vector<std::string> require_langs;
};

Diagnostic with_code(std::string code, Diagnostic d) {
    d.code = std::move(code);
    return d;
}

struct BookUsed {
    std::string path;
    std::string version;
    bool loaded = false;
};

// What was checked so far. A rule book shared by several paths is checked and counted once.
class Checker {
public:
    explicit Checker(LoadOptions opts) : m_opts(std::move(opts)) {}

    void check_path(std::string path) {
        namespace fs = std::filesystem;
        while (path.size() > 1 && path.back() == '/') path.pop_back();
        std::error_code ec;
        if (fs::is_directory(path, ec)) {
            check_dir(path);
        } else if (fs::path(path).filename() == "rulebook.yaml") {
            rulebook(path);
        } else if (!fs::exists(path, ec)) {
            ++m_files;
            ++m_scenarios;
            add({with_code("no-such-file", file_error(path, "no such file or folder",
                                                      "check the spelling; the shipped scenarios are in " +
                                                          app::scenarios_dir()))});
        } else {
            check_file(path);
        }
    }

    int files() const { return static_cast<int>(m_files); }
    /// Scenario files checked (or named but missing); rule books are not counted.
    int scenarios() const { return static_cast<int>(m_scenarios); }
    /// The rule books used, in the order first used, with their version ("" when it has errors).
    const std::vector<BookUsed>& books() const { return m_used; }
    const std::vector<Diagnostic>& diagnostics() const { return m_diags; }

private:
    void check_dir(const std::string& dir) {
        namespace fs = std::filesystem;
        std::error_code ec;
        const std::string own = dir + "/rulebook.yaml";
        rulebook(fs::is_regular_file(own, ec) ? own : app::default_rulebook());
        const Library lib = load_library(dir, app::default_rulebook(), m_opts);
        m_files += lib.files;
        m_scenarios += lib.files;
        add(lib.diagnostics);
        if (lib.files == 0)
            add({with_code("no-scenario-files",
                           file_error(dir, "no scenario files found in " + dir,
                                      "name a folder of scenario .yaml files, such as scenarios/, or a "
                                      "scenario file"))});
    }

    void check_file(const std::string& path) {
        ++m_files;
        ++m_scenarios;
        std::shared_ptr<const RuleBook> book = rulebook(rulebook_for(path));
        if (book == nullptr) {
            add({with_code("rulebook-has-errors",
                           file_error(path, "not checked: its rule book has errors",
                                      "fix the rule book's errors above, then validate again"))});
            return;
        }
        add(load_scenario_file(path, book, m_opts).diagnostics);
    }

    std::shared_ptr<const RuleBook> rulebook(const std::string& path) {
        auto it = m_books.find(path);
        if (it != m_books.end()) return it->second;
        RuleBookLoad load = load_rulebook_file(path, m_opts);
        ++m_files;
        add(load.diagnostics);
        m_books.emplace(path, load.book);
        m_used.push_back({path, load.book ? load.book->version : std::string(), load.book != nullptr});
        return load.book;
    }

    // A folder's library reports its rule book's problems too; each problem is printed once.
    void add(const std::vector<Diagnostic>& ds) {
        for (const Diagnostic& d : ds)
            if (m_seen.insert(format(d)).second) m_diags.push_back(d);
    }

    LoadOptions m_opts;
    std::size_t m_files = 0;
    std::size_t m_scenarios = 0;
    std::vector<BookUsed> m_used;
    std::vector<Diagnostic> m_diags;
    std::set<std::string> m_seen;
    std::map<std::string, std::shared_ptr<const RuleBook>> m_books;
};

// A rule book's path as the user would type it: relative to the current folder when inside it.
std::string shown_path(const std::string& path) {
    namespace fs = std::filesystem;
    std::error_code ec;
    const fs::path cwd = fs::current_path(ec);
    if (ec || fs::path(path).is_relative()) return path;
    const fs::path rel = fs::path(path).lexically_proximate(cwd);
    return rel.empty() || *rel.begin() == ".." ? path : rel.string();
}

// "a (version 1)", "a (version 1) and b (version 2)", "a, b and c".
std::string book_list(std::string_view lang, const std::vector<BookUsed>& books) {
    std::string out;
    for (std::size_t i = 0; i < books.size(); ++i) {
        if (i > 0) out += i + 1 == books.size() ? " " + std::string(tr(lang, Msg::ListAnd)) + " " : ", ";
        const BookUsed& b = books[i];
        out += b.loaded
                   ? fill(tr(lang, Msg::BookVersion), {{"path", shown_path(b.path)}, {"version", b.version}})
                   : fill(tr(lang, Msg::BookBroken), {{"path", shown_path(b.path)}});
    }
    return out;
}

// "3 scenarios checked against scenarios/rulebook.yaml (version 2026.12): all valid".
std::string summary(std::string_view lang, int scenarios, const std::vector<BookUsed>& books, long errors,
                    long warnings, long files_with) {
    const bool one = books.size() == 1;
    std::string out;
    if (scenarios == 0 && !books.empty()) {
        out = fill(tr(lang, one ? Msg::BooksChecked1 : Msg::BooksCheckedN),
                   {{"books", book_list(lang, books)}});
    } else {
        out = count_text(lang, scenarios, Msg::ScenariosChecked1, Msg::ScenariosCheckedN);
        if (!books.empty())
            out = fill(tr(lang, one ? Msg::Against1 : Msg::AgainstN),
                       {{"checked", out}, {"books", book_list(lang, books)}});
    }
    out += ": ";
    if (errors == 0 && warnings == 0) return out + std::string(tr(lang, Msg::AllValid));
    if (errors == 0) {
        out += std::string(tr(lang, Msg::Valid)) + ", ";
    } else {
        out += count_text(lang, errors, Msg::Errors1, Msg::ErrorsN);
        if (warnings > 0) out += ", ";
    }
    if (warnings > 0) out += count_text(lang, warnings, Msg::Warnings1, Msg::WarningsN);
    return out + " " + count_text(lang, files_with, Msg::InFiles1, Msg::InFilesN);
}

int run_validate(const ValidateOptions& o, const std::string& lang) {
    LoadOptions opts;
    opts.require_langs = o.require_langs;
    Checker checker(opts);
    if (o.paths.empty()) {
        for (const std::string& dir : app::library_folders()) checker.check_path(dir);
    } else {
        for (const std::string& p : o.paths) checker.check_path(p);
    }

    const std::vector<Diagnostic>& ds = checker.diagnostics();
    long errors = 0;
    long warnings = 0;
    std::set<std::string> files_with;
    for (const Diagnostic& d : ds) {
        (d.severity == Severity::Error ? errors : warnings) += 1;
        files_with.insert(d.path);
    }

    if (o.json) {
        nlohmann::ordered_json j;
        j["files"] = checker.files();
        j["scenarios"] = checker.scenarios();
        j["rulebooks"] = nlohmann::ordered_json::array();
        for (const BookUsed& b : checker.books())
            j["rulebooks"].push_back(
                {{"path", b.path}, {"version", b.loaded ? nlohmann::ordered_json(b.version) : nullptr}});
        j["errors"] = errors;
        j["warnings"] = warnings;
        j["diagnostics"] = nlohmann::ordered_json::parse(to_json(ds));
        std::cout << j.dump(2) << "\n";
    } else {
        for (const Diagnostic& d : ds) {
            std::string text = format(d);
            if (text.empty() || text.back() != '\n') text += '\n';
            std::cout << text;
        }
        std::cout << summary(lang, checker.scenarios(), checker.books(), errors, warnings,
                             static_cast<long>(files_with.size()))
                  << "\n";
    }
    return to_int(errors > 0 ? ExitCode::Problems : ExitCode::Ok);
}

}  // namespace

void add_validate(CLI::App& app, Action& action) {
    auto opts = std::make_shared<ValidateOptions>();
    CLI::App* sub =
        app.add_subcommand("validate", "Check scenario files and rule books; print every problem found");
    sub->fallthrough();
    sub->add_option("paths", opts->paths, "Scenario files or folders (default: the shipped scenarios)");
    sub->add_flag("--json", opts->json,
                  "Print {files, scenarios, rulebooks, errors, warnings, diagnostics} as JSON only");
    sub->add_option("--require-lang", opts->require_langs,
                    "A language every text must have; a missing one is an error (repeatable)")
        ->expected(1)
        ->allow_extra_args(false)
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
    sub->callback(
        [&action, opts, sub] { action = [opts, sub] { return run_validate(*opts, global_lang(*sub)); }; });
}

}  // namespace salesim::cli
