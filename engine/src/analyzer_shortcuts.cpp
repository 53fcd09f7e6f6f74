// Choices the search knows without simulating them: the state after a trial close that changed
// nothing (its future is its parent's other choices'), and a choice already made from the same
// engine state (what it did is kept and looked up). Both answer exactly as simulating would; the
// analyzer tests compare them with the search that simulates every choice.
#include "analyzer_search.hpp"

namespace salesim::analysis {

// What banked() gains when a choice that adds `points` to the stage at hand (counting in its mean
// when `scored`) ends that stage: its weighted value, as banked() rounds it.
std::int32_t Search::stage_gain(const Session& s, int points, int scored) const {
    const auto cur = static_cast<std::size_t>(s.stage());
    const int n = s.stage_decisions()[cur] + scored;
    if (n == 0 || m_weight[cur] == 0) return 0;
    const int value = (SessionInternals::stage_points(s)[cur] + points + n / 2) / n;
    return m_weight[cur] * value;
}

// Keeps what a simulated choice did, for the states that share its parent's engine state.
void Search::record_transition(const Frame& f, const Session& parent, const Session& child,
                               const DecisionRecord& rec, std::size_t slot) {
    Transition& t = m_trans[f.memo + (slot - f.child_base)];
    const BuyerState& b = child.buyer();
    t.values = {static_cast<std::uint8_t>(b.trust), static_cast<std::uint8_t>(b.interest),
                static_cast<std::uint8_t>(b.patience), static_cast<std::uint8_t>(b.readiness)};
    const EdgeTests& e = m_tests_stack[slot];
    for (std::size_t v = 0; v < 4; ++v) {
        t.before[2 * v] = static_cast<std::int16_t>(e.tested.before.lo[v]);
        t.before[2 * v + 1] = static_cast<std::int16_t>(e.tested.before.hi[v]);
        t.after[2 * v] = static_cast<std::int16_t>(e.tested.after.lo[v]);
        t.after[2 * v + 1] = static_cast<std::int16_t>(e.tested.after.hi[v]);
        t.delta[v] = static_cast<std::int16_t>(e.delta[v]);
    }
    t.scored = rec.scored ? 1 : 0;
    t.points = static_cast<std::int16_t>(rec.scored ? rec.points : 0);
    t.verdict = static_cast<std::uint8_t>(rec.verdict);
    t.lands = child.finished()                  ? Lands::End
              : child.stage() != parent.stage() ? Lands::LaterStage
                                                : Lands::SameStage;
    if (t.lands == Lands::SameStage)
        SessionInternals::state_key_into(child, m_key, key_omit(child, 0));
    else
        make_key(child, m_key);
    t.key_off = static_cast<std::uint32_t>(m_trans_bytes.size());
    t.key_len = static_cast<std::uint32_t>(m_key.size());
    m_trans_bytes.insert(m_trans_bytes.end(), m_key.begin(), m_key.end());
}

// A choice taken as its engine state's first state took it: true when it leads to a state the
// search already has (else it is simulated, as it leads somewhere new).
bool Search::reuse_transition(Frame& f, const Session& parent, std::size_t choice, std::size_t slot) {
    const Transition& t = m_trans[f.memo + choice];
    m_key.assign(m_trans_bytes.data() + t.key_off, t.key_len);
    if (t.lands == Lands::SameStage) {
        const auto cur = static_cast<std::size_t>(parent.stage());
        const int pts = SessionInternals::stage_points(parent)[cur] + t.points;
        put_varint(m_key, static_cast<std::uint64_t>(static_cast<std::uint32_t>(pts)));
        put_varint(m_key, static_cast<std::uint64_t>(parent.stage_decisions()[cur] + t.scored));
    }
    const std::uint32_t key_id = m_table.find(m_key);
    if (key_id == no_node) return false;
    std::uint32_t node = m_key_head[key_id];
    if (m_opts.merge_value_ranges) {
        const BuyerState after{t.values[0], t.values[1], t.values[2], t.values[3]};
        while (node != no_node && !box_contains(m_nodes.box[node], after)) node = m_nodes.next_same_key[node];
        if (node == no_node) return false;
    }
    m_child_stack[slot] = node;
    m_verdict_stack[slot] = t.verdict;
    EdgeTests& e = m_tests_stack[slot];
    for (std::size_t v = 0; v < 4; ++v) {
        e.tested.before.lo[v] = t.before[2 * v];
        e.tested.before.hi[v] = t.before[2 * v + 1];
        e.tested.after.lo[v] = t.after[2 * v];
        e.tested.after.hi[v] = t.after[2 * v + 1];
        e.delta[v] = t.delta[v];
    }
    m_gain_stack[slot] = t.lands == Lands::SameStage ? 0 : stage_gain(parent, t.points, t.scored);
    return true;
}

// After a trial close the buyer is read and the decision stays: the session is its parent's but
// for the flag that keeps the trial close from being offered again at once. When that is all that
// differs (the same key without the flag, the same buyer values, the same options less the trial
// close, in order), each of its options leads where the parent's same option led, so its future
// is the parent's other children's, known by now as the trial close is tried last.
bool Search::trial_twin(const Session& parent, const Session& child) {
    if (!(child.buyer() == parent.buyer())) return false;
    const std::vector<Option>& mine = parent.current().options;
    const std::vector<Option>& theirs = child.current().options;
    if (theirs.size() + 1 != mine.size()) return false;
    for (std::size_t i = 0, j = 0; i < mine.size(); ++i) {
        if (mine[i].move == to_string(Technique::Trial)) continue;
        if (theirs[j].move != mine[i].move || theirs[j].ref != mine[i].ref) return false;
        ++j;
    }
    make_key(parent, m_twin_key, OmitLastTrial);
    make_key(child, m_key, OmitLastTrial);
    return m_key == m_twin_key;
}

void Search::close_twin(const Frame& f, std::uint32_t node) {
    m_twin_kids.clear();
    m_twin_gains.clear();
    m_twin_tests.clear();
    for (std::size_t i = 0; i < f.options; ++i) {
        if (i == f.trial) continue;
        m_twin_kids.push_back(m_child_stack[f.child_base + i]);
        m_twin_gains.push_back(m_gain_stack[f.child_base + i]);
        m_twin_tests.push_back(m_tests_stack[f.child_base + i]);
    }
    settle(node, m_twin_kids.size(), m_twin_kids.data(), m_twin_gains.data(), m_twin_tests.data());
    // The state is one more at this decision point; its options are the parent's, less one.
    m_out.decisions[f.point].states += 1;
    m_report_index.assign(f.options, npos);
    for (std::size_t i = 0; i < f.options && i < m_out.decisions[f.point].options.size(); ++i)
        if (i != f.trial) m_report_index[i] = i;
    learn(f.point, f.options, m_child_stack.data() + f.child_base, m_gain_stack.data() + f.child_base,
          m_verdict_stack.data() + f.child_base, m_report_index.data());
}

}  // namespace salesim::analysis
