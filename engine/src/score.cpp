// The result record (JSON) and the readable debrief (Markdown) of a session.
#include "salesim/score.hpp"

#include "salesim/session.hpp"

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

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

// Headings of the Markdown debrief; the window and the CLI have their own string tables.
struct Words {
    const char* debrief;
    const char* scenario;
    const char* outcome;
    const char* overall;
    const char* passed;
    const char* failed;
    const char* stages;
    const char* competencies;
    const char* decisions;
    const char* chosen;
    const char* better;
    const char* rule;
    const char* transcript;
    const char* hinted;
    const char* outcomes[4];
    const char* stage_names[7];
    const char* verdicts[4];
    const char* speakers[3];
};

constexpr Words words_en{"Debrief",
                         "Scenario",
                         "Outcome",
                         "Overall score",
                         "passed",
                         "not passed",
                         "Stages",
                         "Competencies",
                         "Decisions",
                         "You chose",
                         "Better",
                         "rule",
                         "Transcript",
                         "hint taken",
                         {"unfinished", "sale", "no sale", "the buyer walked away"},
                         {"Prospecting", "Pre-approach", "Approach", "Presentation", "Handling objections",
                          "Closing", "Follow-up"},
                         {"best", "good", "weak", "mistake"},
                         {"Narrator", "Buyer", "You"}};

constexpr Words words_fi{"Palaute",
                         "Harjoitus",
                         "Lopputulos",
                         "Kokonaispisteet",
                         "hyväksytty",
                         "ei hyväksytty",
                         "Vaiheet",
                         "Osaamisalueet",
                         "Päätökset",
                         "Valitsit",
                         "Parempi",
                         "sääntö",
                         "Keskustelu",
                         "vihje käytetty",
                         {"kesken", "kauppa", "ei kauppaa", "ostaja lähti"},
                         {"Etsintä ja arviointi", "Ennakkolähestyminen", "Lähestyminen", "Esittely",
                          "Vastalauseiden käsittely", "Kaupan päättäminen", "Seuranta"},
                         {"paras", "hyvä", "heikko", "virhe"},
                         {"Kertoja", "Ostaja", "Sinä"}};

const Words& words(const std::string& lang) {
    return lang == "fi" ? words_fi : words_en;
}

}  // namespace

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
        d["verdict"] = std::string(to_string(r.verdict));
        d["points"] = r.points;
        d["hinted"] = r.hinted;
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
    const Words& w = words(lang);
    const RuleBook& book = *scn.rules;
    auto move_name = [&](const std::string& move) {
        const MoveInfo* m = book.find_move(move);
        return m != nullptr ? m->name.get(lang) : move;
    };
    std::string out;
    out += std::string("# ") + w.debrief + ": " + scn.title.get(lang) + "\n\n";
    out += std::string("- ") + w.scenario + ": `" + scn.id + "` (" + scn.persona.name + ")\n";
    out += std::string("- ") + w.outcome + ": " + w.outcomes[static_cast<int>(card.outcome)] + "\n";
    out += std::string("- ") + w.overall + ": " + std::to_string(card.overall) + "/100, " +
           (card.passed ? w.passed : w.failed) + "\n\n";
    out += std::string("## ") + w.stages + "\n\n";
    for (const auto& [stage, value] : card.stages)
        out +=
            std::string("- ") + w.stage_names[static_cast<int>(stage)] + ": " + std::to_string(value) + "\n";
    out += std::string("\n## ") + w.competencies + "\n\n";
    for (const auto& [name, value] : card.competencies)
        out += "- " + name + ": " + std::to_string(value) + "\n";
    out += std::string("\n## ") + w.decisions + "\n\n";
    for (const DecisionRecord& r : session.decisions()) {
        out += std::to_string(r.index + 1) + ". **" + w.stage_names[static_cast<int>(r.stage)] +
               "**: " + w.chosen + " *" + (r.move == "lead" ? r.say.get(lang) : move_name(r.move)) +
               "*: " + w.verdicts[static_cast<int>(r.verdict)] + " (" + std::to_string(r.points) + ")";
        if (r.hinted) out += std::string(", ") + w.hinted;
        out += "\n   " + r.feedback.get(lang) + "\n";
        if (r.verdict != Verdict::Best && !r.best_moves.empty()) {
            out += std::string("   ") + w.better + ": ";
            for (std::size_t i = 0; i < r.best_moves.size(); ++i) {
                if (i > 0) out += ", ";
                out += r.best_moves[i] == "lead" ? "#" + std::to_string(r.best_options[i] + 1)
                                                 : move_name(r.best_moves[i]);
            }
            out += "\n";
        }
        if (r.rule != nullptr) out += std::string("   (") + w.rule + " `" + r.rule->id + "`)\n";
    }
    out += std::string("\n## ") + w.transcript + "\n\n";
    for (const Line& l : session.transcript())
        out +=
            std::string("**") + w.speakers[static_cast<int>(l.speaker)] + "**: " + l.text.get(lang) + "\n\n";
    return out;
}

}  // namespace salesim
