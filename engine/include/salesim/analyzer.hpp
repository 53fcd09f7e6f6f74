// The scenario analyzer: explores every decision path of a scenario over merged states and reports
// what can happen (best and worst score, passes, outcomes) and what content can never be reached.
#pragma once

#include "salesim/diagnostic.hpp"
#include "salesim/domain.hpp"
#include "salesim/scenario.hpp"
#include "salesim/session.hpp"

#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace salesim {

/// How far a search has come, for a progress bar.
struct AnalyzeProgress {
    std::size_t states = 0;  ///< distinct states found so far
    /// An estimate of the share of the search done, 0 to 1: the larger of the share of the decision
    /// tree behind it (each option of a decision stands for an equal part of that decision's share,
    /// a state met before counts as searched with everything below it) and the share of each budget
    /// used (time, memory, states), as the search ends when one runs out. Never decreases; 1 at the
    /// end.
    double done = 0;
};

/// How the analyzer searches.
struct AnalyzeOptions {
    /// The seed for the order of the options; reported choices are valid for `salesim play --seed`
    /// with this seed (the default matches `play --choices`, which uses seed 1).
    std::uint64_t seed = 1;
    /// The search stops after this many distinct states with a bounded answer (see Analysis::end).
    std::size_t max_states = 30'000'000;
    /// The memory budget of one search, in bytes: its graph, its keys and the transitions it keeps.
    /// The search stops, with a bounded answer, before its next growth could pass it. 0: none.
    std::size_t max_memory = std::size_t{1} << 30;
    /// The time budget of one search, in seconds; past it the search stops with a bounded answer.
    /// 0: none.
    double time_limit = 0;
    /// When set, the search checks it as it goes and, once it is true, stops within a few
    /// thousand choices with an incomplete result (for a caller that no longer needs the answer,
    /// such as an editor that is closing). Not owned; must outlive the call.
    const std::atomic<bool>* stop = nullptr;
    /// When set, called on the searching thread as the search goes (every few thousand choices)
    /// and once when the analysis is done, with `done` 1 and the final count of states. It does
    /// not change the result; a caller on another thread copies what it needs into its own atomics.
    std::function<void(const AnalyzeProgress&)> progress;
    /// Leave finished stages out of the key: a state's future never depends on them, because the
    /// overall score is a weighted sum of stage values and a stage's value is fixed once it is
    /// finished (stages are played in order and never revisited). Off: the key holds every
    /// stage's points and decision count, which merges less; the tests use it to check the folding.
    bool fold_finished_stages = true;
    /// Leave out of the key the buyer values and flags nothing ahead can read (trust when no rule
    /// tests it, readiness after closing, ...). Off: the engine's full state key (for tests).
    bool omit_unread = true;
    /// Merge states that differ only in buyer values nothing ahead tells apart. Each explored
    /// state learns, from every test made below it (rule conditions, a close succeeding, the buyer
    /// walking away, values held at 0 or 100), the ranges of trust, interest, patience and
    /// readiness over which its whole future is the same; a later state with the same key and its
    /// values in those ranges is that state. Off: the values are part of the key.
    bool merge_value_ranges = true;
    /// A trial close leaves the decision at hand as it was, less the trial close itself: its
    /// future is the other options' futures, taken from them instead of explored again. Off:
    /// explored like any choice (for tests).
    bool trial_twins = true;
    /// States that differ only in the points of the stage at hand make the same choices to the
    /// same ends: each choice is simulated from the first of them, and the others take what it did
    /// (the state it led to, its verdict, points and tests) instead of simulating it again; only a
    /// choice that leads somewhere new is simulated. Needs `fold_finished_stages`. Off: every
    /// choice is simulated (for tests).
    bool reuse_transitions = true;
    /// Count, instead of naming, the open objections nothing ahead can tell apart: answered,
    /// not blocking the sale and not being checked (they never come back; rules read only how many
    /// are open). Off when a rule tests `open.<id>` or `resolved.<id>`. Off: named (for tests).
    bool fold_loose_objections = true;
    /// The score distribution is exact (a histogram per state) when the search has at most this
    /// many states; beyond it, it is estimated from `samples` paths drawn uniformly over all paths.
    std::size_t exact_distribution_max_states = 200'000;
    /// Paths drawn for an estimated distribution.
    std::size_t samples = 100'000;
    /// The seed of those draws (fixed, so an analysis repeats exactly).
    std::uint64_t sample_seed = 0x5a1e5;
};

