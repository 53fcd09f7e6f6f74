// Why a move gets its verdict: the rule that judges it, each condition with the value it tested,
// and the rules that nearly matched instead.
#pragma once

#include "salesim/domain.hpp"
#include "salesim/rulebook.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace salesim {

/// One condition of a rule, tested against a situation.
struct ConditionCheck {
    std::string fact;   ///< the fact's name as the rule book writes it ("objection.ego")
    std::string value;  ///< the value it had: true, 0.8, 70 or "price" (strings quoted)
    std::string test;   ///< what the rule asks of it: "≥ 0.7", "is one of [price, value]", "is true"
    bool holds = false;
};

/// A rule with each of its conditions tested.
struct RuleCheck {
    const Rule* rule = nullptr;  ///< owned by the rule book
    std::vector<ConditionCheck> conditions;
    std::size_t holding = 0;  ///< how many of the conditions hold
    bool holds() const { return holding == conditions.size(); }
};

/// Why a move gets its verdict in a situation (see explain()).
struct Explanation {
    /// The rule RuleBook::judge() returns: the move's own rule, or the gate when it caps the
    /// verdict; nullptr when no rule matches.
    const Rule* judged = nullptr;
    std::optional<RuleCheck> own;   ///< the move's own rule (RuleBook::match()), when one holds
    std::optional<RuleCheck> gate;  ///< the gate that holds for the move (RuleBook::match_gate())
    bool capped = false;            ///< the gate decided the verdict
    /// Rules of the same stage and move whose conditions do not all hold, those with the most
    /// conditions holding first (ties: the order of the file), at most the number asked for.
    std::vector<RuleCheck> near;
};

/// Explains how `book` judges `move` at `stage` in situation `s`, agreeing with RuleBook::judge()
/// exactly. `s.tested` is left alone (the situation is tested through a copy without it).
Explanation explain(const RuleBook& book, Stage stage, std::string_view move, const Situation& s,
                    std::size_t near_max = 3);

/// Tests one condition against `s` (through a copy without `s.tested`).
ConditionCheck check_condition(const Condition& c, const Situation& s);

/// A number as the rule book writes it: 0.8, 70, -2.5 (no trailing zeros).
std::string number_text(double x);

}  // namespace salesim
