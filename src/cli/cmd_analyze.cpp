// `salesim analyze`: explores every decision path of scenarios and reports what can and cannot happen.
#include "cli/commands.hpp"

#include "cli/common.hpp"
#include "paths.hpp"

#include <salesim/analyzer.hpp>
#include <salesim/app/exit_code.hpp>
#include <salesim/coverage.hpp>
#include <salesim/diagnostic.hpp>
#include <salesim/loader.hpp>

#include <nlohmann/json.hpp>

#include <malloc.h>
#include <algorithm>
#include <atomic>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace salesim::cli {

namespace {

using app::ExitCode;
using app::to_int;

struct AnalyzeCliOptions {
    std::vector<std::string> paths;
    bool json = false;
    bool notes = false;
    bool coverage = false;
    std::uint64_t seed = 1;
    std::size_t max_states = AnalyzeOptions{}.max_states;
    std::string max_memory;  // "1G", "512M", ...; empty: the default budget
    double time_limit = 0;
    unsigned jobs = 0;  // 0: one per processor
};

// Path counts are doubles: exact below 2^53, shown rounded above.
bool exact(double v) {
    return v < 9007199254740992.0;
}

std::string count_text(double v) {
    char buf[64];
    if (exact(v)) {
        std::string digits = std::to_string(static_cast<unsigned long long>(v));
        std::string out;
        for (std::size_t i = 0; i < digits.size(); ++i) {
            if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
            out += digits[i];
        }
        return out;
    }
    std::snprintf(buf, sizeof buf, "~%.3g", v);
    return buf;
}

std::string percent(double part, double whole) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f%%", whole > 0 ? 100.0 * part / whole : 0.0);
    return buf;
}

std::string choices_list(const AnalyzedPath& p) {
    std::string s;
    for (std::size_t c : p.choices) {
        if (!s.empty()) s += ',';
        s += std::to_string(c);
    }
    return s;
}

std::string where(const Analysis& a, const Finding& f) {
    std::string s = a.path.empty() ? a.scenario_id : a.path;
    if (f.loc.line > 0) s += ":" + std::to_string(f.loc.line) + ":" + std::to_string(f.loc.column);
    return s;
}

std::string path_line(const char* label, const AnalyzedPath& p) {
    char head[96];
    std::snprintf(head, sizeof head, "  %-5s %3d  %-11s %-10s ", label, p.score,
                  std::string(to_string(p.outcome)).c_str(), p.passed ? "passed" : "not passed");
    return std::string(head) + "--choices " + choices_list(p) + "\n";
}

std::string mib_text(std::size_t bytes) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.0f MiB", static_cast<double>(bytes) / (1024.0 * 1024.0));
    return buf;
}

const char* budget_text(SearchEnd end) {
    switch (end) {
        case SearchEnd::TimeLimit:
            return "time budget (--time-limit)";
        case SearchEnd::MemoryLimit:
            return "memory budget (--max-memory)";
        case SearchEnd::StateLimit:
            return "state limit (--max-states)";
        default:
            return "end";
    }
}

// A search a budget stopped: what it proved, each figure marked as found or bounded.
void print_bounded_head(const Analysis& a, std::size_t errors, std::size_t warnings, std::size_t notes,
                        const char* secs) {
    std::cout << a.scenario_id << ": " << (a.failed() ? "FAIL" : "ok") << ", BOUNDED at its "
              << budget_text(a.end) << ", " << count_text(static_cast<double>(a.states))
              << " states searched";
    if (a.best && a.best->score >= a.best_bound)
        std::cout << ", best score " << a.best->score << " (proven: found, and no path scores more)";
    else if (a.best)
        std::cout << ", best score " << a.best->score << ".." << a.best_bound << " (found..at most)";
    else
        std::cout << ", best score at most " << a.best_bound;
    std::cout << ", " << (a.pass_reachable ? "passable (a passing path was found)" : "no passing path found")
              << ", " << (a.sale_reachable ? "sale reachable" : "no sale found") << "; " << errors
              << " error(s), " << warnings << " warning(s), " << notes << " note(s) (" << secs << ")\n";
    if (a.best) std::cout << path_line("best", *a.best);
    if (a.worst) std::cout << path_line("worst", *a.worst);
    std::cout << "  bounded: the paths above were found and replayed; the best score is proven to lie in "
              << (a.best ? std::to_string(a.best->score) : std::string("0")) << ".." << a.best_bound
              << "; path counts and the score distribution are not known; dead ends: "
              << (a.dead_ends > 0 ? std::to_string(a.dead_ends) : std::string("none in the part searched"))
              << "\n";
    std::cout << "  search: " << count_text(static_cast<double>(a.engine_keys)) << " engine states, "
              << count_text(static_cast<double>(a.transitions)) << " choices simulated, "
              << mib_text(a.memory) << "\n";
}

