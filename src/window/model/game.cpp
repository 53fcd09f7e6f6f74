// The window's own state, and the attempt driven through the shared controller: every state change the
// views ask for happens here.
#include "window/model/game.hpp"

#include <salesim/app/data_dirs.hpp>
#include <salesim/app/durable_file.hpp>
#include <salesim/app/result_json.hpp>
#include <salesim/app/save_file.hpp>
#include <salesim/results/open_store.hpp>
#include <salesim/score.hpp>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <stdexcept>
#include <system_error>

namespace salesim::window {

Game::Game(std::string data_override, std::string scenarios_dir, std::string assets_dir)
    : m_files{app::user_data_dir(data_override)},
      m_scenarios_dir(std::move(scenarios_dir)),
      m_assets_dir(std::move(assets_dir)) {
    m_editor.set_shipped_dir(m_scenarios_dir);
}

void Game::load() {
    m_strings.load_dir(m_assets_dir + "/strings", app::strings_cache_dir());
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

    m_attempt.set_autosave(m_files.autosave());
    m_attempt.set_trainee(m_prefs.name);
    m_attempt.set_lang(content_lang());
    // Resuming the autosave needs its scenario, parsed alone; a save of an earlier release that
    // names a file instead of an id is looked up in the whole library.
    std::error_code ec;
    if (std::filesystem::exists(m_files.autosave(), ec)) {
        std::string id;
        try {
            id = app::read_save_file(m_files.autosave()).data.scenario_id;
        } catch (const std::exception&) {
            // offer_autosave reads it again and offers the problem.
        }
        const Library only = library_of({id});
        m_attempt.offer_autosave(only.scenarios.empty() ? library() : only);
    } else {
        m_attempt.offer_autosave(m_library);
    }

    open_results();
    if (!m_results.available())
        m_load_problems +=
            std::string(m_strings.tr("results.unavailable")) + "\n" + m_results.problem() + "\n";
    offer_stored_attempt();
}

std::string Game::scenarios_dir() const {
    if (!m_own_folders.empty()) return m_own_folders.front();
    return m_files.scenarios().string();
}

std::vector<std::string> Game::library_dirs() const {
    std::vector<std::string> dirs{m_scenarios_dir};
    dirs.insert(dirs.end(), m_own_folders.begin(), m_own_folders.end());
    // The user's own scenarios (copies of shipped ones, new ones), unless a folder listed is it.
    const std::filesystem::path mine = m_files.scenarios();
    std::error_code ec;
    const std::filesystem::path mine_real = std::filesystem::weakly_canonical(mine, ec);
    const bool listed = std::any_of(dirs.begin(), dirs.end(), [&](const std::string& d) {
        std::error_code e;
        return std::filesystem::weakly_canonical(d, e) == mine_real;
    });
    if (!listed && std::filesystem::is_directory(mine, ec)) dirs.push_back(mine.string());
    return dirs;
}

bool Game::own_scenario(const std::string& path) const {
    // Asked for every row of the library every frame: each path is worked out once.
    if (const auto it = m_own.find(path); it != m_own.end()) return it->second;
    // The index lists a folder's files as FOLDER/NAME, so the folder is compared as written.
    const auto folder = [](std::filesystem::path p) { return (p / "").lexically_normal().string(); };
    if (m_shipped_folder.empty()) m_shipped_folder = folder(m_scenarios_dir);
    const std::size_t slash = path.rfind('/');
    // Most paths are FOLDER/NAME with the folder exactly as the shipped one is written.
    const bool own = slash == std::string::npos || path.compare(0, slash + 1, m_shipped_folder) != 0
                         ? folder(std::filesystem::path(path).parent_path()) != m_shipped_folder
                         : false;
    return m_own.emplace(path, own).first->second;
}

void Game::reload_library() {
    const std::vector<std::string> dirs = library_dirs();
    m_library = Library{};
    m_library_loaded = false;
    m_progress.reset();
    m_opened.clear();
    m_open_problems.clear();
    m_details.clear();
    // One cache file per set of folders, so two libraries used in turn do not evict each other.
    std::string key;
    for (const std::string& d : dirs) key += d + "\n";
    const std::filesystem::path cache =
        app::user_cache_dir() / ("library-index-" + content_hash(key) + ".bin");
    // The JSON index of earlier versions is read no more.
    std::error_code gone;
    std::filesystem::remove(std::filesystem::path(cache).replace_extension(".json"), gone);
    m_index = std::make_unique<app::LibraryIndex>(
        cache, app::index_folders(dirs, m_scenarios_dir + "/rulebook.yaml"));
    m_index->load();
    m_refresh_started = false;
    if (!m_defer_refresh) refresh_library();
}

void Game::refresh_library() {
    if (m_refresh_started) return;
    m_refresh_started = true;
    m_index->refresh();
}

bool Game::poll_library() {
    if (!m_index->poll()) return false;
    m_progress.reset();
    // A file the refresh found changed is parsed again when it is next shown.
    m_opened.clear();
    m_open_problems.clear();
    m_details.clear();
    return true;
}

void Game::wait_library() {
    refresh_library();
    m_index->wait();
    m_progress.reset();
    m_opened.clear();
    m_open_problems.clear();
    m_details.clear();
}

std::shared_ptr<const Scenario> Game::scenario(const std::string& id) const {
    if (m_library_loaded) return m_library.find_shared(id);
    if (const auto it = m_opened.find(id); it != m_opened.end()) return it->second;
    if (m_open_problems.contains(id) || !m_index->find(id)) return nullptr;
    try {
        return m_opened.emplace(id, m_index->open(id)).first->second;
    } catch (const std::exception& e) {
        m_open_problems.emplace(id, e.what());
        return nullptr;
    }
}

Library Game::library_of(const std::vector<std::string>& ids) const {
    if (m_library_loaded) return m_library;
    Library out;
    for (const std::string& id : ids) {
        if (out.find(id)) continue;
        if (auto s = scenario(id)) {
            out.book = s->rules;
            out.scenarios.push_back(std::move(s));
        }
    }
    std::sort(out.scenarios.begin(), out.scenarios.end(),
              [](const auto& a, const auto& b) { return a->id < b->id; });
    return out;
}

std::shared_ptr<const app::ScenarioDetails> Game::details(const std::string& id) const {
    if (const auto it = m_details.find(id); it != m_details.end()) return it->second;
    const auto keep = [&](app::ScenarioDetails d) {
        return m_details.emplace(id, std::make_shared<const app::ScenarioDetails>(std::move(d)))
            .first->second;
    };
    // Parsed already: the scenario itself is at hand.
    if (m_library_loaded || m_opened.contains(id)) {
        const std::shared_ptr<const Scenario> s = scenario(id);
        return s ? keep(app::ScenarioDetails::of(*s)) : nullptr;
    }
    if (m_open_problems.contains(id) || !m_index->find(id)) return nullptr;
    try {
        return keep(m_index->details(id));
    } catch (const std::exception& e) {
        m_open_problems.emplace(id, e.what());
        return nullptr;
    }
}

std::string Game::scenario_problem(const std::string& id) const {
    const auto it = m_open_problems.find(id);
    return it == m_open_problems.end() ? std::string() : it->second;
}

const Library& Game::library() const {
    if (m_library_loaded) return m_library;
    const std::vector<std::string> all = library_dirs();
    m_library = all.size() == 1 ? load_library(m_scenarios_dir)
                                : load_libraries(all, m_scenarios_dir + "/rulebook.yaml");
    m_library_loaded = true;
    return m_library;
}

const app::TraineeProgress& Game::progress() const {
    // Read again after any change to the store (a group's assignments changed in the Trainer view).
    if (!m_progress || m_progress_revision != m_results.revision()) {
        m_progress.emplace();
        m_progress_revision = m_results.revision();
        if (m_results.available() && !m_prefs.name.empty()) {
            try {
                *m_progress = app::read_progress(m_results.store(), m_prefs.name);
            } catch (const std::exception&) {
                // The library shows no progress rather than no library; the store's problem is
                // shown where results are read on purpose (the trainer's view).
            }
        }
    }
    return *m_progress;
}

std::optional<app::Recommendation> Game::next_scenario(const std::string& just_played) const {
    return app::recommend_next(progress(), m_index->entries(), just_played);
}

void Game::save_prefs() {
    if (m_persist_prefs)
        app::write_file_durable(m_files.settings(), prefs_to_json(m_prefs), {.create_folder = true});
}

void Game::set_name(std::string name) {
    // The trainer's tools stay open for the person who opened them, not the next trainee.
    if (name != m_prefs.name) m_trainer_unlocked = false;
    m_prefs.name = std::move(name);
    m_progress.reset();
    m_attempt.set_trainee(m_prefs.name);
    save_prefs();
    offer_stored_attempt();
}

bool Game::unlock_trainer(std::string_view passphrase) {
    m_trainer_unlocked = m_lock.verify(passphrase);
    return m_trainer_unlocked;
}

void Game::set_trainer_passphrase(std::string_view passphrase) {
    m_lock.set(passphrase);
    m_trainer_unlocked = true;
}

void Game::change_trainer_passphrase(std::string_view old_passphrase, std::string_view new_passphrase) {
    m_lock.change(old_passphrase, new_passphrase);
    m_trainer_unlocked = true;
}

void Game::set_lang(std::string lang) {
    if (!m_strings.table(lang)) throw std::runtime_error(m_strings.fmt("error.no_lang", {{"lang", lang}}));
    m_prefs.lang = std::move(lang);
    m_strings.set_lang(m_prefs.lang);
    m_attempt.set_lang(content_lang());
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

void Game::set_read_aloud(bool on) {
    m_prefs.read_aloud = on;
    save_prefs();
}

void Game::set_reduce_motion(bool on) {
    m_prefs.reduce_motion = on;
    save_prefs();
}

void Game::set_font(FontChoice font) {
    m_prefs.font = font;
    save_prefs();
}

void Game::set_store(std::string location) {
    m_prefs.store = std::move(location);
    save_prefs();
    open_results();
}

void Game::open_results() {
    m_attempt.record_to(nullptr);
    m_results.open(m_files.dir, m_prefs.store);
    m_progress.reset();
    if (m_results.available()) m_attempt.record_to(&m_results.store());
}

void Game::set_mode(Mode mode) {
    m_prefs.mode = mode;
    save_prefs();
}

std::optional<results::Group> Game::required_mode_group() const {
    if (!m_results.available() || m_prefs.name.empty()) return std::nullopt;
    const auto t = m_results.store().find_trainee(m_prefs.name);
    if (!t) return std::nullopt;
    return results::required_mode_group(m_results.store(), t->id);
}

Mode Game::mode_for(std::optional<Mode> wanted) const {
    if (const auto group = required_mode_group()) return *group->mode;
    return wanted.value_or(m_prefs.mode);
}

std::string Game::content_lang() const {
    if (const Session* s = session()) return s->scenario().language_or_default(m_prefs.lang);
    return m_prefs.lang;
}

void Game::use_content_lang(const Scenario& scenario) {
    m_attempt.set_lang(scenario.language_or_default(m_prefs.lang));
}

void Game::start(const std::string& scenario_id, std::uint64_t seed, std::optional<Mode> mode) {
    // Only the scenario played is parsed (the whole library when it is loaded already).
    std::shared_ptr<const Scenario> scenario = this->scenario(scenario_id);
    if (const std::string problem = scenario_problem(scenario_id); !scenario && !problem.empty())
        throw std::runtime_error(problem);
    if (!scenario) {
        std::string known;
        for (const auto& s : m_index->entries())
            if (!s.broken) known += (known.empty() ? "" : ", ") + s.id;
        throw std::runtime_error(
            m_strings.fmt(known.empty() ? "error.no_scenario" : "error.no_scenario_known",
                          {{"known", known}, {"dir", m_scenarios_dir}, {"id", scenario_id}}));
    }
    use_content_lang(*scenario);
    m_saved.reset();
    m_attempt.start(std::move(scenario), seed, mode_for(mode));
    m_results.changed();
}

const DecisionRecord& Game::choose(std::size_t option) {
    const DecisionRecord& r = m_attempt.choose(option);
    m_results.changed();
    if (session() && session()->finished()) m_progress.reset();
    return r;
}

Hint Game::hint() {
    return m_attempt.next_hint();
}

void Game::rewind(std::size_t decision) {
    m_saved.reset();
    m_attempt.rewind(decision);
    m_results.changed();
}

SavedResult Game::save_result() {
    const Session* session = m_attempt.session();
    if (session == nullptr) throw std::logic_error("save_result() without a session");
    const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm tm{};
    localtime_r(&now, &tm);
    char stamp[32];
    std::strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &tm);
    const std::string base = session->scenario().id + "-" + stamp;
    SavedResult out;
    out.markdown = m_files.results() / (base + ".md");
    out.json = m_files.results() / (base + ".json");
    const std::string lang = content_lang();
    app::write_file_durable(out.markdown, result_markdown(*session, lang), {.create_folder = true});
    app::write_file_durable(out.json, app::result_json(*session, lang, m_attempt.mode()),
                            {.create_folder = true});
    m_saved = out;
    return out;
}

void Game::resume() {
    if (const auto& offer = m_attempt.offer(); offer && offer->session)
        use_content_lang(offer->session->scenario());
    m_saved.reset();
    m_attempt.take_offer();
    m_results.changed();
}

void Game::discard_resume() {
    const bool stored = m_attempt.discard_offer();
    if (stored) {
        m_results.changed();
        offer_stored_attempt();
    }
}

void Game::create_profile(const std::string& name, const std::string& external_id, const std::string& email) {
    if (name.find_first_not_of(" \t") == std::string::npos)
        throw std::runtime_error(m_strings.tr("error.no_profile_name"));
    const results::Trainee t = m_results.create_trainee(name, external_id, email);
    set_name(t.name);
}

// [SECTION] Live classes

void Game::join_class(const std::string& address, const std::string& code, const std::string& name) {
    const auto blank = [](const std::string& s) { return s.find_first_not_of(" \t") == std::string::npos; };
    if (blank(address)) throw ClassJoinError(m_strings.tr("class.join.needs_address"));
    if (blank(code)) throw ClassJoinError(m_strings.tr("class.join.needs_code"));
    if (blank(name)) throw ClassJoinError(m_strings.tr("class.join.needs_name"));
    leave_class();
    const results::ResultsStore* local = m_results.available() ? &m_results.store() : nullptr;
    auto joined = std::make_unique<JoinedClass>(address, m_attempt, m_files.dir, local);
    // A roster class's member may join under a name other than this window's trainee: the
    // attempt is recorded under the name the class knows.
    joined->previous_name = m_attempt.trainee();
    m_attempt.set_trainee(name);
    try {
        joined->play.connect(code, name, library());
    } catch (const classroom::ClientError& e) {
        m_attempt.set_trainee(joined->previous_name);
        m_attempt.set_registration("");
        if (e.status() == 0)
            throw ClassJoinError(m_strings.fmt("class.join.unreachable",
                                               {{"address", joined->client.base()}, {"why", e.what()}}));
        if (e.code() == "bad_answer") throw ClassJoinError(m_strings.tr("class.join.bad_answer"));
        if (e.status() == -1)
            throw ClassJoinError(m_strings.fmt("class.join." + e.code(), {{"scenario", e.what()}}));
        throw ClassJoinError(m_strings.fmt("class.join.refused", {{"why", e.what()}}));
    } catch (const std::exception& e) {
        m_attempt.set_trainee(joined->previous_name);
        m_attempt.set_registration("");
        throw ClassJoinError(e.what());
    }
    if (const Session* s = m_attempt.session()) use_content_lang(s->scenario());
    m_saved.reset();
    joined->turn = joined->play.turn();
    m_joined = std::move(joined);
    m_results.changed();
}

classroom::ClassTurn Game::class_turn() const {
    return m_joined ? m_joined->turn : classroom::ClassTurn::Decide;
}

void Game::choose_in_class(std::size_t option) {
    if (!m_joined) throw std::logic_error("choose_in_class() outside a class");
    JoinedClass& j = *m_joined;
    j.turn = j.play.turn();
    switch (j.turn) {
        case classroom::ClassTurn::Decide:
            j.play.choose(option, false);
            m_results.changed();
            break;
        case classroom::ClassTurn::Vote:
            j.play.vote(option);
            break;
        case classroom::ClassTurn::Released:
            j.play.apply_vote();
            m_results.changed();
            break;
        case classroom::ClassTurn::Waiting:
        case classroom::ClassTurn::Finished:
        case classroom::ClassTurn::Ended:
        case classroom::ClassTurn::Removed:
            break;
    }
    j.turn = j.play.turn();
}

bool Game::poll_class(std::chrono::milliseconds timeout) {
    if (!m_joined) return false;
    JoinedClass& j = *m_joined;
    const classroom::ClassTurn before = j.turn;
    const bool offline = j.play.offline();
    const std::size_t unsent = j.play.unsent();
    const std::size_t decided = m_attempt.session() ? m_attempt.session()->decisions().size() : 0;
    j.play.wait(timeout);
    j.turn = j.play.turn();
    if (j.turn == classroom::ClassTurn::Released) {
        // The trainer let the point go: the vote becomes the decision, as a choice would.
        j.play.apply_vote();
        m_results.changed();
        j.turn = j.play.turn();
    }
    const std::size_t now = m_attempt.session() ? m_attempt.session()->decisions().size() : 0;
    return j.turn != before || offline != j.play.offline() || unsent != j.play.unsent() || decided != now;
}

void Game::leave_class() {
    if (!m_joined) return;
    // One more try for what the server lacks; the link file keeps the rest for the next join.
    if (m_joined->play.unsent() > 0) m_joined->play.flush();
    m_attempt.set_trainee(m_joined->previous_name);
    m_attempt.set_registration("");
    m_joined.reset();
    m_results.changed();
}

void Game::start_class(const ClassSetup& setup) {
    if (m_running) throw std::runtime_error(m_strings.tr("class.run.already"));
    auto scenario = library().find_shared(setup.scenario_id);
    if (!scenario)
        throw std::runtime_error(m_strings.fmt("class.run.no_scenario", {{"id", setup.scenario_id}}));
    if (!m_results.available())
        throw std::runtime_error(m_strings.fmt("class.run.no_store", {{"why", m_results.problem()}}));
    // The class's server writes from its own threads: through a connection of its own.
    auto store = results::open_store(m_results.opened_location());
    try {
        m_running = std::make_unique<RunningClass>(setup, std::move(scenario), std::move(store), m_strings,
                                                   m_files.dir / "classes", m_prefs.lang);
    } catch (const std::exception& e) {
        throw std::runtime_error(m_strings.fmt("class.run.cannot", {{"why", e.what()}}));
    }
    m_results.changed();
}

void Game::end_class() {
    if (m_running) m_running->end();
    m_results.changed();
}

void Game::stop_class() {
    m_running.reset();
    m_results.changed();
}

void Game::offer_stored_attempt() {
    try {
        // The store's unfinished attempts need their scenarios, each parsed alone.
        std::vector<std::string> ids;
        if (m_results.available() && !m_prefs.name.empty()) {
            if (const auto t = m_results.store().find_trainee(m_prefs.name)) {
                results::AttemptFilter f;
                f.status = results::AttemptStatus::InProgress;
                f.trainee_id = t->id;
                for (const results::Attempt& a : m_results.store().attempts(f)) ids.push_back(a.scenario_id);
            }
        }
        m_attempt.offer_stored(library_of(ids));
    } catch (const std::exception& e) {
        m_load_problems += std::string(e.what()) + "\n";
    }
}

}  // namespace salesim::window
