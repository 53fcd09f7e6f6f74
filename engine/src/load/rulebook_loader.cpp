// The rule book: verdicts, the catalogue of moves and the rules that judge them; a scenario's
// overrides of those rules.
#include "load/rulebook_loader.hpp"

#include "load/engine_texts.hpp"
#include "load/signal_texts.hpp"
#include "load/source_text.hpp"
#include "salesim/loader.hpp"

#include <algorithm>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace salesim::load {

namespace {

const MoveInfo* find_move_in(const std::vector<MoveInfo>& moves, std::string_view id) {
    const auto it = std::find_if(moves.begin(), moves.end(), [id](const MoveInfo& m) { return m.id == id; });
    return it == moves.end() ? nullptr : &*it;
}

enum class FactType { Bool, Number, String };

FactType fact_type(std::string_view name) {
    if (name.rfind("trait.", 0) == 0 || name.rfind("state.", 0) == 0 || name == "needs_found" ||
        name == "objections_open" || name == "questions_asked" || name == "close_attempt" ||
        name == "blocking_open" || name == "objection.hardened")
        return FactType::Number;
    if (name == "context" || name == "authority" || name == "objection.kind" || name == "readiness_band")
        return FactType::String;
    return FactType::Bool;
}

// The values a string fact can take, for checking conditions.
std::vector<std::string> fact_values(std::string_view name) {
    if (name == "context") return {"b2b", "b2c", "retail"};
    if (name == "authority") return {"full", "shared", "none"};
    if (name == "readiness_band") return {"cold", "warming", "ready"};
    return names_of(all_objection_kinds);
}

std::optional<Condition> parse_condition(Reader& r, const YNode& key, const YNode& value) {
    Condition c;
    c.fact = key.value;
    c.loc = key.loc;
    if (!c.resolve()) {
        r.unknown("unknown-fact", key, "fact", c.fact, known_fact_names(), "Facts");
        return std::nullopt;
    }
    switch (fact_type(c.fact)) {
        case FactType::Bool: {
            const std::optional<bool> b = r.boolean(value, c.fact);
            if (!b) return std::nullopt;
            c.op = *b ? Condition::Op::IsTrue : Condition::Op::IsFalse;
            return c;
        }
        case FactType::String: {
            const std::vector<std::string> valid = fact_values(c.fact);
            auto check = [&](const YNode& v) -> bool {
                if (v.kind != YNode::Kind::Scalar) {
                    r.error("wrong-type", v,
                            "fact '" + c.fact + "' is compared with a name, not " + kind_name(v),
                            "write '" + c.fact + ": " + valid.front() + "' or a list of names");
                    return false;
                }
                if (std::find(valid.begin(), valid.end(), v.value) == valid.end()) {
                    r.unknown("unknown-value", v, "value of '" + c.fact + "':", v.value, valid, "Values");
                    return false;
                }
                c.strings.push_back(v.value);
                return true;
            };
            if (value.kind == YNode::Kind::Seq) {
                bool ok = !value.items.empty();
                if (!ok)
                    r.error("empty-list", value, "empty list for fact '" + c.fact + "'",
                            "list at least one value");
                for (const YNode& v : value.items) ok = check(v) && ok;
                c.op = Condition::Op::OneOf;
                return ok ? std::optional<Condition>(c) : std::nullopt;
            }
            c.op = Condition::Op::Equals;
            return check(value) ? std::optional<Condition>(c) : std::nullopt;
        }
        case FactType::Number: {
            if (value.kind != YNode::Kind::Map) {
                r.error("wrong-type", value,
                        "fact '" + c.fact + "' is a number; compare it with lt, le, gt, ge or eq",
                        "write for example '" + c.fact + ": {ge: 50}'");
                return std::nullopt;
            }
            static const std::vector<std::string> ops{"lt", "le", "gt", "ge", "eq"};
            r.check_keys(value, ops, "a comparison");
            bool ok = value.map_size() > 0;
            if (!ok)
                r.error("empty-comparison", value, "empty comparison for fact '" + c.fact + "'",
                        "write for example {ge: 50}");
            for (std::size_t i = 0; i < value.map_size(); ++i) {
                const std::string& op = value.key(i).value;
                const std::optional<double> v = r.number(value.val(i), c.fact + " " + op, -1e9, 1e9);
                if (!v) {
                    ok = false;
                    continue;
                }
                if (op == "lt") c.lt = v;
                if (op == "le") c.le = v;
                if (op == "gt") c.gt = v;
                if (op == "ge") c.ge = v;
                if (op == "eq") c.eq = v;
            }
            c.op = Condition::Op::Compare;
            return ok ? std::optional<Condition>(c) : std::nullopt;
        }
    }
    return std::nullopt;
}

const std::vector<std::string> k_rule_keys{"id",    "stage",    "move",    "gate",    "except",
                                           "when",  "after",    "verdict", "effects", "competency",
                                           "reply", "feedback", "source"};
const std::vector<std::string> k_effect_keys{"trust",    "interest", "patience", "readiness",
                                             "resolves", "reveals",  "closes",   "resolves_last"};

// A rule as written: the fields present, so that a scenario's entry overrides only those.
struct RuleEntry {
    Rule rule;
    const YNode* node = nullptr;
    const YNode* id_node = nullptr;
    const YNode* move_node = nullptr;
    std::set<std::string> fields;   ///< top-level keys present
    std::set<std::string> effects;  ///< effect keys present
    /// Where each condition on the meeting's history (taken., open., resolved.) is written.
    std::map<std::string, const YNode*> history;
    bool ok = true;
};

bool is_history_fact(std::string_view fact) {
    return fact.rfind("taken.", 0) == 0 || fact.rfind("open.", 0) == 0 || fact.rfind("resolved.", 0) == 0;
}

RuleEntry parse_rule(Reader& r, const YNode& n) {
    RuleEntry e;
    e.node = &n;
    e.rule.file = r.path();
    e.rule.loc = n.loc;
    if (!r.expect_map(n, "rule")) {
        e.ok = false;
        return e;
    }
    r.check_keys(n, k_rule_keys, "a rule");
    const int errors_before = r.sink().errors();
    for (std::size_t i = 0; i < n.map_size(); ++i) e.fields.insert(n.key(i).value);
    if (const YNode* id = r.require(n, "id", "a rule")) {
        e.id_node = id;
        if (auto s = r.string(*id, "id")) {
            e.rule.id = *s;
            e.rule.loc = id->loc;
            if (!is_id(*s))
                r.error("invalid-id", *id,
                        "rule id '" + *s + "' may use only lowercase letters, digits, '.', '_' and '-'");
        }
    }
    if (const YNode* v = Reader::get(n, "stage")) {
        if (auto s = r.string(*v, "stage")) {
            if (auto st = parse_stage(*s))
                e.rule.stage = *st;
            else
                r.unknown("unknown-stage", *v, "stage", *s, names_of(all_stages), "Stages");
        }
    }
    if (const YNode* v = Reader::get(n, "move")) {
        e.move_node = v;
        if (auto s = r.string(*v, "move")) e.rule.move = *s;
    }
    if (const YNode* v = Reader::get(n, "gate")) {
        if (auto b = r.boolean(*v, "gate")) e.rule.gate = *b;
    }
    if (const YNode* v = Reader::get(n, "except")) {
        if (r.expect_seq(*v, "except"))
            for (const YNode& item : v->items)
                if (auto s = r.string(item, "except")) e.rule.except.push_back(*s);
    }
    if (const YNode* v = Reader::get(n, "when")) {
        if (v->kind != YNode::Kind::Null && r.expect_map(*v, "when")) {
            for (std::size_t i = 0; i < v->map_size(); ++i)
                if (auto c = parse_condition(r, v->key(i), v->val(i))) {
                    if (is_history_fact(c->fact)) e.history.emplace(c->fact, &v->key(i));
                    e.rule.when.push_back(std::move(*c));
                }
        }
    }
    // `after: [a, b]` is short for the conditions taken.a: true and taken.b: true.
    if (const YNode* v = Reader::get(n, "after")) {
        if (v->kind != YNode::Kind::Null && r.expect_seq(*v, "after"))
            for (const YNode& item : v->items) {
                const std::optional<std::string> m = r.string(item, "after");
                if (!m) continue;
                Condition c;
                c.fact = "taken." + *m;
                c.loc = item.loc;
                c.op = Condition::Op::IsTrue;
                c.resolve();
                if (e.history.count(c.fact) != 0) {
                    r.error("duplicate-condition", item,
                            "move '" + *m + "' is already a condition of this rule",
                            "name each move once in after: and when:");
                    continue;
                }
                e.history.emplace(c.fact, &item);
                e.rule.when.push_back(std::move(c));
            }
    }
    if (const YNode* v = Reader::get(n, "verdict")) {
        if (auto s = r.string(*v, "verdict")) {
            if (auto vd = parse_verdict(*s))
                e.rule.verdict = *vd;
            else
                r.unknown("unknown-verdict", *v, "verdict", *s, names_of(all_verdicts), "Verdicts");
        }
    }
    if (const YNode* v = Reader::get(n, "competency")) {
        if (auto s = r.string(*v, "competency")) {
            e.rule.competency = *s;
            if (!is_name(*s))
                r.error("invalid-name", *v, "competency '" + *s + "' must be a snake_case name");
        }
    }
    if (const YNode* v = Reader::get(n, "effects")) {
        if (v->kind != YNode::Kind::Null && r.expect_map(*v, "effects")) {
            r.check_keys(*v, k_effect_keys, "effects");
            Effects& fx = e.rule.effects;
            for (std::size_t i = 0; i < v->map_size(); ++i) {
                const std::string& k = v->key(i).value;
                const YNode& val = v->val(i);
                if (std::find(k_effect_keys.begin(), k_effect_keys.end(), k) == k_effect_keys.end()) continue;
                e.effects.insert(k);
                if (k == "trust" || k == "interest" || k == "patience" || k == "readiness") {
                    const std::optional<int> d = r.integer(val, k, -100, 100);
                    if (!d) continue;
                    (k == "trust"      ? fx.trust
                     : k == "interest" ? fx.interest
                     : k == "patience" ? fx.patience
                                       : fx.readiness) = *d;
                } else if (const std::optional<bool> b = r.boolean(val, k)) {
                    (k == "resolves"  ? fx.resolves
                     : k == "reveals" ? fx.reveals
                     : k == "closes"  ? fx.closes
                                      : fx.resolves_last) = *b;
                }
            }
        }
    }
    if (const YNode* v = Reader::get(n, "reply")) e.rule.reply = r.text(*v, "reply", true);
    if (const YNode* v = Reader::get(n, "feedback")) e.rule.feedback = r.text(*v, "feedback");
    if (const YNode* v = Reader::get(n, "source")) {
        if (auto s = r.string(*v, "source")) e.rule.source = *s;
    }
    if (r.sink().errors() > errors_before) e.ok = false;
    return e;
}

// Required fields of a complete rule (in the rule book, or a new rule in a scenario).
void require_rule_fields(Reader& r, const RuleEntry& e, std::string_view where) {
    for (const char* key : {"stage", "move", "verdict", "feedback"})
        if (e.fields.count(key) == 0) r.require(*e.node, key, where);
}

// Every move needs a rule that matches in any situation, or a decision could go unjudged.
void check_fallbacks(Reader& r, const RuleBook& book, const std::map<std::string, const YNode*>& move_nodes,
                     const YNode& fallback_at) {
    for (const MoveInfo& m : book.moves) {
        const bool has = std::any_of(book.rules.begin(), book.rules.end(), [&](const Rule& rule) {
            return !rule.gate && rule.stage == m.stage && rule.move == m.id && rule.when.empty();
        });
        if (has) continue;
        const auto it = move_nodes.find(m.id);
        r.error("missing-fallback-rule", it != move_nodes.end() ? *it->second : fallback_at,
                "move '" + m.id + "' has no fallback rule",
                "add a rule with stage: " + std::string(to_string(m.stage)) + ", move: " + m.id +
                    " and when: {} so that the move is judged in any situation");
    }
}

// Conditions on the meeting's history: `taken.<move>` names a move of the catalogue, and
// `open.<id>` / `resolved.<id>` one of the scenario's objections (so only a scenario's own rules
// may use them; `objection_ids` is null for the rule book). Resolves each to its index.
void check_history(Reader& r, RuleEntry& e, const std::vector<MoveInfo>& moves,
                   const std::vector<std::string>* objection_ids) {
    for (Condition& c : e.rule.when) {
        const auto at = e.history.find(c.fact);
        if (at == e.history.end()) continue;
        const YNode& node = *at->second;
        if (c.fact.rfind("taken.", 0) == 0) {
            const std::string move = c.fact.substr(6);
            if (find_move_in(moves, move) == nullptr) {
                std::vector<std::string> all;
                for (const MoveInfo& m : moves) all.push_back(m.id);
                r.unknown("unknown-move", node, "move", move, all, "Moves");
                e.ok = false;
            }
            continue;
        }
        const bool open = c.fact.rfind("open.", 0) == 0;
        const std::string id = c.fact.substr(open ? 5 : 9);
        if (objection_ids == nullptr) {
            r.error("objection-condition-in-rulebook", node,
                    "'" + c.fact + "' tests one scenario's objection, so the rule book cannot use it",
                    "write this rule in the scenario's rules: list, where its objections are known");
            e.ok = false;
            continue;
        }
        const auto it = std::find(objection_ids->begin(), objection_ids->end(), id);
        if (it == objection_ids->end()) {
            if (objection_ids->empty())
                r.error("unknown-objection", node, "the scenario has no objection '" + id + "'",
                        "add it under stages.objections, or remove this condition");
            else
                r.unknown("unknown-objection", node, "objection", id, *objection_ids, "Objections");
            e.ok = false;
            continue;
        }
        c.index = static_cast<int>(it - objection_ids->begin());
    }
}

// A book tracks at most RuleBook::max_taken_moves moves for `taken.<move>` conditions.
bool check_taken_count(Reader& r, const RuleBook& book, const YNode& at) {
    std::set<std::string> moves;
    for (const Rule& rule : book.rules)
        for (const Condition& c : rule.when)
            if (c.fact.rfind("taken.", 0) == 0) moves.insert(c.fact);
    if (moves.size() <= RuleBook::max_taken_moves) return true;
    r.error("too-many-taken-moves", at,
            std::to_string(moves.size()) +
                " different moves are named in taken. and after: conditions; at most " +
                std::to_string(RuleBook::max_taken_moves) + " can be",
            "name fewer moves: a condition on a stage's last step often says the same as one on every step");
    return false;
}

}  // namespace

