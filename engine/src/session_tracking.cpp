// What the analyzer sees of a session: its state key (whole, or without the parts nothing ahead
// reads) and the ranges of buyer values over which each choice would have turned out the same.
#include "session_internal.hpp"

#include <algorithm>
#include <string>
#include <vector>

namespace salesim {

std::string Session::state_key() const {
    std::string key;
    state_key_into(key, 0);
    return key;
}

void Session::state_key_into(std::string& key, unsigned omit) const {
    key.clear();
    auto put = [&key](std::size_t v) {
        do {
            key.push_back(static_cast<char>(v & 0x7f) | (v > 0x7f ? '\x80' : '\0'));
            v >>= 7;
        } while (v != 0);
    };
    put(static_cast<std::size_t>(m_outcome));
    put(m_stage_index);
    put(m_item);
    put(m_raise_order.size());
    for (std::size_t i : m_raise_order) put(i);
    if ((omit & OmitCloseAttempts) == 0) put(static_cast<std::size_t>(m_close_attempts));
    put(m_sold ? 1 : 0);
    if ((omit & OmitTrust) == 0) put(static_cast<std::size_t>(m_state.trust));
    if ((omit & OmitInterest) == 0) put(static_cast<std::size_t>(m_state.interest));
    if ((omit & OmitPatience) == 0) put(static_cast<std::size_t>(m_state.patience));
    if ((omit & OmitReadiness) == 0) put(static_cast<std::size_t>(m_state.readiness));
    if ((omit & OmitQuestions) == 0) put(static_cast<std::size_t>(m_questions_asked));
    auto bits = [&put](const std::vector<bool>& v) {
        std::size_t word = 0;
        std::size_t n = 0;
        for (bool b : v) {
            word = (word << 1) | (b ? 1u : 0u);
            if (++n == 60) {
                put(word);
                word = 0;
                n = 0;
            }
        }
        put(word);
    };
    if ((omit & OmitNeeds) == 0) bits(m_needs_found);
    if ((omit & OmitOpen) == 0 && (omit & FoldLooseOpen) == 0) bits(m_objection_open);
    if ((omit & OmitOpen) == 0 && (omit & FoldLooseOpen) != 0) {
        std::size_t word = 0, n = 0, loose = 0;
        for (std::size_t i = 0; i < m_objection_open.size(); ++i) {
            bool named = m_objection_open[i];
            if (named && !blocking(i) && i != m_confirm &&
                std::find(m_raise_order.begin(), m_raise_order.end(), i) == m_raise_order.end()) {
                named = false;
                ++loose;
            }
            word = (word << 1) | (named ? 1u : 0u);
            if (++n == 60) {
                put(word);
                word = 0;
                n = 0;
            }
        }
        put(word);
        put(loose);
    }
    if ((omit & OmitRevealed) == 0) bits(m_revealed);
    // The objection life-cycle and the closing history: small, and read by what follows.
    // Whether an objection was answered with a mistake matters only while it is open.
    for (std::size_t i = 0; i < m_hardened.size(); ++i)
        if (m_objection_open[i] && m_hardened[i] > 0) put(i + 1);
    put(0);
    put(m_confirm == npos ? 0 : m_confirm + 1);
    if ((omit & OmitLastTrial) == 0) put(m_last_trial ? 1 : 0);
    if (m_scenario->rubric.no_mistake_close) put(m_mistake_close ? 1 : 0);
    if (!m_scenario->rules->taken_moves.empty()) put(static_cast<std::size_t>(m_taken));
}

// [SECTION] Tracking what a choice tested

void Session::track_begin() {
    if (m_tested == nullptr) return;
    m_tested->before.clear();
    m_tested->after.clear();
}

// A close that may sell tests readiness before its effects (was the buyer ready?) and, when that
// held, after them (still ready?).
void Session::track_close(bool was_ready, bool success) {
    if (m_tested == nullptr) return;
    constexpr int big = ValueRanges::unbounded;
    const int close_at = m_scenario->rubric.close_at;
    if (!was_ready) {
        m_tested->before.keep(ValueRanges::Readiness, -big, close_at - 1);
        return;
    }
    m_tested->before.keep(ValueRanges::Readiness, close_at, big);
    if (success)
        m_tested->after.keep(ValueRanges::Readiness, close_at, big);
    else
        m_tested->after.keep(ValueRanges::Readiness, -big, close_at - 1);
}

// The buyer walks away exactly when patience is at 0 or below after the effects.
void Session::track_patience() {
    if (m_tested == nullptr) return;
    constexpr int big = ValueRanges::unbounded;
    if (m_state.patience <= 0)
        m_tested->after.keep(ValueRanges::Patience, -big, 0);
    else
        m_tested->after.keep(ValueRanges::Patience, 1, big);
}

}  // namespace salesim
