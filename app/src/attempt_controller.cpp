// One attempt at a scenario from start to finish: play, autosave, save, resume, record and finish.
#include "salesim/app/attempt_controller.hpp"

#include "salesim/app/save_file.hpp"

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <system_error>
#include <utility>
#include <vector>

namespace salesim::app {

namespace {

std::string read_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error(path.string() + ": error: cannot read the file");
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

}  // namespace

AttemptController::AttemptController(FileWriter write) : m_write(std::move(write)) {}

// [SECTION] Where the attempt is kept

void AttemptController::record_to(results::ResultsStore* store) {
    m_store = store;
    m_recorded.reset();
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
    begin_recording();
    autosave();
}

void AttemptController::resume(Session session, std::optional<results::AttemptId> stored, Mode mode) {
    m_session.emplace(std::move(session));
    m_mode = mode;
    m_baseline.reset();
    if (stored && m_recorder) {
        m_recorded = stored;
    } else {
        begin_recording();
    }
    autosave();
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

void AttemptController::rewind(std::size_t decisions) {
    if (!m_session) throw std::logic_error("rewind() without a session");
    const Session& from = *m_session;
    if (decisions > from.choices().size()) throw std::out_of_range("rewind past the last decision");
    Session replay(from.scenario_ptr(), from.seed());
    for (std::size_t i = 0; i < decisions; ++i) {
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
    m_write(file, save_file_json({m_session->save(m_lang), m_mode}));
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
    if (!m_recorder) return;
    try {
        if (m_recorded) {
            const auto a = m_store->attempt(*m_recorded);
            if (a && a->status == results::AttemptStatus::InProgress) m_recorder->abandon(*m_recorded);
            m_recorded.reset();
        }
        if (m_trainee.empty()) return;
        m_recorded = m_recorder->begin_attempt(m_trainee, *m_session, m_lang, m_mode);
        finish_if_over();
    } catch (const std::exception& e) {
        fail(e);
    }
}

void AttemptController::record_last() {
    if (!m_recorder || !m_recorded || m_session->decisions().empty()) return;
    try {
        m_recorder->record_decision(*m_recorded, *m_session, m_session->decisions().back());
        finish_if_over();
    } catch (const std::exception& e) {
        fail(e);
    }
}

void AttemptController::finish_if_over() {
    if (!m_session->finished()) return;
    m_recorder->finish_attempt(*m_recorded, *m_session);
    m_recorded.reset();
}

void AttemptController::fail(const std::exception& e) {
    // Said once by the front end; the game goes on without recording this attempt.
    m_notice = e.what();
    m_recorded.reset();
}

void AttemptController::autosave() {
    if (m_autosave.empty() || !m_session) return;
    if (m_session->finished()) {
        std::error_code ec;
        std::filesystem::remove(m_autosave, ec);
        return;
    }
    m_write(m_autosave, save_file_json({m_session->save(m_lang), m_mode}));
}

// [SECTION] What can be resumed

void AttemptController::offer_autosave(const Library& library) {
    m_offer.reset();
    if (m_autosave.empty() || !std::filesystem::exists(m_autosave)) return;
    ResumeOffer offer;
    try {
        const SaveFile save = save_file_from_json(read_file(m_autosave));
        offer.mode = save.mode;
        auto scenario = library.find_shared(save.data.scenario_id);
        if (!scenario) {
            throw std::runtime_error(m_autosave.string() + ": the scenario '" + save.data.scenario_id +
                                     "' is no longer in the library");
        }
        offer.session.emplace(Session::resume(scenario, save.data));
    } catch (const std::exception& e) {
        offer.problem = e.what();
    }
    if (!offer.session || !offer.session->finished()) m_offer = std::move(offer);
}

void AttemptController::offer_stored(const Library& library) {
    if (!m_recorder) return;
    const std::vector<results::Attempt> open =
        m_trainee.empty() ? std::vector<results::Attempt>{} : m_recorder->find_in_progress(m_trainee);
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
        if (saved.hint_taken() && !stored.hint_taken() && saved.scenario().id == stored.scenario().id &&
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
