// The board's view of the class (GET /api/v1/board): roster, funnel, decision points with the
// class's choices, scores and the most common mistakes.
#include "class_room_internal.hpp"

#include <salesim/score.hpp>
#include <salesim/signals.hpp>

#include <algorithm>

namespace salesim::classroom {

using nlohmann::json;

namespace {

// The buyer's mood as the window's face shows it: leaving, pleased, sceptical or neutral.
std::string mood_of(const Session& s) {
    const BuyerState& b = s.buyer();
    const int close_at = s.finished() ? 70 : s.situation().close_at;
    if (patience_band(b.patience) == PatienceBand::Low &&
        readiness_band(b.readiness, close_at) != ReadinessBand::Ready)
        return "leaving";
    if (trust_band(b.trust) == TrustBand::Low) return "sceptical";
    if (readiness_band(b.readiness, close_at) == ReadinessBand::Ready ||
        (readiness_band(b.readiness, close_at) == ReadinessBand::Warming &&
         trust_band(b.trust) == TrustBand::High))
        return "happy";
    return "neutral";
}

bool shows_on_board(const std::string& kind) {
    return kind == "objection" || kind == "close";
}

}  // namespace

json ClassRoom::board_json(bool trainer_view) const {
    const std::string lang = m_config.scenario->language_or_default(m_config.lang);
    json strings = json::object();
    for (const std::string_view l : {std::string_view("en"), std::string_view(m_config.lang)})
        if (const app::StringTable* t = m_strings.table(l))
            for (const auto& [key, text] : t->entries())
                if (key.rfind("board.", 0) == 0) strings[key] = text;

    json stages = json::array();
    for (Stage st : all_stages) {
        if (!m_config.scenario->has_stage(st)) continue;
        const std::string id(to_string(st));
        stages.push_back({{"id", id}, {"label", tr("stage." + id)}});
    }

    // Who is playing, and how far each has got.
    std::vector<int> reached(all_stages.size(), 0);
    json roster = json::array();
    int finished = 0, passed = 0, total = 0;
    for (const auto& m : m_members) {
        const Session& s = *m->session;
        const int stage_index =
            s.finished() ? m->max_stage : std::max(m->max_stage, static_cast<int>(s.stage()));
        for (int i = 0; i <= stage_index && i < static_cast<int>(reached.size()); ++i) ++reached[i];
        const std::string mood = mood_of(s);
        json row = {{"number", m->number},
                    {"name", trainer_view || !m_names_hidden ? json(m->name) : json(nullptr)},
                    {"presence", presence(*m)},
                    {"stage", std::string(to_string(s.stage()))},
                    {"stage_label", tr("stage." + std::string(to_string(s.stage())))},
                    {"decisions", s.decisions().size()},
                    {"mood", mood},
                    {"mood_label", tr("mood." + mood)},
                    {"finished", s.finished()},
                    {"outcome", nullptr},
                    {"score", nullptr}};
        if (s.finished()) {
            const ScoreCard card = s.score();
            row["outcome"] = std::string(to_string(card.outcome));
            row["score"] = card.overall;
            ++finished;
            total += card.overall;
            if (card.passed) ++passed;
        }
        roster.push_back(std::move(row));
    }
    json funnel = json::array();
    for (Stage st : all_stages) {
        if (!m_config.scenario->has_stage(st)) continue;
        funnel.push_back({{"stage", std::string(to_string(st))}, {"reached", reached[static_cast<int>(st)]}});
    }

    // Who is still playing: a point's verdicts show once all of them have passed it.
    std::set<int> playing;
    for (const auto& m : m_members)
        if (!m->removed && !m->banned) playing.insert(m->number);

    json points = json::array();
    json upcoming = json::array();
    std::vector<std::pair<int, json>> mistakes;
    for (const auto& p : m_points) {
        if (!p->described) continue;
        const bool waits = point_waits(p->name);
        if (!shows_on_board(p->kind) && !waits && !trainer_view) continue;
        bool all_passed = !p->decided.empty();
        for (int n : playing)
            if (!p->decided.count(n)) all_passed = false;
        const bool verdicts = p->verdicts_shown || all_passed;
        const bool counts_hidden = waits && !p->distribution_shown;
        // While frozen, the bars are the votes; afterwards, the decisions made.
        std::map<std::string, int> votes;
        for (const auto& [number, option] : p->votes)
            for (const auto& m : m_members)
                if (m->number == number && m->session && !m->session->finished())
                    votes[option_key(m->session->current(), static_cast<std::size_t>(option))]++;
        json options = json::array();
        for (std::size_t i = 0; i < p->options.size(); ++i) {
            const Point::OptionInfo& o = p->options[i];
            int count = 0;
            if (const auto it = p->counts.find(o.key); it != p->counts.end()) count += it->second;
            if (waits)
                if (const auto it = votes.find(o.key); it != votes.end()) count += it->second;
            options.push_back({{"index", i},
                               {"move", o.move},
                               {"label", o.label},
                               {"count", counts_hidden ? json(nullptr) : json(count)},
                               {"verdict", verdicts ? json(o.verdict) : json(nullptr)},
                               {"feedback", verdicts ? json(o.feedback) : json(nullptr)}});
            if (verdicts && o.scored && (o.verdict == "mistake" || o.verdict == "weak")) {
                const auto it = p->counts.find(o.key);
                if (it != p->counts.end() && it->second > 0)
                    mistakes.emplace_back(it->second,
                                          json{{"point", p->name},
                                               {"label", p->prompt},
                                               {"option", o.label},
                                               {"verdict", verdicts ? json(o.verdict) : json(nullptr)},
                                               {"count", it->second}});
            }
        }
        points.push_back({{"point", p->name},
                          {"kind", p->kind},
                          {"label", tr("board.kind." + p->kind)},
                          {"prompt", p->prompt},
                          {"reached", p->reached.size()},
                          {"decided", p->decided.size()},
                          {"frozen", waits},
                          {"released", p->released},
                          {"timer_left", p->timer_end ? json(timer_left(*p)) : json(nullptr)},
                          {"votes", p->votes.size()},
                          {"distribution_shown", !counts_hidden},
                          {"verdicts_shown", verdicts},
                          {"options", options}});
    }
    if (trainer_view) {
        // Points a trainer may freeze before anyone gets there: each objection's first time, and the close.
        const auto add = [&](const std::string& name, const std::string& kind, const std::string& prompt) {
            if (m_point_index.count(name)) return;
            upcoming.push_back(
                {{"point", name}, {"kind", kind}, {"label", tr("board.kind." + kind)}, {"prompt", prompt}});
        };
        if (const StageContent* obj = m_config.scenario->find_stage(Stage::Objections))
            for (const Objection& o : obj->objections)
                if (!o.concealed)
                    add(point_name(DecisionKind::Objection, o.id, 1), "objection", o.says.get(lang));
        if (m_config.scenario->has_stage(Stage::Closing))
            add(point_name(DecisionKind::Close, "close", 1), "close", "");
    }
    std::stable_sort(mistakes.begin(), mistakes.end(),
                     [](const auto& a, const auto& b) { return a.first > b.first; });
    json top = json::array();
    for (std::size_t i = 0; i < mistakes.size() && i < 5; ++i) top.push_back(mistakes[i].second);

    return {{"class",
             {{"id", m_row.uuid},
              {"group", m_config.group},
              {"scenario", {{"id", m_config.scenario->id}, {"title", m_config.scenario->title.get(lang)}}},
              {"mode", std::string(to_string(m_config.mode))},
              {"pacing", std::string(to_string(m_config.pacing))},
              {"admission", std::string(to_string(m_config.admission))},
              {"lang", m_config.lang},
              {"address", m_config.address},
              {"code", format_code(m_secrets.code)},
              {"started", m_row.started},
              {"ended", m_ended},
              {"names_hidden", m_names_hidden},
              {"trainer", trainer_view}}},
            {"stages", stages},
            {"roster", roster},
            {"funnel", funnel},
            {"points", points},
            {"upcoming", upcoming},
            {"scores",
             {{"finished", finished},
              {"mean", finished > 0 ? json(total / finished) : json(nullptr)},
              {"passed", passed}}},
            {"mistakes", top},
            {"strings", strings}};
}

}  // namespace salesim::classroom
