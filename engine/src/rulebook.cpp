// Facts, conditions and rule matching: how the rule book judges a decision.
#include "salesim/rulebook.hpp"
#include "salesim/signals.hpp"

#include "salesim/scenario.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <utility>

namespace salesim {
namespace {

// Internal fact keys. "trait.*" and "fact.*" carry their suffix in the condition's name.
enum Key : int {
    KContext,
    KAuthority,
    KTrait,
    KFact,
    KProductComplex,
    KTrust,
    KInterest,
    KPatience,
    KReadiness,
    KReady,
    KNeedsFound,
    KObjectionsOpen,
    KQuestionsAsked,
    KCloseAttempt,
    KBand,
    KBlockingOpen,
    KObjKind,
    KObjValid,
    KObjEgo,
    KObjTrivial,
    KObjMisinformed,
    KObjExcuse,
    KObjOffsets,
    KObjHidden,
    KObjNeedFound,
    KObjOpen,
    KObjBlocking,
    KObjHardened,
    KLeadAble,
    KLeadWilling,
    KLeadAuthorised,
    KLeadReachable,
    KLeadNeedMet,
    KLeadMeetsRequirements,
    KLeadQualified,
    KLeadTop,
    KTaken,
    KOpenId,
    KResolvedId,
    KCount
};

struct Named {
    const char* name;
    Key key;
};

constexpr Named fixed_names[] = {
    {"context", KContext},
    {"authority", KAuthority},
    {"product.complex", KProductComplex},
    {"state.trust", KTrust},
    {"state.interest", KInterest},
    {"state.patience", KPatience},
    {"state.readiness", KReadiness},
    {"ready", KReady},
    {"needs_found", KNeedsFound},
    {"objections_open", KObjectionsOpen},
    {"questions_asked", KQuestionsAsked},
    {"close_attempt", KCloseAttempt},
    {"readiness_band", KBand},
    {"blocking_open", KBlockingOpen},
    {"objection.kind", KObjKind},
    {"objection.valid", KObjValid},
    {"objection.ego", KObjEgo},
    {"objection.trivial", KObjTrivial},
    {"objection.misinformed", KObjMisinformed},
    {"objection.excuse", KObjExcuse},
    {"objection.offsets", KObjOffsets},
    {"objection.hidden", KObjHidden},
    {"objection.need_found", KObjNeedFound},
    {"objection.open", KObjOpen},
    {"objection.blocking", KObjBlocking},
    {"objection.hardened", KObjHardened},
    {"lead.able", KLeadAble},
    {"lead.willing", KLeadWilling},
    {"lead.authorised", KLeadAuthorised},
    {"lead.reachable", KLeadReachable},
    {"lead.need_met", KLeadNeedMet},
    {"lead.meets_requirements", KLeadMeetsRequirements},
    {"lead.qualified", KLeadQualified},
    {"lead.top", KLeadTop},
};

constexpr std::string_view trait_prefix = "trait.";
constexpr std::string_view fact_prefix = "fact.";
constexpr std::string_view taken_prefix = "taken.";
constexpr std::string_view open_prefix = "open.";
constexpr std::string_view resolved_prefix = "resolved.";

bool has_prefix(std::string_view name, std::string_view prefix) {
    return name.size() > prefix.size() && name.substr(0, prefix.size()) == prefix;
}

// The objection of `open.<id>` / `resolved.<id>` by its id, when the condition was not resolved.
std::size_t objection_index(const Situation& s, std::string_view id) {
    if (s.objections != nullptr)
        for (std::size_t i = 0; i < s.objections->size(); ++i)
            if ((*s.objections)[i].id == id) return i;
    return static_cast<std::size_t>(-1);
}

// Whether objection `i` is open (or resolved: raised and no longer open) in the situation.
bool objection_status(const Situation& s, std::size_t i, bool want_open) {
    if (s.open == nullptr || s.raised == nullptr || i >= s.open->size() || i >= s.raised->size())
        return false;
    const bool open = (*s.open)[i];
    return want_open ? open : ((*s.raised)[i] && !open);
}

bool move_taken(const Situation& s, std::size_t bit) {
    return bit < 64 && ((s.taken >> bit) & 1u) != 0;
}

std::size_t taken_bit(const Situation& s, std::string_view move) {
    if (s.taken_moves != nullptr)
        for (std::size_t i = 0; i < s.taken_moves->size(); ++i)
            if ((*s.taken_moves)[i] == move) return i;
    return static_cast<std::size_t>(-1);
}

int key_of(std::string_view name) {
    if (name.size() > trait_prefix.size() && name.substr(0, trait_prefix.size()) == trait_prefix)
        return KTrait;
    if (name.size() > fact_prefix.size() && name.substr(0, fact_prefix.size()) == fact_prefix) return KFact;
    if (has_prefix(name, taken_prefix)) return KTaken;
    if (has_prefix(name, open_prefix)) return KOpenId;
    if (has_prefix(name, resolved_prefix)) return KResolvedId;
    for (const Named& n : fixed_names)
        if (name == n.name) return n.key;
    return -1;
}

// A fact's value without allocating: strings come back as views into the situation.
struct Value {
    enum class Type { Missing, Bool, Number, String } type = Type::Missing;
    bool b = false;
    double n = 0;
    std::string_view s;
};

Value boolean(bool v) {
    return {Value::Type::Bool, v, 0, {}};
}
Value number(double v) {
    return {Value::Type::Number, false, v, {}};
}
Value string(std::string_view v) {
    return {Value::Type::String, false, 0, v};
}

Value value_of(const Situation& s, int key, std::string_view name) {
    const Objection* o = s.objection;
    const Lead* l = s.lead;
    switch (key) {
        case KContext:
            return string(s.context);
        case KAuthority:
            return string(s.authority);
        case KTrait: {
            const std::string trait(name.substr(trait_prefix.size()));
            // An objection may set a trait for its own topic (a buyer proud of one thing only).
            if (o != nullptr)
                if (auto own = o->traits.find(trait); own != o->traits.end()) return number(own->second);
            if (s.traits == nullptr) return {};
            auto it = s.traits->find(trait);
            return it == s.traits->end() ? number(0.5) : number(it->second);
        }
        case KFact: {
            if (s.facts == nullptr) return boolean(false);
            auto it = s.facts->find(std::string(name.substr(fact_prefix.size())));
            return boolean(it != s.facts->end() && it->second);
        }
        case KProductComplex:
            return boolean(s.product_complex);
        case KTrust:
            return number(s.state.trust);
        case KInterest:
            return number(s.state.interest);
        case KPatience:
            return number(s.state.patience);
        case KReadiness:
            return number(s.state.readiness);
        case KReady:
            return boolean(s.state.readiness >= s.close_at);
        case KNeedsFound:
            return number(s.needs_found);
        case KObjectionsOpen:
            return number(s.objections_open);
        case KQuestionsAsked:
            return number(s.questions_asked);
        case KCloseAttempt:
            return number(s.close_attempt);
        case KBand:
            return string(to_string(readiness_band(s.state.readiness, s.close_at)));
        case KBlockingOpen:
            return number(s.blocking_open);
        case KObjKind:
            return o ? string(to_string(o->kind)) : Value{};
        case KObjValid:
            return boolean(o && o->valid);
        case KObjEgo:
            return boolean(o && o->ego);
        case KObjTrivial:
            return boolean(o && o->trivial);
        case KObjMisinformed:
            return boolean(o && o->misinformed);
        case KObjExcuse:
            return boolean(o && o->excuse);
        case KObjOffsets:
            return boolean(o && o->offsets);
        case KObjHidden:
            return boolean(o && !o->hidden.empty());
        case KObjNeedFound:
            return boolean(o && s.objection_need_found);
        case KObjOpen:
            return boolean(o && s.objection_open);
        case KObjBlocking:
            return boolean(o && s.objection_blocking);
        case KObjHardened:
            return number(o ? s.objection_hardened : 0);
        case KLeadAble:
            return boolean(l && l->able);
        case KLeadWilling:
            return boolean(l && l->willing);
        case KLeadAuthorised:
            return boolean(l && l->authorised);
        case KLeadReachable:
            return boolean(l && l->reachable);
        case KLeadNeedMet:
            return boolean(l && l->need_met);
        case KLeadMeetsRequirements:
            return boolean(l && l->meets_requirements);
        case KLeadQualified:
            return boolean(l && l->qualified());
        case KLeadTop:
            return boolean(l && s.lead_top);
        case KTaken:
            return boolean(move_taken(s, taken_bit(s, name.substr(taken_prefix.size()))));
        case KOpenId:
            return boolean(objection_status(s, objection_index(s, name.substr(open_prefix.size())), true));
        case KResolvedId:
            return boolean(
                objection_status(s, objection_index(s, name.substr(resolved_prefix.size())), false));
        default:
            return {};
    }
}

FactValue to_fact_value(const Value& v) {
    switch (v.type) {
        case Value::Type::Bool:
            return v.b;
        case Value::Type::Number:
            return v.n;
        case Value::Type::String:
            return std::string(v.s);
        case Value::Type::Missing:
            break;
    }
    return false;
}

}  // namespace

std::optional<FactValue> Situation::get(std::string_view name) const {
    const int key = key_of(name);
    if (key < 0) return std::nullopt;
    return to_fact_value(value_of(*this, key, name));
}

Facts Situation::all() const {
    Facts out;
    for (const Named& n : fixed_names) {
        const bool objection_fact = std::string_view(n.name).substr(0, 10) == "objection.";
        const bool lead_fact = std::string_view(n.name).substr(0, 5) == "lead.";
        if ((objection_fact && objection == nullptr) || (lead_fact && lead == nullptr)) continue;
        out.emplace(n.name, to_fact_value(value_of(*this, n.key, n.name)));
    }
    if (traits != nullptr)
        for (const auto& [k, v] : *traits) out.emplace(std::string(trait_prefix) + k, v);
    if (facts != nullptr)
        for (const auto& [k, v] : *facts) out.emplace(std::string(fact_prefix) + k, v);
    return out;
}

std::vector<std::string> known_fact_names() {
    std::vector<std::string> out;
    for (const Named& n : fixed_names) out.emplace_back(n.name);
    out.emplace_back("trait.<name>");
    out.emplace_back("fact.<name>");
    out.emplace_back("taken.<move>");
    out.emplace_back("open.<objection>");
    out.emplace_back("resolved.<objection>");
    return out;
}

bool Condition::resolve() {
    key = key_of(fact);
    return key >= 0;
}

// [SECTION] Value ranges

void ValueRanges::keep(Var var, int from, int to) {
    lo[var] = std::max(lo[var], std::clamp(from, -unbounded, unbounded));
    hi[var] = std::min(hi[var], std::clamp(to, -unbounded, unbounded));
}

void ValueRanges::keep(const ValueRanges& other) {
    for (std::size_t i = 0; i < 4; ++i) {
        lo[i] = std::max(lo[i], other.lo[i]);
        hi[i] = std::min(hi[i], other.hi[i]);
    }
}

int ValueRanges::value(const BuyerState& s, Var var) {
    switch (var) {
        case Trust:
            return s.trust;
        case Interest:
            return s.interest;
        case Patience:
            return s.patience;
        case Readiness:
            return s.readiness;
    }
    return 0;
}

bool ValueRanges::contains(const BuyerState& s) const {
    for (std::size_t i = 0; i < 4; ++i) {
        const int v = value(s, static_cast<Var>(i));
        if (v < lo[i] || v > hi[i]) return false;
    }
    return true;
}

namespace {

// The integers a Compare condition accepts form one interval [from, to] (empty when from > to).
std::pair<int, int> accepted(const Condition& c) {
    constexpr double big = ValueRanges::unbounded;
    double from = -big, to = big;
    if (c.ge) from = std::max(from, std::ceil(*c.ge));
    if (c.gt) from = std::max(from, std::floor(*c.gt) + 1);
    if (c.le) to = std::min(to, std::floor(*c.le));
    if (c.lt) to = std::min(to, std::ceil(*c.lt) - 1);
    if (c.eq) {
        if (*c.eq != std::floor(*c.eq)) return {1, 0};
        from = std::max(from, *c.eq);
        to = std::min(to, *c.eq);
    }
    from = std::clamp(from, -big, big);
    to = std::clamp(to, -big, big);
    return {static_cast<int>(from), static_cast<int>(to)};
}

// Narrows `r` to the values of `var` around `x` for which condition `c` gives `result` again.
void narrow(const Condition& c, ValueRanges& r, ValueRanges::Var var, int x, bool result) {
    constexpr int big = ValueRanges::unbounded;
    switch (c.op) {
        case Condition::Op::IsTrue:
        case Condition::Op::IsFalse:
            if (x == 0)
                r.keep(var, 0, 0);
            else if (x > 0)
                r.keep(var, 1, big);
            else
                r.keep(var, -big, -1);
            return;
        case Condition::Op::Equals:
        case Condition::Op::OneOf:
            return;  // a number never equals a string: the same answer for every value
        case Condition::Op::Compare: {
            const auto [from, to] = accepted(c);
            if (from > to) return;  // no value is accepted
            if (result)
                r.keep(var, from, to);
            else if (x < from)
                r.keep(var, -big, from - 1);
            else
                r.keep(var, to + 1, big);
            return;
        }
    }
}

}  // namespace

bool Condition::holds(const Situation& s) const {
    const int k = key >= 0 ? key : key_of(fact);
    const bool result = test(s, k);
    if (s.tested != nullptr) {
        constexpr int big = ValueRanges::unbounded;
        switch (k) {
            case KTrust:
                narrow(*this, *s.tested, ValueRanges::Trust, s.state.trust, result);
                break;
            case KInterest:
                narrow(*this, *s.tested, ValueRanges::Interest, s.state.interest, result);
                break;
            case KPatience:
                narrow(*this, *s.tested, ValueRanges::Patience, s.state.patience, result);
                break;
            case KReadiness:
                narrow(*this, *s.tested, ValueRanges::Readiness, s.state.readiness, result);
                break;
            case KReady:  // the answer depends only on which side of close_at readiness is
                if (s.state.readiness >= s.close_at)
                    s.tested->keep(ValueRanges::Readiness, s.close_at, big);
                else
                    s.tested->keep(ValueRanges::Readiness, -big, s.close_at - 1);
                break;
            case KBand:  // the band depends only on which of the three ranges readiness is in
                if (s.state.readiness >= s.close_at)
                    s.tested->keep(ValueRanges::Readiness, s.close_at, big);
                else if (s.state.readiness >= s.close_at - 20)
                    s.tested->keep(ValueRanges::Readiness, s.close_at - 20, s.close_at - 1);
                else
                    s.tested->keep(ValueRanges::Readiness, -big, s.close_at - 21);
                break;
            default:
                break;
        }
    }
    return result;
}

bool Condition::test(const Situation& s, int k) const {
    // Resolved conditions on the meeting's history skip the look-up by name.
    if (index >= 0 && (k == KTaken || k == KOpenId || k == KResolvedId)) {
        const bool v = k == KTaken ? move_taken(s, static_cast<std::size_t>(index))
                                   : objection_status(s, static_cast<std::size_t>(index), k == KOpenId);
        return op == Op::IsFalse ? !v : v;
    }
    const Value v = value_of(s, k, fact);
    switch (op) {
        case Op::IsTrue:
            return v.type == Value::Type::Bool ? v.b : (v.type == Value::Type::Number && v.n != 0);
        case Op::IsFalse:
            return !(v.type == Value::Type::Bool ? v.b : (v.type == Value::Type::Number && v.n != 0));
        case Op::Equals:
        case Op::OneOf:
            for (const std::string& want : strings)
                if (v.type == Value::Type::String && v.s == want) return true;
            return false;
        case Op::Compare: {
            const double x =
                v.type == Value::Type::Number ? v.n : (v.type == Value::Type::Bool && v.b ? 1.0 : 0.0);
            if (lt && !(x < *lt)) return false;
            if (le && !(x <= *le)) return false;
            if (gt && !(x > *gt)) return false;
            if (ge && !(x >= *ge)) return false;
            if (eq && !(x == *eq)) return false;
            return true;
        }
    }
    return false;
}

bool Rule::matches(const Situation& s) const {
    for (const Condition& c : when)
        if (!c.holds(s)) return false;
    return true;
}

void RuleBook::build_index() {
    // Each move a `taken.<move>` condition asks about gets a bit of Situation::taken.
    taken_moves.clear();
    for (Rule& r : rules)
        for (Condition& c : r.when) {
            if (key_of(c.fact) != KTaken) continue;
            const std::string move = c.fact.substr(taken_prefix.size());
            auto it = std::find(taken_moves.begin(), taken_moves.end(), move);
            if (it == taken_moves.end()) {
                if (taken_moves.size() == max_taken_moves)
                    throw std::logic_error("more than 64 moves asked about by taken.<move> conditions");
                it = taken_moves.insert(taken_moves.end(), move);
            }
            c.index = static_cast<int>(it - taken_moves.begin());
        }
    m_index.by_move.clear();
    for (auto& g : m_index.gates) g.clear();
    for (std::size_t i = 0; i < rules.size(); ++i) {
        const auto stage = static_cast<std::size_t>(rules[i].stage);
        if (rules[i].gate)
            m_index.gates[stage].push_back(i);
        else
            m_index.by_move[rules[i].move][stage].push_back(i);
    }
    m_index.rules = rules.size();
    m_index.built = true;
}

const Rule* RuleBook::match(Stage stage, std::string_view move, const Situation& s) const {
    const Rule* best = nullptr;
    const auto consider = [&](const Rule& r) {
        if (best != nullptr && r.when.size() <= best->when.size()) return;
        if (r.matches(s)) best = &r;
    };
    if (!indexed()) {
        for (const Rule& r : rules)
            if (!r.gate && r.stage == stage && r.move == move) consider(r);
        return best;
    }
    const auto it = m_index.by_move.find(move);
    if (it == m_index.by_move.end()) return nullptr;
    for (std::size_t i : it->second[static_cast<std::size_t>(stage)]) consider(rules[i]);
    return best;
}

namespace {

bool gate_covers(const Rule& r, std::string_view move) {
    if (r.move != "any") return r.move == move;
    return std::find(r.except.begin(), r.except.end(), move) == r.except.end();
}

}  // namespace

const Rule* RuleBook::match_gate(Stage stage, std::string_view move, const Situation& s) const {
    const Rule* best = nullptr;
    const auto consider = [&](const Rule& r) {
        if (!gate_covers(r, move)) return;
        if (best != nullptr && r.when.size() <= best->when.size()) return;
        if (r.matches(s)) best = &r;
    };
    if (!indexed()) {
        for (const Rule& r : rules)
            if (r.gate && r.stage == stage) consider(r);
        return best;
    }
    for (std::size_t i : m_index.gates[static_cast<std::size_t>(stage)]) consider(rules[i]);
    return best;
}

const Rule* RuleBook::judge(Stage stage, std::string_view move, const Situation& s) const {
    const Rule* own = match(stage, move, s);
    const Rule* gate = match_gate(stage, move, s);
    if (gate == nullptr) return own;
    if (own != nullptr && static_cast<int>(own->verdict) > static_cast<int>(gate->verdict)) return own;
    return gate;
}

const MoveInfo* RuleBook::find_move(std::string_view id) const {
    for (const MoveInfo& m : moves)
        if (m.id == id) return &m;
    return nullptr;
}

const Rule* RuleBook::find_rule(std::string_view id) const {
    for (const Rule& r : rules)
        if (r.id == id) return &r;
    return nullptr;
}

std::vector<std::string> RuleBook::moves_of(Stage stage) const {
    std::vector<std::string> out;
    for (const MoveInfo& m : moves)
        if (m.stage == stage) out.push_back(m.id);
    return out;
}

int RuleBook::points_for(Verdict v) const {
    auto it = points.find(v);
    if (it == points.end()) throw std::logic_error("rule book has no points for a verdict");
    return it->second;
}

}  // namespace salesim
