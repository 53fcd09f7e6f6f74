// One attempt at a scenario from start to finish: play, autosave, save, resume, record and finish.
#include "salesim/app/attempt_controller.hpp"

#include "salesim/app/save_file.hpp"

#include <algorithm>
#include <stdexcept>
#include <system_error>
#include <utility>
#include <vector>

namespace salesim::app {

AttemptController::AttemptController(FileWriter write) : m_write(std::move(write)) {}

// [SECTION] Where the attempt is kept

void AttemptController::record_to(results::ResultsStore* store) {
    m_store = store;
    m_recorded.reset();
    m_behind = false;
    if (store != nullptr) {
        m_recorder.emplace(*store);
    } else {
        m_recorder.reset();
    }
}

void AttemptController::set_trainee(std::string trainee) {
    m_trainee = std::move(trainee);
}

void AttemptController::set_lang(std::string lang) {
    m_lang = std::move(lang);
}

void AttemptController::set_autosave(std::filesystem::path file) {
    m_autosave = std::move(file);
}

// [SECTION] The life-cycle

void AttemptController::start(std::shared_ptr<const Scenario> scenario, std::uint64_t seed, Mode mode) {
    m_session.emplace(std::move(scenario), seed);
    m_mode = mode;
    m_baseline.reset();
    m_registration.clear();
    begin_recording();
    autosave();
}

void AttemptController::resume(Session session, std::optional<results::AttemptId> stored, Mode mode) {
    m_session.emplace(std::move(session));
    m_mode = mode;
    m_baseline.reset();
    m_registration.clear();
    if (stored && m_recorder) {
        if (m_recorded != stored) close_recorded();
        m_recorded = stored;
        m_registration = registration_of(*stored);
    } else {
        begin_recording();
    }
    autosave();
}

SavedResume AttemptController::plan_resume(Session session, const SaveFile& save) const {
    std::vector<results::DecisionRow> rows;
    const std::optional<results::Attempt> stored = continuable(session, save, rows);
    if (!stored) return {std::move(session), SaveResumed::NewAttempt, std::nullopt, save.mode, save.attempt};
    if (stored->status == results::AttemptStatus::Finished)
        return {std::move(session), SaveResumed::AlreadyRecorded, stored->id, save.mode, stored->uuid};
    if (rows.size() <= session.decisions().size())
        return {std::move(session), SaveResumed::SameAttempt, stored->id, save.mode, stored->uuid};
    try {
        return {Session::resume(session.scenario_ptr(), m_recorder->save_data(stored->id)),
                SaveResumed::FromResults, stored->id, save.mode, stored->uuid};
    } catch (const std::exception&) {
        // The store's decisions do not replay: the save goes its own way, as a new attempt.
        return {std::move(session), SaveResumed::NewAttempt, std::nullopt, save.mode, save.attempt};
    }
}

SaveResumed AttemptController::resume_saved(SavedResume plan) {
    if (plan.how == SaveResumed::NewAttempt || !plan.attempt) {
        resume(std::move(plan.session), std::nullopt, plan.mode);
        // Unrecorded, the session still belongs to the attempt the save names: later saves keep it.
        if (m_registration.empty() && !m_recorded) m_registration = plan.registration;
        return SaveResumed::NewAttempt;
    }
    if (plan.how == SaveResumed::AlreadyRecorded) {
        // The play was over and recorded as saved: showing it again records nothing more.
        close_recorded();
        m_session.emplace(std::move(plan.session));
        m_mode = plan.mode;
        m_baseline.reset();
        m_registration = plan.registration;
        autosave();
        return plan.how;
    }
    resume(std::move(plan.session), plan.attempt, plan.mode);
    // Decisions the save holds and the store does not (recording failed for them) are added now.
    try {
        const std::size_t stored = m_store->decisions(*plan.attempt).size();
        const auto& records = m_session->decisions();
        for (std::size_t i = stored; i < records.size(); ++i)
            m_recorder->record_decision(*plan.attempt, *m_session, records[i]);
        finish_if_over();
    } catch (const std::exception& e) {
        fail(e);
    }
    return plan.how;
}

std::optional<results::Attempt> AttemptController::continuable(
    const Session& session, const SaveFile& save, std::vector<results::DecisionRow>& rows) const {
    if (!m_recorder || m_trainee.empty() || save.attempt.empty()) return std::nullopt;
    try {
        std::optional<results::Attempt> a = m_store->find_attempt(save.attempt);
        if (!a || a->status == results::AttemptStatus::Abandoned) return std::nullopt;
        const auto trainee = m_store->find_trainee(m_trainee);
        const Scenario& sc = session.scenario();
        if (!trainee || a->trainee_id != trainee->id || a->scenario_id != sc.id ||
            a->content_hash != sc.content_hash || a->seed != session.seed() || a->mode != save.mode)
            return std::nullopt;
        rows = m_store->decisions(a->id);
        const auto& records = session.decisions();
        // The same decisions, with the same hints, as far as both go.
        for (std::size_t i = 0; i < std::min(rows.size(), records.size()); ++i) {
            if (rows[i].index != static_cast<int>(i) ||
                rows[i].chosen != static_cast<int>(records[i].chosen) || rows[i].hinted != records[i].hinted)
                return std::nullopt;
        }
        if (a->status == results::AttemptStatus::Finished &&
            (!session.finished() || rows.size() != records.size()))
            return std::nullopt;
        return a;
    } catch (const std::exception&) {
        // A store that cannot be read is not continued; the new attempt's recording reports it.
        return std::nullopt;
    }
}

const DecisionRecord& AttemptController::choose(std::size_t option) {
    if (!m_session) throw std::logic_error("choose() without a session");
    const DecisionRecord& r = m_session->choose(option);
    record_last();
    autosave();
    return r;
}

Hint AttemptController::hint() {
    if (!m_session) throw std::logic_error("hint() without a session");
    if (!hints_allowed()) throw HintsOff("hints are off in " + std::string(to_string(m_mode)) + " mode");
    Hint h = m_session->hint();
    autosave();
    return h;
}

Hint AttemptController::next_hint() {
    if (!m_session) throw std::logic_error("next_hint() without a session");
    if (!hints_allowed()) throw HintsOff("hints are off in " + std::string(to_string(m_mode)) + " mode");
    Hint h = m_session->next_hint();
    autosave();
    return h;
}

void AttemptController::rewind(std::size_t decisions) {
    if (!m_session) throw std::logic_error("rewind() without a session");
    const Session& from = *m_session;
    if (decisions > from.choices().size()) throw std::out_of_range("rewind past the last decision");
    Session replay(from.scenario_ptr(), from.seed());
    for (std::size_t i = 0; i < decisions; ++i) {
        if (from.decisions()[i].nudged) replay.nudge();
        if (from.decisions()[i].hinted) replay.hint();
        replay.choose(from.choices()[i]);
    }
    if (from.finished()) m_baseline.emplace(from);
    m_session.emplace(std::move(replay));
    // A what-if is a new attempt; the replayed decisions are stored with it at once.
    begin_recording();
    autosave();
}

void AttemptController::save(const std::filesystem::path& file) const {
    if (!m_session) throw std::logic_error("save() without a session");
    m_write(file, save_file_json({m_session->save(m_lang), m_mode, m_registration}));
}

void AttemptController::abandon() {
    if (m_recorder && m_recorded) {
        try {
            m_recorder->abandon(*m_recorded);
        } catch (const std::exception& e) {
            fail(e);
        }
    }
    m_recorded.reset();
    m_registration.clear();
    m_session.reset();
    m_baseline.reset();
    if (!m_autosave.empty()) {
        std::error_code ec;
        std::filesystem::remove(m_autosave, ec);
    }
}

std::string AttemptController::take_notice() {
    std::string n = std::move(m_notice);
    m_notice.clear();
    return n;
}

// [SECTION] Recording

void AttemptController::begin_recording() {
    m_registration = m_given_registration;
    if (!m_recorder) return;
    try {
        close_recorded();
        if (m_trainee.empty()) return;
        const results::AttemptId id =
            m_recorder->begin_attempt(m_trainee, *m_session, m_lang, m_mode, m_given_registration);
        m_recorded = id;
        m_registration = registration_of(id);
        finish_if_over();
    } catch (const std::exception& e) {
        fail(e);
    }
}

void AttemptController::close_recorded() {
    if (!m_recorder || !m_recorded) return;
    const results::AttemptId id = *m_recorded;
    m_recorded.reset();
    m_behind = false;
    try {
        const auto a = m_store->attempt(id);
        if (a && a->status == results::AttemptStatus::InProgress) m_recorder->abandon(id);
    } catch (const std::exception& e) {
        fail(e);
    }
}

std::string AttemptController::registration_of(results::AttemptId id) const {
    try {
        const auto a = m_store->attempt(id);
        return a ? a->uuid : std::string();
    } catch (const std::exception&) {
        return {};
    }
}

void AttemptController::record_last() {
    if (!m_recorder || !m_recorded || m_session->decisions().empty()) return;
    if (m_behind) {
        catch_up();
        return;
    }
    try {
        m_recorder->record_decision(*m_recorded, *m_session, m_session->decisions().back());
        finish_if_over();
    } catch (const std::exception& e) {
        fail(e);
    }
}

bool AttemptController::catch_up() {
    if (!m_behind) return true;
    if (!m_recorder || !m_recorded || !m_session) {
        m_behind = false;
        return true;
    }
    try {
        // What the store holds decides what is sent: a decision that reached it before the
        // connection broke is not sent twice.
        const auto& records = m_session->decisions();
        for (std::size_t i = m_store->decisions(*m_recorded).size(); i < records.size(); ++i)
            m_recorder->record_decision(*m_recorded, *m_session, records[i]);
        m_behind = false;
        finish_if_over();
        return true;
    } catch (const results::StoreError& e) {
        if (e.kind() == results::StoreErrorKind::Unavailable) return false;  // still away: keep waiting
        m_behind = false;
        fail(e);
    } catch (const std::exception& e) {
        m_behind = false;
        fail(e);
    }
    return false;
}

void AttemptController::finish_if_over() {
    if (!m_session->finished()) return;
    m_recorder->finish_attempt(*m_recorded, *m_session);
    m_recorded.reset();
}

void AttemptController::fail(const std::exception& e) {
    // A database that cannot be reached now may be back in a moment: the attempt waits for it.
    if (const auto* store_error = dynamic_cast<const results::StoreError*>(&e);
        store_error != nullptr && store_error->kind() == results::StoreErrorKind::Unavailable && m_recorded) {
        if (!m_behind) m_notice = e.what();
        m_behind = true;
        return;
    }
    // Said once by the front end; the game goes on without recording this attempt.
    m_notice = e.what();
    m_recorded.reset();
}

void AttemptController::autosave() {
    if (m_autosave.empty() || !m_session) return;
    // A finished attempt whose decisions still wait for the store keeps its autosave: nothing is lost.
    if (m_session->finished() && !m_behind) {
        std::error_code ec;
        std::filesystem::remove(m_autosave, ec);
        return;
    }
    m_write(m_autosave, save_file_json({m_session->save(m_lang), m_mode, m_registration}));
}

// [SECTION] What can be resumed

void AttemptController::offer_autosave(const Library& library) {
    m_offer.reset();
    std::error_code ec;
    if (m_autosave.empty() || !std::filesystem::exists(std::filesystem::symlink_status(m_autosave, ec)))
        return;
    ResumeOffer offer;
    try {
        SaveFile save;
        std::string id;
        try {
            save = read_save_file(m_autosave);
            id = saved_scenario_id(save.data.scenario_id, library);
        } catch (const std::exception& e) {
            throw std::runtime_error(m_autosave.string() + ": error: " + e.what());
        }
        offer.mode = save.mode;
        save.data.scenario_id = id;
        auto scenario = library.find_shared(id);
        if (!scenario) {
            throw std::runtime_error(m_autosave.string() + ": the scenario '" + id +
                                     "' is no longer in the library");
        }
        offer.session.emplace(Session::resume(scenario, save.data));
    } catch (const std::exception& e) {
        offer.problem = e.what();
    }
    if (!offer.session || !offer.session->finished()) m_offer = std::move(offer);
}

void AttemptController::offer_stored(const Library& library, const OfferScope& scope) {
    if (!m_recorder) return;
    std::vector<results::Attempt> open =
        m_trainee.empty() ? std::vector<results::Attempt>{} : m_recorder->find_in_progress(m_trainee);
    std::erase_if(open, [&scope](const results::Attempt& a) {
        return (!scope.scenario_id.empty() && a.scenario_id != scope.scenario_id) ||
               (scope.mode && a.mode != *scope.mode);
    });
    if (open.empty()) {
        // An offer from another trainee's attempts does not belong to this one.
        if (m_offer && m_offer->attempt_id) m_offer.reset();
        return;
    }
    // A session already playing that attempt is not offered again.
    if (m_recorded == open.back().id && m_session) return;
    ResumeOffer offer;
    offer.attempt_id = open.back().id;
    offer.older = static_cast<int>(open.size()) - 1;
    offer.mode = open.back().mode;
    try {
        offer.session.emplace(m_recorder->resume(open.back().id, library));
    } catch (const std::exception& e) {
        offer.problem = e.what();
    }
    // The store records a hint with its decision; the autosave also has one taken for the
    // decision at hand. When both hold the same game, the autosave's keeps that hint's cost.
    if (offer.session && m_offer && !m_offer->attempt_id && m_offer->session) {
        const Session& saved = *m_offer->session;
        const Session& stored = *offer.session;
        if (saved.hint_level() > stored.hint_level() && saved.scenario().id == stored.scenario().id &&
            saved.seed() == stored.seed() && saved.choices() == stored.choices() &&
            m_offer->mode == offer.mode) {
            offer.session.emplace(saved);
        }
    }
    m_offer = std::move(offer);
}

void AttemptController::take_offer() {
    if (!m_offer || !m_offer->session) throw std::logic_error("resume() without a resumable session");
    ResumeOffer offer = std::move(*m_offer);
    m_offer.reset();
    resume(std::move(*offer.session), offer.attempt_id, offer.mode);
}

bool AttemptController::discard_offer() {
    const std::optional<results::AttemptId> stored = m_offer ? m_offer->attempt_id : std::nullopt;
    m_offer.reset();
    if (!m_autosave.empty()) {
        std::error_code ec;
        std::filesystem::remove(m_autosave, ec);
    }
    if (!stored) return false;
    if (!m_recorder) throw std::logic_error("the results store is not open");
    m_recorder->abandon(*stored);
    if (m_recorded == stored) m_recorded.reset();
    return true;
}

}  // namespace salesim::app
