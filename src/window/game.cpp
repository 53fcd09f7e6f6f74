// The window's controller: every state change the views ask for happens here.
#include "window/game.hpp"

#include <salesim/app/data_dirs.hpp>
#include <salesim/app/durable_file.hpp>
#include <salesim/score.hpp>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <stdexcept>
#include <system_error>

namespace salesim::window {

namespace {

std::vector<Decision> replay_offered(const Session& s) {
    std::vector<Decision> out;
    Session replay(s.scenario_ptr(), s.seed());
    for (std::size_t i = 0; i < s.choices().size(); ++i) {
        out.push_back(replay.current());
        if (s.decisions()[i].hinted) replay.hint();
        replay.choose(s.choices()[i]);
    }
    return out;
}

}  // namespace

Game::Game(std::string data_override, std::string scenarios_dir, std::string assets_dir)
    : m_files{app::user_data_dir(data_override)},
      m_scenarios_dir(std::move(scenarios_dir)),
      m_assets_dir(std::move(assets_dir)) {}

void Game::load() {
    m_strings.load_dir(m_assets_dir + "/strings");
    m_load_problems.clear();
    if (std::filesystem::exists(m_files.settings())) {
        try {
            m_prefs = prefs_from_json(read_text_file(m_files.settings()), m_files.settings().string());
        } catch (const std::exception& e) {
            m_load_problems += std::string(e.what()) + "\n";
        }
    }
    if (!m_strings.table(m_prefs.lang)) m_prefs.lang = "en";
    m_strings.set_lang(m_prefs.lang);
    reload_library();

    m_resume.reset();
    if (std::filesystem::exists(m_files.autosave())) {
        ResumeOffer offer;
        try {
            const SaveData save = save_from_json(read_text_file(m_files.autosave()));
            auto scenario = m_library.find_shared(save.scenario_id);
            if (!scenario) {
                throw std::runtime_error(m_files.autosave().string() + ": the scenario '" + save.scenario_id +
                                         "' is no longer in the library");
            }
            offer.session.emplace(Session::resume(scenario, save));
        } catch (const std::exception& e) {
            offer.problem = e.what();
        }
        if (!offer.session || !offer.session->finished()) m_resume = std::move(offer);
    }

    m_results.open(m_files.dir);
    if (!m_results.available()) {
        m_load_problems +=
            std::string(m_strings.tr("results.unavailable")) + "\n" + m_results.problem() + "\n";
    }
    offer_stored_attempt();
}

void Game::reload_library() {
    m_library = load_library(m_scenarios_dir);
}

void Game::save_prefs() {
    if (m_persist_prefs)
        app::write_file_durable(m_files.settings(), prefs_to_json(m_prefs), {.create_folder = true});
}

void Game::set_name(std::string name) {
    m_prefs.name = std::move(name);
    save_prefs();
    offer_stored_attempt();
}

void Game::set_lang(std::string lang) {
    if (!m_strings.table(lang)) throw std::runtime_error("no UI strings for the language '" + lang + "'");
    m_prefs.lang = std::move(lang);
    m_strings.set_lang(m_prefs.lang);
    save_prefs();
}

void Game::set_scale(int percent) {
    m_prefs.scale = std::clamp(percent, min_scale, max_scale);
    save_prefs();
}

void Game::set_theme(ThemeId theme) {
    m_prefs.theme = theme;
    save_prefs();
}

std::string Game::content_lang() const {
    if (m_session) return m_session->scenario().language_or_default(m_prefs.lang);
    return m_prefs.lang;
}

void Game::start(const std::string& scenario_id, std::uint64_t seed) {
    auto scenario = m_library.find_shared(scenario_id);
    if (!scenario) {
        std::string known;
        for (const auto& s : m_library.scenarios) known += (known.empty() ? "" : ", ") + s->id;
        throw std::runtime_error("no scenario '" + scenario_id + "' in " + m_scenarios_dir +
                                 (known.empty() ? std::string{} : " (scenarios: " + known + ")"));
    }
    m_session.emplace(scenario, seed);
    m_offered.clear();
    m_baseline.reset();
    m_saved.reset();
    autosave();
    m_results.begin(m_prefs.name, *m_session, content_lang());
}

const DecisionRecord& Game::choose(std::size_t option) {
    if (!m_session) throw std::logic_error("choose() without a session");
    Decision offered = m_session->current();
    const DecisionRecord& r = m_session->choose(option);
    m_offered.push_back(std::move(offered));
    autosave();
    m_results.decision(*m_session);
    return r;
}

Hint Game::hint() {
    if (!m_session) throw std::logic_error("hint() without a session");
    Hint h = m_session->hint();
    autosave();
    return h;
}

void Game::rewind(std::size_t decision) {
    if (!m_session) throw std::logic_error("rewind() without a session");
    const Session& from = *m_session;
    if (decision > from.choices().size()) throw std::out_of_range("rewind past the last decision");
    Session replay(from.scenario_ptr(), from.seed());
    for (std::size_t i = 0; i < decision; ++i) {
        if (from.decisions()[i].hinted) replay.hint();
        replay.choose(from.choices()[i]);
    }
    if (from.finished()) m_baseline.emplace(from);
    m_session.emplace(std::move(replay));
    m_offered.resize(decision);
    m_saved.reset();
    autosave();
    // A what-if is a new attempt; the replayed decisions are stored with it at once.
    m_results.begin(m_prefs.name, *m_session, content_lang());
}

void Game::end_session() {
    m_session.reset();
    m_baseline.reset();
    m_offered.clear();
    m_saved.reset();
}

SavedResult Game::save_result() {
    if (!m_session) throw std::logic_error("save_result() without a session");
    const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm tm{};
    localtime_r(&now, &tm);
    char stamp[32];
    std::strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &tm);
    const std::string base = m_session->scenario().id + "-" + stamp;
    SavedResult out;
    out.markdown = m_files.results() / (base + ".md");
    out.json = m_files.results() / (base + ".json");
    const std::string lang = content_lang();
    app::write_file_durable(out.markdown, result_markdown(*m_session, lang), {.create_folder = true});
    app::write_file_durable(out.json, result_json(*m_session, lang), {.create_folder = true});
    m_saved = out;
    return out;
}

