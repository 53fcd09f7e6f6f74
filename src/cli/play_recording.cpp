// Records a terminal play into the results store; a store problem is reported once and never stops the game.
#include "cli/play_recording.hpp"

#include "cli/results_cli.hpp"

#include <cstdlib>
#include <iostream>

namespace salesim::cli {

PlayRecording::PlayRecording(const CLI::App& sub, std::string trainee, bool off, const Session& session,
                             const std::string& lang) {
    if (off) return;
    if (trainee.empty()) {
        const char* user = std::getenv("USER");
        trainee = user != nullptr && *user != '\0' ? user : "trainee";
    }
    try {
        m_store = open_results(sub);
        m_recorder.emplace(*m_store);
        m_id = m_recorder->begin_attempt(trainee, session, lang);
    } catch (const std::exception& e) {
        fail(e);
    }
}

void PlayRecording::decision(const Session& session) {
    if (!m_recorder || session.decisions().empty()) return;
    try {
        m_recorder->record_decision(m_id, session, session.decisions().back());
    } catch (const std::exception& e) {
        fail(e);
    }
}

void PlayRecording::finish(const Session& session) {
    if (!m_recorder) return;
    try {
        m_recorder->finish_attempt(m_id, session);
    } catch (const std::exception& e) {
        fail(e);
    }
}

void PlayRecording::fail(const std::exception& e) {
    print_error(e.what());
    std::cerr << "salesim: note: this play is not being recorded; --no-record hides this message\n";
    m_recorder.reset();
    m_store.reset();
}

}  // namespace salesim::cli
