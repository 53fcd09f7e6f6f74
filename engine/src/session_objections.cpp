// The objection life-cycle and the close: objections stay open until answered well, blocking ones
// come back before the close, and a close sells only on a ready buyer with none of them open.
#include "salesim/session.hpp"

#include "session_internal.hpp"

#include <algorithm>
#include <string>
#include <vector>

namespace salesim {

// [SECTION] Objections: open until resolved

const std::vector<Objection>& Session::objections() const {
    static const std::vector<Objection> none;
    return m_obj_stage == npos ? none : m_scenario->stages[m_obj_stage].objections;
}

// An objection stands in the way of a sale when the scenario says so, or once an answer judged a
// mistake has hardened it.
bool Session::blocking(std::size_t i) const {
    return objections()[i].blocking || m_hardened[i] > 0;
}

int Session::blocking_open() const {
    int n = 0;
    for (std::size_t i = 0; i < m_objection_open.size(); ++i)
        if (m_objection_open[i] && blocking(i)) ++n;
    return n;
}

std::vector<OpenObjection> Session::open_objections() const {
    std::vector<OpenObjection> out;
    for (std::size_t i = 0; i < m_objection_open.size(); ++i)
        if (m_objection_open[i]) out.push_back(OpenObjection{objections()[i].id, blocking(i)});
    return out;
}

// Brings open objections back as decisions of their own on reaching the close: every open one
// comes back, and a concealed one nobody uncovered surfaces as itself. This is the last chance to
// answer them: a close does not sell while one that blocks the sale stays open.
void Session::queue_open_objections() {
    const std::vector<Objection>& objs = objections();
    for (std::size_t j = 0; j < objs.size(); ++j) {
        if (!objs[j].concealed || m_revealed[j]) continue;
        for (std::size_t k = 0; k < objs.size(); ++k)
            if (objs[k].hidden == objs[j].id && (!objs[k].concealed || m_revealed[k])) {
                m_revealed[j] = true;
                m_objection_open[j] = true;
                m_raised[j] = true;
            }
    }
    for (std::size_t i = 0; i < objs.size(); ++i)
        if (m_objection_open[i] && blocking(i)) m_raise_order.push_back(i);
}

// [SECTION] Answering, checking, closing

// Answering an objection resolves it only when the answer is judged good or best; a weak answer
// leaves it open, and a mistake hardens it (from then on it blocks the sale). A good question may
// bring out the concealed objection behind it next; otherwise, after a concern of any weight, the
// seller may check that it is settled.
Session::Turn Session::answer_objection(std::size_t content_index, const Rule& rule) {
    const std::vector<Objection>& objs = objections();
    const std::size_t oi = m_raise_order.front();
    const Objection& o = objs[oi];
    const Method method = all_methods[content_index];
    const Effects& fx = rule.effects;
    Turn turn;
    turn.next_item = false;
    if (method == Method::Question) ++m_questions_asked;
    if (auto it = o.replies.find(method); it != o.replies.end()) turn.reply = &it->second;
    // A reply written by verdict speaks for the verdict the answer got.
    if (auto by = o.replies_by.find(method); by != o.replies_by.end())
        if (auto v = by->second.find(std::string(to_string(rule.verdict))); v != by->second.end())
            turn.reply = &v->second;
    const bool settled = fx.resolves && (rule.verdict == Verdict::Best || rule.verdict == Verdict::Good);
    if (settled) m_objection_open[oi] = false;
    if (rule.verdict == Verdict::Mistake) m_hardened[oi] = 1;
    m_raise_order.erase(m_raise_order.begin());
    m_announced = npos;
    bool revealed = false;
    if (fx.reveals && !o.hidden.empty()) {
        for (std::size_t j = 0; j < objs.size(); ++j)
            if (objs[j].id == o.hidden && !m_revealed[j]) {
                m_revealed[j] = true;
                m_raise_order.insert(m_raise_order.begin(), j);
                revealed = true;
                break;
            }
    }
    // A rule book written before the check existed has no such move: no check is offered.
    if (!o.trivial && !revealed && m_scenario->rules->offers_check()) m_confirm = oi;
    return turn;
}

// Checking that an answer settled the concern: the buyer says whether it did (the rule's reply).
// One still open stays open and comes back before the close when it blocks the sale.
Session::Turn Session::follow_up(std::size_t /*content_index*/) {
    m_confirm = npos;
    Turn turn;
    turn.next_item = false;
    return turn;
}

// A closing attempt sells only when the buyer was ready before it and still is after it, no
// objection that blocks the sale is open, and the close was not a mistake. A trial close reads the
// buyer and is no attempt. A close judged a mistake costs trust and patience (the rules say how
// much; at no patience left the buyer walks away), and in a scenario that requires no mistaken
// close it ends the meeting at once.
Session::Turn Session::attempt_close(std::size_t content_index, const Rule& rule, const BuyerState& before) {
    const StageContent& sc = m_scenario->stages[m_stage_index];
    const Technique t = all_techniques[content_index];
    const Effects& fx = rule.effects;
    Turn turn;
    turn.next_item = false;
    if (fx.closes) ++m_close_attempts;
    if (fx.resolves_last) {
        const auto open = std::count(m_objection_open.begin(), m_objection_open.end(), true);
        if (open == 1) std::fill(m_objection_open.begin(), m_objection_open.end(), false);
    }
    const int close_at = m_scenario->rubric.close_at;
    const bool mistake = fx.closes && rule.verdict == Verdict::Mistake;
    const bool can = fx.closes && !mistake && blocking_open() == 0;
    const bool success = can && before.readiness >= close_at && m_state.readiness >= close_at;
    if (can) track_close(before.readiness >= close_at, success);
    if (mistake) {
        m_mistake_close = true;
        if (m_scenario->rubric.no_mistake_close) m_ended = true;
    }
    // A scenario's words for a technique are the buyer's yes (for a trial close: the buyer's
    // hesitation); otherwise the rule that judged the close speaks, or the refusal below.
    const bool scripted_fits = t == Technique::Trial ? before.readiness < close_at : success;
    if (!fx.closes || success) {
        if (auto scripted = sc.replies.find(t); scripted != sc.replies.end() && scripted_fits)
            turn.reply = &scripted->second;
    } else if (!mistake) {
        // Only a recording session speaks: a search skips looking the words up.
        const bool open = std::count(m_objection_open.begin(), m_objection_open.end(), true) > 0;
        if (m_record) turn.reply = &engine_text(open ? "narration.refused_open" : "narration.refused");
    }
    // A reply written by outcome says the buyer's yes or no as it happened; else one by verdict.
    if (auto by = sc.replies_by.find(t); by != sc.replies_by.end()) {
        const Text* said = nullptr;
        if (fx.closes) {
            if (auto it = by->second.find(success ? "accepted" : "refused"); it != by->second.end())
                said = &it->second;
        }
        if (said == nullptr)
            if (auto it = by->second.find(std::string(to_string(rule.verdict))); it != by->second.end())
                said = &it->second;
        if (said != nullptr) turn.reply = said;
    }
    if (success) {
        m_sold = true;
        m_raise_order.clear();
    }
    return turn;
}

}  // namespace salesim
