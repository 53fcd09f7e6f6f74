// A role-play session: a deterministic step machine over a scenario and a seed.
#pragma once

#include "salesim/domain.hpp"
#include "salesim/rulebook.hpp"
#include "salesim/scenario.hpp"
#include "salesim/score.hpp"
#include "salesim/text.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace salesim {

enum class DecisionKind { Lead, Step, Objection, Close };

/// An objection that is open (raised and not yet resolved).
struct OpenObjection {
    std::string id;
    bool blocking = false;  ///< no sale while it is open
    bool operator==(const OpenObjection&) const = default;
};

/// One choice offered to the trainee.
struct Option {
    std::string move;  ///< the move id ("boomerang", "rapport", "lead", ...)
    std::string ref;   ///< the lead's id for leads, else ""
    Text label;        ///< short: the move's or lead's name
    Text say;          ///< what the seller says or does
    SourceLoc loc;     ///< where it is in the scenario (the objection or stage for generated options)
};

/// The decision at hand.
struct Decision {
    Stage stage = Stage::Prospecting;
    DecisionKind kind = DecisionKind::Step;
    std::string ref;  ///< step, objection or lead-list id ("leads"), or "close"
    Speaker speaker = Speaker::Narrator;
    Text prompt;
    std::vector<Option> options;
    SourceLoc loc;
};

/// A line of the conversation.
struct Line {
    Stage stage = Stage::Prospecting;
    Speaker speaker = Speaker::Narrator;
    Text text;
};

/// What one decision was, what it did and why: the unit of feedback.
struct DecisionRecord {
    int index = 0;  ///< 0-based, in order
    Stage stage = Stage::Prospecting;
    DecisionKind kind = DecisionKind::Step;
    std::string ref;
    std::size_t chosen = 0;  ///< 0-based option index
    std::string move;
    Text say;
    Text reply;
    const Rule* rule = nullptr;  ///< the rule that judged it (owned by the scenario's rule book)
    Verdict verdict = Verdict::Good;
    int points = 0;       ///< after the hint penalty
    bool scored = true;   ///< false for a trial close that reads the buyer: no points, not in the mean
    bool hinted = false;  ///< the hint that names the option was taken (Session::hint())
    bool nudged = false;  ///< the nudge was taken (Session::nudge()), before the named hint or alone
    /// How many points the hints taken cost this decision (0 when none was taken).
    int hint_cost = 0;
    /// The moves (and option indices) with the best verdict available at that moment.
    std::vector<std::string> best_moves;
    std::vector<std::size_t> best_options;
    const Rule* best_rule = nullptr;
    /// Whether a better option was offered: one of the best options is not the one chosen (when the
    /// chosen option was as good as any, "Better:" would name it), and the decision was scored.
    bool better_offered() const {
        return scored && !best_options.empty() &&
               std::find(best_options.begin(), best_options.end(), chosen) == best_options.end();
    }
    BuyerState before;
    BuyerState after;
    SourceLoc loc;  ///< the scenario line of the option (or of the objection, for methods)
    Text feedback;  ///< the rule's feedback with placeholders filled in
    /// The buying signal the narration told after the reply (salesim/signals.hpp); empty when no
    /// band changed.
    Text signal;
    /// The transcript's length once the choice was said, answered and narrated (before what the
    /// next decision brings): where a front end shows the verdict in the conversation.
    std::size_t said_upto = 0;
    /// The decision as it was offered (prompt and options in the order shown); `chosen` indexes
    /// its options. Empty for a non-recording session.
    Decision offered;
    /// The objections open when the decision was offered. Empty for a non-recording session.
    std::vector<OpenObjection> open_before;
};

/// A hint at one of two levels. The first (a nudge) asks the question that leads to the answer
/// and names no option; the second names the best option and why. Each costs a share of the
/// decision's points set by the rule book (RuleBook::hint_costs).
struct Hint {
    int level = 2;           ///< 1: a nudge (only `nudge` is set); 2: the option is named
    std::size_t option = 0;  ///< level 2: the best option (0-based, in the order shown)
    std::string move;        ///< level 2: its move
    Text why;                ///< level 2: what the move is
    Text nudge;              ///< level 1: the question to ask yourself
};

/// Everything needed to restore a session exactly.
struct SaveData {
    std::string scenario_id;
    std::string content_hash;
    std::uint64_t seed = 0;
    std::string lang;
    std::vector<std::size_t> choices;  ///< 0-based
    std::vector<int> hinted;           ///< decision indices where a hint was taken (the one at hand too)
    /// Decision indices where the nudge was taken (the one at hand too). A save from before nudges
    /// has none, so its `hinted` keep their meaning: the hint that names the option.
    std::vector<int> nudged;
};