void print_text(const Analysis& a, bool notes) {
    std::size_t warnings = 0, note_count = 0, errors = 0;
    for (const Finding& f : a.findings)
        (f.level == FindingLevel::Error     ? errors
         : f.level == FindingLevel::Warning ? warnings
                                            : note_count) += 1;
    char secs[32];
    std::snprintf(secs, sizeof secs, "%.2f s", a.seconds);
    if (a.bounded()) {
        print_bounded_head(a, errors, warnings, note_count, secs);
    } else {
        std::cout << a.scenario_id << ": " << (a.failed() ? "FAIL" : "ok") << ", "
                  << count_text(static_cast<double>(a.states)) << " states, " << count_text(a.paths)
                  << " paths";
        if (a.best && a.worst) std::cout << ", scores " << a.worst->score << ".." << a.best->score;
        std::cout << ", " << (a.pass_reachable ? "passable" : "cannot be passed") << ", "
                  << (a.sale_reachable ? "sale reachable" : "no sale reachable") << "; " << errors
                  << " error(s), " << warnings << " warning(s), " << note_count << " note(s) (" << secs
                  << ")\n";

        if (a.best) std::cout << path_line("best", *a.best);
        if (a.worst) std::cout << path_line("worst", *a.worst);
        std::cout << "  outcomes over paths: sale " << percent(a.sale_paths, a.paths) << ", no_sale "
                  << percent(a.no_sale_paths, a.paths) << ", walked_away "
                  << percent(a.walk_away_paths, a.paths) << "; passed " << percent(a.passed_paths, a.paths)
                  << (a.distribution_exact ? " (" : " (estimated, about ") << count_text(a.passed_paths)
                  << " paths)\n";
        std::cout << "  search: " << count_text(static_cast<double>(a.engine_keys)) << " engine states, "
                  << count_text(static_cast<double>(a.end_states)) << " end states, "
                  << count_text(static_cast<double>(a.transitions)) << " choices simulated, "
                  << mib_text(a.memory) << ", dead ends " << a.dead_ends
                  << (exact(a.paths) ? "" : "; path counts are approximate (beyond 2^53)") << "\n";
    }

    bool header = false;
    for (const Finding& f : a.findings) {
        if (f.level == FindingLevel::Note && !notes) continue;
        if (!header) std::cout << "  findings:\n";
        header = true;
        std::cout << wrap(where(a, f) + ": " + to_string(f.level) + ": " + f.message, output_width(), "    ",
                          "      ");
    }
    if (!notes && note_count > 0)
        std::cout << "  (" << note_count << " note(s) not shown; --notes shows them)\n";

    if (a.bounded()) return;
    if (a.distribution_exact)
        std::cout << "  score distribution over all paths:\n";
    else
        std::cout << "  score distribution over all paths, estimated from "
                  << count_text(static_cast<double>(a.distribution_samples))
                  << " uniformly drawn paths (the passed share too; best, worst and pass are exact):\n";
    const auto buckets = a.buckets();
    double top = 0;
    for (double b : buckets) top = std::max(top, b);
    for (std::size_t i = 0; i < buckets.size(); ++i) {
        char label[32];
        std::snprintf(label, sizeof label, "    %3zu-%-3zu |", i * 10,
                      i == 9 ? std::size_t{100} : i * 10 + 9);
        const int width = top > 0 ? static_cast<int>(std::lround(40.0 * buckets[i] / top)) : 0;
        std::string bar(static_cast<std::size_t>(width), '#');
        if (width == 0 && buckets[i] > 0) bar = ".";
        std::cout << label << pad(bar, 41) << percent(buckets[i], a.paths) << "\n";
    }
}

