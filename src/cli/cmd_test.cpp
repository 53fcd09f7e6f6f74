// `salesim test`: runs scenario test plans (NAME.plan.yaml beside NAME.yaml): paths by move with
// the verdicts, outcome and score they must get.
#include "cli/commands.hpp"

#include "cli/common.hpp"
#include "paths.hpp"

#include <salesim/app/exit_code.hpp>
#include <salesim/diagnostic.hpp>
#include <salesim/loader.hpp>
#include <salesim/test_plan.hpp>

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace salesim::cli {
namespace {

namespace fs = std::filesystem;
using app::ExitCode;
using app::to_int;

struct TestCliOptions {
    std::vector<std::string> paths;
    bool verbose = false;
};

void print(const Diagnostic& d) {
    std::string text = format(d);
    if (text.empty() || text.back() != '\n') text += '\n';
    std::cout << text;
}

// The plan files the command line names: plan files, the plans of scenario files, the plans in
// folders. False on misuse (reported).
bool collect(const std::vector<std::string>& paths, std::vector<std::string>& plans) {
    for (std::string path : paths) {
        while (path.size() > 1 && path.back() == '/') path.pop_back();
        std::error_code ec;
        if (fs::is_directory(path, ec)) {
            std::vector<std::string> found;
            for (const fs::directory_entry& e : fs::directory_iterator(path, ec))
                if (is_plan_file(e.path().filename().string())) found.push_back(e.path().string());
            std::sort(found.begin(), found.end());
            if (found.empty()) {
                std::cerr << "salesim: error: " << path << " holds no test plans (NAME.plan.yaml)\n"
                          << "help: write one beside a scenario; docs/authoring.md shows how\n";
                return false;
            }
            plans.insert(plans.end(), found.begin(), found.end());
        } else if (!fs::exists(path, ec)) {
            std::cerr << "salesim: error: " << path << ": no such file or folder\n";
            return false;
        } else if (is_plan_file(fs::path(path).filename().string())) {
            plans.push_back(path);
        } else {
            const std::string plan = plan_path_for(path);
            if (!fs::exists(plan, ec)) {
                std::cerr << "salesim: error: " << path << " has no test plan: " << plan
                          << " does not exist\n"
                          << "help: write one beside the scenario; docs/authoring.md shows how\n";
                return false;
            }
            plans.push_back(plan);
        }
    }
    return true;
}

// The library of a folder (its rule book, or the shipped one), loaded once.
const Library& library(const std::string& dir, std::map<std::string, Library>& libs, bool& load_errors) {
    auto it = libs.find(dir);
    if (it == libs.end()) {
        it = libs.emplace(dir, load_library(dir.empty() ? "." : dir, app::default_rulebook())).first;
        for (const Diagnostic& d : it->second.diagnostics)
            if (d.severity == Severity::Error && !it->second.scenarios.empty()) {
                print(d);
                load_errors = true;
            }
    }
    return it->second;
}

// The scenario a plan is for: in the plan's folder, else in the library (shipped, then --library).
std::shared_ptr<const Scenario> scenario_for(const TestPlan& plan, std::map<std::string, Library>& libs,
                                             bool& load_errors) {
    const std::string dir = fs::path(plan.path).parent_path().string();
    if (auto scn = library(dir, libs, load_errors).find_shared(plan.scenario_id)) return scn;
    for (const std::string& folder : app::library_folders())
        if (auto scn = library(folder, libs, load_errors).find_shared(plan.scenario_id)) return scn;
    return nullptr;
}

int run_test(const TestCliOptions& o) {
    std::vector<std::string> paths = o.paths.empty() ? app::library_folders() : o.paths;
    // The user's copies made in the Author view come without plans: their folder is run when it
    // has some, never refused for having none.
    if (o.paths.empty())
        std::erase_if(paths, [](const std::string& dir) {
            if (dir != app::user_scenarios_dir()) return false;
            std::error_code ec;
            for (const fs::directory_entry& e : fs::directory_iterator(dir, ec))
                if (is_plan_file(e.path().filename().string())) return false;
            return true;
        });
    std::vector<std::string> plan_files;
    if (!collect(paths, plan_files)) return to_int(ExitCode::Misuse);
    std::map<std::string, Library> libs;
    bool load_errors = false;
    int paths_run = 0, paths_failed = 0, plans_bad = 0;
    for (const std::string& file : plan_files) {
        TestPlanLoad load = load_test_plan_file(file);
        for (const Diagnostic& d : load.diagnostics) print(d);
        if (!load.plan) {
            ++plans_bad;
            continue;
        }
        const TestPlan& plan = *load.plan;
        const std::shared_ptr<const Scenario> scn = scenario_for(plan, libs, load_errors);
        if (!scn) {
            print(file_error(
                file, "the plan is for scenario '" + plan.scenario_id + "', which its folder does not have",
                "write the scenario's id (its 'id:') after 'scenario:'"));
            ++plans_bad;
            continue;
        }
        const std::vector<PathResult> results = run_test_plan(plan, scn);
        int failed_here = 0;
        for (const PathResult& r : results) {
            ++paths_run;
            if (r.failures.empty()) {
                if (o.verbose) std::cout << file << ": ok: " << r.path->name << "\n";
                continue;
            }
            ++failed_here;
            for (const Diagnostic& d : r.failures) print(d);
            std::cout << "  played:";
            for (const std::string& p : r.played) std::cout << "\n    " << p;
            std::cout << "\n  "
                      << (r.score >= 0 ? "ended " + std::string(to_string(r.outcome)) + ", score " +
                                             std::to_string(r.score)
                                       : std::string("the meeting goes on"))
                      << "\n\n";
        }
        paths_failed += failed_here;
        std::cout << file << ": " << scn->id << ": " << results.size() << " path(s), "
                  << results.size() - static_cast<std::size_t>(failed_here) << " passed\n";
    }
    std::cout << "\n"
              << plan_files.size() << " plan(s), " << paths_run << " path(s): " << paths_failed << " failed";
    if (plans_bad > 0) std::cout << ", " << plans_bad << " plan(s) could not be run";
    std::cout << "\n";
    return paths_failed > 0 || plans_bad > 0 || load_errors ? to_int(ExitCode::Problems)
                                                            : to_int(ExitCode::Ok);
}

}  // namespace

void add_test(CLI::App& app, Action& action) {
    auto opts = std::make_shared<TestCliOptions>();
    CLI::App* sub = app.add_subcommand(
        "test", "Run scenario test plans: paths by move with the verdicts, outcome and score they must get");
    sub->fallthrough();
    sub->add_option(
        "paths", opts->paths,
        "Plan files, scenario files (their NAME.plan.yaml) or folders (default: the shipped scenarios)");
    sub->add_flag("--verbose", opts->verbose, "Also list the paths that pass");
    sub->footer(
        "Exit status: 0 when every path of every plan holds, 1 when one does not or a plan has errors,\n"
        "2 on misuse (a file that does not exist, a scenario without a plan).");
    sub->callback([&action, opts] { action = [opts] { return run_test(*opts); }; });
}

}  // namespace salesim::cli