std::vector<std::string> move_ids_of(const std::vector<MoveInfo>& moves, Stage stage) {
    std::vector<std::string> out;
    for (const MoveInfo& m : moves)
        if (m.stage == stage) out.push_back(m.id);
    return out;
}

bool check_rule_moves(Reader& r, const YNode& at, const Rule& rule, const std::vector<MoveInfo>& moves) {
    if (rule.move == "any" && !rule.gate) {
        r.error(
            "any-without-gate", at, "only a gate may judge move 'any'",
            "add gate: true to the rule, or name one move of stage " + std::string(to_string(rule.stage)));
        return false;
    }
    if (!rule.except.empty() && rule.move != "any") {
        r.error("except-without-any", at, "'except' lists moves a gate on move 'any' leaves alone",
                "write move: any, or remove 'except'");
        return false;
    }
    bool ok = true;
    for (const std::string& m : rule.except) ok = check_move(r, at, rule.stage, m, moves) && ok;
    if (rule.move == "any") return ok;
    return check_move(r, at, rule.stage, rule.move, moves) && ok;
}

bool check_move(Reader& r, const YNode& at, Stage stage, const std::string& move,
                const std::vector<MoveInfo>& moves) {
    const MoveInfo* m = find_move_in(moves, move);
    if (m != nullptr && m->stage == stage) return true;
    const std::vector<std::string> valid = move_ids_of(moves, stage);
    if (m != nullptr) {
        r.error("move-of-other-stage", at,
                "move '" + move + "' belongs to stage " + std::string(to_string(m->stage)) + ", not " +
                    std::string(to_string(stage)),
                "Moves of " + std::string(to_string(stage)) + ": " + join(valid));
        return false;
    }
    if (stage == Stage::Objections)
        r.unknown("unknown-move", at, "objection method", move, valid, "Methods");
    else if (stage == Stage::Closing)
        r.unknown("unknown-move", at, "closing technique", move, valid, "Techniques");
    else
        r.unknown("unknown-move", at, "move", move, valid, "Moves of " + std::string(to_string(stage)));
    return false;
}