nlohmann::ordered_json path_json(const AnalyzedPath& p) {
    nlohmann::ordered_json j;
    j["score"] = p.score;
    j["outcome"] = std::string(to_string(p.outcome));
    j["passed"] = p.passed;
    j["choices"] = p.choices;
    j["moves"] = p.moves;
    return j;
}

nlohmann::ordered_json to_json(const Analysis& a) {
    nlohmann::ordered_json j;
    j["id"] = a.scenario_id;
    j["path"] = a.path;
    j["seed"] = a.seed;
    j["failed"] = a.failed();
    j["complete"] = a.complete;
    j["end"] = to_string(a.end);
    j["bounded"] = a.bounded();
    j["best_bound"] = a.best_bound;
    j["memory_bytes"] = a.memory;
    j["states"] = a.states;
    j["end_states"] = a.end_states;
    j["engine_states"] = a.engine_keys;
    j["transitions"] = a.transitions;
    j["paths"] = a.paths;
    j["paths_exact"] = exact(a.paths);
    j["best"] = a.best ? path_json(*a.best) : nlohmann::ordered_json();
    j["worst"] = a.worst ? path_json(*a.worst) : nlohmann::ordered_json();
    j["sale_reachable"] = a.sale_reachable;
    j["pass_reachable"] = a.pass_reachable;
    j["no_sale_reachable"] = a.no_sale_reachable;
    j["walk_away_reachable"] = a.walk_away_reachable;
    j["dead_ends"] = a.dead_ends;
    j["dead_end_example"] = a.dead_end_example ? path_json(*a.dead_end_example) : nlohmann::ordered_json();
    j["outcome_paths"] = {{"sale", a.sale_paths},
                          {"no_sale", a.no_sale_paths},
                          {"walked_away", a.walk_away_paths},
                          {"passed", a.passed_paths}};
    j["distribution"] = {{"exact", a.distribution_exact}, {"samples", a.distribution_samples}};
    auto& hist = j["histogram"] = nlohmann::ordered_json::array();
    const auto buckets = a.buckets();
    for (std::size_t i = 0; i < buckets.size(); ++i)
        hist.push_back({{"from", i * 10}, {"to", i == 9 ? 100 : i * 10 + 9}, {"paths", buckets[i]}});
    auto& fs = j["findings"] = nlohmann::ordered_json::array();
    for (const Finding& f : a.findings)
        fs.push_back({{"level", to_string(f.level)},
                      {"code", f.code},
                      {"ref", f.ref},
                      {"line", f.loc.line},
                      {"column", f.loc.column},
                      {"message", f.message}});
    auto& ds = j["decisions"] = nlohmann::ordered_json::array();
    for (const DecisionReport& d : a.decisions) {
        nlohmann::ordered_json dj;
        dj["stage"] = std::string(to_string(d.stage));
        dj["kind"] = to_string(d.kind);
        dj["ref"] = d.ref;
        dj["line"] = d.loc.line;
        dj["states"] = d.states;
        auto& os = dj["options"] = nlohmann::ordered_json::array();
        for (const OptionReport& o : d.options) {
            nlohmann::ordered_json oj;
            oj["move"] = o.move;
            if (!o.ref.empty()) oj["ref"] = o.ref;
            oj["line"] = o.loc.line;
            auto& vs = oj["verdicts"] = nlohmann::ordered_json::array();
            for (Verdict v : all_verdicts)
                if ((o.verdicts & (1u << static_cast<unsigned>(v))) != 0)
                    vs.push_back(std::string(to_string(v)));
            oj["best_somewhere"] = o.best_somewhere;
            oj["on_best_path"] = o.on_best_path;
            oj["on_worst_path"] = o.on_worst_path;
            os.push_back(std::move(oj));
        }
        auto& groups = dj["same_effect"] = nlohmann::ordered_json::array();
        for (const auto& g : d.same_effect) {
            auto& arr = groups.emplace_back(nlohmann::ordered_json::array());
            for (std::size_t i : g) arr.push_back(i + 1);
        }
        ds.push_back(std::move(dj));
    }
    j["seconds"] = a.seconds;
    return j;
}

