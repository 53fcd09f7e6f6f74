// The session step machine: walks a scenario's stages, judges each decision by the rule book,
// moves the buyer, and records everything the debrief needs.
#include "salesim/session.hpp"

#include "salesim/signals.hpp"
#include "session_internal.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>
#include <utility>

namespace salesim {
namespace {

std::uint64_t splitmix64(std::uint64_t& x) {
    std::uint64_t z = (x += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

std::uint64_t hash_string(std::string_view s) {
    std::uint64_t h = 0xcbf29ce484222325ull;
    for (char c : s) {
        h ^= static_cast<unsigned char>(c);
        h *= 0x100000001b3ull;
    }
    return h;
}

// The order options are shown in: a permutation that depends only on the seed and the decision,
// never on the path that led there, so every trainee with the same seed sees the same screen.
// Fills `order` in place, so a session that is copied and stepped reuses its buffer.
void shuffle_into(std::vector<std::size_t>& order, std::size_t n, std::uint64_t seed,
                  std::string_view decision_id) {
    order.resize(n);
    for (std::size_t i = 0; i < n; ++i) order[i] = i;
    std::uint64_t state = seed ^ hash_string(decision_id);
    for (std::size_t i = n; i > 1; --i) {
        const auto j = static_cast<std::size_t>(splitmix64(state) % i);
        std::swap(order[i - 1], order[j]);
    }
}

int clamp100(int v) {
    return std::clamp(v, 0, 100);
}

int verdict_rank(Verdict v) {
    return static_cast<int>(v);
}  // Best = 0 .. Mistake = 3

Text fill(const Text& t, const Scenario& scn, int readiness) {
    Text out = t;
    for (auto& [lang, s] : out.by_lang) {
        if (s.find('{') == std::string::npos) continue;
        if (s.find("{trial}") != std::string::npos)
            s = substitute(std::move(s), "trial",
                           trial_reply(scn, readiness_band(readiness, scn.rubric.close_at)).get(lang));
        s = substitute(substitute(std::move(s), "buyer", scn.persona.name), "readiness",
                       std::to_string(readiness));
    }
    return out;
}

}  // namespace

const char* to_string(DecisionKind k) {
    switch (k) {
        case DecisionKind::Lead:
            return "lead";
        case DecisionKind::Step:
            return "step";
        case DecisionKind::Objection:
            return "objection";
        case DecisionKind::Close:
            return "close";
    }
    return "?";
}

const char* to_string(Speaker s) {
    switch (s) {
        case Speaker::Narrator:
            return "narrator";
        case Speaker::Buyer:
            return "buyer";
        case Speaker::Seller:
            return "seller";
    }
    return "?";
}

// [SECTION] Construction and position

Session::Session(std::shared_ptr<const Scenario> scenario, std::uint64_t seed, bool record)
    : m_scenario(std::move(scenario)), m_seed(seed), m_record(record) {
    if (!m_scenario) throw std::logic_error("Session needs a scenario");
    if (!m_scenario->rules) throw std::logic_error("scenario has no rule book");
    m_state = m_scenario->persona.start;
    m_needs_found.assign(m_scenario->persona.needs.size(), false);
    for (std::size_t i = 0; i < m_scenario->stages.size(); ++i)
        if (m_scenario->stages[i].stage == Stage::Objections) m_obj_stage = i;
    m_objection_open.assign(objections().size(), false);
    m_revealed.assign(m_objection_open.size(), false);
    m_hardened.assign(m_objection_open.size(), 0);
    m_raised.assign(m_objection_open.size(), false);
    if (m_scenario->stages.empty()) {
        finish(Outcome::NoSale);
        return;
    }
    start_stage();
    advance();
}

bool Session::finished() const {
    return m_outcome != Outcome::InProgress;
}

const Decision& Session::current() const {
    if (finished()) throw std::logic_error("the session has ended: there is no decision at hand");
    return m_current;
}

Stage Session::stage() const {
    if (m_stage_index < m_scenario->stages.size()) return m_scenario->stages[m_stage_index].stage;
    return m_scenario->stages.empty() ? Stage::Prospecting : m_scenario->stages.back().stage;
}

// The words the engine itself speaks (a refused close, the sale...), from the rule book.
const Text& Session::engine_text(std::string_view key) const {
    return m_scenario->rules->texts.get(key);
}

void Session::say(Stage stage, Speaker who, const Text& text) {
    if (!m_record || text.empty()) return;
    m_transcript.push_back(Line{stage, who, fill(text, *m_scenario, m_state.readiness)});
}

void Session::finish(Outcome o) {
    m_outcome = o;
    const Stage s = stage();
    if (o == Outcome::WalkedAway) say(s, Speaker::Narrator, engine_text("narration.walked_away"));
    if (o == Outcome::NoSale && !m_ended) say(s, Speaker::Narrator, engine_text("narration.no_sale"));
    m_current = Decision{};
    m_order.clear();
}

// Speaks a stage's intro and, for objections, queues and raises the first one; on reaching the
// close, the objections still open come back first.
void Session::start_stage() {
    const StageContent& sc = m_scenario->stages[m_stage_index];
    say(sc.stage, Speaker::Narrator, sc.intro);
    m_last_trial = false;
    if (sc.stage == Stage::Objections) {
        m_raise_order.clear();
        for (std::size_t i = 0; i < sc.objections.size(); ++i)
            if (!sc.objections[i].concealed) m_raise_order.push_back(i);
        if (!m_raise_order.empty()) raise_front();
    }
    if (sc.stage == Stage::Closing) {
        m_raise_order.clear();
        m_confirm = npos;
        queue_open_objections();
        if (!m_raise_order.empty()) raise_front();
    }
}

void Session::raise_front() {
    const std::size_t idx = m_raise_order.front();
    m_objection_open[idx] = true;
    m_raised[idx] = true;
    m_announced = idx;
    const Stage now = stage();
    if (now == Stage::Closing) say(now, Speaker::Narrator, engine_text("narration.still_bothers"));
    say(now, Speaker::Buyer, objections()[idx].says);
}

Session::At Session::at() const {
    const StageContent& sc = m_scenario->stages[m_stage_index];
    switch (sc.stage) {
        case Stage::Prospecting:
            return At::Lead;
        case Stage::Objections:
        case Stage::Closing:
            if (m_confirm != npos) return At::Confirm;
            if (!m_raise_order.empty()) return At::Objection;
            return sc.stage == Stage::Closing ? At::Close : At::Objection;
        default:
            return At::Step;
    }
}

bool Session::has_decision_here() const {
    const StageContent& sc = m_scenario->stages[m_stage_index];
    switch (sc.stage) {
        case Stage::Prospecting:
            return m_item == 0 && !sc.leads.empty();
        case Stage::Objections:
            return !m_raise_order.empty() || m_confirm != npos;
        case Stage::Closing:
            return !m_sold;
        default:
            return m_item < sc.steps.size();
    }
}

// Moves on to the next decision: the same stage if it has more, else the next stage, else the end.
void Session::advance() {
    if (finished()) return;
    while (!has_decision_here()) {
        if (m_stage_index + 1 >= m_scenario->stages.size()) {
            finish(m_sold ? Outcome::Sale : Outcome::NoSale);
            return;
        }
        ++m_stage_index;
        m_item = 0;
        start_stage();
    }
    build_current();
}

// [SECTION] The decision at hand

Situation Session::base_situation() const {
    const Scenario& sc = *m_scenario;
    Situation s;
    s.context = sc.context;
    s.authority = sc.persona.authority;
    s.traits = &sc.persona.traits;
    s.facts = &sc.facts;
    s.product_complex = sc.product_complex;
    s.state = m_state;
    s.close_at = sc.rubric.close_at;
    s.needs_found = static_cast<int>(std::count(m_needs_found.begin(), m_needs_found.end(), true));
    s.objections_open = static_cast<int>(std::count(m_objection_open.begin(), m_objection_open.end(), true));
    s.questions_asked = m_questions_asked;
    s.close_attempt = m_close_attempts;
    s.blocking_open = blocking_open();
    s.objections = &objections();
    s.open = &m_objection_open;
    s.raised = &m_raised;
    s.taken = m_taken;
    s.taken_moves = &sc.rules->taken_moves;
    if (m_tested != nullptr) s.tested = &m_tested->before;
    return s;
}

Situation Session::situation() const {
    if (finished()) return Situation{};
    Situation s = base_situation();
    const At here = at();
    std::size_t oi = npos;
    if (here == At::Confirm) oi = m_confirm;
    if (here == At::Objection && !m_raise_order.empty()) oi = m_raise_order.front();
    if (oi != npos) {
        s.objection = &objections()[oi];
        s.objection_need_found = need_found(s.objection->turns_on);
        s.objection_open = m_objection_open[oi];
        s.objection_blocking = blocking(oi);
        s.objection_hardened = m_hardened[oi];
    }
    return s;
}

bool Session::need_found(const std::string& need_id) const {
    if (need_id.empty()) return false;
    const auto& needs = m_scenario->persona.needs;
    for (std::size_t i = 0; i < needs.size(); ++i)
        if (needs[i].id == need_id) return m_needs_found[i];
    return false;
}

Situation Session::option_situation(std::size_t content_index) const {
    Situation s = situation();
    const StageContent& sc = m_scenario->stages[m_stage_index];
    if (sc.stage == Stage::Prospecting) {
        const Lead& lead = sc.leads[content_index];
        s.lead = &lead;
        int top_rank = 1 << 30;
        for (const Lead& l : sc.leads)
            if (l.qualified()) top_rank = std::min(top_rank, l.rank);
        s.lead_top = lead.qualified() && lead.rank == top_rank;
    }
    return s;
}

std::string Session::option_move(std::size_t content_index) const {
    return std::string(move_of(content_index));
}

// The trial close is offered from the presentation on, after a decision's own options.
std::string_view Session::move_of(std::size_t content_index) const {
    const StageContent& sc = m_scenario->stages[m_stage_index];
    switch (at()) {
        case At::Lead:
            return "lead";
        case At::Confirm:
            return content_index == 0 ? move_confirm : move_carry_on;
        case At::Objection:
            return to_string(all_methods[content_index]);
        case At::Close:
            return to_string(all_techniques[content_index]);
        case At::Step:
            break;
    }
    const Step& step = sc.steps[m_item];
    return content_index < step.options.size() ? std::string_view(step.options[content_index].move)
                                               : to_string(Technique::Trial);
}

void Session::build_current() {
    const Scenario& scn = *m_scenario;
    const StageContent& sc = scn.stages[m_stage_index];
    const RuleBook& book = *scn.rules;
    // Rebuilt in place: the options' strings keep their buffers from the previous decision, which
    // spares a search that copies and steps sessions an allocation per option.
    Decision& d = m_current;
    d.stage = sc.stage;
    d.speaker = Speaker::Narrator;
    if (!d.prompt.empty()) d.prompt = Text{};
    std::size_t count = 0;
    m_order.clear();
    auto add = [&](std::string_view move, std::string_view ref, const Text* label, const Text* say_text,
                   SourceLoc loc) {
        if (count == d.options.size()) d.options.emplace_back();
        Option& o = d.options[count++];
        // The same decision point shows the same moves each time (closing attempts, objections):
        // comparing is cheaper than assigning again.
        if (o.move != move) o.move.assign(move);
        if (o.ref != ref) o.ref.assign(ref);
        if (!o.label.empty()) o.label = Text{};
        if (!o.say.empty()) o.say = Text{};
        if (m_record) {
            const MoveInfo* info = book.find_move(o.move);
            if (label != nullptr)
                o.label = *label;
            else if (info != nullptr)
                o.label = info->name;
            if (say_text != nullptr && !say_text->empty())
                o.say = *say_text;
            else if (info != nullptr)
                o.say = info->line;
            o.say = fill(o.say, scn, m_state.readiness);
        }
        o.loc = loc;
    };
    switch (sc.stage) {
        case Stage::Prospecting: {
            d.kind = DecisionKind::Lead;
            d.ref = "leads";
            d.loc = sc.loc;
            if (m_record) d.prompt = sc.intro;
            shuffle_into(m_order, sc.leads.size(), m_seed, "prospecting/leads");
            for (std::size_t i : m_order) {
                const Lead& l = sc.leads[i];
                add("lead", l.id, &l.name, &l.about, l.loc);
            }
            break;
        }
        case Stage::Objections:
        case Stage::Closing: {
            const At here = at();
            if (here == At::Confirm) {
                const Objection& o = objections()[m_confirm];
                d.kind = DecisionKind::Step;
                d.ref = confirm_ref(o.id);
                d.speaker = Speaker::Narrator;
                d.loc = o.loc;
                if (m_record) d.prompt = engine_text("narration.confirm_prompt");
                for (std::size_t i = 0; i < 2; ++i) {
                    m_order.push_back(i);
                    add(i == 0 ? move_confirm : move_carry_on, "", nullptr, nullptr, o.loc);
                }
                break;
            }
            if (here == At::Objection) {
                const Objection& o = objections()[m_raise_order.front()];
                d.kind = DecisionKind::Objection;
                d.ref = o.id;
                d.speaker = Speaker::Buyer;
                d.loc = o.loc;
                if (m_record) d.prompt = o.says;
                for (std::size_t i = 0; i < all_methods.size(); ++i) {
                    m_order.push_back(i);
                    auto line = o.lines.find(all_methods[i]);
                    add(to_string(all_methods[i]), "", nullptr,
                        line == o.lines.end() ? nullptr : &line->second, o.loc);
                }
                break;
            }
            d.kind = DecisionKind::Close;
            d.ref = "close";
            d.loc = sc.loc;
            if (m_record) d.prompt = m_close_attempts == 0 ? sc.intro : engine_text("narration.close_again");
            for (std::size_t i = 0; i < all_techniques.size(); ++i) {
                // A trial close just made is not offered again at once: nothing has changed.
                if (all_techniques[i] == Technique::Trial && m_last_trial) continue;
                m_order.push_back(i);
                auto line = sc.lines.find(all_techniques[i]);
                add(to_string(all_techniques[i]), "", nullptr,
                    line == sc.lines.end() ? nullptr : &line->second, sc.loc);
            }
            break;
        }
        default: {
            const Step& step = sc.steps[m_item];
            d.kind = DecisionKind::Step;
            d.ref = step.id;
            d.speaker = step.speaker;
            d.loc = step.loc;
            if (m_record) d.prompt = step.prompt;
            shuffle_into(m_order, step.options.size(), m_seed, step.id);
            for (std::size_t i : m_order) {
                const StepOption& opt = step.options[i];
                add(opt.move, "", nullptr, &opt.say, opt.loc);
            }
            if (sc.stage == Stage::Presentation && !m_last_trial) {
                m_order.push_back(step.options.size());
                add(to_string(Technique::Trial), "", nullptr, nullptr, step.loc);
            }
            break;
        }
    }
    d.options.resize(count);
    if (m_record) d.prompt = fill(d.prompt, scn, m_state.readiness);
}

// A method or a check after one is judged by the rules of handling objections, a trial close by
// those of closing, wherever in the meeting they are offered.
Stage Session::judged_by(std::string_view move) const {
    const At here = at();
    return move == to_string(Technique::Trial)            ? Stage::Closing
           : here == At::Objection || here == At::Confirm ? Stage::Objections
                                                          : stage();
}

const Rule& Session::judge(std::size_t content_index) const {
    const std::string_view move = move_of(content_index);
    const Rule* r = m_scenario->rules->judge(judged_by(move), move, option_situation(content_index));
    if (r == nullptr)
        throw std::logic_error("the rule book has no rule for move '" + option_move(content_index) +
                               "' at stage '" + std::string(to_string(stage())) + "'");
    return *r;
}

OptionJudging Session::judging(std::size_t index) const {
    if (finished()) throw std::logic_error("the session has ended: there is no option to judge");
    if (index >= m_order.size())
        throw std::out_of_range("option " + std::to_string(index + 1) + " does not exist; choose 1 to " +
                                std::to_string(m_order.size()));
    const std::size_t ci = m_order[index];
    const std::string_view move = move_of(ci);
    return {judged_by(move), std::string(move), option_situation(ci)};
}

Hint Session::hint() {
    if (finished()) throw std::logic_error("the session has ended: there is nothing to hint");
    Hint h;
    const Rule* best = nullptr;
    for (std::size_t i = 0; i < m_order.size(); ++i) {
        const Rule& r = judge(m_order[i]);
        if (best == nullptr || verdict_rank(r.verdict) < verdict_rank(best->verdict)) {
            best = &r;
            h.option = i;
        }
    }
    h.move = m_current.options[h.option].move;
    if (best != nullptr) {
        const MoveInfo* info = m_scenario->rules->find_move(h.move);
        h.why = info != nullptr && !info->about.empty() ? info->about : best->feedback;
    }
    m_hint_pending = true;
    return h;
}

// The nudge asks the question the decision turns on, by what kind of decision it is (an answer to
// an objection, the check after one, a close, or a stage's step): the words are the rule book's.
Hint Session::nudge() {
    if (finished()) throw std::logic_error("the session has ended: there is nothing to hint");
    Hint h;
    h.level = 1;
    std::string key = "hints.";
    if (at() == At::Confirm)
        key += "confirm";
    else
        key += to_string(m_current.stage);
    h.nudge = engine_text(key);
    m_nudge_pending = true;
    return h;
}

int Session::close_attempts_allowed() const {
    return m_scenario->rubric.close_attempts;
}

bool Session::reached(Stage stage) const {
    const auto& stages = m_scenario->stages;
    for (std::size_t i = 0; i < stages.size(); ++i)
        if (stages[i].stage == stage) return i <= m_stage_index;
    return false;
}

// [SECTION] Choosing

const DecisionRecord& Session::choose(std::size_t index) {
    if (finished()) throw std::logic_error("the session has ended: no more choices can be made");
    if (index >= m_order.size())
        throw std::out_of_range("option " + std::to_string(index + 1) + " does not exist; choose 1 to " +
                                std::to_string(m_order.size()));
    const Stage stage_now = m_scenario->stages[m_stage_index].stage;
    const std::size_t ci = m_order[index];
    const At here = at();
    track_begin();
    const Rule& rule = judge(ci);
    DecisionRecord& rec = open_record(index, rule);
    const BuyerState before = m_state;

    // The seller speaks; a lead is not something said, so choosing one is told by the narration
    // of its outcome alone.
    if (stage_now != Stage::Prospecting) say(stage_now, Speaker::Seller, m_current.options[index].say);
    apply_effects(rule.effects);
    const bool chose_trial = move_of(ci) == to_string(Technique::Trial);
    const bool trial = chose_trial && here != At::Close;
    Turn turn;
    if (trial) {
        turn.next_item = false;  // a trial close reads the buyer; the decision stays
    } else {
        switch (here) {
            case At::Lead:
                turn = play_lead(ci);
                break;
            case At::Objection:
                turn = answer_objection(ci, rule);
                break;
            case At::Confirm:
                turn = follow_up(ci);
                break;
            case At::Close:
                turn = attempt_close(ci, rule, before);
                break;
            case At::Step:
                turn = take_step(ci);
                break;
        }
    }
    m_last_trial = chose_trial;
    if (const auto& watched = m_scenario->rules->taken_moves; !watched.empty()) {
        const auto it = std::find(watched.begin(), watched.end(), move_of(ci));
        if (it != watched.end()) m_taken |= std::uint64_t{1} << (it - watched.begin());
    }
    const Speaker reply_speaker = stage_now == Stage::Prospecting ? Speaker::Narrator : Speaker::Buyer;
    say(stage_now, reply_speaker, turn.reply != nullptr ? *turn.reply : rule.reply);
    if (turn.then != nullptr) say(stage_now, Speaker::Narrator, *turn.then);
    tell_signal(stage_now, rec);
    rec.said_upto = m_transcript.size();
    // A trial close reads the buyer: it earns no points and does not count in a stage's mean, so
    // it can neither lift nor lower the score.
    rec.scored = !chose_trial;
    if (!rec.scored) rec.points = 0;
    file_record(rec, rule, turn, index);
    // The decision at hand is rebuilt (or cleared) by move_on(), so the record takes it over
    // rather than copying every option's texts.
    if (m_record) rec.offered = std::move(m_current);
    track_patience();
    move_on(turn.next_item);
    return rec;
}

// The buying signal a choice gave: when it moved the buyer into another band, the narration
// tells what the buyer does (salesim/signals.hpp). Only a recording session shows it.
void Session::tell_signal(Stage stage, DecisionRecord& rec) {
    if (!m_record) return;
    const Text cue = signal_cue(*m_scenario, rec.before, m_state, m_seed, rec.index);
    if (cue.empty()) return;
    say(stage, Speaker::Narrator, cue);
    rec.signal = m_transcript.back().text;
}

// The record of the choice at hand as it stands before the choice takes effect. A non-recording
// session keeps only the last record, overwritten in place: copying a session then copies no
// history, which is what makes branching cheap for a search.
DecisionRecord& Session::open_record(std::size_t index, const Rule& rule) {
    DecisionRecord& rec = m_record ? m_records.emplace_back() : m_last;
    rec.index = m_decision_count;
    rec.stage = m_current.stage;
    rec.kind = m_current.kind;
    rec.ref.assign(m_current.ref);
    rec.chosen = index;
    rec.move.assign(m_current.options[index].move);
    rec.rule = &rule;
    rec.verdict = rule.verdict;
    rec.hinted = m_hint_pending;
    rec.nudged = m_nudge_pending;
    // A hint costs a share of the points; the named option's share covers the nudge before it.
    const int full = m_scenario->rules->points_for(rule.verdict);
    const HintCosts& cost = m_scenario->rules->hint_costs;
    const int share = rec.hinted ? cost.name : rec.nudged ? cost.nudge : 0;
    rec.points = full * (100 - share) / 100;
    rec.hint_cost = full - rec.points;
    rec.before = m_state;
    rec.loc = m_current.options[index].loc;
    if (!m_record) return rec;
    rec.open_before = open_objections();
    rec.say = m_current.options[index].say;
    int best_rank = 4;
    for (std::size_t i = 0; i < m_order.size(); ++i) {
        const Rule& r = judge(m_order[i]);
        const int rank = verdict_rank(r.verdict);
        if (rank < best_rank) {
            best_rank = rank;
            rec.best_moves.clear();
            rec.best_options.clear();
            rec.best_rule = &r;
        }
        if (rank == best_rank) {
            rec.best_moves.push_back(m_current.options[i].move);
            rec.best_options.push_back(i);
        }
    }
    return rec;
}

void Session::apply_effects(const Effects& fx) {
    m_state.trust = clamp100(m_state.trust + fx.trust);
    m_state.interest = clamp100(m_state.interest + fx.interest);
    m_state.patience = clamp100(m_state.patience + fx.patience);
    m_state.readiness = clamp100(m_state.readiness + fx.readiness);
}

Session::Turn Session::play_lead(std::size_t content_index) {
    const Lead& lead = m_scenario->stages[m_stage_index].leads[content_index];
    Turn turn;
    if (!lead.outcome.empty()) turn.reply = &lead.outcome;
    // The meeting is always with the scenario's buyer: when another lead was chosen, the
    // narration says that it is set aside, rather than going on as if it had been the buyer.
    if (!option_situation(content_index).lead_top) turn.then = &engine_text("narration.lead_dropped");
    return turn;
}

Session::Turn Session::take_step(std::size_t content_index) {
    const StageContent& sc = m_scenario->stages[m_stage_index];
    const StepOption& opt = sc.steps[m_item].options[content_index];
    Turn turn;
    if (!opt.reply.empty()) turn.reply = &opt.reply;
    if (!opt.narrate.empty()) {
        turn.narrated = &opt.narrate;
        say(sc.stage, Speaker::Narrator, opt.narrate);
        if (opt.reply.empty())
            turn.reply = &opt.reply;  // told by the narration alone: the buyer says nothing
    }
    for (const std::string& need : opt.discovers) {
        const auto& needs = m_scenario->persona.needs;
        for (std::size_t j = 0; j < needs.size(); ++j)
            if (needs[j].id == need) m_needs_found[j] = true;
    }
    return turn;
}

// Completes the record once the choice has taken effect, and banks its points for the stage.
void Session::file_record(DecisionRecord& rec, const Rule& rule, const Turn& turn, std::size_t index) {
    const Scenario& scn = *m_scenario;
    rec.after = m_state;
    if (m_record) {
        const Text& reply = turn.reply != nullptr ? *turn.reply : rule.reply;
        rec.reply =
            fill(reply.empty() && turn.narrated != nullptr ? *turn.narrated : reply, scn, m_state.readiness);
        rec.feedback = fill(rule.feedback, scn, m_state.readiness);
    }
    const auto slot = static_cast<std::size_t>(rec.stage);
    if (rec.scored) {
        m_stage_points[slot] += rec.points;
        m_stage_count[slot] += 1;
    }
    if (m_hint_pending) m_hinted.push_back(rec.index);
    if (m_nudge_pending) m_nudged.push_back(rec.index);
    m_hint_pending = false;
    m_nudge_pending = false;
    if (m_record) m_choices.push_back(index);
    ++m_decision_count;
}

// What happens after a choice: the buyer walks away, the sale is told or closing runs out, or
// the session goes on to its next decision.
void Session::move_on(bool next_item) {
    const Stage stage_now = m_scenario->stages[m_stage_index].stage;
    if (m_ended) {
        say(stage_now, Speaker::Narrator, engine_text("narration.ended"));
        finish(Outcome::NoSale);
        return;
    }
    if (m_state.patience <= 0) {
        finish(m_sold ? Outcome::Sale : Outcome::WalkedAway);
        return;
    }
    if (stage_now == Stage::Closing) {
        if (m_sold) {
            say(Stage::Closing, Speaker::Narrator, engine_text("narration.sale"));
        } else if (m_close_attempts >= m_scenario->rubric.close_attempts) {
            finish(Outcome::NoSale);
            return;
        }
    }
    if (next_item) ++m_item;
    if ((stage_now == Stage::Objections || stage_now == Stage::Closing) && at() == At::Objection &&
        !m_raise_order.empty() && m_raise_order.front() != m_announced)
        raise_front();
    advance();
}

}  // namespace salesim
