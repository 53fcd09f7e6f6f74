// Runs scenario test plans (salesim/test_plan.hpp): each path played by move on a fresh session,
// each expectation that does not hold reported at the plan's line with what happened instead.
#include "salesim/test_plan.hpp"

#include "salesim/session.hpp"

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace salesim {
namespace {

// The --moves token of option `i`: a lead by its id, anything else by its move.
const std::string& token_of(const Decision& d, std::size_t i) {
    const Option& o = d.options[i];
    return o.move == "lead" ? o.ref : o.move;
}

std::string offered_tokens(const Decision& d) {
    std::string out;
    for (std::size_t i = 0; i < d.options.size(); ++i) {
        if (i > 0) out += ", ";
        out += token_of(d, i);
    }
    return out;
}

class PathRun {
public:
    PathRun(const TestPlan& plan, const PlanPath& path, PathResult& out)
        : m_plan(plan), m_path(path), m_out(out) {}

    void fail(std::string_view code, SourceLoc loc, const std::string& line, std::string message,
              std::string help) {
        Diagnostic d;
        d.severity = Severity::Error;
        d.code = std::string(code);
        d.path = m_plan.path;
        d.loc = loc;
        d.length = 1;
        d.message = "path '" + m_path.name + "': " + std::move(message);
        d.help = std::move(help);
        d.source_line = line;
        m_out.failures.push_back(std::move(d));
    }

    // The option `step` names at the decision at hand, or nullopt (reported).
    std::optional<std::size_t> find(const Session& s, const PlanStep& step, int number) {
        const Decision& d = s.current();
        std::string_view token = step.entry;
        const std::size_t slash = token.find('/');
        const std::string where = "decision " + std::to_string(number) + " ('" + d.ref + "')";
        if (slash != std::string_view::npos) {
            const std::string_view ref = token.substr(0, slash);
            token = token.substr(slash + 1);
            if (ref != d.ref) {
                fail("plan-wrong-decision", step.loc, step.source_line,
                     where + " is not '" + std::string(ref) + "'",
                     "the moves before it lead elsewhere; replay them with salesim play --moves to see the "
                     "way");
                return std::nullopt;
            }
        }
        std::optional<std::size_t> found;
        for (std::size_t i = 0; i < d.options.size(); ++i) {
            if (token_of(d, i) != token) continue;
            if (found) {
                fail("plan-move-ambiguous", step.loc, step.source_line,
                     "'" + std::string(token) + "' is offered twice at " + where,
                     "both options have that move; tell them apart in the scenario, or play this decision by "
                     "another move");
                return std::nullopt;
            }
            found = i;
        }
        if (!found)
            fail("plan-move-not-offered", step.loc, step.source_line,
                 "'" + std::string(token) + "' is not offered at " + where,
                 "the options there are: " + offered_tokens(d));
        return found;
    }

    void run(const std::shared_ptr<const Scenario>& scenario) {
        Session s(scenario, m_plan.seed);
        int number = 0;
        for (const PlanStep& step : m_path.steps) {
            ++number;
            if (s.finished()) {
                fail("plan-meeting-over", step.loc, step.source_line,
                     "the meeting is over after " + std::to_string(number - 1) + " decisions (" +
                         std::string(to_string(s.outcome())) + "), so '" + step.entry + "' is never played",
                     "remove the moves after the end, or change the ones before it");
                break;
            }
            const std::optional<std::size_t> index = find(s, step, number);
            if (!index) break;
            const std::string token = token_of(s.current(), *index);
            const DecisionRecord& rec = s.choose(*index);
            m_out.played.push_back(rec.ref + ": " + token + " (" + std::string(to_string(rec.verdict)) + ")");
            if (step.expect && *step.expect != rec.verdict) {
                std::string why = "rule " + (rec.rule != nullptr ? rec.rule->id : std::string("?"));
                fail("plan-verdict", step.loc, step.source_line,
                     "'" + step.entry + "' at decision " + std::to_string(number) + " ('" + rec.ref +
                         "') was judged " + std::string(to_string(rec.verdict)) + ", not " +
                         std::string(to_string(*step.expect)) + " (" + why + ")",
                     "play the moves with salesim play --moves to read the rule's feedback; the rule and its "
                     "conditions are in the rule book");
            }
        }
        m_out.outcome = s.outcome();
        if (s.finished()) m_out.score = s.score().overall;
        check_end(s);
    }

private:
    void check_end(const Session& s) {
        const std::string ended = s.finished() ? "it ended in " + std::string(to_string(s.outcome()))
                                               : std::string("the meeting goes on");
        if (m_path.outcome && *m_path.outcome != s.outcome())
            fail("plan-outcome", m_path.loc, m_path.source_line,
                 "expected the outcome " + std::string(to_string(*m_path.outcome)) + ", but " + ended,
                 "play the moves with salesim play --moves to see where it turns");
        if ((m_path.score_min || m_path.passed) && !s.finished()) {
            fail("plan-unfinished", m_path.loc, m_path.source_line,
                 "a score or pass is expected, but the meeting goes on after the moves",
                 "add the moves up to the end of the meeting");
            return;
        }
        if (m_path.score_min) {
            const int score = s.score().overall;
            if (score < *m_path.score_min || score > *m_path.score_max) {
                const std::string want =
                    *m_path.score_min == *m_path.score_max
                        ? std::to_string(*m_path.score_min)
                        : std::to_string(*m_path.score_min) + ".." + std::to_string(*m_path.score_max);
                fail("plan-score", m_path.loc, m_path.source_line,
                     "scored " + std::to_string(score) + ", expected " + want,
                     "the verdicts or the rubric's weights changed; check the path's verdicts first");
            }
        }
        if (m_path.passed && *m_path.passed != s.score().passed)
            fail("plan-passed", m_path.loc, m_path.source_line,
                 std::string(s.score().passed ? "passed" : "did not pass") + ", expected the opposite",
                 "the pass mark is the rubric's 'pass'; the outcomes that can pass are its 'pass_outcomes'");
    }

    const TestPlan& m_plan;
    const PlanPath& m_path;
    PathResult& m_out;
};

}  // namespace

std::vector<PathResult> run_test_plan(const TestPlan& plan, const std::shared_ptr<const Scenario>& scenario) {
    std::vector<PathResult> out;
    out.reserve(plan.paths.size());
    for (const PlanPath& p : plan.paths) {
        PathResult& r = out.emplace_back();
        r.path = &p;
        PathRun(plan, p, r).run(scenario);
    }
    return out;
}

}  // namespace salesim
