// The analyzer's search over merged session states: its graph and its state (engine-internal;
// analyzer.cpp runs it, analyzer_distribution.cpp counts scores over its graph).
#pragma once

#include "analyzer_key_table.hpp"
#include "salesim/analyzer.hpp"
#include "session_internal.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace salesim::analysis {

constexpr std::uint32_t no_node = 0xffffffffu;
constexpr std::size_t npos = static_cast<std::size_t>(-1);
constexpr std::size_t outcome_count = 3;  // Sale, NoSale, WalkedAway

inline std::size_t outcome_slot(Outcome o) {
    return static_cast<std::size_t>(o) - 1;
}

using PerOutcome32 = std::array<std::int32_t, outcome_count>;
using PerOutcome16 = std::array<std::uint16_t, outcome_count>;
using PerOutcomeD = std::array<double, outcome_count>;
// lo, hi of trust, interest, patience, readiness (ValueRanges' order; BuyerState's too)
using Box = std::array<std::int16_t, 8>;

inline bool box_contains(const Box& b, const BuyerState& s) {
    return s.trust >= b[0] && s.trust <= b[1] && s.interest >= b[2] && s.interest <= b[3] &&
           s.patience >= b[4] && s.patience <= b[5] && s.readiness >= b[6] && s.readiness <= b[7];
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
    void reserve(std::size_t n) {
        box.reserve(n);
        next_same_key.reserve(n);
        best.reserve(n);
        worst.reserve(n);
        best_choice.reserve(n);
        worst_choice.reserve(n);
        paths.reserve(n);
        parent.reserve(n);
        parent_choice.reserve(n);
        edge_begin.reserve(n);
        edge_count.reserve(n);
        outcome.reserve(n);
    }
    std::size_t size() const { return best.size(); }
    /// Bytes held by the arrays, and by the largest of them.
    std::pair<std::size_t, std::size_t> memory() const {
        std::size_t sum = 0, top = 0;
        auto add = [&](const auto& v) {
            const std::size_t b = v.capacity() * sizeof(v[0]);
            sum += b;
            top = std::max(top, b);
        };
        add(best), add(worst), add(best_choice), add(worst_choice), add(paths), add(parent);
        add(parent_choice), add(edge_begin), add(edge_count), add(outcome), add(box), add(next_same_key);
        return {sum, top};
    }
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
                if (c.fact == "state.trust") bit = OmitTrust;
                if (c.fact == "state.interest") bit = OmitInterest;
                if (c.fact == "questions_asked") bit = OmitQuestions;
                if (c.fact == "state.readiness" || c.fact == "ready" || c.fact == "readiness_band")
                    bit = OmitReadiness;
                if (c.fact == "needs_found" || c.fact == "objection.need_found") bit = OmitNeeds;
                if (c.fact == "objections_open" || c.fact == "blocking_open" || c.fact == "objection.open" ||
                    c.fact == "objection.blocking")
                    bit = OmitOpen;
                if (c.fact == "close_attempt") bit = OmitCloseAttempts;
                // Which objections are open or resolved follows from the open and revealed ones
                // and the position (`taken.<move>` is always in the key when a rule asks).
                if (c.fact.rfind("open.", 0) == 0 || c.fact.rfind("resolved.", 0) == 0) {
                    bit = OmitOpen | OmitRevealed;
                    m_fold_loose = false;
                }
                tested[static_cast<std::size_t>(r.stage)] |= bit;
            }
        tested[static_cast<std::size_t>(Stage::Objections)] |= OmitRevealed | OmitOpen;
        tested[static_cast<std::size_t>(Stage::Objections)] |= OmitNeeds;
        // Open objections come back at the close and are judged there by the objections' rules.
        tested[static_cast<std::size_t>(Stage::Closing)] |=
            OmitReadiness | OmitOpen | OmitCloseAttempts | OmitRevealed |
            tested[static_cast<std::size_t>(Stage::Objections)];
        unsigned ahead = 0;
        for (std::size_t i = 7; i-- > 0;) {
            ahead |= tested[i];
            m_omit[i] = ~ahead & 0xffu;
        }
        for (Verdict v : all_verdicts) m_max_points = std::max(m_max_points, s.rules->points_for(v));
        if (m_opts.time_limit > 0)
            m_deadline = std::chrono::steady_clock::now() +
                         std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                             std::chrono::duration<double>(m_opts.time_limit));
        m_fold_loose = m_fold_loose && m_opts.fold_loose_objections;
        build_points();
        // A trial close that a `taken.trial` condition remembers changes the state it leaves.
        const auto& watched = s.rules->taken_moves;
        m_trial_twins = m_opts.trial_twins && std::find(watched.begin(), watched.end(),
                                                        to_string(Technique::Trial)) == watched.end();
    }

    void run();
    void finish();