// What to do about a failed coverage check, with the rule book's own words on the method.
std::string check_message(const Coverage& c, const CoverageCheck& check, const RuleBook* book) {
    const MoveInfo* move = book != nullptr ? book->find_move(check.ref) : nullptr;
    const std::string about = move != nullptr ? move->about.get("en") : std::string();
    const std::string said = about.empty() ? "" : " The rule book says of it: " + about;
    switch (check.kind) {
        case CoverageCheckKind::MethodNeverBest:
            return check.ref +
                   " is never best in the library: write an objection it fits, with a rule that judges "
                   "it best there (sales-theory.md §5)." +
                   said;
        case CoverageCheckKind::MethodNeverMistake:
            return check.ref +
                   " is never a mistake in the library: write an objection it does not fit, with a rule "
                   "that judges it a mistake there, so trainees learn when not to use it (sales-theory.md "
                   "§5)." +
                   said;
        case CoverageCheckKind::CloseCatchAll:
            return check.ref + " is best wherever a close is best, in every scenario (" +
                   std::to_string(c.close_decisions) + " of " + std::to_string(c.close_decisions) +
                   "), a catch-all answer: write a scenario whose buyer needs another close, with a rule "
                   "that judges " +
                   check.ref + " weak or a mistake there (sales-theory.md §6)";
    }
    return check.ref;
}

std::string joined(const std::vector<std::string>& ids) {
    std::string s;
    for (const std::string& id : ids) s += (s.empty() ? "" : ", ") + id;
    return s.empty() ? "-" : s;
}

void print_coverage_rows(const char* heading, const std::vector<CoverageRow>& rows) {
    char line[160];
    std::snprintf(line, sizeof line, "  %-18s %5s %5s %5s %8s  ", heading, "best", "good", "weak", "mistake");
    std::cout << line << "best in\n";
    for (const CoverageRow& r : rows) {
        std::snprintf(line, sizeof line, "  %-18s %5zu %5zu %5zu %8zu  ", r.id.c_str(),
                      r.count(Verdict::Best), r.count(Verdict::Good), r.count(Verdict::Weak),
                      r.count(Verdict::Mistake));
        const std::string head(line);
        const std::size_t width = std::max<std::size_t>(output_width(), head.size() + 20);
        std::cout << wrap(joined(r.best_in), width, head, std::string(head.size(), ' '));
    }
}

void print_coverage(const Coverage& c, const RuleBook* book) {
    std::cout << "Coverage of " << c.scenarios << " scenario(s): " << c.objection_decisions
              << " reachable objection(s), " << c.close_decisions << " reachable closing decision(s)\n\n";
    print_coverage_rows("objection method", c.methods);
    std::cout << "\n";
    print_coverage_rows("closing technique", c.techniques);
    std::cout << wrap(
        "Each column counts decision points (an objection of a scenario, the closing decision of a "
        "scenario); an option judged differently in different reachable states counts under each "
        "verdict it got, so a row can add up to more than the decisions.",
        output_width(), "  * ", "    ");
    if (c.incomplete > 0)
        std::cout << wrap(std::to_string(c.incomplete) +
                              " search(es) stopped at the state limit; their figures are partial (raise "
                              "--max-states)",
                          output_width(), "  * ", "    ");
    std::size_t failed = 0;
    for (const CoverageCheck& check : c.checks) failed += check.failed ? 1 : 0;
    if (failed == 0) {
        std::cout << "\ncoverage checks passed: every objection method is best somewhere and a mistake "
                     "somewhere the rules can make it one, and no close is a catch-all\n";
        return;
    }
    std::cout << "\ncoverage checks: " << failed << " failed\n";
    for (const CoverageCheck& check : c.checks)
        if (check.failed)
            std::cout << wrap(
                std::string("error: ") + to_string(check.kind) + ": " + check_message(c, check, book),
                output_width(), "  ", "    ");
}

