// The scenario analyzer: a depth-first search over distinct session states (merged by an exact
// hash table of their keys), then dynamic programming over the merged graph for path counts,
// best and worst scores and the score distribution, and a pass over the content for what the
// search never reached.
#include "salesim/analyzer.hpp"

#include <algorithm>
#include <chrono>
#include <cstring>
#include <map>
#include <stdexcept>
#include <string_view>
#include <utility>

namespace salesim {
namespace {

// [SECTION] An exact hash table of keys: node ids by key bytes, keys stored once in an arena.

std::uint64_t hash_bytes(std::string_view s) {
    std::uint64_t h = 0x9E3779B97F4A7C15ull ^ (s.size() * 0xff51afd7ed558ccdull);
    std::size_t i = 0;
    for (; i + 8 <= s.size(); i += 8) {
        std::uint64_t w = 0;
        std::memcpy(&w, s.data() + i, 8);
        h = (h ^ w) * 0xbf58476d1ce4e5b9ull;
        h ^= h >> 31;
    }
    std::uint64_t tail = 0;
    std::memcpy(&tail, s.data() + i, s.size() - i);
    h = (h ^ tail) * 0x94d049bb133111ebull;
    h ^= h >> 29;
    h *= 0xbf58476d1ce4e5b9ull;
    return h ^ (h >> 32);
}

class KeyTable {
public:
    KeyTable() { m_slots.assign(1u << 12, 0); }
    KeyTable(const KeyTable&) = delete;
    KeyTable& operator=(const KeyTable&) = delete;

    std::size_t size() const { return m_entries.size(); }

    /// The id of `key`, inserting it with the next id when absent; second is true when inserted.
    std::pair<std::uint32_t, bool> insert(std::string_view key) {
        const std::uint64_t h = hash_bytes(key);
        const std::uint64_t tag = h & 0xffffffff00000000ull;
        const std::size_t mask = m_slots.size() - 1;
        std::size_t i = static_cast<std::size_t>(h) & mask;
        while (m_slots[i] != 0) {
            if ((m_slots[i] & 0xffffffff00000000ull) == tag) {
                const auto id = static_cast<std::uint32_t>((m_slots[i] & 0xffffffffu) - 1);
                const Entry& e = m_entries[id];
                if (e.len == key.size() && std::memcmp(m_bytes.data() + e.off, key.data(), e.len) == 0)
                    return {id, false};
            }
            i = (i + 1) & mask;
        }
        const auto id = static_cast<std::uint32_t>(m_entries.size());
        m_entries.push_back(Entry{h, m_bytes.size(), static_cast<std::uint32_t>(key.size())});
        m_bytes.insert(m_bytes.end(), key.begin(), key.end());
        m_slots[i] = tag | (static_cast<std::uint64_t>(id) + 1);
        if (m_entries.size() * 2 > m_slots.size()) grow();
        return {id, true};
    }

private:
    struct Entry {
        std::uint64_t hash;
        std::size_t off;
        std::uint32_t len;
    };

    void grow() {
        std::vector<std::uint64_t> slots(m_slots.size() * 2, 0);
        const std::size_t mask = slots.size() - 1;
        for (std::size_t id = 0; id < m_entries.size(); ++id) {
            const std::uint64_t h = m_entries[id].hash;
            std::size_t i = static_cast<std::size_t>(h) & mask;
            while (slots[i] != 0) i = (i + 1) & mask;
            slots[i] = (h & 0xffffffff00000000ull) | (static_cast<std::uint64_t>(id) + 1);
        }
        m_slots = std::move(slots);
    }