/// A path from the start to an end, replayable with `salesim play --choices`.
struct AnalyzedPath {
    std::vector<std::size_t> choices;  ///< 1-based option numbers
    std::vector<std::string> moves;    ///< the move of each choice ("lead:<id>" for leads)
    int score = 0;                     ///< overall score 0..100
    Outcome outcome = Outcome::InProgress;
    bool passed = false;
};

/// One option of a decision point, as every reachable state saw it.
struct OptionReport {
    std::string move;             ///< move id ("lead" for leads)
    std::string ref;              ///< the lead's id for leads, else ""
    SourceLoc loc;                ///< the option's line (the objection's or stage's for generated options)
    std::size_t content = 0;      ///< index into the step's options, the leads, all_methods or all_techniques
    unsigned verdicts = 0;        ///< bit (1 << Verdict) for each verdict it was judged with
    bool best_somewhere = false;  ///< had the best verdict on offer in at least one reachable state
    bool on_best_path = false;    ///< chosen on the reported best path
    bool on_worst_path = false;   ///< chosen on the reported worst path
    std::size_t best_states = 0;  ///< reachable states in which it was judged best
};

/// A place where the trainee decides: the lead list, a step, an objection or the closing decision.
struct DecisionReport {
    Stage stage = Stage::Prospecting;
    DecisionKind kind = DecisionKind::Step;
    std::string ref;  ///< "leads", the step or objection id, or "close"
    SourceLoc loc;
    std::size_t states = 0;             ///< reachable states at this decision (0: never shown)
    std::vector<OptionReport> options;  ///< in the order shown with the analyzed seed
    /// Groups (2 or more) of option numbers (0-based, as shown) that lead to the same state from
    /// every reachable state: the same points and a future nothing tells apart (their effects may
    /// differ where no later test reads the difference). Choosing among a group never changes the
    /// outcome or the score.
    std::vector<std::vector<std::size_t>> same_effect;
    bool need_found_somewhere = false;  ///< objections: its `turns_on` need was found in some state
    /// Reachable states in which some option other than a trial close was judged best (a trial
    /// close reads the buyer and is best wherever nothing else fits).
    std::size_t best_states = 0;
};

enum class FindingLevel { Error, Warning, Note };

/// Something the author should know: a dead end, an unreachable step, an unused override...
struct Finding {
    FindingLevel level = FindingLevel::Warning;
    std::string code;  ///< stable id: "dead_end", "step_never_shown", "objection_never_raised", ...
    std::string ref;   ///< the id concerned (step, objection, need, technique, rule)
    SourceLoc loc;
    std::string message;  ///< a sentence saying what and how to fix it
};

/// How a search ended: it finished (every answer exact), a budget stopped it (the answers are
/// bounded: what was found is proven, what was not found is "none in the part searched"), or the
/// caller stopped it (nothing is claimed).
enum class SearchEnd { Finished, StateLimit, MemoryLimit, TimeLimit, Stopped };

/// "finished", "state_limit", "memory_limit", "time_limit", "stopped".
const char* to_string(SearchEnd end);

