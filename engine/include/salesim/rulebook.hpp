// The rule book: sales knowledge as data. Which move fits which situation, and why.
#pragma once

#include "salesim/book_texts.hpp"
#include "salesim/diagnostic.hpp"
#include "salesim/domain.hpp"
#include "salesim/text.hpp"

#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <variant>
#include <vector>

namespace salesim {

struct Objection;
struct Lead;

/// The value of a fact about the situation: a flag, a number or a string.
using FactValue = std::variant<bool, double, std::string>;
/// Facts by name ("objection.ego", "state.readiness", "fact.scarcity_true"), for display and tests.
using Facts = std::map<std::string, FactValue>;

/// The buyer's live state; every value 0..100.
struct BuyerState {
    int trust = 30;
    int interest = 30;
    int patience = 70;
    int readiness = 10;
    bool operator==(const BuyerState&) const = default;
};

/// Ranges of the buyer's values over which every test made of them came out the same, one range
/// per value in BuyerState's order (trust, interest, patience, readiness). A search narrows them
/// while a decision is judged, and merges states whose values fall in the same ranges.
struct ValueRanges {
    static constexpr int unbounded = 1000;  ///< far beyond 0..100 and any bound a rule can set
    enum Var : std::size_t { Trust, Interest, Patience, Readiness };
    std::array<int, 4> lo{-unbounded, -unbounded, -unbounded, -unbounded};
    std::array<int, 4> hi{unbounded, unbounded, unbounded, unbounded};

    /// Every value in range again.
    void clear() { *this = ValueRanges{}; }
    /// Narrows `var` to [from, to] (bounds clamped to +-unbounded).
    void keep(Var var, int from, int to);
    /// Narrows each range to the other's.
    void keep(const ValueRanges& other);
    bool contains(const BuyerState& s) const;
    static int value(const BuyerState& s, Var var);
};

/// Everything a rule may test at one decision. Plain data with non-owning pointers into the
/// scenario; built by the session for each decision without allocating.
struct Situation {
    std::string_view context;    ///< b2b | b2c | retail
    std::string_view authority;  ///< full | shared | none
    const std::map<std::string, double>* traits = nullptr;
    const std::map<std::string, bool>* facts = nullptr;
    bool product_complex = false;
    BuyerState state;
    int close_at = 70;
    int needs_found = 0;
    int objections_open = 0;
    int questions_asked = 0;
    int close_attempt = 0;
    int blocking_open = 0;                 ///< open objections that stand in the way of a sale
    const Objection* objection = nullptr;  ///< objections stage
    bool objection_need_found = false;
    bool objection_open = false;      ///< the objection at hand is still open (after an answer)
    bool objection_blocking = false;  ///< it stands in the way of a sale
    int objection_hardened = 0;       ///< times it was answered with a mistake
    const Lead* lead = nullptr;       ///< prospecting
    bool lead_top = false;
    /// The scenario's objections with which of them are open and which were raised so far (by
    /// index), for the conditions `open.<id>` and `resolved.<id>`; null outside a session.
    const std::vector<Objection>* objections = nullptr;
    const std::vector<bool>* open = nullptr;
    const std::vector<bool>* raised = nullptr;
    /// Moves chosen earlier in the meeting, for `taken.<move>`: bit i stands for the rule book's
    /// `taken_moves[i]` (only the moves some condition asks about are tracked).
    std::uint64_t taken = 0;
    const std::vector<std::string>* taken_moves = nullptr;
    /// When set, each test of a buyer value narrows its range here to the values that would have
    /// given the same answer (a search uses it to know which states behave alike).
    ValueRanges* tested = nullptr;

    /// The value of a fact by its name in rule files; nullopt for an unknown name.
    std::optional<FactValue> get(std::string_view name) const;
    /// Every fact with its value (for the debrief's "why" and for tests).
    Facts all() const;
};

/// Every fact name rules may test, with "trait.*" and "fact.*" as patterns (for help texts).
std::vector<std::string> known_fact_names();

/// One test in a rule's `when:`.
struct Condition {
    enum class Op { IsTrue, IsFalse, Equals, OneOf, Compare };
    std::string fact;
    Op op = Op::IsTrue;
    std::vector<std::string> strings;  ///< Equals (one) and OneOf
    /// Compare: each bound that is set must hold.
    std::optional<double> lt, le, gt, ge, eq;
    SourceLoc loc;
    /// `open.<id>` and `resolved.<id>`: the objection's index in the scenario; `taken.<move>`: the
    /// move's bit in RuleBook::taken_moves. -1 until the loader (or build_index) resolves it; the
    /// condition then looks the name up each time.
    int index = -1;
    /// The fact's name resolved to an internal key, so matching does no string work; -1 until
    /// resolve() is called (holds() then looks the name up each time, which is slower).
    int key = -1;

