// Internal to the loader: the parts of a scenario (persona, product, leads, steps, objections).
#pragma once

#include "load/reader.hpp"
#include "load/yaml_tree.hpp"
#include "salesim/scenario.hpp"

#include <algorithm>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace salesim::load {

bool is_scenario_id(std::string_view s);

// Ids unique within one scenario (steps, leads, objections, needs...).
class IdRegistry {
public:
    IdRegistry(Reader& r, std::string what) : m_r(r), m_what(std::move(what)) {}
    /// Reads and registers the id; "" when missing or invalid.
    std::string take(const YNode& map, std::string_view where) {
        const YNode* id = m_r.require(map, "id", where);
        if (id == nullptr) return {};
        const std::optional<std::string> s = m_r.string(*id, "id");
        if (!s) return {};
        if (!is_id(*s)) {
            m_r.error("invalid-id", *id,
                      m_what + " id '" + *s + "' may use only lowercase letters, digits, '-', '_' and '.'");
            return {};
        }
        const auto [it, fresh] = m_seen.emplace(*s, id->loc);
        if (!fresh) {
            m_r.error("duplicate-id", *id, "duplicate " + m_what + " id '" + *s + "'",
                      "'" + *s + "' is already used on line " + std::to_string(it->second.line) +
                          "; ids must be unique in the scenario");
            return {};
        }
        return *s;
    }
    std::vector<std::string> ids() const {
        std::vector<std::string> out;
        for (const auto& [id, loc] : m_seen) out.push_back(id);
        return out;
    }
    bool has(const std::string& id) const { return m_seen.count(id) != 0; }
    /// False when the list of ids itself could not be read: references to it are not checked then.
    bool usable = true;

private:
    Reader& m_r;
    std::string m_what;
    std::map<std::string, SourceLoc> m_seen;
};

void read_persona(Reader& r, const YNode& n, Persona& p, IdRegistry& need_ids, IdRegistry& motive_ids);
void read_product(Reader& r, const YNode& n, Scenario& sc);
void read_leads(Reader& r, const YNode& n, StageContent& st, IdRegistry& ids);
void read_steps(Reader& r, const YNode& n, StageContent& st, IdRegistry& ids, const IdRegistry& needs,
                const RuleBook& book);
void read_objections(Reader& r, const YNode& n, StageContent& st, IdRegistry& ids, const IdRegistry& needs);

// Each entry of a map keyed by move (`lines:`, `replies:`): an unknown move is reported, the rest
// go to `read(key, value node)`.
template <typename Key, typename Read>
void for_each_move(Reader& r, const YNode& n, std::string_view what,
                   std::optional<Key> (*parse)(std::string_view), const std::vector<std::string>& valid,
                   std::string_view kind, std::string_view list_name, Read read) {
    if (!r.expect_map(n, what)) return;
    for (std::size_t i = 0; i < n.map_size(); ++i) {
        const YNode& k = n.key(i);
        const std::optional<Key> key = parse(k.value);
        if (!key) {
            r.unknown("unknown-move", k, kind, k.value, valid, list_name);
            continue;
        }
        read(*key, k.value, n.val(i));
    }
}

template <typename Key>
void read_lines(Reader& r, const YNode& n, std::string_view what, std::map<Key, Text>& out,
                std::optional<Key> (*parse)(std::string_view), const std::vector<std::string>& valid,
                std::string_view kind, std::string_view list_name) {
    for_each_move(r, n, what, parse, valid, kind, list_name,
                  [&](Key key, const std::string& name, const YNode& v) { out[key] = r.text(v, name); });
}

/// The keys of a reply written by outcome: the verdicts, and for closes "accepted" and "refused" first.
inline std::vector<std::string> reply_outcome_keys(bool closes) {
    std::vector<std::string> keys;
    if (closes) keys = {"accepted", "refused"};
    for (Verdict v : all_verdicts) keys.emplace_back(to_string(v));
    return keys;
}

/// `replies:` per move: each value is a text, or a map by outcome (`{refused: TEXT, accepted: TEXT}`
/// or by verdict) that is told when that outcome or verdict comes.
template <typename Key>
void read_replies(Reader& r, const YNode& n, std::map<Key, Text>& out,
                  std::map<Key, std::map<std::string, Text>>& by,
                  std::optional<Key> (*parse)(std::string_view), const std::vector<std::string>& valid,
                  std::string_view kind, std::string_view list_name, bool closes) {
    const std::vector<std::string> outcomes = reply_outcome_keys(closes);
    auto is_outcome = [&](const std::string& s) {
        return std::find(outcomes.begin(), outcomes.end(), s) != outcomes.end();
    };
    for_each_move(r, n, "replies", parse, valid, kind, list_name,
                  [&](Key key, const std::string& name, const YNode& v) {
                      if (v.kind != YNode::Kind::Map || v.map_size() == 0 || !is_outcome(v.key(0).value)) {
                          out[key] = r.text(v, name);
                          return;
                      }
                      for (std::size_t j = 0; j < v.map_size(); ++j) {
                          const YNode& ok = v.key(j);
                          if (!is_outcome(ok.value)) {
                              r.unknown("unknown-reply-outcome", ok, "reply outcome", ok.value, outcomes,
                                        closes ? "outcomes and verdicts" : "verdicts");
                              continue;
                          }
                          by[key][ok.value] = r.text(v.val(j), name + "." + ok.value);
                      }
                  });
}

}  // namespace salesim::load