    std::vector<char> m_bytes;
    std::vector<Entry> m_entries;
    std::vector<std::uint64_t> m_slots;  // high half: the hash's high half; low half: id + 1
};

void put_varint(std::string& key, std::uint64_t v) {
    do {
        key.push_back(static_cast<char>((v & 0x7f) | (v > 0x7f ? 0x80 : 0)));
        v >>= 7;
    } while (v != 0);
}

// [SECTION] The search

constexpr std::uint32_t no_node = 0xffffffffu;
constexpr std::size_t outcome_count = 3;  // Sale, NoSale, WalkedAway

std::size_t outcome_slot(Outcome o) {
    return static_cast<std::size_t>(o) - 1;
}

using PerOutcome32 = std::array<std::int32_t, outcome_count>;
using PerOutcome16 = std::array<std::uint16_t, outcome_count>;
using PerOutcomeD = std::array<double, outcome_count>;
// lo, hi of trust, interest, patience, readiness (ValueRanges' order; BuyerState's too)
using Box = std::array<std::int16_t, 8>;

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

bool box_contains(const Box& b, const BuyerState& s) {
    return s.trust >= b[0] && s.trust <= b[1] && s.interest >= b[2] && s.interest <= b[3] &&
           s.patience >= b[4] && s.patience <= b[5] && s.readiness >= b[6] && s.readiness <= b[7];
}

// The values x with clamp(x + delta, 0, 100) in [lo, hi]: an interval, as the map is monotone.
std::pair<int, int> preimage(int lo, int hi, int delta) {
    constexpr int big = ValueRanges::unbounded;
    const int from = lo <= 0 ? -big : lo - delta;
    const int to = hi >= 100 ? big : hi - delta;
    return {std::clamp(from, -big, big), std::clamp(to, -big, big)};
}

// The graph over merged states. A node's figures are about its future only: the weighted stage
// values still to be banked from here to each end, per outcome, and the number of paths there.
struct Nodes {
    std::vector<PerOutcome32> best, worst;  // valid where paths > 0
    std::vector<PerOutcome16> best_choice, worst_choice;
    std::vector<PerOutcomeD> paths;
    std::vector<std::uint32_t> parent;
    std::vector<std::uint16_t> parent_choice;
    std::vector<std::size_t> edge_begin;
    std::vector<std::uint16_t> edge_count;
    std::vector<std::uint8_t> outcome;  // Outcome; InProgress for inner nodes and dead ends
    // The ranges of buyer values the node stands for (lo, hi per value): its own values until its
    // future is known, then every value with the same future. Nodes with one key form a chain.
    std::vector<Box> box;
    std::vector<std::uint32_t> next_same_key;

    std::uint32_t add(std::uint32_t from, std::size_t choice) {
        box.push_back({});
        next_same_key.push_back(0xffffffffu);
        best.push_back({});
        worst.push_back({});
        best_choice.push_back({});
        worst_choice.push_back({});
        paths.push_back({});
        parent.push_back(from);
        parent_choice.push_back(static_cast<std::uint16_t>(choice));
        edge_begin.push_back(0);
        edge_count.push_back(0);
        outcome.push_back(static_cast<std::uint8_t>(Outcome::InProgress));
        return static_cast<std::uint32_t>(best.size() - 1);
    }
    std::size_t size() const { return best.size(); }
    double total_paths(std::uint32_t n) const { return paths[n][0] + paths[n][1] + paths[n][2]; }
};

// Per decision point: what the search saw there.
struct PointStats {
    std::vector<char> differs;  // n*n: options i and j led to different states somewhere
    bool mapped = false;
};

class Search {
public:
    Search(std::shared_ptr<const Scenario> scenario, const AnalyzeOptions& opts, Analysis& out)
        : m_scn(std::move(scenario)), m_opts(opts), m_out(out) {
        const Scenario& s = *m_scn;
        for (const StageContent& sc : s.stages) {
            auto w = s.rubric.weights.find(sc.stage);
            m_weight[static_cast<std::size_t>(sc.stage)] = w == s.rubric.weights.end() ? 0 : w->second;
            m_weight_sum += m_weight[static_cast<std::size_t>(sc.stage)];
        }
        for (Outcome o : s.rubric.pass_outcomes)
            if (o != Outcome::InProgress) m_pass_outcome[outcome_slot(o)] = true;
        m_rule_used.assign(s.rules->rules.size(), 0);
        // A value nothing ahead can read cannot change what happens next, so the key leaves it
        // out: what a stage's rules test, and the mechanics (readiness decides a close, the open
        // objections an objection close, the revealed ones a reveal, the attempts the end of closing).
        std::array<unsigned, 7> tested{};
        for (const Rule& r : s.rules->rules)
            for (const Condition& c : r.when) {
                unsigned bit = 0;
                if (c.fact == "state.trust") bit = Session::OmitTrust;
                if (c.fact == "state.interest") bit = Session::OmitInterest;
                if (c.fact == "questions_asked") bit = Session::OmitQuestions;
                if (c.fact == "state.readiness" || c.fact == "ready") bit = Session::OmitReadiness;
                if (c.fact == "needs_found" || c.fact == "objection.need_found") bit = Session::OmitNeeds;
                if (c.fact == "objections_open") bit = Session::OmitOpen;
                if (c.fact == "close_attempt") bit = Session::OmitCloseAttempts;
                tested[static_cast<std::size_t>(r.stage)] |= bit;
            }
        tested[static_cast<std::size_t>(Stage::Objections)] |= Session::OmitRevealed | Session::OmitOpen;
        tested[static_cast<std::size_t>(Stage::Closing)] |=
            Session::OmitReadiness | Session::OmitOpen | Session::OmitCloseAttempts;
        unsigned ahead = 0;
        for (std::size_t i = 7; i-- > 0;) {
            ahead |= tested[i];
            m_omit[i] = ~ahead & 0xffu;
        }
        build_points();
    }

