// The recorder: turns a Session's progress into store rows, one committed write per decision.
#include "salesim/results/recorder.hpp"

#include "salesim/results/names.hpp"

#include <salesim/domain.hpp>
#include <salesim/score.hpp>

#include <utility>

namespace salesim::results {

namespace {

void fill_scores(Attempt& a, const Session& session) {
    const ScoreCard card = session.score();
    a.outcome = std::string(to_string(card.outcome));
    a.overall = card.overall;
    a.passed = card.passed;
    a.hints = card.hints;
    a.stage_scores.clear();
    for (const auto& [stage, score] : card.stages) a.stage_scores[std::string(to_string(stage))] = score;
    a.competency_scores = card.competencies;
}

}  // namespace

Recorder::Recorder(ResultsStore& store, std::function<std::string()> clock)
    : m_store(store), m_clock(std::move(clock)) {}

DecisionRow Recorder::to_row(const Session& session, const DecisionRecord& r, std::string timestamp) {
    DecisionRow d;
    d.index = r.index;
    d.stage = std::string(to_string(r.stage));
    d.kind = to_string(r.kind);
    d.ref = r.ref;
    if (r.kind == DecisionKind::Objection) {
        if (const Objection* o = session.scenario().find_objection(r.ref))
            d.objection_kind = std::string(to_string(o->kind));
    }
    d.move = r.move;
    d.rule_id = r.rule != nullptr ? r.rule->id : std::string();
    d.verdict = std::string(to_string(r.verdict));
    d.points = r.points;
    d.hinted = r.hinted;
    d.best_moves = r.best_moves;
    d.chosen = static_cast<int>(r.chosen);
    d.timestamp = std::move(timestamp);
    return d;
}

Trainee Recorder::ensure_trainee(const std::string& name) {
    if (auto t = m_store.find_trainee(name)) return *t;
    // A new name is checked as it enters, whichever front end brings it.
    if (const auto why = name_problem(name))
        throw StoreError(
            "error: the trainee's name '" + name + "' " + *why +
            "\nhelp: give a name of 1 to 200 characters on one line, without control characters");
    Trainee t;
    t.name = name;
    t.created = m_clock();
    return m_store.add_trainee(t);
}

AttemptId Recorder::begin_attempt(const std::string& trainee, const Session& session, const std::string& lang,
                                  Mode mode, const std::string& registration) {
    AttemptId id = 0;
    m_store.transaction([&] {
        const Trainee t = ensure_trainee(trainee);
        const Scenario& sc = session.scenario();
        Attempt a;
        a.uuid = registration;
        a.trainee_id = t.id;
        a.scenario_id = sc.id;
        a.lang = sc.language_or_default(lang);
        a.scenario_title = sc.title.get(a.lang);
        a.content_hash = sc.content_hash;
        a.rulebook_version = sc.rules != nullptr ? sc.rules->version : std::string();
        a.persona = sc.persona.name;
        a.seed = session.seed();
        a.mode = mode;
        a.started = m_clock();
        a.status = AttemptStatus::InProgress;
        a.outcome = "in_progress";
        id = m_store.add_attempt(a);
        for (const DecisionRecord& r : session.decisions())
            m_store.add_decision(id, to_row(session, r, a.started));
    });
    return id;
}

Attempt Recorder::require(AttemptId id) const {
    auto a = m_store.attempt(id);
    if (!a) throw StoreError("error: no attempt with id " + std::to_string(id) + " in the results");
    return *a;
}

void Recorder::record_decision(AttemptId id, const Session& session, const DecisionRecord& record) {
    m_store.add_decision(id, to_row(session, record, m_clock()));
}

void Recorder::finish_attempt(AttemptId id, const Session& session) {
    m_store.transaction([&] {
        Attempt a = require(id);
        if (a.status != AttemptStatus::InProgress)
            throw StoreError("error: attempt " + a.uuid + " is already " + std::string(to_string(a.status)));
        const std::string now = m_clock();
        // A front end that skipped a record_decision call still ends with a complete attempt.
        const std::size_t stored = m_store.decisions(id).size();
        const auto& records = session.decisions();
        for (std::size_t i = stored; i < records.size(); ++i)
            m_store.add_decision(id, to_row(session, records[i], now));
        fill_scores(a, session);
        a.finished = now;
        a.status = session.finished() ? AttemptStatus::Finished : AttemptStatus::Abandoned;
        m_store.update_attempt(a);
    });
}

std::vector<Attempt> Recorder::find_in_progress(const std::string& trainee) const {
    const auto t = m_store.find_trainee(trainee);
    if (!t) return {};
    AttemptFilter f;
    f.trainee_id = t->id;
    f.status = AttemptStatus::InProgress;
    return m_store.attempts(f);
}

void Recorder::abandon(AttemptId id) {
    m_store.transaction([&] {
        Attempt a = require(id);
        if (a.status != AttemptStatus::InProgress)
            throw StoreError("error: attempt " + a.uuid + " is " + std::string(to_string(a.status)) +
                             ", not in progress");
        a.status = AttemptStatus::Abandoned;
        a.finished = m_clock();
        m_store.update_attempt(a);
    });
}

SaveData Recorder::save_data(AttemptId id) const {
    const Attempt a = require(id);
    SaveData s;
    s.scenario_id = a.scenario_id;
    s.content_hash = a.content_hash;
    s.seed = a.seed;
    s.lang = a.lang;
    for (const DecisionRow& d : m_store.decisions(id)) {
        s.choices.push_back(static_cast<std::size_t>(d.chosen));
        if (d.hinted) s.hinted.push_back(d.index);
    }
    return s;
}

Session Recorder::resume(AttemptId id, const Library& library) const {
    const SaveData save = save_data(id);
    const auto scenario = library.find_shared(save.scenario_id);
    if (scenario == nullptr)
        throw StoreError("error: attempt " + require(id).uuid + " is of scenario '" + save.scenario_id +
                         "', which is not in the library any more\nhelp: abandon the attempt");
    if (scenario->content_hash != save.content_hash)
        throw StoreError("error: scenario '" + save.scenario_id + "' has changed since attempt " +
                         require(id).uuid + " began (content hash " + save.content_hash + ", now " +
                         scenario->content_hash + ")\nhelp: abandon the attempt and start again");
    try {
        return Session::resume(scenario, save);
    } catch (const std::runtime_error& e) {
        throw StoreError(std::string("error: cannot resume attempt ") + require(id).uuid + ": " + e.what());
    }
}

}  // namespace salesim::results
