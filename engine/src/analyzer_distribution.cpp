// The score distribution of an analysis: exact from per-node histograms over the merged graph,
// or estimated from paths drawn uniformly when the graph is too large.
#include "analyzer_search.hpp"

#include <algorithm>
#include <utility>

namespace salesim::analysis {

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
            if (pick == m_nodes.edge_count[node]) break;  // no child has paths (a search cut short)
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

}  // namespace salesim::analysis
