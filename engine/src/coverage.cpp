// Library coverage: verdict counts per objection method and closing technique over analyzed scenarios.
#include "salesim/coverage.hpp"

#include <algorithm>
#include <optional>
#include <string_view>

namespace salesim {

namespace {

constexpr unsigned bit(Verdict v) {
    return 1u << static_cast<unsigned>(v);
}

// Adds one decision point's verdicts to `row` and notes the scenario when it is best there.
void count(CoverageRow& row, const OptionReport& o, const std::string& scenario) {
    for (Verdict v : all_verdicts)
        if ((o.verdicts & bit(v)) != 0) ++row.verdicts[static_cast<std::size_t>(v)];
    if ((o.verdicts & bit(Verdict::Best)) != 0 &&
        std::find(row.best_in.begin(), row.best_in.end(), scenario) == row.best_in.end())
        row.best_in.push_back(scenario);
}

}  // namespace

bool Coverage::passed() const {
    return std::none_of(checks.begin(), checks.end(), [](const CoverageCheck& c) { return c.failed; });
}

// Whether a rule of `books` (a move's own rule, or a gate covering it) can judge method `move`
// with `v`; true when no books are given.
bool can_judge(const std::vector<const RuleBook*>& books, std::string_view move, Verdict v) {
    if (books.empty()) return true;
    for (const RuleBook* b : books)
        for (const Rule& r : b->rules) {
            if (r.stage != Stage::Objections || r.verdict != v) continue;
            const bool covers =
                r.move == move || (r.gate && r.move == "any" &&
                                   std::find(r.except.begin(), r.except.end(), move) == r.except.end());
            if (covers) return true;
        }
    return false;
}

Coverage library_coverage(const std::vector<Analysis>& analyses, const std::vector<const RuleBook*>& books) {
    Coverage c;
    for (Method m : all_methods) c.methods.push_back({std::string(to_string(m)), {}, {}});
    for (Technique t : all_techniques) c.techniques.push_back({std::string(to_string(t)), {}, {}});

    for (const Analysis& a : analyses) {
        ++c.scenarios;
        if (!a.complete) ++c.incomplete;
        for (const DecisionReport& d : a.decisions) {
            if (d.states == 0) continue;
            if (d.kind == DecisionKind::Objection) {
                ++c.objection_decisions;
                for (const OptionReport& o : d.options)
                    if (std::optional<Method> m = parse_method(o.move))
                        count(c.methods[static_cast<std::size_t>(*m)], o, a.scenario_id);
            } else if (d.kind == DecisionKind::Close) {
                ++c.close_decisions;
                for (const OptionReport& o : d.options)
                    if (std::optional<Technique> t = parse_technique(o.move))
                        count(c.techniques[static_cast<std::size_t>(*t)], o, a.scenario_id);
            }
        }
    }

    for (const CoverageRow& row : c.methods) {
        if (can_judge(books, row.id, Verdict::Best))
            c.checks.push_back({CoverageCheckKind::MethodNeverBest, row.id, row.count(Verdict::Best) == 0});
        if (can_judge(books, row.id, Verdict::Mistake))
            c.checks.push_back(
                {CoverageCheckKind::MethodNeverMistake, row.id, row.count(Verdict::Mistake) == 0});
    }
    // A catch-all close is the right answer whatever the situation: in every scenario that reaches
    // its closing decision (two or more), it is best in each state where any close is best. Being
    // best somewhere in every scenario is not enough: the theory gives assumptive a ready buyer and
    // benefit the needs found, and every scenario has states with both. The trial close reads the
    // buyer and never sells, so it is no answer to choose instead of another.
    std::vector<const DecisionReport*> closing;
    for (const Analysis& a : analyses)
        for (const DecisionReport& d : a.decisions)
            if (d.kind == DecisionKind::Close && d.states > 0) closing.push_back(&d);
    for (const CoverageRow& row : c.techniques) {
        const bool trial = row.id == to_string(Technique::Trial);
        const bool everywhere =
            !trial && closing.size() >= 2 &&
            std::all_of(closing.begin(), closing.end(), [&](const DecisionReport* d) {
                return d->best_states > 0 &&
                       std::any_of(d->options.begin(), d->options.end(), [&](const OptionReport& o) {
                           return o.move == row.id && o.best_states == d->best_states;
                       });
            });
        c.checks.push_back({CoverageCheckKind::CloseCatchAll, row.id, everywhere});
    }
    return c;
}

const char* to_string(CoverageCheckKind kind) {
    switch (kind) {
        case CoverageCheckKind::MethodNeverBest:
            return "method_never_best";
        case CoverageCheckKind::MethodNeverMistake:
            return "method_never_mistake";
        case CoverageCheckKind::CloseCatchAll:
            return "close_catch_all";
    }
    return "";
}

}  // namespace salesim
