// The analyzer's budgets, and what a search they stopped can still prove: the best and worst paths
// it found (each replayed, so its score and outcome are facts), an upper bound of the best score
// from what it settled and what each unexplored choice could bank at most, and what it reached.
// Whatever it did not reach is "none in the part searched", never "never".
#include "analyzer_findings.hpp"
#include "analyzer_search.hpp"

#include <algorithm>
#include <chrono>

namespace salesim::analysis {

// What the search holds: the graph, the keys and the kept transitions, counted by the bytes in use
// (reserved pages untouched are not memory a machine pays for). `largest` is the biggest array:
// growing it copies it, so for a moment it is there twice.
std::size_t Search::memory_bytes(std::size_t& largest) const {
    std::size_t sum = 0;
    largest = 0;
    auto add = [&](std::size_t bytes) {
        sum += bytes;
        largest = std::max(largest, bytes);
    };
    const auto [nodes, nodes_top] = m_nodes.memory();
    sum += nodes;
    largest = std::max(largest, nodes_top);
    sum += m_table.memory() + m_engine_keys.memory();
    largest = std::max({largest, m_table.largest(), m_engine_keys.largest()});
    add(m_edges.size() * sizeof(m_edges[0]));
    add(m_gains.size() * sizeof(m_gains[0]));
    add(m_post_order.size() * sizeof(m_post_order[0]));
    add(m_key_head.size() * sizeof(m_key_head[0]));
    add(m_trans.size() * sizeof(Transition));
    add(m_trans_bytes.size());
    add(m_trans_base.size() * sizeof(m_trans_base[0]) + m_trans_complete.size());
    return sum;
}

// Checked every few thousand choices: the caller's stop, then the memory budget (before the next
// growth could pass it), then the clock.
bool Search::over_budget() {
    if (m_opts.stop != nullptr && m_opts.stop->load(std::memory_order_relaxed)) {
        m_end = SearchEnd::Stopped;
        return true;
    }
    std::size_t largest = 0;
    const std::size_t used = memory_bytes(largest);
    m_memory = std::max(m_memory, used);
    if (m_opts.max_memory > 0 && used + largest > m_opts.max_memory) {
        m_end = SearchEnd::MemoryLimit;
        return true;
    }
    if (m_deadline && std::chrono::steady_clock::now() >= *m_deadline) {
        m_end = SearchEnd::TimeLimit;
        return true;
    }
    return false;
}

// A choice at depth `depth` led to `node`, whose future is known (an end, or a settled state), with
// `base` weighted stage values banked on the way: the best and worst paths through it are found.
void Search::note_found(std::size_t depth, std::size_t choice, std::uint32_t node, std::int64_t base) {
    for (std::size_t o = 0; o < outcome_count; ++o) {
        if (!(m_nodes.paths[node][o] > 0)) continue;
        m_reached[o] = true;
        const int hi = overall(base + m_nodes.best[node][o]);
        const int lo = overall(base + m_nodes.worst[node][o]);
        const int hi_rank = hi * 2 + (passes(o, hi) ? 1 : 0);
        const int lo_rank = lo * 2 + (passes(o, lo) ? 1 : 0);
        for (int which = 0; which < 2; ++which) {
            Found& f = which == 0 ? m_found_best : m_found_worst;
            const int rank = which == 0 ? hi_rank : lo_rank;
            if (f.have && (which == 0 ? rank <= f.rank : rank >= f.rank)) continue;
            f.have = true;
            f.rank = rank;
            f.path.clear();
            for (std::size_t i = 0; i < depth; ++i) f.path.push_back(m_stack[i].chosen);
            f.path.push_back(choice);
            const std::vector<std::size_t> rest = follow(which == 0, o, node);
            f.path.insert(f.path.end(), rest.begin(), rest.end());
        }
    }
}

// The most a state can still bank: every stage from the one at hand on, at the most points a
// decision earns.
std::int64_t Search::optimistic(const Session& s) const {
    std::int64_t sum = 0;
    for (std::size_t i = static_cast<std::size_t>(s.stage()); i < 7; ++i)
        sum += static_cast<std::int64_t>(m_weight[i]) * m_max_points;
    return sum;
}

// An upper bound of the weighted sum the best path reaches, from the stack the search stopped
// with: from the deepest state up, each state's best is at most the best over its choices of what
// the choice banks plus its child's future, where a settled child's future is exact, the child being
// explored has the bound just worked out, and any other choice is taken as optimistic() says.
std::int64_t Search::upper_bound() const {
    std::int64_t below = -1;
    std::uint32_t below_node = no_node;
    for (std::size_t d = m_stack.size(); d-- > 0;) {
        const Frame& f = m_stack[d];
        const std::int64_t opt = optimistic(m_sessions[d]);
        std::int64_t u = -1;
        for (std::size_t i = 0; i < f.options; ++i) {
            const std::uint32_t kid = m_child_stack[f.child_base + i];
            const std::int64_t gain = m_gain_stack[f.child_base + i];
            std::int64_t v = opt;
            if (kid == no_node) {
                v = opt;
            } else if (kid == below_node) {
                if (below < 0) continue;
                v = gain + below;
            } else if (m_nodes.total_paths(kid) > 0) {
                v = -1;
                for (std::size_t o = 0; o < outcome_count; ++o)
                    if (m_nodes.paths[kid][o] > 0) v = std::max<std::int64_t>(v, gain + m_nodes.best[kid][o]);
            } else if (m_nodes.edge_count[kid] > 0 ||
                       m_nodes.outcome[kid] != static_cast<std::uint8_t>(Outcome::InProgress) ||
                       std::find(m_dead.begin(), m_dead.end(), kid) != m_dead.end()) {
                continue;  // settled, and no path goes on from it
            }
            u = std::max(u, v);
        }
        below = u;
        below_node = f.node;
    }
    return below;
}

// A path that takes, at every decision, an option with the best verdict on offer (a trial close
// only when nothing else is as good): the theory's own answer, and often a pass in a scenario too
// large to search. Empty when it does not end.
std::vector<std::size_t> Search::greedy_path() const {
    Session s(m_scn, m_opts.seed, false);
    std::vector<std::size_t> path;
    for (std::size_t steps = 0; steps < 4096 && !s.finished(); ++steps) {
        const std::vector<Option>& options = s.current().options;
        if (options.empty()) return {};
        std::size_t pick = 0;
        int pick_rank = 1 << 20;
        for (std::size_t i = 0; i < options.size(); ++i) {
            Session trial = s;
            const DecisionRecord& rec = trial.choose(i);
            const int rank =
                static_cast<int>(rec.verdict) * 2 + (options[i].move == to_string(Technique::Trial) ? 1 : 0);
            if (rank < pick_rank) {
                pick_rank = rank;
                pick = i;
            }
        }
        path.push_back(pick);
        s.choose(pick);
    }
    if (!s.finished()) return {};
    return path;
}

// What a search stopped by a budget reports: every figure below is proven or marked as bounded.
void Search::finish_bounded() {
    Analysis& a = m_out;
    a.complete = false;
    if (!m_dead.empty()) a.dead_end_example = replay(path_to(m_dead.front()));
    std::optional<AnalyzedPath> best, worst;
    auto rank = [](const AnalyzedPath& p) { return p.score * 2 + (p.passed ? 1 : 0); };
    auto consider = [&](const std::vector<std::size_t>& path) {
        if (path.empty()) return;
        AnalyzedPath p = replay(path);
        if (p.outcome == Outcome::InProgress) return;
        m_reached[outcome_slot(p.outcome)] = true;
        if (!best || rank(p) > rank(*best)) best = p;
        if (!worst || rank(p) < rank(*worst)) worst = p;
    };
    if (m_found_best.have) consider(m_found_best.path);
    if (m_found_worst.have) consider(m_found_worst.path);
    consider(greedy_path());
    a.best = best;
    a.worst = worst;
    a.sale_reachable = m_reached[outcome_slot(Outcome::Sale)];
    a.no_sale_reachable = m_reached[outcome_slot(Outcome::NoSale)];
    a.walk_away_reachable = m_reached[outcome_slot(Outcome::WalkedAway)];
    a.pass_reachable = best && best->passed;
    const std::int64_t bound = m_stack.empty() ? 0 : upper_bound();
    a.best_bound = std::max(best ? best->score : 0, bound < 0 ? 0 : overall(bound));
    a.paths = a.sale_paths = a.no_sale_paths = a.walk_away_paths = a.passed_paths = 0;
    a.score_paths = {};
    a.distribution_exact = false;
    a.distribution_samples = 0;
    for (std::size_t i = 0; i < m_nodes.size(); ++i)
        if (m_nodes.outcome[i] != static_cast<std::uint8_t>(Outcome::InProgress)) a.end_states += 1;
    mark_paths();
    report_findings(a, *m_scn, m_rule_used);
}

}  // namespace salesim::analysis

namespace salesim {

const char* to_string(SearchEnd end) {
    switch (end) {
        case SearchEnd::Finished:
            return "finished";
        case SearchEnd::StateLimit:
            return "state_limit";
        case SearchEnd::MemoryLimit:
            return "memory_limit";
        case SearchEnd::TimeLimit:
            return "time_limit";
        case SearchEnd::Stopped:
            return "stopped";
    }
    return "finished";
}

}  // namespace salesim