void check_format(Reader& r, const YNode& root, std::string_view where) {
    const YNode* f = r.require(root, "format", where);
    if (f == nullptr) return;
    if (f->kind == YNode::Kind::Scalar && f->plain && f->value == "1") return;
    r.error("unsupported-format", *f,
            "unsupported format " + (f->kind == YNode::Kind::Scalar ? "'" + f->value + "'" : kind_name(*f)),
            "this version of Salesim reads format: 1");
}

std::shared_ptr<RuleBook> read_rulebook(Reader& r, const YNode& root) {
    auto book = std::make_shared<RuleBook>();
    if (!r.expect_map(root, "rule book")) return nullptr;
    r.check_keys(root, {"format", "version", "verdicts", "hints", "moves", "rules", "texts"},
                 "the rule book");
    check_format(r, root, "the rule book");
    if (const YNode* v = r.require(root, "version", "the rule book")) {
        if (auto s = r.string(*v, "version")) {
            book->version = *s;
            if (s->empty())
                r.error("empty-version", *v, "empty rule book version",
                        "write for example version: \"2026.11\"");
        }
    }
    if (const YNode* v = Reader::get(root, "verdicts")) {
        if (r.expect_map(*v, "verdicts")) {
            for (std::size_t i = 0; i < v->map_size(); ++i) {
                const YNode& k = v->key(i);
                const std::optional<Verdict> vd = parse_verdict(k.value);
                if (!vd) {
                    r.unknown("unknown-verdict", k, "verdict", k.value, names_of(all_verdicts), "Verdicts");
                    continue;
                }
                if (auto p = r.integer(v->val(i), k.value, 0, 100)) book->points[*vd] = *p;
            }
        }
    }

    if (const YNode* v = Reader::get(root, "hints")) {
        if (r.expect_map(*v, "hints")) {
            r.check_keys(*v, {"nudge", "name"}, "hints");
            if (const YNode* n = Reader::get(*v, "nudge"))
                if (auto p = r.integer(*n, "nudge", 0, 100)) book->hint_costs.nudge = *p;
            if (const YNode* n = Reader::get(*v, "name"))
                if (auto p = r.integer(*n, "name", 0, 100)) book->hint_costs.name = *p;
            if (book->hint_costs.name < book->hint_costs.nudge)
                r.error("hint-costs", *v, "the named hint costs less than the nudge before it",
                        "give name: a share of at least nudge's (" + std::to_string(book->hint_costs.nudge) +
                            ")");
        }
    }

    // The move catalogue.
    std::map<std::string, const YNode*> move_nodes;
    const YNode* moves_key = Reader::key_node(root, "moves");
    const int catalogue_errors = r.sink().errors();
    if (const YNode* ms = r.require(root, "moves", "the rule book");
        ms != nullptr && r.expect_seq(*ms, "moves")) {
        for (const YNode& mn : ms->items) {
            if (!r.expect_map(mn, "move")) continue;
            r.check_keys(mn, {"id", "stage", "name", "about", "line"}, "a move");
            MoveInfo m;
            const YNode* id = r.require(mn, "id", "a move");
            const YNode* stage = r.require(mn, "stage", "a move");
            bool ok = id != nullptr && stage != nullptr;
            if (const YNode* name = r.require(mn, "name", "a move")) m.name = r.text(*name, "name");
            if (const YNode* v = Reader::get(mn, "about")) m.about = r.text(*v, "about");
            if (const YNode* v = Reader::get(mn, "line")) m.line = r.text(*v, "line", true);
            if (stage != nullptr) {
                if (auto s = r.string(*stage, "stage")) {
                    if (auto st = parse_stage(*s))
                        m.stage = *st;
                    else {
                        r.unknown("unknown-stage", *stage, "stage", *s, names_of(all_stages), "Stages");
                        ok = false;
                    }
                } else {
                    ok = false;
                }
            }
            if (id != nullptr) {
                if (auto s = r.string(*id, "id"))
                    m.id = *s;
                else
                    ok = false;
            }
            if (!ok) continue;
            if (m.stage == Stage::Objections && !parse_method(m.id) && !is_follow_up_move(m.id)) {
                r.unknown("unknown-move", *id, "objection method", m.id, names_of(all_methods), "Methods");
                continue;
            }
            if (m.stage == Stage::Closing && !parse_technique(m.id)) {
                r.unknown("unknown-move", *id, "closing technique", m.id, names_of(all_techniques),
                          "Techniques");
                continue;
            }
            if (m.stage == Stage::Prospecting && m.id != "lead") {
                r.error("invalid-move", *id,
                        "the prospecting stage has the one move 'lead', not '" + m.id + "'",
                        "each lead is an option; write id: lead");
                continue;
            }
            if (!is_name(m.id)) {
                r.error("invalid-name", *id, "move id '" + m.id + "' must be a snake_case name",
                        "use lowercase letters, digits and '_'");
                continue;
            }
            if (const auto it = move_nodes.find(m.id); it != move_nodes.end()) {
                r.error("duplicate-id", *id, "duplicate move id '" + m.id + "'",
                        "'" + m.id + "' is already defined on line " + std::to_string(it->second->loc.line));
                continue;
            }
            move_nodes[m.id] = id;
            book->moves.push_back(std::move(m));
        }
        const YNode& at = moves_key != nullptr ? *moves_key : *ms;
        // A misspelt entry already has its own error; do not also report the method it was meant to be.
        const bool catalogue_broken = r.sink().errors() > catalogue_errors;
        for (Method method : all_methods) {
            if (find_move_in(book->moves, to_string(method)) == nullptr && !catalogue_broken)
                r.error("missing-move", at,
                        "the move catalogue lacks objection method '" + std::string(to_string(method)) + "'",
                        "add a move with id: " + std::string(to_string(method)) + " and stage: objections");
        }
        for (Technique t : all_techniques) {
            if (find_move_in(book->moves, to_string(t)) == nullptr && !catalogue_broken)
                r.error("missing-move", at,
                        "the move catalogue lacks closing technique '" + std::string(to_string(t)) + "'",
                        "add a move with id: " + std::string(to_string(t)) + " and stage: closing");
        }
    }

    // The rules.
    std::map<std::string, SourceLoc> rule_ids;
    if (const YNode* rs = r.require(root, "rules", "the rule book");
        rs != nullptr && r.expect_seq(*rs, "rules")) {
        for (const YNode& rn : rs->items) {
            RuleEntry e = parse_rule(r, rn);
            if (e.node == nullptr || rn.kind != YNode::Kind::Map) continue;
            require_rule_fields(r, e, "a rule");
            if (e.id_node != nullptr && !e.rule.id.empty()) {
                const auto [it, fresh] = rule_ids.emplace(e.rule.id, e.id_node->loc);
                if (!fresh) {
                    r.error("duplicate-id", *e.id_node, "duplicate rule id '" + e.rule.id + "'",
                            "'" + e.rule.id + "' is already used on line " + std::to_string(it->second.line));
                    continue;
                }
            }
            if (e.move_node != nullptr && e.fields.count("stage") != 0 &&
                !check_rule_moves(r, *e.move_node, e.rule, book->moves))
                continue;
            check_history(r, e, book->moves, nullptr);
            if (!e.ok) continue;
            if (e.rule.competency.empty()) e.rule.competency = std::string(default_competency(e.rule.stage));
            book->rules.push_back(std::move(e.rule));
        }
    }
    if (r.sink().errors() == 0) check_fallbacks(r, *book, move_nodes, root);
    if (!check_taken_count(r, *book, root)) return book;
    read_engine_texts(r, root, book->texts);
    read_book_signals(r, root, book->texts.lines);
    book->build_index();
    return book;
}