/// How an option is judged: the rule book's stage whose rules judge it (a trial close is judged by
/// the closing rules wherever it is offered, a check after an answer by those of objections), its
/// move, and the facts those rules test.
struct OptionJudging {
    Stage stage = Stage::Prospecting;
    std::string move;
    Situation situation;
};

struct TestedRanges;  // the analyzer's view of a choice (engine-internal)

class Session {
public:
    /// Starts a session. `record` false skips the transcript, the feedback texts and the history
    /// (for the analyzer): decisions() and choices() stay empty, choose() returns the last record
    /// only (without texts or best moves), save() has no choices and score() no competencies.
    Session(std::shared_ptr<const Scenario> scenario, std::uint64_t seed, bool record = true);

    /// True when the session has ended (see outcome()).
    bool finished() const;
    Outcome outcome() const { return m_outcome; }
    /// The decision at hand; throws std::logic_error when finished.
    const Decision& current() const;
    /// Takes option `index` (0-based) of the current decision. Throws std::out_of_range for a bad
    /// index and std::logic_error when finished.
    const DecisionRecord& choose(std::size_t index);
    /// The second-level hint: the best option now. Marks the current decision as hinted; it then
    /// scores less by the rule book's `hints: name` share (with or without a nudge before it).
    Hint hint();
    /// The first-level hint: a question that leads towards the answer without naming an option
    /// (level 1). The decision then scores less by the rule book's `hints: nudge` share.
    Hint nudge();
    /// The next hint for the decision at hand: the nudge first, then the named option.
    Hint next_hint() { return m_nudge_pending || m_hint_pending ? hint() : nudge(); }
    /// Whether a hint was taken for the current decision.
    bool hint_taken() const { return m_hint_pending; }
    /// The level of hint taken for the current decision: 0 none, 1 the nudge, 2 the named option.
    int hint_level() const { return m_hint_pending ? 2 : m_nudge_pending ? 1 : 0; }

    Stage stage() const;
    const BuyerState& buyer() const { return m_state; }
    const std::vector<Line>& transcript() const { return m_transcript; }
    /// Every decision so far; always empty for a non-recording session.
    const std::vector<DecisionRecord>& decisions() const { return m_records; }
    /// Every choice so far (0-based); always empty for a non-recording session.
    const std::vector<std::size_t>& choices() const { return m_choices; }
    std::uint64_t seed() const { return m_seed; }
    const Scenario& scenario() const { return *m_scenario; }
    std::shared_ptr<const Scenario> scenario_ptr() const { return m_scenario; }
    /// The objections raised and still open, in the scenario's order.
    std::vector<OpenObjection> open_objections() const;
    /// Facts of the current decision (empty situation when finished).
    Situation situation() const;
    /// How option `index` (0-based, in the order shown) of the current decision is judged: passing
    /// its stage, move and situation to RuleBook::judge() gives the rule choose() would record.
    /// Throws std::out_of_range for a bad index and std::logic_error when finished.
    OptionJudging judging(std::size_t index) const;
    /// The score card so far (final once finished()).
    ScoreCard score() const;

    SaveData save(std::string lang) const;
    /// Replays a save against `scenario`. Throws std::runtime_error with a readable message when
    /// the save is for another scenario, the content hash differs, or a choice is out of range.
    static Session resume(std::shared_ptr<const Scenario> scenario, const SaveData& save);

    /// A compact key of everything that decides the future (position, buyer state, flags): two
    /// sessions with the same key offer the same options and score the same from here on.
    std::string state_key() const;
    /// Decisions so far per stage (indexed by Stage).
    const std::array<int, 7>& stage_decisions() const { return m_stage_count; }
    /// Whether the buyer has agreed to buy.
    bool sold() const { return m_sold; }
    /// Whether a close was judged a mistake so far.
    bool mistake_close() const { return m_mistake_close; }
    /// Closing attempts made so far, and how many the scenario allows.
    int close_attempts() const { return m_close_attempts; }
    int close_attempts_allowed() const;
    /// Whether the session got as far as `stage`: false for a stage the scenario has after the
    /// one the session is at (or ended in), whose score then reads "not reached".
    bool reached(Stage stage) const;

private:
    friend class SessionInternals;  // the analyzer's hooks (engine/src/session_internal.hpp)

    /// What a stage's mechanics made of a choice: the scripted answer (nullptr: the rule's), the
    /// narration told instead, and whether the stage moves on to its next item.
    struct Turn {
        const Text* reply = nullptr;
        const Text* narrated = nullptr;
        const Text* then = nullptr;  ///< narration after the reply (nullptr: none)
        bool next_item = true;
    };