    /// Resolves `fact` to `key`; returns false when the name is not a known fact.
    bool resolve();
    /// Missing facts count as false / "" / 0. Narrows `s.tested` when it is set.
    bool holds(const Situation& s) const;

private:
    bool test(const Situation& s, int resolved_key) const;
};

/// What a decision does to the buyer and the session.
struct Effects {
    int trust = 0;
    int interest = 0;
    int patience = 0;
    int readiness = 0;
    bool resolves = false;       ///< the objection at hand is resolved
    bool reveals = false;        ///< the concealed objection behind it is raised next
    bool closes = false;         ///< a closing attempt
    bool resolves_last = false;  ///< resolves the one open objection (objection close)
    bool operator==(const Effects&) const = default;
};

/// One piece of sales knowledge.
struct Rule {
    std::string id;  ///< "objection.denial.ego"
    Stage stage = Stage::Prospecting;
    std::string move;  ///< a move id of that stage ("denial", "rapport", "lead", ...), or "any" for a gate
    /// A gate judges a move before its own rules: when a gate's conditions hold, the decision gets
    /// the worse of the gate's verdict and the move's own (the gate on a tie), so a gate caps how
    /// good a move can be in a situation (a close on an unready buyer is at best weak).
    bool gate = false;
    std::vector<std::string> except;  ///< a gate with move "any": the moves it leaves alone
    std::vector<Condition> when;
    Verdict verdict = Verdict::Good;
    std::string competency;  ///< never empty after loading
    Effects effects;
    Text reply;          ///< the buyer's generic reaction (may be empty)
    Text feedback;       ///< why, for the debrief
    std::string source;  ///< where in the theory it comes from
    std::string file;    ///< the file the rule was read from (rule book or scenario)
    SourceLoc loc;       ///< where its id is in that file

    bool matches(const Situation& s) const;
};

/// A move in the catalogue: what the trainee can do, with its tooltip.
struct MoveInfo {
    std::string id;
    Stage stage = Stage::Prospecting;
    Text name;
    Text about;
    Text line;  ///< the seller's default line when a scenario gives none
};

/// What the two levels of hint cost: the share (percent) of a decision's points taken off. The
/// named option's share is the whole cost when both were taken. The defaults are the rule book's
/// when it says nothing (a named hint halved the points before there were nudges).
struct HintCosts {
    int nudge = 25;
    int name = 50;
};

/// The rules and the move catalogue. Immutable once loaded: the loader indexes the rules for
/// match() before it hands the book out, so sessions on several threads share it without locks.
class RuleBook {
public:
    std::string version;
    std::map<Verdict, int> points{
        {Verdict::Best, 100}, {Verdict::Good, 70}, {Verdict::Weak, 40}, {Verdict::Mistake, 0}};
    HintCosts hint_costs;  ///< `hints: {nudge, name}`
    std::vector<MoveInfo> moves;
    std::vector<Rule> rules;
    BookTexts texts;  ///< the engine's own words (stage names, narration, debrief headings)
    /// The moves some `taken.<move>` condition asks about, in the order of their bits in
    /// Situation::taken; filled by build_index().
    std::vector<std::string> taken_moves;
    static constexpr std::size_t max_taken_moves = 64;

    /// Indexes `rules` by move and stage for match(). The loader calls it once the rules are
    /// final; a book built or changed by hand (a copy included) is matched by a plain scan, with
    /// the same answers, until it is indexed.
    void build_index();
    /// True when the index covers the rules as they are.
    bool indexed() const { return m_index.built && m_index.rules == rules.size(); }

    /// The most specific rule of `stage` and `move` whose conditions hold (ties: first in order),
    /// or nullptr when none does.
    const Rule* match(Stage stage, std::string_view move, const Situation& s) const;
    /// The most specific gate of `stage` for `move` whose conditions hold, or nullptr.
    const Rule* match_gate(Stage stage, std::string_view move, const Situation& s) const;
    /// How a decision is judged: the move's own rule (match()), capped by a gate (match_gate())
    /// when one holds: the worse verdict wins, the gate on a tie. nullptr when no rule matches.
    const Rule* judge(Stage stage, std::string_view move, const Situation& s) const;
    const MoveInfo* find_move(std::string_view id) const;
    /// Whether the book has the check after an answer (the moves `confirm` and `carry_on`); a book
    /// written before it has not, and then no check is offered.
    bool offers_check() const {
        return find_move(move_confirm) != nullptr && find_move(move_carry_on) != nullptr;
    }
    const Rule* find_rule(std::string_view id) const;
    /// Move ids of a stage in catalogue order.
    std::vector<std::string> moves_of(Stage stage) const;
    int points_for(Verdict v) const;

private:
    // match() is the engine's hot path (every option of every decision is judged), so the rules
    // are indexed by move and stage instead of compared by string each time. The index holds
    // positions into `rules`; a copied book does not inherit it, because its rules may then be
    // changed in place (a scenario's overrides), and indexes its own.
    struct MoveHash {
        using is_transparent = void;
        std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
    };
    struct MatchIndex {
        std::unordered_map<std::string, std::array<std::vector<std::size_t>, 7>, MoveHash, std::equal_to<>>
            by_move;
        std::array<std::vector<std::size_t>, 7> gates;  ///< gate rules by stage
        std::size_t rules = 0;                          ///< how many rules were indexed
        bool built = false;

        MatchIndex() = default;
        MatchIndex(const MatchIndex&) {}
        MatchIndex& operator=(const MatchIndex&) {
            by_move.clear();
            for (auto& g : gates) g.clear();
            rules = 0;
            built = false;
            return *this;
        }
        MatchIndex(MatchIndex&&) = default;
        MatchIndex& operator=(MatchIndex&&) = default;
        ~MatchIndex() = default;
    };
    MatchIndex m_index;
};

}  // namespace salesim