    void run();
    void finish();

private:
    void build_points();
    std::size_t point_index(const Decision& d);
    std::optional<std::size_t> find_point(DecisionKind kind, std::string_view ref) const;
    void map_options(std::size_t point, const Decision& d);
    void make_key(const Session& s, std::string& key) const;
    std::int64_t banked(const Session& s) const;
    int overall(std::int64_t weighted) const;
    bool passes(std::size_t slot, int score) const;
    std::uint32_t visit(const Session& child, std::uint32_t from, std::size_t choice, bool& is_new);
    void push(std::size_t depth, std::uint32_t node);
    void close_frame(std::size_t frame_index);
    AnalyzedPath replay(const std::vector<std::size_t>& choices_0) const;
    std::vector<std::size_t> path_to(std::uint32_t node) const;
    std::vector<std::size_t> follow(bool best, std::size_t slot) const;
    bool exact_distribution();
    void sampled_distribution();
    void findings();
    void add(FindingLevel level, std::string code, std::string ref, SourceLoc loc, std::string message);

    // What one simulated choice tested, and what it did to the buyer's values.
    struct EdgeTests {
        TestedRanges tested;
        std::array<int, 4> delta;
    };

    struct Frame {
        std::uint32_t node;
        std::size_t point;
        std::size_t options;
        std::size_t next;
        std::size_t child_base;  // into m_child_stack / m_gain_stack / m_verdict_stack
        std::int64_t banked;     // banked() of the frame's session
    };

    std::shared_ptr<const Scenario> m_scn;
    const AnalyzeOptions& m_opts;
    Analysis& m_out;
    std::array<int, 7> m_weight{};
    std::int64_t m_weight_sum = 0;
    std::array<bool, outcome_count> m_pass_outcome{};
    std::array<unsigned, 7> m_omit{};  // per current stage: Session::KeyOmit bits

    KeyTable m_table;
    KeyTable m_engine_keys;
    Nodes m_nodes;
    bool m_stopped = false;  // AnalyzeOptions::stop ended the search: nothing is final
    std::vector<std::uint32_t> m_edges;
    std::vector<std::int32_t> m_gains;  // per edge: the weighted stage values it banks
    std::vector<std::uint32_t> m_post_order;
    std::vector<std::uint32_t> m_dead;
    std::vector<Frame> m_stack;
    // One session per depth of the stack: a child is copy-assigned over the slot below its parent,
    // which reuses the slot's buffers instead of allocating a session per branch.
    std::vector<Session> m_sessions;
    std::vector<std::uint32_t> m_child_stack;
    std::vector<std::int32_t> m_gain_stack;
    std::vector<std::uint8_t> m_verdict_stack;
    std::vector<EdgeTests> m_tests_stack;
    std::vector<std::uint32_t> m_key_head;  // per key of m_table: the newest node with that key
    TestedRanges m_tested;                  // filled by each choose() of the search's sessions
    std::vector<char> m_rule_used;