    /// What kind of decision is at hand.
    enum class At { Lead, Step, Objection, Confirm, Close };
    At at() const;
    const std::vector<Objection>& objections() const;
    bool blocking(std::size_t objection_index) const;
    int blocking_open() const;
    void queue_open_objections();

    void start_stage();
    void raise_front();
    bool has_decision_here() const;
    void advance();
    void build_current();
    void say(Stage stage, Speaker who, const Text& text);
    void finish(Outcome o);
    Situation base_situation() const;
    Situation option_situation(std::size_t content_index) const;
    std::string option_move(std::size_t content_index) const;
    std::string_view move_of(std::size_t content_index) const;
    bool need_found(const std::string& need_id) const;
    Stage judged_by(std::string_view move) const;
    const Rule& judge(std::size_t content_index) const;
    const Text& engine_text(std::string_view key) const;

    // choose(), in the order it runs: record the choice, apply its effects, play the stage's
    // mechanics, file the record, then move on.
    DecisionRecord& open_record(std::size_t index, const Rule& rule);
    void apply_effects(const Effects& fx);
    Turn play_lead(std::size_t content_index);
    Turn answer_objection(std::size_t content_index, const Rule& rule);
    Turn follow_up(std::size_t content_index);
    Turn attempt_close(std::size_t content_index, const Rule& rule, const BuyerState& before);
    Turn take_step(std::size_t content_index);
    void file_record(DecisionRecord& rec, const Rule& rule, const Turn& turn, std::size_t index);
    void tell_signal(Stage stage, DecisionRecord& rec);
    void move_on(bool next_item);

    // The analyzer's tracking of what a choice tested (session_tracking.cpp).
    void track_begin();
    void track_close(bool was_ready, bool success);
    void track_patience();
    void state_key_into(std::string& out, unsigned omit) const;

    static constexpr std::size_t npos = static_cast<std::size_t>(-1);

    std::shared_ptr<const Scenario> m_scenario;
    std::uint64_t m_seed = 0;
    bool m_record = true;

    // position
    std::size_t m_stage_index = 0;           ///< into scenario.stages
    std::size_t m_item = 0;                  ///< step / objection index within the stage
    std::vector<std::size_t> m_raise_order;  ///< objection indices still to raise, front first
    int m_close_attempts = 0;
    bool m_sold = false;
    Outcome m_outcome = Outcome::InProgress;

    // buyer and conversation state
    BuyerState m_state;
    std::vector<bool> m_needs_found;       ///< by persona.needs index
    std::vector<bool> m_objection_open;    ///< by objection index (raised and unresolved)
    std::vector<bool> m_revealed;          ///< by objection index: a concealed one was brought out
    std::vector<std::uint8_t> m_hardened;  ///< by objection index: 1 once an answer was judged a mistake
    std::vector<bool> m_raised;            ///< by objection index: raised at some point in the meeting
    std::uint64_t m_taken = 0;             ///< bit i: the rule book's taken_moves[i] was chosen
    std::size_t m_confirm = npos;          ///< objection just answered, awaiting the check, or npos
    std::size_t m_announced = npos;        ///< objection whose words were said for the decision at hand
    std::size_t m_obj_stage = npos;        ///< index of the objections stage in scenario.stages
    bool m_last_trial = false;             ///< the last choice was a trial close at the decision at hand
    bool m_mistake_close = false;          ///< a close was judged a mistake
    bool m_ended = false;                  ///< the buyer ended the meeting after a mistaken close
    int m_questions_asked = 0;

    // scoring
    std::array<int, 7> m_stage_points{};
    std::array<int, 7> m_stage_count{};
    bool m_hint_pending = false;
    bool m_nudge_pending = false;

    Decision m_current;
    std::vector<std::size_t> m_order;  ///< shuffled option order -> content index
    std::vector<std::size_t> m_choices;
    std::vector<int> m_hinted;
    std::vector<int> m_nudged;
    std::vector<Line> m_transcript;
    std::vector<DecisionRecord> m_records;
    DecisionRecord m_last;  ///< the last record of a non-recording session
    int m_decision_count = 0;
    TestedRanges* m_tested = nullptr;
};

const char* to_string(DecisionKind k);
const char* to_string(Speaker s);

}  // namespace salesim

namespace salesim {

/// The save file: a small JSON object {format, scenario, hash, seed, lang, choices (1-based), hints}.
std::string save_to_json(const SaveData& save);
/// Parses a save file; throws std::runtime_error saying what is wrong.
SaveData save_from_json(std::string_view text);

}  // namespace salesim
