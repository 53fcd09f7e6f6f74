// Scenario test plans: paths through a scenario named by move, with the verdicts, outcome and score
// they must get, so a change to the rule book or the scenario that turns a best answer into a
// mistake is caught. A plan is a YAML file beside its scenario (`NAME.plan.yaml` beside
// `NAME.yaml`); docs/authoring.md describes the format.
#pragma once

#include "salesim/diagnostic.hpp"
#include "salesim/domain.hpp"
#include "salesim/loader.hpp"
#include "salesim/scenario.hpp"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace salesim {

/// One entry of a path: a move as `play --moves` takes it (a move, a lead or step id, optionally
/// `REF/` before it), and the verdict it must get, if the plan says.
struct PlanStep {
    std::string entry;
    std::optional<Verdict> expect;
    SourceLoc loc;
    std::string source_line;
};

/// A path from the start: its moves, then what must hold once they are played.
struct PlanPath {
    std::string name;
    std::vector<PlanStep> steps;
    std::optional<Outcome> outcome;  ///< InProgress: the meeting must still be going on
    std::optional<int> score_min, score_max;
    std::optional<bool> passed;
    SourceLoc loc;
    std::string source_line;
};

struct TestPlan {
    std::string path;         ///< the plan file
    std::string scenario_id;  ///< `scenario:`
    std::uint64_t seed = 1;   ///< moves are found by name, so the seed changes only the numbers shown
    std::vector<PlanPath> paths;
};

struct TestPlanLoad {
    std::optional<TestPlan> plan;  ///< empty when the file has errors
    std::vector<Diagnostic> diagnostics;
};

TestPlanLoad load_test_plan(std::string_view bytes, const std::string& path, const LoadOptions& opts = {});
TestPlanLoad load_test_plan_file(const std::string& path, const LoadOptions& opts = {});

/// The plan file beside a scenario file: `x.yaml` -> `x.plan.yaml`.
std::string plan_path_for(const std::string& scenario_path);
/// True for a file name ending in `.plan.yaml` (a library skips those: they are not scenarios).
bool is_plan_file(std::string_view file_name);

/// What one path did: the decisions it played (with the moves), and each expectation that did not
/// hold, as an error diagnostic at the plan's line (empty: the path passed).
struct PathResult {
    const PlanPath* path = nullptr;
    std::vector<std::string> played;  ///< "ref: move (verdict)" per decision
    std::vector<Diagnostic> failures;
    int score = -1;  ///< -1 while the meeting goes on
    Outcome outcome = Outcome::InProgress;
};

/// Plays every path of `plan` on `scenario` (a fresh session each) and checks its expectations.
std::vector<PathResult> run_test_plan(const TestPlan& plan, const std::shared_ptr<const Scenario>& scenario);

}  // namespace salesim
