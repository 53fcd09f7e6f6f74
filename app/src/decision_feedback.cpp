// The line after a decision: verdict, points, hint and the buyer's changes.
#include "salesim/app/decision_feedback.hpp"

#include <algorithm>

namespace salesim::app {

namespace {

std::string signed_number(int n) {
    return (n > 0 ? "+" : "") + std::to_string(n);
}

}  // namespace

DecisionFeedback decision_feedback(const DecisionRecord& rec, Mode mode) {
    DecisionFeedback f;
    f.verdict = rec.verdict;
    f.scored = rec.scored;
    f.points = rec.points;
    f.hint_level = rec.hinted ? 2 : rec.nudged ? 1 : 0;
    // The changes to the buyer's state are numbers about it: guided only.
    if (!shows_meters(mode)) return f;
    const std::pair<const char*, int> changes[] = {{"trust", rec.after.trust - rec.before.trust},
                                                   {"interest", rec.after.interest - rec.before.interest},
                                                   {"patience", rec.after.patience - rec.before.patience},
                                                   {"readiness", rec.after.readiness - rec.before.readiness}};
    for (const auto& [name, delta] : changes)
        if (delta != 0) f.changes.emplace_back(name, delta);
    return f;
}

std::string_view verdict_mark(Verdict v) {
    switch (v) {
        case Verdict::Best:
        case Verdict::Good:
            return "✓";
        case Verdict::Weak:
            return "~";
        case Verdict::Mistake:
            return "✗";
    }
    return "?";
}

std::string changes_text(const DecisionFeedback& f, const Strings& strings, std::string_view lang) {
    std::string out;
    for (const auto& [name, delta] : f.changes) {
        if (!out.empty()) out += ", ";
        out += strings.tr_in(lang, "cli.play." + name);
        out += " " + signed_number(delta);
    }
    return out;
}

std::string feedback_line(const DecisionFeedback& f, const Strings& strings, std::string_view lang) {
    // The mark comes from the tables too, so the window's font has its glyph.
    std::string line = std::string(strings.tr_in(lang, "verdict_mark." + std::string(to_string(f.verdict)))) +
                       " " + strings.tr_in(lang, "cli.verdict." + std::string(to_string(f.verdict))) + " · ";
    line += f.scored ? fill(strings.tr_in(lang, "cli.play.points"), {{"n", std::to_string(f.points)}})
                     : std::string(strings.tr_in(lang, "cli.play.not_scored"));
    if (f.hint_level > 0)
        line += " (" +
                std::string(
                    strings.tr_in(lang, f.hint_level == 2 ? "cli.play.hint_taken" : "cli.play.nudge_taken")) +
                ")";
    const std::string changes = changes_text(f, strings, lang);
    if (!changes.empty()) line += " · " + changes;
    return line;
}

}  // namespace salesim::app

namespace salesim::app {

std::vector<Lesson> costliest_lessons(const Session& s, std::size_t n) {
    const RuleBook& book = *s.scenario().rules;
    std::vector<Lesson> out;
    const auto& records = s.decisions();
    for (std::size_t i = 0; i < records.size(); ++i) {
        const DecisionRecord& r = records[i];
        if (!r.scored) continue;
        const int best =
            r.best_rule != nullptr ? book.points_for(r.best_rule->verdict) : book.points_for(r.verdict);
        const int lost = std::max(best, book.points_for(r.verdict)) - r.points;
        if (lost > 0) out.push_back({i, lost});
    }
    std::stable_sort(out.begin(), out.end(),
                     [](const Lesson& a, const Lesson& b) { return a.lost > b.lost; });
    if (out.size() > n) out.resize(n);
    return out;
}

WentWrong what_went_wrong(const Session& s) {
    if (!s.finished()) return WentWrong::Nothing;
    const ScoreCard card = s.score();
    if (card.passed) return WentWrong::Nothing;
    switch (s.outcome()) {
        case Outcome::WalkedAway:
            return WentWrong::WalkedAway;
        case Outcome::NoSale:
            return s.mistake_close() && s.close_attempts() < s.close_attempts_allowed() ? WentWrong::Ended
                                                                                        : WentWrong::NoSale;
        default:
            break;
    }
    return card.overall < s.scenario().rubric.pass ? WentWrong::LowScore : WentWrong::Outcome;
}

std::string_view to_string(WentWrong w) {
    switch (w) {
        case WentWrong::Nothing:
            return "nothing";
        case WentWrong::WalkedAway:
            return "walked_away";
        case WentWrong::Ended:
            return "ended";
        case WentWrong::NoSale:
            return "no_sale";
        case WentWrong::LowScore:
            return "low_score";
        case WentWrong::Outcome:
            return "outcome";
    }
    return "nothing";
}

}  // namespace salesim::app
