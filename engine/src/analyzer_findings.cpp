// What is reported from a finished analysis: the findings (what cannot pass, what is never
// reached, choices that never matter, rules never used) and the figures read from an Analysis.
#include "analyzer_findings.hpp"

#include <algorithm>
#include <string>
#include <string_view>
#include <utility>

namespace salesim::analysis {

namespace {

std::string choices_text(const AnalyzedPath& p) {
    std::string s;
    for (std::size_t c : p.choices) {
        if (!s.empty()) s += ',';
        s += std::to_string(c);
    }
    return s;
}

std::string quoted(std::string_view s) {
    return "'" + std::string(s) + "'";
}

std::string option_names(const DecisionReport& d, const std::vector<std::size_t>& group) {
    std::string s;
    for (std::size_t i = 0; i < group.size(); ++i) {
        if (i > 0) s += i + 1 == group.size() ? " and " : ", ";
        const OptionReport& o = d.options[group[i]];
        s += std::to_string(group[i] + 1) + " (" + (o.ref.empty() ? o.move : o.ref) + ")";
    }
    return s;
}

void sort_findings(Analysis& a) {
    std::stable_sort(a.findings.begin(), a.findings.end(), [](const Finding& x, const Finding& y) {
        return static_cast<int>(x.level) < static_cast<int>(y.level);
    });
}

void add(Analysis& a, FindingLevel level, std::string code, std::string ref, SourceLoc loc,
         std::string message) {
    add_finding(a, level, std::move(code), std::move(ref), loc, std::move(message));
}

}  // namespace

void add_finding(Analysis& a, FindingLevel level, std::string code, std::string ref, SourceLoc loc,
                 std::string message) {
    a.findings.push_back(Finding{level, std::move(code), std::move(ref), loc, std::move(message)});
}

void report_findings(Analysis& a, const Scenario& s, const std::vector<char>& rule_used) {
    if (a.bounded()) {
        const char* budget = a.end == SearchEnd::TimeLimit     ? "its time budget (--time-limit)"
                             : a.end == SearchEnd::MemoryLimit ? "its memory budget (--max-memory)"
                                                               : "its state limit (--max-states)";
        add(a, FindingLevel::Warning, "bounded", "", {},
            "the search stopped at " + std::string(budget) + " after " + std::to_string(a.states) +
                " states, so the answers are bounded: the paths shown were found and replayed, the best "
                "score lies between the best found and the bound, and what was not found is \"none in "
                "the part searched\", not \"never\". Raise the budget for an exact answer, or make the "
                "scenario smaller (fewer objections, or rules that tell fewer states apart)");
    }
    if (a.dead_ends > 0)
        add(a, FindingLevel::Error, "dead_end", "", {},
            std::to_string(a.dead_ends) +
                " state(s) are unfinished but offer no option (an engine bug); one is reached by --choices " +
                choices_text(*a.dead_end_example));
    if (!a.pass_reachable && a.complete) {
        std::string why;
        if (!a.sale_reachable)
            why = "no path ends in a sale";
        else if (a.best)
            why = "the best reachable score is " + std::to_string(a.best->score) + " (" +
                  std::string(to_string(a.best->outcome)) + "), below the pass mark " +
                  std::to_string(s.rubric.pass);
        add(a, FindingLevel::Error, "not_passable", "", s.rubric.loc,
            "no path passes: " + why +
                ". Check the rubric's pass mark and close_at, the buyer's start state and the rules' "
                "effects");
    } else if (!a.pass_reachable && a.bounded()) {
        const std::string found = a.best ? "the best path found scores " + std::to_string(a.best->score) +
                                               " (" + std::string(to_string(a.best->outcome)) + ")"
                                         : std::string("no path to an end was found");
        if (a.best_bound < s.rubric.pass)
            add(a, FindingLevel::Error, "not_passable", "", s.rubric.loc,
                "no path passes: no path can score more than " + std::to_string(a.best_bound) +
                    " (proven although the search was bounded), below the pass mark " +
                    std::to_string(s.rubric.pass) + ". Check the rubric's pass mark and the rules' points");
        else
            add(a, FindingLevel::Error, "pass_not_found", "", s.rubric.loc,
                "no passing path was found in the part searched: " + found +
                    ", and the best score is at most " + std::to_string(a.best_bound) +
                    ". Raise --time-limit or --max-memory, or play the scenario with the best answers and "
                    "check why it does not pass");
    }

    const std::string breach_path =
        a.close_breach_example ? " (reached by --choices " + choices_text(*a.close_breach_example) + ")" : "";
    // A breach of the closing rules is shown at the rule when this scenario wrote it, else at the
    // closing stage.
    const StageContent* closing = s.find_stage(Stage::Closing);
    const SourceLoc closing_loc = closing != nullptr ? closing->loc : SourceLoc{};
    SourceLoc rule_loc = closing_loc;
    if (const Rule* r = s.rules->find_rule(a.unready_close_rule); r != nullptr && r->file == s.path)
        rule_loc = r->loc;
    if (!a.unready_close_rule.empty())
        add(a, FindingLevel::Error, "close_good_unready", a.unready_close_rule, rule_loc,
            "rule " + quoted(a.unready_close_rule) +
                " judges a close best or good on a buyer below close_at" + breach_path +
                ". A close on an unready buyer is at best weak: keep the rule book's gate "
                "close.gate.premature, or give the rule a condition ready: true");
    if (a.sale_with_blocking_open)
        add(a, FindingLevel::Error, "sale_with_blocking_objection", "", closing_loc,
            "a sale closes while an objection that blocks it is open" + breach_path +
                ". Keep the rule book's gate close.gate.objection_open, or mark the objection blocking: "
                "false");
    if (a.sale_on_mistake)
        add(a, FindingLevel::Error, "sale_on_mistake_close", "", closing_loc,
            "a close judged a mistake sells" + breach_path +
                ". A mistaken close never sells; check the scenario's rules");

    // Everything below says something is never reached or never matters: only a finished search
    // can say that.
    if (!a.complete) {
        sort_findings(a);
        return;
    }

    const StageContent* obj_stage = s.find_stage(Stage::Objections);
    for (const DecisionReport& d : a.decisions) {
        if (d.states > 0) continue;
        const std::string stage(to_string(d.stage));
        switch (d.kind) {
            case DecisionKind::Lead:
                add(a, FindingLevel::Warning, "leads_never_shown", d.ref, d.loc,
                    "the lead list is never shown");
                break;
            case DecisionKind::Step:
                add(a, FindingLevel::Warning, "step_never_shown", d.ref, d.loc,
                    "step " + quoted(d.ref) + " (" + stage + ") is never shown: every path ends before it" +
                        (d.stage == Stage::FollowUp && !a.sale_reachable
                             ? " (follow-up comes only after a sale, and no path sells)"
                             : ""));
                break;
            case DecisionKind::Objection: {
                const Objection* o = s.find_objection(d.ref);
                if (o != nullptr && o->concealed) {
                    std::string behind;
                    if (obj_stage != nullptr)
                        for (const Objection& other : obj_stage->objections)
                            if (other.hidden == o->id) behind = other.id;
                    add(a, FindingLevel::Warning, "objection_never_revealed", d.ref, d.loc,
                        "concealed objection " + quoted(d.ref) + " is never revealed" +
                            (behind.empty()
                                 ? std::string(": no objection names it in 'hidden:'")
                                 : ": no reachable answer to " + quoted(behind) +
                                       " reveals it (a rule with 'reveals: true' must match there)"));
                } else {
                    add(a, FindingLevel::Warning, "objection_never_raised", d.ref, d.loc,
                        "objection " + quoted(d.ref) + " is never raised: every path ends before it");
                }
                break;
            }
            case DecisionKind::Close:
                add(a, FindingLevel::Warning, "closing_never_reached", d.ref, d.loc,
                    "the closing stage is never reached: every path ends before it");
                break;
        }
    }

    // Needs: found only by options of steps that are shown.
    for (const Need& need : s.persona.needs) {
        bool anywhere = false;
        bool reachable = false;
        for (const StageContent& sc : s.stages)
            for (const Step& step : sc.steps)
                for (const StepOption& o : step.options)
                    if (std::find(o.discovers.begin(), o.discovers.end(), need.id) != o.discovers.end()) {
                        anywhere = true;
                        const DecisionReport* d = a.find_decision(DecisionKind::Step, step.id);
                        if (d != nullptr && d->states > 0) reachable = true;
                    }
        if (!anywhere)
            add(a, FindingLevel::Warning, "need_never_discovered", need.id, need.loc,
                "need " + quoted(need.id) + " is never discovered: no option lists it in 'discovers:'");
        else if (!reachable)
            add(a, FindingLevel::Warning, "need_never_discovered", need.id, need.loc,
                "need " + quoted(need.id) +
                    " is never discovered: only options of steps that are never shown "
                    "discover it");
    }

    // Objections whose boomerang can never turn on their need.
    if (obj_stage != nullptr)
        for (const Objection& o : obj_stage->objections) {
            if (o.turns_on.empty()) continue;
            const DecisionReport* d = a.find_decision(DecisionKind::Objection, o.id);
            if (d == nullptr || d->states == 0 || d->need_found_somewhere) continue;
            add(a, FindingLevel::Warning, "turns_on_never_found", o.id, o.loc,
                "objection " + quoted(o.id) + " turns on need " + quoted(o.turns_on) +
                    ", but no path has found that need when the objection is raised");
        }

    // Closing lines written for a technique that is never the best choice.
    if (const StageContent* close = s.find_stage(Stage::Closing)) {
        const DecisionReport* d = a.find_decision(DecisionKind::Close, "close");
        if (d != nullptr && d->states > 0) {
            for (std::size_t i = 0; i < d->options.size() && i < all_techniques.size(); ++i) {
                const Technique t = all_techniques[i];
                if (d->options[i].best_somewhere) continue;
                const bool line = close->lines.count(t) > 0;
                const bool reply = close->replies.count(t) > 0;
                if (!line && !reply) continue;
                add(a, FindingLevel::Note, "technique_never_best", std::string(to_string(t)), close->loc,
                    std::string(line ? "a line" : "a reply") + " is written for closing technique " +
                        quoted(to_string(t)) +
                        ", which is never the best choice in any reachable closing decision (fine if it is "
                        "there to show a mistake)");
            }
        }
    }

    // Rules this scenario adds or overrides that never judge a reachable decision.
    for (std::size_t i = 0; i < s.rules->rules.size(); ++i) {
        const Rule& r = s.rules->rules[i];
        if (r.file != s.path || s.path.empty() || rule_used[i] != 0 || !a.complete) continue;
        add(a, FindingLevel::Warning, "rule_never_used", r.id, r.loc,
            "rule " + quoted(r.id) +
                " of this scenario never judges a reachable decision; its conditions "
                "never hold or a more specific rule always wins");
    }

    // Decisions where the choice does not matter.
    for (const DecisionReport& d : a.decisions) {
        for (const auto& group : d.same_effect) {
            const bool all = group.size() == d.options.size();
            const std::string where = d.kind == DecisionKind::Close  ? std::string("the closing decision")
                                      : d.kind == DecisionKind::Lead ? std::string("the lead list")
                                      : d.kind == DecisionKind::Objection ? "objection " + quoted(d.ref)
                                                                          : "step " + quoted(d.ref);
            if (all)
                add(a, FindingLevel::Warning, "choice_never_matters", d.ref, d.loc,
                    "at " + where +
                        " every option has the same effect in every reachable state: the choice "
                        "never changes the outcome or the score");
            else if (d.kind == DecisionKind::Step || d.kind == DecisionKind::Lead)
                add(a, FindingLevel::Note, "same_effect", d.ref, d.loc,
                    "at " + where + " options " + option_names(d, group) +
                        " always have the same effect: the same points, and whatever else differs "
                        "between them never changes what happens later");
        }
    }

    sort_findings(a);
}

}  // namespace salesim::analysis

namespace salesim {

std::array<double, 10> Analysis::buckets() const {
    std::array<double, 10> out{};
    for (std::size_t s = 0; s <= 100; ++s) out[std::min<std::size_t>(s / 10, 9)] += score_paths[s];
    return out;
}

const DecisionReport* Analysis::find_decision(DecisionKind kind, std::string_view ref) const {
    for (const DecisionReport& d : decisions)
        if (d.kind == kind && d.ref == ref) return &d;
    return nullptr;
}

const char* to_string(FindingLevel level) {
    switch (level) {
        case FindingLevel::Error:
            return "error";
        case FindingLevel::Warning:
            return "warning";
        case FindingLevel::Note:
            return "note";
    }
    return "?";
}

}  // namespace salesim
