// Explaining a verdict: each condition of the judging rule, the gate and the near misses, tested
// through the same Condition::holds() and RuleBook::judge() the session uses.
#include "salesim/explain.hpp"

#include <algorithm>
#include <cstdio>
#include <variant>

namespace salesim {
namespace {

std::string value_text(const std::optional<FactValue>& v) {
    if (!v) return "?";
    if (const bool* b = std::get_if<bool>(&*v)) return *b ? "true" : "false";
    if (const double* d = std::get_if<double>(&*v)) return number_text(*d);
    return "\"" + std::get<std::string>(*v) + "\"";
}

std::string list_text(const std::vector<std::string>& items) {
    std::string out = "[";
    for (std::size_t i = 0; i < items.size(); ++i) out += (i > 0 ? ", " : "") + items[i];
    return out + "]";
}

// The rule book's notation for a condition's test, bounds in the order ≥ > ≤ < =.
std::string test_text(const Condition& c) {
    switch (c.op) {
        case Condition::Op::IsTrue:
            return "is true";
        case Condition::Op::IsFalse:
            return "is false";
        case Condition::Op::Equals:
            return "is " + (c.strings.empty() ? std::string() : c.strings.front());
        case Condition::Op::OneOf:
            return "is one of " + list_text(c.strings);
        case Condition::Op::Compare:
            break;
    }
    std::string out;
    const auto bound = [&](const std::optional<double>& b, std::string_view sign) {
        if (!b) return;
        if (!out.empty()) out += " and ";
        out += std::string(sign) + " " + number_text(*b);
    };
    bound(c.ge, "≥");
    bound(c.gt, ">");
    bound(c.le, "≤");
    bound(c.lt, "<");
    bound(c.eq, "=");
    return out;
}

RuleCheck check_rule(const Rule& r, const Situation& s) {
    RuleCheck out;
    out.rule = &r;
    for (const Condition& c : r.when) {
        out.conditions.push_back(check_condition(c, s));
        if (out.conditions.back().holds) ++out.holding;
    }
    return out;
}

}  // namespace

std::string number_text(double x) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.12g", x);
    return buf;
}

ConditionCheck check_condition(const Condition& c, const Situation& s) {
    Situation quiet = s;
    quiet.tested = nullptr;
    return {c.fact, value_text(quiet.get(c.fact)), test_text(c), c.holds(quiet)};
}

Explanation explain(const RuleBook& book, Stage stage, std::string_view move, const Situation& s,
                    std::size_t near_max) {
    Situation quiet = s;
    quiet.tested = nullptr;
    Explanation out;
    out.judged = book.judge(stage, move, quiet);
    if (const Rule* own = book.match(stage, move, quiet)) out.own = check_rule(*own, quiet);
    if (const Rule* gate = book.match_gate(stage, move, quiet)) {
        out.gate = check_rule(*gate, quiet);
        out.capped = out.judged == gate;
    }
    for (const Rule& r : book.rules) {
        if (r.gate || r.stage != stage || r.move != move) continue;
        RuleCheck check = check_rule(r, quiet);
        if (!check.holds()) out.near.push_back(std::move(check));
    }
    std::stable_sort(out.near.begin(), out.near.end(),
                     [](const RuleCheck& a, const RuleCheck& b) { return a.holding > b.holding; });
    if (out.near.size() > near_max) out.near.resize(near_max);
    return out;
}

}  // namespace salesim
