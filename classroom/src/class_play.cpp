#include "salesim/classroom/class_play.hpp"

#include <algorithm>

namespace salesim::classroom {

ClassPlay::ClassPlay(ClassClient& client, app::AttemptController& attempt, std::filesystem::path data_dir,
                     const results::ResultsStore* local_store)
    : m_client(client), m_attempt(attempt), m_data_dir(std::move(data_dir)), m_local_store(local_store) {}

namespace {

bool prefix_of(const std::vector<std::size_t>& a, const std::vector<std::size_t>& b) {
    return a.size() <= b.size() && std::equal(a.begin(), a.end(), b.begin());
}

}  // namespace

const JoinInfo& ClassPlay::connect(const std::string& code, const std::string& name, const Library& library) {
    m_link_file = link_file(m_data_dir, m_client.base(), code, name);
    const std::optional<ClassLink> kept = read_link(m_link_file);
    try {
        m_info = m_client.join(code, name, kept ? kept->token : std::string());
    } catch (const ClientError& e) {
        if (!kept || e.code() != "bad_token") throw;
        m_info = m_client.join(code, name);
    }
    std::shared_ptr<const Scenario> scenario;
    for (const auto& s : library.scenarios)
        if (s->id == m_info.scenario_id) scenario = s;
    if (!scenario) throw ClientError(-1, "scenario_missing", m_info.scenario_id);
    if (scenario->content_hash != m_info.content_hash)
        throw ClientError(-1, "scenario_differs", m_info.scenario_id);

    // Whichever holds more goes on: the server (a new machine) or this program (decisions made
    // while the server was away); the one must be where the other started.
    m_link = ClassLink{};
    m_link.address = m_client.base();
    m_link.code = code;
    m_link.name = m_info.name;
    m_link.token = m_info.token;
    m_link.registration = m_info.registration;
    m_link.choices = m_info.choices;
    m_link.hinted = m_info.hinted;
    m_link.acknowledged = m_info.choices.size();
    if (kept && kept->registration == m_info.registration && prefix_of(m_info.choices, kept->choices)) {
        m_link.choices = kept->choices;
        m_link.hinted = kept->hinted;
        m_link.vote_point = kept->vote_point;
        m_link.vote_option = kept->vote_option;
        m_vote_sent = !m_link.vote_option;
    }
    // The local results may hold a decision the link does not (the program stopped between
    // recording it and writing the link): it goes on from there.
    std::optional<results::AttemptId> stored;
    if (m_local_store != nullptr) {
        try {
            if (const auto a = m_local_store->find_attempt(m_info.registration)) {
                stored = a->id;
                std::vector<std::size_t> local;
                std::vector<int> local_hinted;
                for (const results::DecisionRow& d : m_local_store->decisions(a->id)) {
                    if (d.hinted) local_hinted.push_back(static_cast<int>(local.size()));
                    local.push_back(static_cast<std::size_t>(d.chosen));
                }
                if (local.size() > m_link.choices.size() && prefix_of(m_link.choices, local)) {
                    m_link.choices = std::move(local);
                    m_link.hinted = std::move(local_hinted);
                    m_link.vote_point.clear();
                    m_link.vote_option.reset();
                }
            }
        } catch (const std::exception&) {
            // the local copy is a convenience; the server's store is the record
        }
    }
    Session session(scenario, m_info.seed);
    for (std::size_t i = 0; i < m_link.choices.size(); ++i) {
        if (session.finished()) break;
        if (std::find(m_link.hinted.begin(), m_link.hinted.end(), static_cast<int>(i)) != m_link.hinted.end())
            session.hint();
        session.choose(m_link.choices[i]);
    }
    m_attempt.set_registration(m_info.registration);
    m_attempt.resume(std::move(session), stored, m_info.mode);
    save_link();
    m_client.follow(m_info.token);
    refresh();
    flush();
    return m_info;
}

void ClassPlay::save_link() {
    write_link(m_link_file, m_link);
}

void ClassPlay::refresh() {
    try {
        m_state = m_client.state(m_info.token);
        m_offline = false;
    } catch (const ClientError& e) {
        if (e.unreachable()) m_offline = true;
    }
}

std::string ClassPlay::point() const {
    const Session* s = m_attempt.session();
    if (s == nullptr || s->finished()) return {};
    return current_point(*s);
}

std::optional<std::size_t> ClassPlay::vote_cast() const {
    if (m_link.vote_option && m_link.vote_point == point()) return m_link.vote_option;
    return std::nullopt;
}

ClassTurn ClassPlay::turn() {
    if (m_attempt.finished()) return ClassTurn::Finished;
    if (m_state.ended) return ClassTurn::Ended;
    if (m_state.removed) return ClassTurn::Removed;
    const std::string at = point();
    const bool voted = vote_cast().has_value();
    if (m_state.waits_at(at)) return voted ? ClassTurn::Waiting : ClassTurn::Vote;
    return voted ? ClassTurn::Released : ClassTurn::Decide;
}

const DecisionRecord& ClassPlay::choose(std::size_t option, bool hinted) {
    const std::size_t index = m_attempt.session()->decisions().size();
    if (hinted && !m_attempt.session()->hint_taken()) m_attempt.hint();
    const bool with_hint = m_attempt.session()->hint_taken();
    const DecisionRecord& rec = m_attempt.choose(option);
    m_link.choices.push_back(option);
    if (with_hint) m_link.hinted.push_back(static_cast<int>(index));
    m_link.vote_point.clear();
    m_link.vote_option.reset();
    save_link();
    flush();
    return rec;
}

const DecisionRecord& ClassPlay::apply_vote() {
    const std::size_t option = m_link.vote_option.value_or(0);
    return choose(option, false);
}

bool ClassPlay::vote(std::size_t option) {
    m_link.vote_point = point();
    m_link.vote_option = option;
    save_link();
    try {
        m_client.vote(m_info.token, m_info.registration, m_link.vote_point, option);
        m_vote_sent = true;
        m_offline = false;
        refresh();
        return true;
    } catch (const ClientError& e) {
        m_vote_sent = false;
        if (e.unreachable()) m_offline = true;
        if (e.code() == "not_frozen") {
            // Released meanwhile: the vote becomes the decision.
            m_vote_sent = true;
            refresh();
        }
        return false;
    }
}

bool ClassPlay::wait(std::chrono::milliseconds timeout) {
    try {
        m_state = m_client.wait_change(m_seen, timeout);
    } catch (const ClientError&) {
        refresh();
    }
    if (unsent() > 0) flush();
    // A vote the server has not counted (it restarted, or the send failed) is cast again.
    if (const auto v = vote_cast()) {
        const ClassState::Frozen* f = m_state.frozen_at(m_link.vote_point);
        if (f != nullptr && (!f->voted || !m_vote_sent)) vote(*v);
    }
    return true;
}

bool ClassPlay::flush() {
    if (m_stuck) return false;
    for (int round = 0; round < 4 && m_link.acknowledged < m_link.choices.size(); ++round) {
        const std::size_t i = m_link.acknowledged;
        const bool hinted =
            std::find(m_link.hinted.begin(), m_link.hinted.end(), static_cast<int>(i)) != m_link.hinted.end();
        try {
            m_link.acknowledged = std::min(
                m_client.send_decision(m_info.token, m_info.registration, i, m_link.choices[i], hinted),
                m_link.choices.size());
            m_offline = false;
            round = 0;
            save_link();
        } catch (const ClientError& e) {
            if (e.unreachable()) {
                m_offline = true;
                return false;
            }
            if (e.code() == "out_of_order") {
                refresh();
                m_link.acknowledged = std::min(m_state.acknowledged, m_link.choices.size());
                continue;
            }
            if (e.code() == "different") m_stuck = true;
            return false;  // frozen (sent again on release), ended, removed
        }
    }
    return m_link.acknowledged == m_link.choices.size();
}

}  // namespace salesim::classroom