nlohmann::ordered_json coverage_json(const Coverage& c, const RuleBook* book) {
    auto rows = [](const std::vector<CoverageRow>& in) {
        nlohmann::ordered_json out = nlohmann::ordered_json::array();
        for (const CoverageRow& r : in) {
            nlohmann::ordered_json j;
            j["id"] = r.id;
            for (Verdict v : all_verdicts) j[std::string(to_string(v))] = r.count(v);
            j["best_in"] = r.best_in;
            out.push_back(std::move(j));
        }
        return out;
    };
    nlohmann::ordered_json j;
    j["scenarios"] = c.scenarios;
    j["incomplete"] = c.incomplete;
    j["objection_decisions"] = c.objection_decisions;
    j["close_decisions"] = c.close_decisions;
    j["methods"] = rows(c.methods);
    j["techniques"] = rows(c.techniques);
    auto& checks = j["checks"] = nlohmann::ordered_json::array();
    for (const CoverageCheck& check : c.checks) {
        nlohmann::ordered_json cj;
        cj["check"] = to_string(check.kind);
        cj["ref"] = check.ref;
        cj["failed"] = check.failed;
        cj["message"] = check.failed ? check_message(c, check, book) : "";
        checks.push_back(std::move(cj));
    }
    j["passed"] = c.passed();
    return j;
}

// The scenarios named on the command line, loaded; their load problems go to `diags`.
struct Loaded {
    std::vector<std::shared_ptr<const Scenario>> scenarios;
    std::vector<Diagnostic> diags;
    bool misuse = false;
};

Loaded load_paths(const std::vector<std::string>& paths) {
    namespace fs = std::filesystem;
    Loaded out;
    std::map<std::string, std::shared_ptr<const RuleBook>> books;
    for (std::string path : paths) {
        while (path.size() > 1 && path.back() == '/') path.pop_back();
        std::error_code ec;
        if (fs::is_directory(path, ec)) {
            Library lib = load_library(path, app::default_rulebook());
            out.diags.insert(out.diags.end(), lib.diagnostics.begin(), lib.diagnostics.end());
            out.scenarios.insert(out.scenarios.end(), lib.scenarios.begin(), lib.scenarios.end());
            if (lib.files == 0)
                out.diags.push_back(file_error(path, "the folder holds no scenario files",
                                               "name a folder of scenario .yaml files, such as scenarios/"));
        } else if (!fs::exists(path, ec)) {
            std::cerr << "salesim: error: " << path
                      << ": no such file or folder\nhelp: the shipped scenarios are in "
                      << app::scenarios_dir() << "\n";
            out.misuse = true;
        } else if (fs::path(path).filename() == "rulebook.yaml") {
            std::cerr << "salesim: error: " << path
                      << " is a rule book, not a scenario\nhelp: name the scenario files or their folder\n";
            out.misuse = true;
        } else {
            const std::string book_path = rulebook_for(path);
            auto it = books.find(book_path);
            if (it == books.end()) {
                RuleBookLoad rb = load_rulebook_file(book_path);
                out.diags.insert(out.diags.end(), rb.diagnostics.begin(), rb.diagnostics.end());
                it = books.emplace(book_path, rb.book).first;
            }
            if (it->second == nullptr) {
                out.diags.push_back(file_error(path, "not analyzed: its rule book has errors",
                                               "fix the rule book, then analyze again"));
                continue;
            }
            ScenarioLoad load = load_scenario_file(path, it->second);
            out.diags.insert(out.diags.end(), load.diagnostics.begin(), load.diagnostics.end());
            if (load.scenario) out.scenarios.push_back(load.scenario);
        }
    }
    return out;
}