private:
    bool over_budget();
    void report_progress();
    std::size_t memory_bytes(std::size_t& largest) const;
    void note_found(std::size_t depth, std::size_t choice, std::uint32_t node, std::int64_t base);
    std::int64_t upper_bound() const;
    std::int64_t optimistic(const Session& s) const;
    std::vector<std::size_t> greedy_path() const;
    void finish_bounded();
    void build_points();
    std::size_t point_index(const Decision& d);
    std::optional<std::size_t> find_point(DecisionKind kind, std::string_view ref) const;
    void map_options(std::size_t point, const Decision& d);
    void make_key(const Session& s, std::string& key, unsigned extra_omit = 0) const;
    unsigned key_omit(const Session& s, unsigned extra_omit) const;
    std::int32_t stage_gain(const Session& s, int points, int scored) const;
    std::int64_t banked(const Session& s) const;
    int overall(std::int64_t weighted) const;
    bool passes(std::size_t slot, int score) const;
    std::uint32_t visit(const Session& child, std::uint32_t from, std::size_t choice, bool& is_new);
    void push(std::size_t depth, std::uint32_t node, std::uint32_t engine);
    void check_close(const Session& child, const DecisionRecord& rec, std::size_t depth, std::size_t choice);
    void close_frame(std::size_t frame_index);

    AnalyzedPath replay(const std::vector<std::size_t>& choices_0) const;
    std::vector<std::size_t> path_to(std::uint32_t node) const;
    std::vector<std::size_t> follow(bool best, std::size_t slot, std::uint32_t from = 0) const;
    bool exact_distribution();
    void sampled_distribution();

    // What one simulated choice tested, and what it did to the buyer's values.
    struct EdgeTests {
        TestedRanges tested;
        std::array<int, 4> delta;
    };

    // A decision being explored. Its options are tried in index order, except that a trial close
    // goes last: by then every other choice's future is known, which is what close_twin() needs.
    struct Frame {
        std::uint32_t node;
        std::size_t point;
        std::size_t options;
        std::size_t next;        // how many options have been tried
        std::size_t trial;       // the trial close's option index, or `options` when none
        std::size_t chosen;      // the option tried last
        std::size_t child_base;  // into m_child_stack / m_gain_stack / m_verdict_stack, by option
        std::int64_t banked;     // banked() of the frame's session
        std::uint32_t engine;    // the session's engine state (id in m_engine_keys)
        std::uint32_t memo;      // its transitions in m_trans, or no_node
        bool recording;          // this frame simulates every choice and fills them in
        std::size_t choice(std::size_t k) const {
            if (trial == options) return k;
            if (k + 1 == options) return trial;
            return k < trial ? k : k + 1;
        }
    };

    void settle(std::uint32_t node, std::size_t n, const std::uint32_t* kids, const std::int32_t* gains,
                const EdgeTests* tests);
    bool trial_twin(const Session& parent, const Session& child);
    void learn(std::size_t point, std::size_t n, const std::uint32_t* kids, const std::int32_t* gains,
               const std::uint8_t* verdicts, const std::size_t* report_index);
    void close_twin(const Frame& f, std::uint32_t node);
    void record_transition(const Frame& f, const Session& parent, const Session& child,
                           const DecisionRecord& rec, std::size_t slot);
    bool reuse_transition(Frame& f, const Session& parent, std::size_t choice, std::size_t slot);

    std::shared_ptr<const Scenario> m_scn;
    const AnalyzeOptions& m_opts;
    bool m_trial_twins = true;  ///< m_opts.trial_twins, unless a rule remembers trial closes
    bool m_fold_loose = true;   ///< m_opts.fold_loose_objections, unless a rule names an objection's state
    Analysis& m_out;
    std::array<int, 7> m_weight{};
    std::int64_t m_weight_sum = 0;
    std::array<bool, outcome_count> m_pass_outcome{};
    std::array<unsigned, 7> m_omit{};  // per current stage: KeyOmit bits

    KeyTable m_table;
    KeyTable m_engine_keys;
    Nodes m_nodes;
    SearchEnd m_end = SearchEnd::Finished;
    std::optional<std::chrono::steady_clock::time_point> m_deadline;
    std::size_t m_memory = 0;  // the most memory_bytes() seen
    double m_done = 0;         // the share of the search last reported to AnalyzeOptions::progress
    int m_max_points = 0;      // the most points one decision can earn
    // The paths found that reach the highest and the lowest (score, passed) so far, by rank
    // (score * 2 + passed): what a bounded search reports.
    struct Found {
        bool have = false;
        int rank = 0;
        std::vector<std::size_t> path;
    };
    Found m_found_best, m_found_worst;
    std::array<bool, outcome_count> m_reached{};  // an end with the outcome was reached
    void mark_paths();
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
    std::string m_twin_key;
    std::vector<std::uint32_t> m_twin_kids;
    std::vector<std::int32_t> m_twin_gains;
    std::vector<EdgeTests> m_twin_tests;
    std::vector<std::size_t> m_report_index;  // per option at hand: its index in the report, or npos

    // What a choice from an engine state did, kept for the other states with that engine state.
    enum class Lands : std::uint8_t { SameStage, LaterStage, End };
    // Plain data, small: there is one per choice of every engine state explored.
    struct Transition {
        std::uint32_t key_off;               // the child's key in m_trans_bytes, without the stage's figures
        std::uint32_t key_len;               // when it stays in the stage
        std::int16_t points;                 // what the choice adds to the stage's points
        std::array<std::int16_t, 8> before;  // EdgeTests: lo, hi per value, before and after
        std::array<std::int16_t, 8> after;
        std::array<std::int16_t, 4> delta;
        std::array<std::uint8_t, 4> values;  // the buyer's values after the choice
        std::uint8_t scored;                 // 1 when it counts in the stage's mean
        std::uint8_t verdict;
        Lands lands;
    };
    std::vector<Transition> m_trans;
    std::vector<char> m_trans_bytes;
    std::vector<std::uint32_t> m_trans_base;     // per engine state: into m_trans, or no_node
    std::vector<std::uint8_t> m_trans_complete;  // per engine state: every choice filled in
    std::uint32_t m_visit_engine = no_node;      // the engine state of visit()'s last new inner node
};

}  // namespace salesim::analysis
