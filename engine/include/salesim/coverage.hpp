// Library coverage: how the analyzed scenarios of a library judge each objection method and each
// closing technique, and whether the library teaches each of them both ways.
#pragma once

#include "salesim/analyzer.hpp"
#include "salesim/domain.hpp"
#include "salesim/rulebook.hpp"

#include <array>
#include <cstddef>
#include <string>
#include <vector>

namespace salesim {

/// How one answer (an objection method or a closing technique) is judged across a library.
struct CoverageRow {
    std::string id;  ///< the method's or technique's id ("compensation", "direct", ...)
    /// Reachable decision points where it was judged with each verdict (index: Verdict). An option
    /// judged differently in different reachable states counts under each verdict it got.
    std::array<std::size_t, 4> verdicts{};
    /// Ids of the scenarios where it is judged best at some reachable decision, in analysis order.
    std::vector<std::string> best_in;

    std::size_t count(Verdict v) const { return verdicts[static_cast<std::size_t>(v)]; }
};

/// What a coverage check looks for.
enum class CoverageCheckKind {
    MethodNeverBest,     ///< an objection method is best at no reachable objection
    MethodNeverMistake,  ///< an objection method is a mistake at no reachable objection
    CloseCatchAll,       ///< a closing technique is best wherever any close is best, in every scenario
};

/// One check on one method or technique.
struct CoverageCheck {
    CoverageCheckKind kind = CoverageCheckKind::MethodNeverBest;
    std::string ref;      ///< the method's or technique's id
    bool failed = false;  ///< true: the library has the gap the check looks for
};

/// The coverage of a library.
struct Coverage {
    std::size_t scenarios = 0;            ///< analyses counted
    std::size_t incomplete = 0;           ///< of them, searches stopped early (figures partial)
    std::size_t objection_decisions = 0;  ///< reachable objections, each scenario's counted apart
    std::size_t close_decisions = 0;      ///< reachable closing decisions (one per scenario at most)
    std::vector<CoverageRow> methods;     ///< one per objection method, catalogue order
    std::vector<CoverageRow> techniques;  ///< one per closing technique, catalogue order
    /// Every check: per method never best and never a mistake (catalogue order), then per technique
    /// a catch-all close: one that, in every scenario reaching its closing decision, is best in each
    /// reachable state where some close other than the trial close is best (DecisionReport and
    /// OptionReport::best_states). It needs two such scenarios (one proves nothing about a
    /// library), else it never fails; the trial close is never a catch-all.
    std::vector<CoverageCheck> checks;

    /// True when no check failed.
    bool passed() const;
};

/// Counts, over every reachable objection and closing decision of `analyses`, the verdicts each
/// method and technique got, and runs the checks. Plain computation over the reports. With the
/// scenarios' rule books, a method is checked for never being best (or a mistake) only when some
/// rule of them can judge it so: the theory calls yes-but the safe compromise, and a rule book
/// that never makes it a mistake asks no scenario to.
Coverage library_coverage(const std::vector<Analysis>& analyses,
                          const std::vector<const RuleBook*>& books = {});

/// Stable ids of the checks: "method_never_best", "method_never_mistake", "close_catch_all".
const char* to_string(CoverageCheckKind kind);

}  // namespace salesim