// "512M", "2G", "1048576", "1.5G": bytes, with K, M or G (powers of 1024, an optional "iB" or "B").
std::optional<std::size_t> parse_size(const std::string& text) {
    std::size_t used = 0;
    double value = 0;
    try {
        value = std::stod(text, &used);
    } catch (const std::exception&) {
        return std::nullopt;
    }
    std::string unit = text.substr(used);
    for (char& c : unit) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    double scale = 1;
    if (unit == "K" || unit == "KB" || unit == "KIB")
        scale = 1024.0;
    else if (unit == "M" || unit == "MB" || unit == "MIB")
        scale = 1024.0 * 1024.0;
    else if (unit == "G" || unit == "GB" || unit == "GIB")
        scale = 1024.0 * 1024.0 * 1024.0;
    else if (!unit.empty() && unit != "B")
        return std::nullopt;
    if (!(value >= 0) || value * scale > 1e15) return std::nullopt;
    return static_cast<std::size_t>(value * scale);
}

int run_analyze(const AnalyzeCliOptions& o) {
    const std::vector<std::string> paths = o.paths.empty() ? app::library_folders() : o.paths;
    Loaded loaded = load_paths(paths);
    if (loaded.misuse) return to_int(ExitCode::Misuse);
    const bool load_errors = has_errors(loaded.diags);
    if (!o.json)
        for (const Diagnostic& d : loaded.diags) {
            if (d.severity != Severity::Error) continue;
            std::string text = format(d);
            if (text.empty() || text.back() != '\n') text += '\n';
            std::cerr << text;
        }

    AnalyzeOptions opts;
    opts.seed = o.seed;
    opts.max_states = o.max_states;
    opts.time_limit = o.time_limit;
    if (!o.max_memory.empty()) {
        const std::optional<std::size_t> bytes = parse_size(o.max_memory);
        if (!bytes) {
            std::cerr << "salesim: error: --max-memory " << o.max_memory
                      << " is not a size\nhelp: write a number of bytes with a unit, such as 512M or 2G "
                         "(K, M, G: powers of 1024), or 0 for no budget\n";
            return to_int(ExitCode::Misuse);
        }
        opts.max_memory = *bytes;
    }
    // Scenarios are analyzed side by side, one per processor (each search is on its own, over a
    // scenario nobody changes), and reported in the order they were named.
    const std::size_t n = loaded.scenarios.size();
    // A search's graph is a few large arrays; freed, they stay with the process for the next
    // scenario's search instead of going back to the system and being faulted in page by page.
    mallopt(M_MMAP_THRESHOLD, 32 * 1024 * 1024);
    mallopt(M_TRIM_THRESHOLD, 512 * 1024 * 1024);
    std::vector<Analysis> results(n);
    const unsigned processors = std::max(1u, std::thread::hardware_concurrency());
    const std::size_t jobs = std::min<std::size_t>(o.jobs == 0 ? processors : o.jobs, n);
    std::vector<std::exception_ptr> errors(n);
    std::atomic<std::size_t> next{0};
    auto work = [&] {
        for (std::size_t i = next++; i < n; i = next++) {
            try {
                results[i] = analyze(loaded.scenarios[i], opts);
            } catch (...) {
                errors[i] = std::current_exception();
            }
        }
    };
    if (jobs <= 1) {
        work();
    } else {
        std::vector<std::jthread> workers;
        for (std::size_t j = 0; j < jobs; ++j) workers.emplace_back(work);
    }
    for (const std::exception_ptr& e : errors)
        if (e) std::rethrow_exception(e);
    int failed = 0;
    if (o.coverage) {
        // The table and its checks instead of each scenario's report; the scenarios' own failures
        // still count.
        for (const Analysis& a : results) failed += a.failed() ? 1 : 0;
        std::vector<const RuleBook*> books;
        for (const auto& s : loaded.scenarios)
            if (s->rules != nullptr) books.push_back(s->rules.get());
        const Coverage c = library_coverage(results, books);
        const RuleBook* book = books.empty() ? nullptr : books.front();
        if (o.json) {
            nlohmann::ordered_json j;
            j["coverage"] = coverage_json(c, book);
            j["failed"] = failed;
            j["load_errors"] = nlohmann::ordered_json::parse(salesim::to_json(loaded.diags));
            std::cout << j.dump(2) << "\n";
        } else {
            print_coverage(c, book);
            std::cout << "\n"
                      << n << " scenario(s) analyzed: " << failed
                      << " cannot be passed, have a dead end or break a closing rule";
            if (load_errors) std::cout << "; some files did not load (errors above)";
            std::cout << "\n";
        }
        return failed > 0 || load_errors || !c.passed() ? to_int(ExitCode::Problems) : to_int(ExitCode::Ok);
    }
    nlohmann::ordered_json all = nlohmann::ordered_json::array();
    for (std::size_t i = 0; i < n; ++i) {
        const Analysis& a = results[i];
        if (a.failed()) ++failed;
        if (o.json) {
            all.push_back(to_json(a));
        } else {
            if (i > 0) std::cout << "\n";
            print_text(a, o.notes);
        }
    }
    if (o.json) {
        nlohmann::ordered_json j;
        j["scenarios"] = std::move(all);
        j["failed"] = failed;
        j["load_errors"] = nlohmann::ordered_json::parse(salesim::to_json(loaded.diags));
        std::cout << j.dump(2) << "\n";
    } else {
        std::cout << "\n"
                  << loaded.scenarios.size() << " scenario(s) analyzed: " << failed
                  << " cannot be passed, have a dead end or break a closing rule";
        const auto bounded =
            std::count_if(results.begin(), results.end(), [](const Analysis& a) { return a.bounded(); });
        if (bounded > 0) std::cout << "; " << bounded << " bounded by a budget (see above)";
        if (load_errors) std::cout << "; some files did not load (errors above)";
        std::cout << "\n";
    }
    return failed > 0 || load_errors ? to_int(ExitCode::Problems) : to_int(ExitCode::Ok);
}

}  // namespace

