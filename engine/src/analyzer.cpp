// The scenario analyzer: a depth-first search over distinct session states (merged by an exact
// hash table of their keys), then dynamic programming over the merged graph for path counts and
// best and worst scores. The score distribution is in analyzer_distribution.cpp, what is reported
// from a finished search in analyzer_findings.cpp, the two ways a choice is known without
// simulating it (trial-close twins, reused transitions) in analyzer_shortcuts.cpp.
#include "salesim/analyzer.hpp"

#include "analyzer_findings.hpp"
#include "analyzer_search.hpp"

#include <algorithm>
#include <chrono>
#include <stdexcept>
#include <string_view>
#include <utility>

namespace salesim::analysis {
namespace {

Box full_box() {
    Box b{};
    for (std::size_t v = 0; v < 4; ++v) {
        b[2 * v] = -ValueRanges::unbounded;
        b[2 * v + 1] = ValueRanges::unbounded;
    }
    return b;
}

Box point_box(const BuyerState& s) {
    const auto t = static_cast<std::int16_t>(s.trust), i = static_cast<std::int16_t>(s.interest);
    const auto p = static_cast<std::int16_t>(s.patience), r = static_cast<std::int16_t>(s.readiness);
    return Box{t, t, i, i, p, p, r, r};
}

// The values x with clamp(x + delta, 0, 100) in [lo, hi]: an interval, as the map is monotone.
std::pair<int, int> preimage(int lo, int hi, int delta) {
    constexpr int big = ValueRanges::unbounded;
    const int from = lo <= 0 ? -big : lo - delta;
    const int to = hi >= 100 ? big : hi - delta;
    return {std::clamp(from, -big, big), std::clamp(to, -big, big)};
}

}  // namespace

// Every decision point the content defines, in play order, so unreached ones are reported too.
void Search::build_points() {
    auto add_point = [this](Stage stage, DecisionKind kind, std::string ref, SourceLoc loc) {
        DecisionReport d;
        d.stage = stage;
        d.kind = kind;
        d.ref = std::move(ref);
        d.loc = loc;
        m_point_by_ref[static_cast<std::size_t>(kind)].emplace(d.ref, m_out.decisions.size());
        m_out.decisions.push_back(std::move(d));
        m_point_stats.emplace_back();
    };
    for (const StageContent& sc : m_scn->stages) {
        switch (sc.stage) {
            case Stage::Prospecting:
                if (!sc.leads.empty()) add_point(sc.stage, DecisionKind::Lead, "leads", sc.loc);
                break;
            case Stage::Objections:
                for (const Objection& o : sc.objections) {
                    add_point(sc.stage, DecisionKind::Objection, o.id, o.loc);
                    // After an answer to a concern of weight: check it is settled, or go on.
                    if (!o.trivial && m_scn->rules->offers_check())
                        add_point(sc.stage, DecisionKind::Step, confirm_ref(o.id), o.loc);
                }
                break;
            case Stage::Closing:
                add_point(sc.stage, DecisionKind::Close, "close", sc.loc);
                break;
            default:
                for (const Step& st : sc.steps) add_point(sc.stage, DecisionKind::Step, st.id, st.loc);
                break;
        }
    }
}

std::optional<std::size_t> Search::find_point(DecisionKind kind, std::string_view ref) const {
    const auto& points = m_point_by_ref[static_cast<std::size_t>(kind)];
    auto it = points.find(ref);
    if (it == points.end()) return std::nullopt;
    return it->second;
}

std::size_t Search::point_index(const Decision& d) {
    const std::optional<std::size_t> p = find_point(d.kind, d.ref);
    if (!p)
        throw std::logic_error("the session offered decision '" + d.ref +
                               "', which the scenario does not define");
    if (!m_point_stats[*p].mapped) map_options(*p, d);
    return *p;
}

// The options' order is fixed per decision point and seed, so the mapping to content is made once.
void Search::map_options(std::size_t point, const Decision& d) {
    DecisionReport& rep = m_out.decisions[point];
    PointStats& st = m_point_stats[point];
    st.mapped = true;
    const std::size_t n = d.options.size();
    st.differs.assign(n * n, 0);
    const StageContent* sc = m_scn->find_stage(rep.stage);
    std::vector<char> taken;
    if (rep.kind == DecisionKind::Step)
        for (const StageContent& s : m_scn->stages)
            for (const Step& step : s.steps)
                if (step.id == rep.ref) taken.assign(step.options.size(), 0);
    for (std::size_t i = 0; i < n; ++i) {
        const Option& o = d.options[i];
        OptionReport r;
        r.move = o.move;
        r.ref = o.ref;
        r.loc = o.loc;
        r.content = i;
        if (rep.kind == DecisionKind::Lead && sc != nullptr) {
            for (std::size_t j = 0; j < sc->leads.size(); ++j)
                if (sc->leads[j].id == o.ref) r.content = j;
        } else if (rep.kind == DecisionKind::Step) {
            // Options are shuffled; an option's line (and move) identifies it.
            for (const StageContent& s : m_scn->stages)
                for (const Step& step : s.steps) {
                    if (step.id != rep.ref) continue;
                    for (std::size_t j = 0; j < step.options.size(); ++j)
                        if (taken[j] == 0 && step.options[j].move == o.move && step.options[j].loc == o.loc) {
                            taken[j] = 1;
                            r.content = j;
                            break;
                        }
                }
        }
        rep.options.push_back(std::move(r));
    }
}

// The search key: the engine's state key plus the current stage's points and decisions. Finished
// stages are left out: the overall score is a weighted sum of stage values, a stage's value is
// fixed once it is finished (stages are played in order and never revisited), so the future of a
// state (what it can still add to that sum, and how it ends) never depends on them. Ends have no
// future and merge by outcome. Unfolded (a test setting), the key holds every stage's figures.
void Search::make_key(const Session& s, std::string& key, unsigned extra_omit) const {
    const auto& pts = SessionInternals::stage_points(s);
    const auto& cnt = s.stage_decisions();
    if (s.finished()) {
        key.assign(1, '\xff');
        put_varint(key, static_cast<std::uint64_t>(s.outcome()));
        if (!m_opts.fold_finished_stages) {
            for (std::size_t i = 0; i < 7; ++i) {
                put_varint(key, static_cast<std::uint64_t>(static_cast<std::uint32_t>(pts[i])));
                put_varint(key, static_cast<std::uint64_t>(cnt[i]));
            }
        }
        return;
    }
    SessionInternals::state_key_into(s, key, key_omit(s, extra_omit));
    if (!m_opts.fold_finished_stages) {
        for (std::size_t i = 0; i < 7; ++i) {
            put_varint(key, static_cast<std::uint64_t>(static_cast<std::uint32_t>(pts[i])));
            put_varint(key, static_cast<std::uint64_t>(cnt[i]));
        }
        return;
    }
    const auto cur = static_cast<std::size_t>(s.stage());
    put_varint(key, static_cast<std::uint64_t>(static_cast<std::uint32_t>(pts[cur])));
    put_varint(key, static_cast<std::uint64_t>(cnt[cur]));
}

unsigned Search::key_omit(const Session& s, unsigned extra_omit) const {
    unsigned omit = extra_omit | (m_opts.omit_unread ? m_omit[static_cast<std::size_t>(s.stage())] : 0u);
    if (m_opts.merge_value_ranges) omit |= OmitTrust | OmitInterest | OmitPatience | OmitReadiness;
    if (m_fold_loose) omit |= FoldLooseOpen;
    return omit;
}

// The weighted values of the stages a session has finished (all of them once it has ended), in
// the units of the overall score's numerator: Σ weight × round(points / decisions).
std::int64_t Search::banked(const Session& s) const {
    const auto& pts = SessionInternals::stage_points(s);
    const auto& cnt = s.stage_decisions();
    const std::size_t upto = s.finished() ? 7 : static_cast<std::size_t>(s.stage());
    std::int64_t sum = 0;
    for (std::size_t i = 0; i < upto; ++i) {
        const int n = cnt[i];
        if (n == 0 || m_weight[i] == 0) continue;
        const int value = (pts[i] + n / 2) / n;
        sum += static_cast<std::int64_t>(m_weight[i]) * value;
    }
    return sum;
}

// The overall score from the weighted sum, as Session::score() rounds it.
int Search::overall(std::int64_t weighted) const {
    return m_weight_sum == 0 ? 0 : static_cast<int>((weighted + m_weight_sum / 2) / m_weight_sum);
}

bool Search::passes(std::size_t slot, int score) const {
    return m_pass_outcome[slot] && score >= m_scn->rubric.pass;
}

std::uint32_t Search::visit(const Session& child, std::uint32_t from, std::size_t choice, bool& is_new) {
    make_key(child, m_key);
    const auto [key_id, new_key] = m_table.insert(m_key);
    if (new_key) {
        m_key_head.push_back(no_node);
    } else if (!m_opts.merge_value_ranges) {
        is_new = false;
        return m_key_head[key_id];
    } else {
        for (std::uint32_t n = m_key_head[key_id]; n != no_node; n = m_nodes.next_same_key[n])
            if (box_contains(m_nodes.box[n], child.buyer())) {
                is_new = false;
                return n;
            }
    }
    is_new = true;
    const std::uint32_t id = m_nodes.add(from, choice);
    m_nodes.next_same_key[id] = m_key_head[key_id];
    m_key_head[key_id] = id;
    // Ends and dead ends have no future: any values. Others stand for their own values until
    // close_frame() knows their future (or for good, when max_states stops the search there).
    const bool no_future = child.finished() || child.current().options.empty();
    m_nodes.box[id] = no_future ? full_box() : point_box(child.buyer());
    if (child.finished()) {
        const std::size_t slot = outcome_slot(child.outcome());
        m_nodes.outcome[id] = static_cast<std::uint8_t>(child.outcome());
        m_nodes.paths[id][slot] = 1;
        m_nodes.best[id][slot] = m_nodes.worst[id][slot] = 0;
        m_post_order.push_back(id);
        return id;
    }
    SessionInternals::state_key_into(child, m_engine_key, 0);
    m_visit_engine = m_engine_keys.insert(m_engine_key).first;
    if (child.current().options.empty()) {
        m_dead.push_back(id);
        m_post_order.push_back(id);
    }
    return id;
}

void Search::push(std::size_t depth, std::uint32_t node, std::uint32_t engine) {
    const Session& s = m_sessions[depth];
    const Decision& d = s.current();
    const std::size_t point = point_index(d);
    m_out.decisions[point].states += 1;
    if (d.kind == DecisionKind::Objection && s.situation().objection_need_found)
        m_out.decisions[point].need_found_somewhere = true;
    const std::size_t n = d.options.size();
    std::size_t trial = n;
    if (m_trial_twins)
        for (std::size_t i = 0; i < n; ++i)
            if (d.options[i].move == to_string(Technique::Trial)) trial = i;
    const std::size_t base = m_child_stack.size();
    m_child_stack.resize(base + n, no_node);
    m_gain_stack.resize(base + n);
    m_verdict_stack.resize(base + n);
    m_tests_stack.resize(base + n);
    // The first state with this engine state simulates every choice and keeps what each did; the
    // next ones reuse that once it is complete.
    std::uint32_t memo = no_node;
    bool recording = false;
    if (m_opts.reuse_transitions && m_opts.fold_finished_stages) {
        if (m_trans_base.size() <= engine) {
            m_trans_base.resize(engine + 1, no_node);
            m_trans_complete.resize(engine + 1, 0);
        }
        if (m_trans_base[engine] == no_node) {
            m_trans_base[engine] = static_cast<std::uint32_t>(m_trans.size());
            m_trans.resize(m_trans.size() + n);
            recording = true;
        }
        if (recording || m_trans_complete[engine] != 0) memo = m_trans_base[engine];
    }
    m_stack.push_back(Frame{node, point, n, 0, trial, 0, base, banked(s), engine, memo, recording});
}

void Search::run() {
    // Room for a typical scenario's graph up front: reserved memory is only paid for once used,
    // and growing by copying would touch every page twice.
    m_nodes.reserve(std::min<std::size_t>(m_opts.max_states, 1u << 18));
    m_edges.reserve(1u << 21);
    m_gains.reserve(1u << 21);
    m_post_order.reserve(1u << 18);
    if (m_opts.reuse_transitions) {
        m_trans.reserve(1u << 19);
        m_trans_bytes.reserve(1u << 24);
    }
    m_sessions.reserve(64);
    m_sessions.emplace_back(m_scn, m_opts.seed, false);
    SessionInternals::track_tests(m_sessions[0], &m_tested);
    bool is_new = false;
    visit(m_sessions[0], no_node, 0, is_new);
    if (m_sessions[0].finished() || m_sessions[0].current().options.empty()) return;
    m_stack.reserve(64);
    push(0, 0, m_visit_engine);
    std::uint32_t until_check = 0;
    while (!m_stack.empty()) {
        if (until_check-- == 0) {
            until_check = 4096;
            if (over_budget()) return;
            if (m_opts.progress) report_progress();
        }
        const std::size_t depth = m_stack.size() - 1;
        Frame& top = m_stack.back();
        if (top.next == top.options) {
            close_frame(depth);
            if (top.recording) m_trans_complete[top.engine] = 1;
            m_child_stack.resize(top.child_base);
            m_gain_stack.resize(top.child_base);
            m_verdict_stack.resize(top.child_base);
            m_tests_stack.resize(top.child_base);
            m_stack.pop_back();
            continue;
        }
        const std::size_t choice = top.choice(top.next++);
        top.chosen = choice;
        const std::size_t slot = top.child_base + choice;
        const std::uint32_t from = top.node;
        const std::int64_t before = top.banked;
        if (top.memo != no_node && !top.recording && reuse_transition(top, m_sessions[depth], choice, slot)) {
            note_found(depth, choice, m_child_stack[slot], before + m_gain_stack[slot]);
            continue;
        }
        if (m_sessions.size() <= depth + 1) {
            Session copy = m_sessions[depth];
            m_sessions.push_back(std::move(copy));
        } else {
            m_sessions[depth + 1] = m_sessions[depth];
        }
        Session& child = m_sessions[depth + 1];
        const DecisionRecord& rec = child.choose(choice);
        ++m_out.transitions;
        m_verdict_stack[slot] = static_cast<std::uint8_t>(rec.verdict);
        const Rule& rule = *rec.rule;  // choose() throws when no rule judges a choice
        const Effects& fx = rule.effects;
        m_tests_stack[slot] = EdgeTests{m_tested, {fx.trust, fx.interest, fx.patience, fx.readiness}};
        check_close(child, rec, depth, choice);
        const auto ri = static_cast<std::size_t>(&rule - m_scn->rules->rules.data());
        if (ri < m_rule_used.size()) m_rule_used[ri] = 1;
        m_gain_stack[slot] = static_cast<std::int32_t>(banked(child) - before);
        if (top.recording) record_transition(top, m_sessions[depth], child, rec, slot);
        const std::uint32_t id = visit(child, from, choice, is_new);
        m_child_stack[slot] = id;
        if (!is_new || child.finished()) note_found(depth, choice, id, before + m_gain_stack[slot]);
        if (!is_new || child.finished() || child.current().options.empty()) continue;
        if (choice == top.trial && trial_twin(m_sessions[depth], child)) {
            close_twin(top, id);
            continue;
        }
        if (m_nodes.size() >= m_opts.max_states) {
            m_end = SearchEnd::StateLimit;
            return;
        }
        push(depth + 1, id, m_visit_engine);
    }
}

// The share of the decision tree behind the search: a frame's options split its share equally, the
// options it has finished are done (with everything below them), and the one being explored counts
// through the frame above it. Merged states make the tree's share grow slowly at first and fast at
// the end, so the share of a budget used counts when it is larger: the search ends when one runs
// out. Recomputed each time; rounding never makes it go back.
void Search::report_progress() {
    double done = 0;
    double share = 1;
    for (std::size_t i = 0; i < m_stack.size(); ++i) {
        const Frame& f = m_stack[i];
        share /= static_cast<double>(std::max<std::size_t>(f.options, 1));
        const std::size_t finished = i + 1 < m_stack.size() && f.next > 0 ? f.next - 1 : f.next;
        done += share * static_cast<double>(finished);
    }
    if (m_deadline) {
        const double left =
            std::chrono::duration<double>(*m_deadline - std::chrono::steady_clock::now()).count();
        done = std::max(done, 1.0 - left / m_opts.time_limit);
    }
    if (m_opts.max_memory > 0)
        done = std::max(done, static_cast<double>(m_memory) / static_cast<double>(m_opts.max_memory));
    if (m_opts.max_states > 0)
        done = std::max(done, static_cast<double>(m_nodes.size()) / static_cast<double>(m_opts.max_states));
    m_done = std::clamp(done, m_done, 1.0);
    m_opts.progress(AnalyzeProgress{m_nodes.size(), m_done});
}

// The closing rules the engine keeps, checked on every close the search makes: they hold by
// construction unless a scenario's own rules undo a gate.
void Search::check_close(const Session& child, const DecisionRecord& rec, std::size_t depth,
                         std::size_t choice) {
    if (rec.kind != DecisionKind::Close || rec.rule == nullptr || !rec.rule->effects.closes) return;
    bool breach = false;
    if (rec.verdict <= Verdict::Good && rec.before.readiness < m_scn->rubric.close_at &&
        m_out.unready_close_rule.empty()) {
        m_out.unready_close_rule = rec.rule->id;
        breach = true;
    }
    if (child.sold() && !m_sessions[depth].sold()) {
        for (const OpenObjection& o : child.open_objections())
            if (o.blocking && !m_out.sale_with_blocking_open) m_out.sale_with_blocking_open = breach = true;
        if (rec.verdict == Verdict::Mistake && !m_out.sale_on_mistake) m_out.sale_on_mistake = breach = true;
    }
    if (breach && !m_out.close_breach_example) {
        std::vector<std::size_t> path;
        for (std::size_t i = 0; i < depth; ++i) path.push_back(m_stack[i].chosen);
        path.push_back(choice);
        m_out.close_breach_example = replay(path);
    }
}

// All of a node's children are final (the graph is acyclic: every choice adds a decision to the
// current stage or moves to a later one), so its best, worst and path counts are final too.
void Search::close_frame(std::size_t frame_index) {
    const Frame& f = m_stack[frame_index];
    const std::size_t n = f.options;
    const std::uint32_t* kids = m_child_stack.data() + f.child_base;
    const std::int32_t* gains = m_gain_stack.data() + f.child_base;
    const std::uint8_t* verdicts = m_verdict_stack.data() + f.child_base;
    settle(f.node, n, kids, gains, m_tests_stack.data() + f.child_base);
    // The report lists the options as first offered; a decision offered again with fewer (after a
    // trial close, without it) maps its options onto those, in order.
    const std::vector<OptionReport>& listed = m_out.decisions[f.point].options;
    const std::vector<Option>& offered = m_sessions[frame_index].current().options;
    m_report_index.assign(n, npos);
    for (std::size_t i = 0, j = 0; i < n && i < offered.size(); ++i) {
        while (j < listed.size() && (listed[j].move != offered[i].move || listed[j].ref != offered[i].ref))
            ++j;
        if (j == listed.size()) break;
        m_report_index[i] = j++;
    }
    learn(f.point, n, kids, gains, verdicts, m_report_index.data());
}

// What the decision point learns from a state: the verdicts its options get, which are the best
// there, and which lead apart. Two options differ when they lead to different states or bank
// different stage values on the way (a stage's last decision). Option `hidden` was not offered.
void Search::learn(std::size_t point, std::size_t n, const std::uint32_t* kids, const std::int32_t* gains,
                   const std::uint8_t* verdicts, const std::size_t* report_index) {
    DecisionReport& rep = m_out.decisions[point];
    PointStats& st = m_point_stats[point];
    const std::size_t k = rep.options.size();
    std::uint8_t top = 255;
    for (std::size_t i = 0; i < n; ++i)
        if (report_index[i] != npos) top = std::min(top, verdicts[i]);
    bool some_best = false;
    for (std::size_t i = 0; i < n; ++i) {
        const std::size_t a = report_index[i];
        if (a == npos) continue;
        rep.options[a].verdicts |= 1u << verdicts[i];
        if (verdicts[i] == top) rep.options[a].best_somewhere = true;
        if (verdicts[i] == static_cast<std::uint8_t>(Verdict::Best)) {
            ++rep.options[a].best_states;
            some_best = some_best || rep.options[a].move != to_string(Technique::Trial);
        }
        for (std::size_t j = i + 1; j < n; ++j) {
            const std::size_t b = report_index[j];
            if (b != npos && (kids[i] != kids[j] || gains[i] != gains[j]))
                st.differs[std::min(a, b) * k + std::max(a, b)] = 1;
        }
    }
    if (some_best) ++rep.best_states;
}

// A node's edges, its best, worst and path counts, and the values it stands for, once the futures
// of its children are known.
void Search::settle(std::uint32_t node, std::size_t n, const std::uint32_t* kids, const std::int32_t* gains,
                    const EdgeTests* tests) {
    m_nodes.edge_begin[node] = m_edges.size();
    m_nodes.edge_count[node] = static_cast<std::uint16_t>(n);
    m_edges.insert(m_edges.end(), kids, kids + n);
    m_gains.insert(m_gains.end(), gains, gains + n);
    PerOutcome32 best{}, worst{};
    PerOutcome16 best_choice{}, worst_choice{};
    PerOutcomeD paths{};
    for (std::size_t i = 0; i < n; ++i) {
        const std::uint32_t k = kids[i];
        for (std::size_t o = 0; o < outcome_count; ++o) {
            if (!(m_nodes.paths[k][o] > 0)) continue;
            const std::int32_t b = gains[i] + m_nodes.best[k][o];
            const std::int32_t w = gains[i] + m_nodes.worst[k][o];
            const bool first = !(paths[o] > 0);
            if (first || b > best[o]) {
                best[o] = b;
                best_choice[o] = static_cast<std::uint16_t>(i);
            }
            if (first || w < worst[o]) {
                worst[o] = w;
                worst_choice[o] = static_cast<std::uint16_t>(i);
            }
            paths[o] += m_nodes.paths[k][o];
        }
    }
    m_nodes.best[node] = best;
    m_nodes.worst[node] = worst;
    m_nodes.best_choice[node] = best_choice;
    m_nodes.worst_choice[node] = worst_choice;
    m_nodes.paths[node] = paths;
    m_post_order.push_back(node);

    // The values this node stands for from now on: those for which every choice here tests the
    // same (so takes the same rule, effects and turn) and lands in the range its child stands for.
    if (m_opts.merge_value_ranges) {
        ValueRanges r;
        for (std::size_t i = 0; i < n; ++i) {
            r.keep(tests[i].tested.before);
            const Box& kid = m_nodes.box[kids[i]];
            for (std::size_t v = 0; v < 4; ++v) {
                const auto var = static_cast<ValueRanges::Var>(v);
                const int lo = std::max<int>(kid[2 * v], tests[i].tested.after.lo[v]);
                const int hi = std::min<int>(kid[2 * v + 1], tests[i].tested.after.hi[v]);
                const auto [from, to] = preimage(lo, hi, tests[i].delta[v]);
                r.keep(var, from, to);
            }
        }
        Box& b = m_nodes.box[node];
        for (std::size_t v = 0; v < 4; ++v) {
            b[2 * v] = static_cast<std::int16_t>(r.lo[v]);
            b[2 * v + 1] = static_cast<std::int16_t>(r.hi[v]);
        }
    }
}

// Marks the options on the reported best and worst paths.
void Search::mark_paths() {
    Analysis& a = m_out;
    for (int which = 0; which < 2; ++which) {
        const std::optional<AnalyzedPath>& p = which == 0 ? a.best : a.worst;
        if (!p) continue;
        Session s(m_scn, m_opts.seed, false);
        for (std::size_t c : p->choices) {
            const Decision& d = s.current();
            const std::optional<std::size_t> point = find_point(d.kind, d.ref);
            if (point && c - 1 < a.decisions[*point].options.size()) {
                OptionReport& o = a.decisions[*point].options[c - 1];
                (which == 0 ? o.on_best_path : o.on_worst_path) = true;
            }
            s.choose(c - 1);
        }
    }
}

AnalyzedPath Search::replay(const std::vector<std::size_t>& choices_0) const {
    AnalyzedPath p;
    Session s(m_scn, m_opts.seed, false);
    for (std::size_t c : choices_0) {
        const Option& o = s.current().options.at(c);
        p.moves.push_back(o.move == "lead" ? "lead:" + o.ref : o.move);
        p.choices.push_back(c + 1);
        s.choose(c);
    }
    p.outcome = s.outcome();
    if (s.finished()) {
        const ScoreCard card = s.score();
        p.score = card.overall;
        p.passed = card.passed;
    }
    return p;
}

std::vector<std::size_t> Search::path_to(std::uint32_t node) const {
    std::vector<std::size_t> out;
    while (m_nodes.parent[node] != no_node) {
        out.push_back(m_nodes.parent_choice[node]);
        node = m_nodes.parent[node];
    }
    std::reverse(out.begin(), out.end());
    return out;
}

// The path from `from` (the start) that reaches the highest (lowest) weighted sum among the ends
// with the outcome in `slot`; ties go to the lowest option.
std::vector<std::size_t> Search::follow(bool best, std::size_t slot, std::uint32_t from) const {
    std::vector<std::size_t> out;
    std::uint32_t node = from;
    while (m_nodes.edge_count[node] > 0) {
        const std::size_t c = best ? m_nodes.best_choice[node][slot] : m_nodes.worst_choice[node][slot];
        out.push_back(c);
        node = m_edges[m_nodes.edge_begin[node] + c];
    }
    return out;
}

void Search::finish() {
    Analysis& a = m_out;
    const std::size_t n = m_nodes.size();
    a.states = n;
    a.engine_keys = m_engine_keys.size();
    a.dead_ends = m_dead.size();
    a.end = m_end;
    std::size_t largest = 0;
    a.memory = std::max(m_memory, memory_bytes(largest));
    if (m_end == SearchEnd::Stopped) {
        a.complete = false;
        add_finding(a, FindingLevel::Error, "stopped", "", {},
                    "the search was stopped before it finished; nothing is known");
        return;
    }
    if (m_end != SearchEnd::Finished) {
        finish_bounded();
        return;
    }
    if (!m_dead.empty()) a.dead_end_example = replay(path_to(m_dead.front()));
    for (std::size_t i = 0; i < n; ++i)
        if (m_nodes.outcome[i] != static_cast<std::uint8_t>(Outcome::InProgress)) a.end_states += 1;
    if (n == 0) return;

    // Nodes cut off by max_states have no edges and no paths; they count as reached but unexplored.
    const PerOutcomeD& root = m_nodes.paths[0];
    a.sale_paths = root[outcome_slot(Outcome::Sale)];
    a.no_sale_paths = root[outcome_slot(Outcome::NoSale)];
    a.walk_away_paths = root[outcome_slot(Outcome::WalkedAway)];
    a.paths = a.sale_paths + a.no_sale_paths + a.walk_away_paths;
    a.sale_reachable = a.sale_paths > 0;
    a.no_sale_reachable = a.no_sale_paths > 0;
    a.walk_away_reachable = a.walk_away_paths > 0;

    // Best and worst: per outcome the highest and lowest weighted sums are exact, and pass is
    // decided per outcome, so ranking the outcomes' extremes gives the exact best and worst.
    std::optional<std::size_t> best_slot, worst_slot;
    int best_rank = -1, worst_rank = 1000;
    for (std::size_t o = 0; o < outcome_count; ++o) {
        if (!(root[o] > 0)) continue;
        const int hi = overall(m_nodes.best[0][o]);
        const int lo = overall(m_nodes.worst[0][o]);
        if (passes(o, hi)) a.pass_reachable = true;
        const int hi_rank = hi * 2 + (passes(o, hi) ? 1 : 0);
        const int lo_rank = lo * 2 + (passes(o, lo) ? 1 : 0);
        if (hi_rank > best_rank) {
            best_rank = hi_rank;
            best_slot = o;
        }
        if (lo_rank < worst_rank) {
            worst_rank = lo_rank;
            worst_slot = o;
        }
    }

    if (a.paths > 0) {
        if (!(a.complete && n <= m_opts.exact_distribution_max_states && exact_distribution())) {
            a.score_paths = {};
            a.passed_paths = 0;
            sampled_distribution();
        }
    }

    if (best_slot && worst_slot) {
        a.best = replay(follow(true, *best_slot));
        a.worst = replay(follow(false, *worst_slot));
        a.best_bound = a.best->score;
        mark_paths();
    }

    // Groups of options that never made a difference, per decision point.
    for (std::size_t p = 0; p < a.decisions.size(); ++p) {
        DecisionReport& rep = a.decisions[p];
        const PointStats& st = m_point_stats[p];
        const std::size_t k = rep.options.size();
        if (rep.states == 0 || k < 2) continue;
        std::vector<char> grouped(k, 0);
        for (std::size_t i = 0; i < k; ++i) {
            if (grouped[i] != 0) continue;
            std::vector<std::size_t> group{i};
            for (std::size_t j = i + 1; j < k; ++j)
                if (grouped[j] == 0 && st.differs[i * k + j] == 0) {
                    group.push_back(j);
                    grouped[j] = 1;
                }
            if (group.size() > 1) rep.same_effect.push_back(std::move(group));
        }
    }
    report_findings(a, *m_scn, m_rule_used);
}

}  // namespace salesim::analysis

namespace salesim {

Analysis analyze(std::shared_ptr<const Scenario> scenario, const AnalyzeOptions& opts) {
    if (!scenario) throw std::logic_error("analyze needs a scenario");
    const auto start = std::chrono::steady_clock::now();
    Analysis a;
    a.scenario_id = scenario->id;
    a.path = scenario->path;
    a.seed = opts.seed;
    analysis::Search search(scenario, opts, a);
    search.run();
    search.finish();
    a.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (opts.progress) opts.progress(AnalyzeProgress{a.states, 1.0});
    return a;
}

}  // namespace salesim