    std::array<std::map<std::string, std::size_t, std::less<>>, 4> m_point_by_ref;  // by DecisionKind
    std::vector<PointStats> m_point_stats;
    std::string m_key;
    std::string m_engine_key;
};

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
                for (const Objection& o : sc.objections)
                    add_point(sc.stage, DecisionKind::Objection, o.id, o.loc);
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
void Search::make_key(const Session& s, std::string& key) const {
    const auto& pts = s.stage_points();
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
    unsigned omit = m_opts.omit_unread ? m_omit[static_cast<std::size_t>(s.stage())] : 0u;
    if (m_opts.merge_value_ranges)
        omit |= Session::OmitTrust | Session::OmitInterest | Session::OmitPatience | Session::OmitReadiness;
    s.state_key_into(key, omit);
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

// The weighted values of the stages a session has finished (all of them once it has ended), in
// the units of the overall score's numerator: Σ weight × round(points / decisions).
std::int64_t Search::banked(const Session& s) const {
    const auto& pts = s.stage_points();
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
    child.state_key_into(m_engine_key, 0);
    m_engine_keys.insert(m_engine_key);
    if (child.current().options.empty()) {
        m_dead.push_back(id);
        m_post_order.push_back(id);
    }
    return id;
}

void Search::push(std::size_t depth, std::uint32_t node) {
    const Session& s = m_sessions[depth];
    const Decision& d = s.current();
    const std::size_t point = point_index(d);
    m_out.decisions[point].states += 1;
    if (d.kind == DecisionKind::Objection && s.situation().objection_need_found)
        m_out.decisions[point].need_found_somewhere = true;
    m_stack.push_back(Frame{node, point, d.options.size(), 0, m_child_stack.size(), banked(s)});
}

void Search::run() {
    m_sessions.reserve(64);
    m_sessions.emplace_back(m_scn, m_opts.seed, false);
    m_sessions[0].track_tests(&m_tested);
    bool is_new = false;
    visit(m_sessions[0], no_node, 0, is_new);
    if (m_sessions[0].finished() || m_sessions[0].current().options.empty()) return;
    m_stack.reserve(64);
    push(0, 0);
    std::uint32_t until_check = 0;
    while (!m_stack.empty()) {
        if (m_opts.stop != nullptr && until_check-- == 0) {
            until_check = 4096;
            if (m_opts.stop->load(std::memory_order_relaxed)) {
                m_stopped = true;
                m_out.complete = false;
                return;
            }
        }
        const std::size_t depth = m_stack.size() - 1;
        Frame& top = m_stack.back();
        if (top.next == top.options) {
            close_frame(depth);
            m_child_stack.resize(top.child_base);
            m_gain_stack.resize(top.child_base);
            m_verdict_stack.resize(top.child_base);
            m_tests_stack.resize(top.child_base);
            m_stack.pop_back();
            continue;
        }
        const std::size_t choice = top.next++;
        const std::uint32_t from = top.node;
        const std::int64_t before = top.banked;
        if (m_sessions.size() <= depth + 1) {
            Session copy = m_sessions[depth];
            m_sessions.push_back(std::move(copy));
        } else {
            m_sessions[depth + 1] = m_sessions[depth];
        }
        Session& child = m_sessions[depth + 1];
        const DecisionRecord& rec = child.choose(choice);
        ++m_out.transitions;
        m_verdict_stack.push_back(static_cast<std::uint8_t>(rec.verdict));
        const Rule& rule = *rec.rule;  // choose() throws when no rule judges a choice
        const Effects& fx = rule.effects;
        m_tests_stack.push_back(EdgeTests{m_tested, {fx.trust, fx.interest, fx.patience, fx.readiness}});
        const auto ri = static_cast<std::size_t>(&rule - m_scn->rules->rules.data());
        if (ri < m_rule_used.size()) m_rule_used[ri] = 1;
        m_gain_stack.push_back(static_cast<std::int32_t>(banked(child) - before));
        const std::uint32_t id = visit(child, from, choice, is_new);
        m_child_stack.push_back(id);
        if (!is_new || child.finished() || child.current().options.empty()) continue;
        if (m_nodes.size() >= m_opts.max_states) {
            m_out.complete = false;
            continue;
        }
        push(depth + 1, id);
    }
}

// All of a node's children are final (the graph is acyclic: every choice adds a decision to the
// current stage or moves to a later one), so its best, worst and path counts are final too.
void Search::close_frame(std::size_t frame_index) {
    const Frame& f = m_stack[frame_index];
    const std::uint32_t node = f.node;
    const std::size_t n = f.options;
    const std::uint32_t* kids = m_child_stack.data() + f.child_base;
    const std::int32_t* gains = m_gain_stack.data() + f.child_base;
    const std::uint8_t* verdicts = m_verdict_stack.data() + f.child_base;
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
        const EdgeTests* tests = m_tests_stack.data() + f.child_base;
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

    // What the decision point learns from this state. Two options differ when they lead to
    // different states or bank different stage values on the way (a stage's last decision).
    DecisionReport& rep = m_out.decisions[f.point];
    PointStats& st = m_point_stats[f.point];
    std::uint8_t top = 255;
    for (std::size_t i = 0; i < n; ++i) top = std::min(top, verdicts[i]);
    const std::size_t shown = std::min(n, rep.options.size());
    for (std::size_t i = 0; i < shown; ++i) {
        rep.options[i].verdicts |= 1u << verdicts[i];
        if (verdicts[i] == top) rep.options[i].best_somewhere = true;
        for (std::size_t j = i + 1; j < shown; ++j)
            if (kids[i] != kids[j] || gains[i] != gains[j]) st.differs[i * shown + j] = 1;
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

// The path from the start that reaches the highest (lowest) weighted sum among the ends with the
// outcome in `slot`; ties go to the lowest option.
std::vector<std::size_t> Search::follow(bool best, std::size_t slot) const {
    std::vector<std::size_t> out;
    std::uint32_t node = 0;
    while (m_nodes.edge_count[node] > 0) {
        const std::size_t c = best ? m_nodes.best_choice[node][slot] : m_nodes.worst_choice[node][slot];
        out.push_back(c);
        node = m_edges[m_nodes.edge_begin[node] + c];
    }
    return out;
}

// The distribution of (outcome, weighted sum) over every path, node by node from the ends up:
// a sparse histogram per node, dropped once every parent has used it. False (and nothing set)
// when the histograms outgrow their budget.
bool Search::exact_distribution() {
    using Hist = std::vector<std::pair<std::int64_t, double>>;  // (sum * 4 + outcome slot, paths)
    const std::size_t n = m_nodes.size();
    const std::size_t budget = 16'000'000;  // live histogram entries
    std::vector<std::uint32_t> users(n, 0);
    for (std::uint32_t kid : m_edges) ++users[kid];
    std::vector<Hist> hist(n);
    std::size_t live = 0;
    Hist merged, scratch;
    for (const std::uint32_t node : m_post_order) {
        const std::size_t count = m_nodes.edge_count[node];
        if (count == 0) {
            if (m_nodes.outcome[node] != static_cast<std::uint8_t>(Outcome::InProgress))
                hist[node] = {
                    {static_cast<std::int64_t>(outcome_slot(static_cast<Outcome>(m_nodes.outcome[node]))),
                     1.0}};
            live += hist[node].size();
            continue;
        }
        // The children's histograms are sorted by key and a shift keeps them sorted, so they are
        // merged one after another, adding the paths of equal keys.
        merged.clear();
        const std::size_t b = m_nodes.edge_begin[node];
        for (std::size_t i = 0; i < count; ++i) {
            const std::uint32_t kid = m_edges[b + i];
            const std::int64_t shift = static_cast<std::int64_t>(m_gains[b + i]) * 4;
            const Hist& h = hist[kid];
            scratch.clear();
            std::size_t x = 0, y = 0;
            while (x < merged.size() || y < h.size()) {
                if (y == h.size() || (x < merged.size() && merged[x].first < h[y].first + shift)) {
                    scratch.push_back(merged[x++]);
                } else if (x == merged.size() || h[y].first + shift < merged[x].first) {
                    scratch.emplace_back(h[y].first + shift, h[y].second);
                    ++y;
                } else {
                    scratch.emplace_back(merged[x].first, merged[x].second + h[y].second);
                    ++x;
                    ++y;
                }
            }
            merged.swap(scratch);
            if (--users[kid] == 0) {
                live -= hist[kid].size();
                Hist().swap(hist[kid]);
            }
        }
        Hist& out = hist[node];
        out.assign(merged.begin(), merged.end());
        live += out.size();
        if (live > budget) return false;
    }
    Analysis& a = m_out;
    for (const auto& [key, paths] : hist[0]) {
        const auto slot = static_cast<std::size_t>(key & 3);
        const int score = overall(key >> 2);
        a.score_paths[static_cast<std::size_t>(std::clamp(score, 0, 100))] += paths;
        if (passes(slot, score)) a.passed_paths += paths;
    }
    return true;
}

// Draws paths uniformly over all paths (each child with probability proportional to its path
// count) with a fixed seed, and scales the drawn scores to the number of paths.
void Search::sampled_distribution() {
    Analysis& a = m_out;
    const std::size_t samples = std::max<std::size_t>(m_opts.samples, 1);
    std::uint64_t rng = m_opts.sample_seed;
    auto next = [&rng]() {
        rng += 0x9E3779B97F4A7C15ull;
        std::uint64_t z = rng;
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
        return z ^ (z >> 31);
    };
    std::array<double, 101> drawn{};
    double passed = 0;
    for (std::size_t k = 0; k < samples; ++k) {
        std::uint32_t node = 0;
        std::int64_t sum = 0;
        while (m_nodes.edge_count[node] > 0) {
            double r = static_cast<double>(next() >> 11) * 0x1.0p-53 * m_nodes.total_paths(node);
            const std::size_t b = m_nodes.edge_begin[node];
            std::size_t pick = m_nodes.edge_count[node];
            for (std::size_t i = 0; i < m_nodes.edge_count[node]; ++i) {
                const double here = m_nodes.total_paths(m_edges[b + i]);
                if (!(here > 0)) continue;
                pick = i;  // the last child with paths takes what rounding leaves over
                if (r < here) break;
                r -= here;
            }
            sum += m_gains[b + pick];
            node = m_edges[b + pick];
        }
        const int score = std::clamp(overall(sum), 0, 100);
        drawn[static_cast<std::size_t>(score)] += 1;
        if (passes(outcome_slot(static_cast<Outcome>(m_nodes.outcome[node])), score)) passed += 1;
    }
    const double scale = a.paths / static_cast<double>(samples);
    for (std::size_t s = 0; s <= 100; ++s) a.score_paths[s] = drawn[s] * scale;
    a.passed_paths = passed * scale;
    a.distribution_exact = false;
    a.distribution_samples = samples;
}

void Search::finish() {
    Analysis& a = m_out;
    const std::size_t n = m_nodes.size();
    a.states = n;
    a.engine_keys = m_engine_keys.size();
    a.dead_ends = m_dead.size();
    if (m_stopped) {
        add(FindingLevel::Error, "stopped", "", {},
            "the search was stopped before it finished; nothing is known");
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
        // Mark the options on those paths.
        for (int which = 0; which < 2; ++which) {
            Session s(m_scn, m_opts.seed, false);
            const AnalyzedPath& p = which == 0 ? *a.best : *a.worst;
            for (std::size_t c : p.choices) {
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
    findings();
}

// [SECTION] Findings

void Search::add(FindingLevel level, std::string code, std::string ref, SourceLoc loc, std::string message) {
    m_out.findings.push_back(Finding{level, std::move(code), std::move(ref), loc, std::move(message)});
}

std::string choices_text(const AnalyzedPath& p) {
    std::string s;
    for (std::size_t c : p.choices) {
        if (!s.empty()) s += ',';
        s += std::to_string(c);
    }
    return s;
}

std::string quoted(std::string_view s) {
    return "'" + std::string(s) + "'";
}

std::string option_names(const DecisionReport& d, const std::vector<std::size_t>& group) {
    std::string s;
    for (std::size_t i = 0; i < group.size(); ++i) {
        if (i > 0) s += i + 1 == group.size() ? " and " : ", ";
        const OptionReport& o = d.options[group[i]];
        s += std::to_string(group[i] + 1) + " (" + (o.ref.empty() ? o.move : o.ref) + ")";
    }
    return s;
}

void Search::findings() {
    Analysis& a = m_out;
    const Scenario& s = *m_scn;
    if (!a.complete)
        add(FindingLevel::Error, "incomplete", "", {},
            "the search stopped at " + std::to_string(a.states) +
                " states (the limit); the figures are partial. Raise the limit with --max-states");
    if (a.dead_ends > 0)
        add(FindingLevel::Error, "dead_end", "", {},
            std::to_string(a.dead_ends) +
                " state(s) are unfinished but offer no option (an engine bug); one is reached by --choices " +
                choices_text(*a.dead_end_example));
    if (!a.pass_reachable && a.complete) {
        std::string why;
        if (!a.sale_reachable)
            why = "no path ends in a sale";
        else if (a.best)
            why = "the best reachable score is " + std::to_string(a.best->score) + " (" +
                  std::string(to_string(a.best->outcome)) + "), below the pass mark " +
                  std::to_string(s.rubric.pass);
        add(FindingLevel::Error, "not_passable", "", {},
            "no path passes: " + why +
                ". Check the rubric's pass mark and close_at, the buyer's start state and the rules' "
                "effects");
    }

    const StageContent* obj_stage = s.find_stage(Stage::Objections);
    for (const DecisionReport& d : a.decisions) {
        if (d.states > 0) continue;
        const std::string stage(to_string(d.stage));
        switch (d.kind) {
            case DecisionKind::Lead:
                add(FindingLevel::Warning, "leads_never_shown", d.ref, d.loc, "the lead list is never shown");
                break;
            case DecisionKind::Step:
                add(FindingLevel::Warning, "step_never_shown", d.ref, d.loc,
                    "step " + quoted(d.ref) + " (" + stage + ") is never shown: every path ends before it" +
                        (d.stage == Stage::FollowUp && !a.sale_reachable
                             ? " (follow-up comes only after a sale, and no path sells)"
                             : ""));
                break;
            case DecisionKind::Objection: {
                const Objection* o = s.find_objection(d.ref);
                if (o != nullptr && o->concealed) {
                    std::string behind;
                    if (obj_stage != nullptr)
                        for (const Objection& other : obj_stage->objections)
                            if (other.hidden == o->id) behind = other.id;
                    add(FindingLevel::Warning, "objection_never_revealed", d.ref, d.loc,
                        "concealed objection " + quoted(d.ref) + " is never revealed" +
                            (behind.empty()
                                 ? std::string(": no objection names it in 'hidden:'")
                                 : ": no reachable answer to " + quoted(behind) +
                                       " reveals it (a rule with 'reveals: true' must match there)"));
                } else {
                    add(FindingLevel::Warning, "objection_never_raised", d.ref, d.loc,
                        "objection " + quoted(d.ref) + " is never raised: every path ends before it");
                }
                break;
            }
            case DecisionKind::Close:
                add(FindingLevel::Warning, "closing_never_reached", d.ref, d.loc,
                    "the closing stage is never reached: every path ends before it");
                break;
        }
    }

    // Needs: found only by options of steps that are shown.
    for (const Need& need : s.persona.needs) {
        bool anywhere = false;
        bool reachable = false;
        for (const StageContent& sc : s.stages)
            for (const Step& step : sc.steps)
                for (const StepOption& o : step.options)
                    if (std::find(o.discovers.begin(), o.discovers.end(), need.id) != o.discovers.end()) {
                        anywhere = true;
                        const DecisionReport* d = a.find_decision(DecisionKind::Step, step.id);
                        if (d != nullptr && d->states > 0) reachable = true;
                    }
        if (!anywhere)
            add(FindingLevel::Warning, "need_never_discovered", need.id, need.loc,
                "need " + quoted(need.id) + " is never discovered: no option lists it in 'discovers:'");
        else if (!reachable)
            add(FindingLevel::Warning, "need_never_discovered", need.id, need.loc,
                "need " + quoted(need.id) +
                    " is never discovered: only options of steps that are never shown "
                    "discover it");
    }

    // Objections whose boomerang can never turn on their need.
    if (obj_stage != nullptr)
        for (const Objection& o : obj_stage->objections) {
            if (o.turns_on.empty()) continue;
            const DecisionReport* d = a.find_decision(DecisionKind::Objection, o.id);
            if (d == nullptr || d->states == 0 || d->need_found_somewhere) continue;
            add(FindingLevel::Warning, "turns_on_never_found", o.id, o.loc,
                "objection " + quoted(o.id) + " turns on need " + quoted(o.turns_on) +
                    ", but no path has found that need when the objection is raised");
        }

    // Closing lines written for a technique that is never the best choice.
    if (const StageContent* close = s.find_stage(Stage::Closing)) {
        const DecisionReport* d = a.find_decision(DecisionKind::Close, "close");
        if (d != nullptr && d->states > 0) {
            for (std::size_t i = 0; i < d->options.size() && i < all_techniques.size(); ++i) {
                const Technique t = all_techniques[i];
                if (d->options[i].best_somewhere) continue;
                const bool line = close->lines.count(t) > 0;
                const bool reply = close->replies.count(t) > 0;
                if (!line && !reply) continue;
                add(FindingLevel::Note, "technique_never_best", std::string(to_string(t)), close->loc,
                    std::string(line ? "a line" : "a reply") + " is written for closing technique " +
                        quoted(to_string(t)) +
                        ", which is never the best choice in any reachable closing decision (fine if it is "
                        "there to show a mistake)");
            }
        }
    }

    // Rules this scenario adds or overrides that never judge a reachable decision.
    for (std::size_t i = 0; i < s.rules->rules.size(); ++i) {
        const Rule& r = s.rules->rules[i];
        if (r.file != s.path || s.path.empty() || m_rule_used[i] != 0 || !a.complete) continue;
        add(FindingLevel::Warning, "rule_never_used", r.id, r.loc,
            "rule " + quoted(r.id) +
                " of this scenario never judges a reachable decision; its conditions "
                "never hold or a more specific rule always wins");
    }

    // Decisions where the choice does not matter.
    for (const DecisionReport& d : a.decisions) {
        for (const auto& group : d.same_effect) {
            const bool all = group.size() == d.options.size();
            const std::string where = d.kind == DecisionKind::Close  ? std::string("the closing decision")
                                      : d.kind == DecisionKind::Lead ? std::string("the lead list")
                                      : d.kind == DecisionKind::Objection ? "objection " + quoted(d.ref)
                                                                          : "step " + quoted(d.ref);
            if (all)
                add(FindingLevel::Warning, "choice_never_matters", d.ref, d.loc,
                    "at " + where +
                        " every option has the same effect in every reachable state: the choice "
                        "never changes the outcome or the score");
            else if (d.kind == DecisionKind::Step || d.kind == DecisionKind::Lead)
                add(FindingLevel::Note, "same_effect", d.ref, d.loc,
                    "at " + where + " options " + option_names(d, group) +
                        " always have the same effect: the same points, and whatever else differs "
                        "between them never changes what happens later");
        }
    }

    std::stable_sort(a.findings.begin(), a.findings.end(), [](const Finding& x, const Finding& y) {
        return static_cast<int>(x.level) < static_cast<int>(y.level);
    });
}

}  // namespace

std::array<double, 10> Analysis::buckets() const {
    std::array<double, 10> out{};
    for (std::size_t s = 0; s <= 100; ++s) out[std::min<std::size_t>(s / 10, 9)] += score_paths[s];
    return out;
}

const DecisionReport* Analysis::find_decision(DecisionKind kind, std::string_view ref) const {
    for (const DecisionReport& d : decisions)
        if (d.kind == kind && d.ref == ref) return &d;
    return nullptr;
}

const char* to_string(FindingLevel level) {
    switch (level) {
        case FindingLevel::Error:
            return "error";
        case FindingLevel::Warning:
            return "warning";
        case FindingLevel::Note:
            return "note";
    }
    return "?";
}

Analysis analyze(std::shared_ptr<const Scenario> scenario, const AnalyzeOptions& opts) {
    if (!scenario) throw std::logic_error("analyze needs a scenario");
    const auto start = std::chrono::steady_clock::now();
    Analysis a;
    a.scenario_id = scenario->id;
    a.path = scenario->path;
    a.seed = opts.seed;
    Search search(scenario, opts, a);
    search.run();
    search.finish();
    a.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return a;
}

}  // namespace salesim
