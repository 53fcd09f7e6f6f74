// The score card of a session, its result record (JSON) and its readable debrief (Markdown).
#include "salesim/score.hpp"

#include "salesim/session.hpp"

#include <algorithm>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <utility>

namespace salesim {
namespace {

using Json = nlohmann::ordered_json;

Json state_json(const BuyerState& s) {
    Json j;
    j["trust"] = s.trust;
    j["interest"] = s.interest;
    j["patience"] = s.patience;
    j["readiness"] = s.readiness;
    return j;
}

// The debrief's words, from the rule book in the language asked for.
class Words {
public:
    Words(const RuleBook& book, const std::string& lang) : m_texts(book.texts), m_lang(lang) {}

    const std::string& operator()(std::string_view group, std::string_view key) const {
        m_key.assign(group);
        m_key += '.';
        m_key += key;
        return m_texts.get(m_key).get(m_lang);
    }
    const std::string& debrief(std::string_view key) const { return (*this)("debrief", key); }

private:
    const BookTexts& m_texts;
    const std::string& m_lang;
    mutable std::string m_key;
};

}  // namespace

// The score card: stage values (rounded means of their points), the overall score by the rubric's
// weights, competencies, and pass or fail.

ScoreCard Session::score() const {
    const Scenario& scn = *m_scenario;
    ScoreCard card;
    card.outcome = m_outcome;
    card.decisions = m_decision_count;
    card.hints = static_cast<int>(m_hinted.size());
    card.nudges = static_cast<int>(m_nudged.size());
    long weighted = 0;
    long weight_sum = 0;
    for (const StageContent& sc : scn.stages) {
        const auto slot = static_cast<std::size_t>(sc.stage);
        const int n = m_stage_count[slot];
        const int value = n == 0 ? 0 : (m_stage_points[slot] + n / 2) / n;
        card.stages[sc.stage] = value;
        if (!reached(sc.stage)) card.not_reached.push_back(sc.stage);
        auto w = scn.rubric.weights.find(sc.stage);
        const int weight = w == scn.rubric.weights.end() ? 0 : w->second;
        weighted += static_cast<long>(weight) * value;
        weight_sum += weight;
    }
    card.overall = weight_sum == 0 ? 0 : static_cast<int>((weighted + weight_sum / 2) / weight_sum);
    std::map<std::string, std::pair<int, int>> comp;
    for (const DecisionRecord& r : m_records) {
        if (!r.scored) continue;
        auto& [sum, count] =
            comp[r.rule != nullptr ? r.rule->competency : std::string(default_competency(r.stage))];
        sum += r.points;
        ++count;
    }
    for (const auto& [name, sc] : comp) card.competencies[name] = (sc.first + sc.second / 2) / sc.second;
    const auto& ok = scn.rubric.pass_outcomes;
    card.passed = m_outcome != Outcome::InProgress && card.overall >= scn.rubric.pass &&
                  std::find(ok.begin(), ok.end(), m_outcome) != ok.end();
    return card;
}

std::string result_json(const Session& session, const std::string& lang) {
    const Scenario& scn = session.scenario();
    const ScoreCard card = session.score();
    Json j;
    j["format"] = 1;
    j["scenario"] = {{"id", scn.id},
                     {"title", scn.title.get(lang)},
                     {"hash", scn.content_hash},
                     {"context", scn.context},
                     {"difficulty", scn.difficulty}};
    j["rulebook"] = scn.rules->version;
    j["persona"] = scn.persona.name;
    j["seed"] = session.seed();
    j["lang"] = lang;
    Json choices = Json::array();
    for (std::size_t c : session.choices()) choices.push_back(c + 1);
    j["choices"] = choices;
    j["finished"] = session.finished();
    j["outcome"] = std::string(to_string(card.outcome));
    Json score;
    score["overall"] = card.overall;
    score["passed"] = card.passed;
    score["pass_mark"] = scn.rubric.pass;
    Json stages = Json::object();
    for (const auto& [stage, value] : card.stages) stages[std::string(to_string(stage))] = value;
    score["stages"] = stages;
    Json weights = Json::object();
    for (const auto& [stage, w] : scn.rubric.weights) weights[std::string(to_string(stage))] = w;
    score["weights"] = weights;
    Json comps = Json::object();
    for (const auto& [name, value] : card.competencies) comps[name] = value;
    score["competencies"] = comps;
    score["hints"] = card.hints;
    score["nudges"] = card.nudges;
    Json not_reached = Json::array();
    for (Stage st : card.not_reached) not_reached.push_back(std::string(to_string(st)));
    score["not_reached"] = not_reached;
    j["score"] = score;
    j["buyer"] = state_json(session.buyer());

    Json decisions = Json::array();
    for (const DecisionRecord& r : session.decisions()) {
        Json d;
        d["index"] = r.index + 1;
        d["stage"] = std::string(to_string(r.stage));
        d["kind"] = to_string(r.kind);
        d["ref"] = r.ref;
        d["chosen"] = r.chosen + 1;
        d["move"] = r.move;
        d["say"] = r.say.get(lang);
        d["reply"] = r.reply.get(lang);
        d["signal"] = r.signal.get(lang);
        d["verdict"] = std::string(to_string(r.verdict));
        d["points"] = r.points;
        d["hinted"] = r.hinted;
        d["nudged"] = r.nudged;
        d["hint_cost"] = r.hint_cost;
        d["competency"] = r.rule != nullptr ? r.rule->competency : std::string();
        if (r.rule != nullptr)
            d["rule"] = {{"id", r.rule->id},
                         {"file", std::filesystem::path(r.rule->file).filename().string()},
                         {"line", r.rule->loc.line},
                         {"source", r.rule->source}};
        d["scenario_line"] = r.loc.line;
        d["feedback"] = r.feedback.get(lang);
        Json best;
        best["moves"] = r.best_moves;
        Json opts = Json::array();
        for (std::size_t o : r.best_options) opts.push_back(o + 1);
        best["options"] = opts;
        best["rule"] = r.best_rule != nullptr ? r.best_rule->id : std::string();
        d["best"] = best;
        d["before"] = state_json(r.before);
        d["after"] = state_json(r.after);
        decisions.push_back(d);
    }
    j["decisions"] = decisions;

    Json transcript = Json::array();
    for (const Line& l : session.transcript())
        transcript.push_back({{"stage", std::string(to_string(l.stage))},
                              {"speaker", to_string(l.speaker)},
                              {"text", l.text.get(lang)}});
    j["transcript"] = transcript;
    return j.dump(2) + "\n";
}

std::string result_markdown(const Session& session, const std::string& lang) {
    const Scenario& scn = session.scenario();
    const ScoreCard card = session.score();
    const RuleBook& book = *scn.rules;
    const Words w(book, lang);
    auto move_name = [&](const std::string& move) {
        const MoveInfo* m = book.find_move(move);
        return m != nullptr ? m->name.get(lang) : move;
    };
    std::string out;
    out += "# " + w.debrief("title") + ": " + scn.title.get(lang) + "\n\n";
    out += "- " + w.debrief("scenario") + ": `" + scn.id + "` (" + scn.persona.name + ")\n";
    out += "- " + w.debrief("outcome") + ": " + w("outcomes", to_string(card.outcome)) + "\n";
    out += "- " + w.debrief("overall") + ": " + std::to_string(card.overall) + "/100, " +
           w.debrief(card.passed ? "passed" : "failed") + "\n\n";
    out += "## " + w.debrief("stages") + "\n\n";
    for (const auto& [stage, value] : card.stages)
        out += "- " + w("stages", to_string(stage)) + ": " +
               (card.reached(stage) ? std::to_string(value) : w.debrief("not_reached")) + "\n";
    out += "\n## " + w.debrief("competencies") + "\n\n";
    for (const auto& [name, value] : card.competencies)
        out += "- " + name + ": " + std::to_string(value) + "\n";
    out += "\n## " + w.debrief("decisions") + "\n\n";
    for (const DecisionRecord& r : session.decisions()) {
        out += std::to_string(r.index + 1) + ". **" + w("stages", to_string(r.stage)) +
               "**: " + w.debrief("chosen") + " *" +
               (r.move == "lead" ? r.say.get(lang) : move_name(r.move)) +
               "*: " + w("verdicts", to_string(r.verdict)) + " (" + std::to_string(r.points) + ")";
        // A hint's cost is a deduction like a weaker verdict: say what it took.
        if (r.hinted || r.nudged)
            out +=
                ", " + w.debrief(r.hinted ? "hinted" : "nudged") + " (-" + std::to_string(r.hint_cost) + ")";
        out += "\n   " + r.feedback.get(lang) + "\n";
        if (r.verdict != Verdict::Best && !r.best_moves.empty()) {
            out += "   " + w.debrief("better") + ": ";
            for (std::size_t i = 0; i < r.best_moves.size(); ++i) {
                if (i > 0) out += ", ";
                out += r.best_moves[i] == "lead" ? "#" + std::to_string(r.best_options[i] + 1)
                                                 : move_name(r.best_moves[i]);
            }
            out += "\n";
        }
        if (r.rule != nullptr) out += "   (" + w.debrief("rule") + " `" + r.rule->id + "`)\n";
    }
    out += "\n## " + w.debrief("transcript") + "\n\n";
    for (const Line& l : session.transcript())
        out += "**" + w("speakers", to_string(l.speaker)) + "**: " + l.text.get(lang) + "\n\n";
    return out;
}

}  // namespace salesim