std::shared_ptr<const RuleBook> apply_overrides(Reader& r, const YNode* n,
                                                std::shared_ptr<const RuleBook> book,
                                                const std::vector<std::string>& objection_ids) {
    if (n == nullptr || n->kind == YNode::Kind::Null) return book;
    if (!r.expect_seq(*n, "rules") || n->items.empty()) return book;
    auto copy = std::make_shared<RuleBook>(*book);
    std::map<std::string, SourceLoc> seen;
    const int errors_before = r.sink().errors();
    for (const YNode& item : n->items) {
        RuleEntry e = parse_rule(r, item);
        if (item.kind != YNode::Kind::Map || e.id_node == nullptr || e.rule.id.empty()) continue;
        check_history(r, e, copy->moves, &objection_ids);
        if (const auto [it, fresh] = seen.emplace(e.rule.id, e.id_node->loc); !fresh) {
            r.error("duplicate-id", *e.id_node, "duplicate rule id '" + e.rule.id + "'",
                    "'" + e.rule.id + "' is already overridden on line " + std::to_string(it->second.line));
            continue;
        }
        const auto existing = std::find_if(copy->rules.begin(), copy->rules.end(),
                                           [&](const Rule& x) { return x.id == e.rule.id; });
        if (existing == copy->rules.end()) {
            require_rule_fields(r, e, "a new rule");
            if (e.move_node != nullptr && e.fields.count("stage") != 0)
                check_rule_moves(r, *e.move_node, e.rule, copy->moves);
            if (e.rule.competency.empty()) e.rule.competency = std::string(default_competency(e.rule.stage));
            copy->rules.push_back(std::move(e.rule));
            continue;
        }
        Rule& rule = *existing;
        const Rule& over = e.rule;
        const auto has = [&](const char* f) { return e.fields.count(f) != 0; };
        if (has("stage")) {
            rule.stage = over.stage;
            if (!has("competency")) rule.competency = std::string(default_competency(over.stage));
        }
        if (has("move")) rule.move = over.move;
        if (has("gate")) rule.gate = over.gate;
        if (has("except")) rule.except = over.except;
        if (has("when") || has("after")) rule.when = over.when;
        if (has("verdict")) rule.verdict = over.verdict;
        if (has("competency")) rule.competency = over.competency;
        if (has("reply")) rule.reply = over.reply;
        if (has("feedback")) rule.feedback = over.feedback;
        if (has("source")) rule.source = over.source;
        for (const std::string& k : e.effects) {
            Effects& fx = rule.effects;
            const Effects& ox = over.effects;
            if (k == "trust") fx.trust = ox.trust;
            if (k == "interest") fx.interest = ox.interest;
            if (k == "patience") fx.patience = ox.patience;
            if (k == "readiness") fx.readiness = ox.readiness;
            if (k == "resolves") fx.resolves = ox.resolves;
            if (k == "reveals") fx.reveals = ox.reveals;
            if (k == "closes") fx.closes = ox.closes;
            if (k == "resolves_last") fx.resolves_last = ox.resolves_last;
        }
        rule.file = over.file;
        rule.loc = over.loc;
        if (has("stage") || has("move") || has("gate") || has("except"))
            check_rule_moves(r, e.move_node != nullptr ? *e.move_node : *e.id_node, rule, copy->moves);
    }
    if (r.sink().errors() == errors_before) check_fallbacks(r, *copy, {}, *n);
    if (!check_taken_count(r, *copy, *n)) return book;
    copy->build_index();
    return copy;
}

}  // namespace salesim::load

namespace salesim {

using load::parse_bytes;
using load::read_rulebook;
using load::Reader;
using load::Sink;
using load::sort_by_position;
using load::Source;
using load::YNode;

RuleBookLoad load_rulebook(std::string_view bytes, const std::string& path, const LoadOptions& opts) {
    RuleBookLoad out;
    std::unique_ptr<Source> src;
    std::optional<YNode> root = parse_bytes(bytes, path, opts, out.diagnostics, src);
    if (root) {
        Sink sink(*src, out.diagnostics);
        Reader r(sink, opts);
        r.set_languages({});
        std::shared_ptr<RuleBook> book = read_rulebook(r, *root);
        if (book && sink.errors() == 0) out.book = std::move(book);
    }
    sort_by_position(out.diagnostics);
    if (has_errors(out.diagnostics)) out.book.reset();
    return out;
}

RuleBookLoad load_rulebook_file(const std::string& path, const LoadOptions& opts) {
    RuleBookLoad out;
    const std::optional<std::string> bytes = read_file_checked(path, opts.max_bytes, out.diagnostics);
    if (!bytes) return out;
    return load_rulebook(*bytes, path, opts);
}

}  // namespace salesim