void add_analyze(CLI::App& app, Action& action) {
    auto opts = std::make_shared<AnalyzeCliOptions>();
    CLI::App* sub = app.add_subcommand(
        "analyze",
        "Explore every decision path of scenarios: best and worst score, passes, unreachable content");
    sub->fallthrough();
    sub->add_option("paths", opts->paths, "Scenario files or folders (default: the shipped scenarios)");
    sub->add_flag("--json", opts->json, "Print the full analysis as JSON only");
    sub->add_flag("--coverage", opts->coverage,
                  "Print, instead of each scenario's report, how often the library judges each objection "
                  "method and closing technique best, good, weak and a mistake, and check the gaps");
    sub->add_flag("--notes", opts->notes,
                  "Also print notes (options with the same effect, lines never best)");
    sub->add_option("--seed", opts->seed,
                    "Seed for the order of the options in the reported choices (default 1)");
    sub->add_option("--max-memory", opts->max_memory,
                    "Memory budget of one scenario's search, such as 512M or 2G (default 1G; 0: none); "
                    "past it the answer is bounded")
        ->type_name("SIZE");
    sub->add_option("--time-limit", opts->time_limit,
                    "Time budget of one scenario's search in seconds (default: none); past it the answer "
                    "is bounded")
        ->check(CLI::NonNegativeNumber);
    sub->add_option("--max-states", opts->max_states,
                    "Stop a scenario's search after this many states, with a bounded answer")
        ->check(CLI::PositiveNumber);
    sub->add_option("--jobs", opts->jobs, "Scenarios analyzed at once (default: one per processor)")
        ->check(CLI::Range(1u, 256u));
    sub->footer(
        "Exit status: 0 when every scenario can be passed and has no dead end, 1 when one cannot be passed,\n"
        "has a dead end, breaks a closing rule or did not load, 2 on misuse.\n"
        "With --coverage, also 1 when an objection method is never best or never a mistake in the\n"
        "library (where a rule can judge it so), or one close is best wherever a close is best.\n"
        "Path counts are floating point: exact up to 2^53.\n"
        "A search that passes --max-memory, --time-limit or --max-states stops with a bounded answer:\n"
        "the best and worst paths it found, the best score as found..at most, and 'none in the part\n"
        "searched' for what it did not find. It exits 0 when a passing path was found.");
    sub->callback([&action, opts] { action = [opts] { return run_analyze(*opts); }; });
}

}  // namespace salesim::cli