/// The result of analyzing one scenario.
struct Analysis {
    std::string scenario_id;
    std::string path;
    std::uint64_t seed = 1;
    bool complete = true;  ///< false: the search ended before it finished (see `end`)
    SearchEnd end = SearchEnd::Finished;
    /// A proven upper bound of the best overall score. Finished: the best path's score. Bounded:
    /// `best` is the best path found and best->score <= the true best <= best_bound.
    int best_bound = 0;
    std::size_t memory = 0;       ///< bytes the search's graph, keys and kept transitions took at most
    std::size_t states = 0;       ///< distinct search states, ends included
    std::size_t end_states = 0;   ///< distinct finished states (ends merge by outcome)
    std::size_t transitions = 0;  ///< choices simulated (edges of the state graph)
    std::size_t engine_keys = 0;  ///< distinct Session::state_key() values among the explored states
    /// Decision paths from the start to an end. A double: exact up to 2^53, approximate beyond (the
    /// count of paths can exceed 2^64).
    double paths = 0;
    /// Highest score (ties: passed, then the lowest options); when bounded, the best path found.
    std::optional<AnalyzedPath> best;
    /// Lowest score (ties: not passed, then the lowest options); when bounded, the worst path found.
    std::optional<AnalyzedPath> worst;
    bool sale_reachable = false;
    bool pass_reachable = false;
    bool no_sale_reachable = false;
    bool walk_away_reachable = false;
    std::size_t dead_ends = 0;  ///< unfinished states without options (a bug if ever non-zero)
    std::optional<AnalyzedPath> dead_end_example;
    /// Paths ending at each overall score; estimated when !distribution_exact.
    std::array<double, 101> score_paths{};
    /// Paths per outcome (exact, like `paths`) and paths that pass (estimated when !distribution_exact).
    double sale_paths = 0, no_sale_paths = 0, walk_away_paths = 0, passed_paths = 0;
    /// False: score_paths and passed_paths are scaled from `distribution_samples` paths drawn
    /// uniformly over all paths. Best, worst, reachability and pass_reachable are always exact.
    bool distribution_exact = true;
    std::size_t distribution_samples = 0;
    /// Breaches of the closing rules the engine keeps (found only when a scenario's rules undo them):
    /// a close judged best or good on a buyer below close_at (the first such rule), a sale with
    /// an objection open that blocks it, a sale on a close judged a mistake.
    std::string unready_close_rule;
    bool sale_with_blocking_open = false;
    bool sale_on_mistake = false;
    std::optional<AnalyzedPath> close_breach_example;
    std::vector<DecisionReport> decisions;  ///< every decision point of the scenario, in play order
    std::vector<Finding> findings;          ///< errors first, then warnings, then notes
    double seconds = 0;                     ///< wall time of the search

    /// Paths per 10-point bucket: 0-9, 10-19, ..., 80-89, 90-100.
    std::array<double, 10> buckets() const;
    /// True when a budget stopped the search: the answers are bounded, not exact.
    bool bounded() const { return end != SearchEnd::Finished && end != SearchEnd::Stopped; }
    /// The scenario cannot be shipped as it is: no path passes (or, bounded, none was found), a
    /// path leads nowhere, a close breaks the closing rules (a close judged best or good below
    /// close_at, a sale with a blocking objection open or on a mistaken close), or the caller
    /// stopped the search. A bounded search that found a passing path does not fail: the path
    /// proves the scenario can be won.
    bool failed() const {
        return end == SearchEnd::Stopped || !pass_reachable || dead_ends > 0 || !unready_close_rule.empty() ||
               sale_with_blocking_open || sale_on_mistake;
    }
    /// The decision point with `kind` and `ref`, or nullptr.
    const DecisionReport* find_decision(DecisionKind kind, std::string_view ref) const;
};

/// Explores every decision path of `scenario` (states merged by hashing) and reports on it.
/// Plain computation: never prints, never throws for content problems (those become findings).
Analysis analyze(std::shared_ptr<const Scenario> scenario, const AnalyzeOptions& opts = {});

const char* to_string(FindingLevel level);

}  // namespace salesim