void Game::resume() {
    if (!m_resume || !m_resume->session) throw std::logic_error("resume() without a resumable session");
    m_session = std::move(m_resume->session);
    m_offered = replay_offered(*m_session);
    m_baseline.reset();
    m_saved.reset();
    if (m_resume->attempt_id) {
        m_results.continue_attempt(*m_resume->attempt_id);
    } else {
        m_results.begin(m_prefs.name, *m_session, content_lang());
    }
    m_resume.reset();
    autosave();
}

void Game::discard_resume() {
    const std::optional<results::AttemptId> stored = m_resume ? m_resume->attempt_id : std::nullopt;
    m_resume.reset();
    std::error_code ec;
    std::filesystem::remove(m_files.autosave(), ec);
    if (stored) {
        m_results.abandon(*stored);
        offer_stored_attempt();
    }
}

void Game::create_profile(const std::string& name, const std::string& external_id, const std::string& email) {
    const results::Trainee t = m_results.create_trainee(name, external_id, email);
    set_name(t.name);
}

void Game::offer_stored_attempt() {
    if (!m_results.available()) return;
    std::vector<results::Attempt> open;
    try {
        open = m_results.in_progress(m_prefs.name);
    } catch (const std::exception& e) {
        m_load_problems += std::string(e.what()) + "\n";
        return;
    }
    if (open.empty()) {
        // An offer from another trainee's attempts does not belong to this one.
        if (m_resume && m_resume->attempt_id) m_resume.reset();
        return;
    }
    // A session already playing that attempt is not offered again.
    if (m_results.attempt() == open.back().id && m_session) return;
    ResumeOffer offer;
    offer.attempt_id = open.back().id;
    offer.older = static_cast<int>(open.size()) - 1;
    try {
        offer.session.emplace(m_results.rebuild(open.back().id, m_library));
    } catch (const std::exception& e) {
        offer.problem = e.what();
    }
    // The store records a hint with its decision; the autosave also has one taken for the
    // decision at hand. When both hold the same game, the autosave's keeps that hint's cost.
    if (offer.session && m_resume && !m_resume->attempt_id && m_resume->session) {
        const Session& saved = *m_resume->session;
        const Session& stored = *offer.session;
        if (saved.hint_taken() && !stored.hint_taken() && saved.scenario().id == stored.scenario().id &&
            saved.seed() == stored.seed() && saved.choices() == stored.choices()) {
            offer.session.emplace(saved);
        }
    }
    m_resume = std::move(offer);
}

void Game::autosave() {
    if (!m_session) return;
    if (m_session->finished()) {
        std::error_code ec;
        std::filesystem::remove(m_files.autosave(), ec);
        return;
    }
    app::write_file_durable(m_files.autosave(), save_to_json(m_session->save(content_lang())),
                            {.create_folder = true});
}

}  // namespace salesim::window
