// The window's own state: the library, string tables, settings, the results store, the editor, and the
// attempt being played (driven through app::AttemptController). No SDL or ImGui, so tests drive it
// directly; the views only read it and send commands.
#pragma once

#include "window/model/editor_model.hpp"
#include "window/model/live_class.hpp"
#include "window/model/prefs.hpp"
#include "window/model/strings.hpp"
#include "window/model/window_results.hpp"

#include <salesim/app/attempt_controller.hpp>
#include <salesim/app/durable_file.hpp>
#include <salesim/app/library_index.hpp>
#include <salesim/app/next_scenario.hpp>
#include <salesim/app/trainer_lock.hpp>
#include <salesim/loader.hpp>
#include <salesim/session.hpp>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace salesim::window {

using app::ResumeOffer;

struct SavedResult {
    std::filesystem::path markdown;
    std::filesystem::path json;
};

class Game {
public:
    /// `data_override` replaces the user data folder (--data-dir); `shipped_dir` holds scenarios/ and
    /// assets/.
    Game(std::string data_override, std::string scenarios_dir, std::string assets_dir);

    /// Loads the string tables, the settings, the library and any unfinished session. Problems with
    /// settings or the autosave do not stop the window; they are kept in load_problems().
    void load();
    void reload_library();

    /// The library's summaries, from the cache in the cache folder: what the library screen lists
    /// without parsing any scenario. Files that changed are read again in the background.
    const app::LibraryIndex& index() const { return *m_index; }
    /// Takes the background refresh's summaries when it finished; true when the list changed.
    bool poll_library();
    /// Starts the index's background refresh from refresh_library() instead of load(): the window
    /// starts it after its first frame, so reading every file does not compete with that frame.
    void defer_library_refresh() { m_defer_refresh = true; }
    /// Starts the background refresh of the index, once per reload_library().
    void refresh_library();
    /// Waits for the background refresh (a scripted run shows the whole list, as tests expect).
    void wait_library();
    /// The whole library, parsed on first use: the trainer's report, a class's setup and a resumed
    /// attempt need every scenario, the library screen and starting a scenario do not.
    const Library& library() const;
    /// The scenario `id` parsed in full, once (the library's details and start() share it); nullptr
    /// when it does not load, and scenario_problem() says why.
    std::shared_ptr<const Scenario> scenario(const std::string& id) const;
    std::string scenario_problem(const std::string& id) const;
    /// What the library's details pane shows of scenario `id`, from the index's cache when it has
    /// it (no parse before the first frame), else from the parsed scenario; nullptr when it does not
    /// load, and scenario_problem() says why.
    std::shared_ptr<const app::ScenarioDetails> details(const std::string& id) const;
    /// The current trainee's progress from the results store, read once and again after the store
    /// changes (an attempt recorded, a group's assignments) or the trainee or store does (empty
    /// without a store).
    const app::TraineeProgress& progress() const;
    /// The scenario the trainee's decisions recommend next, after `just_played`.
    std::optional<app::Recommendation> next_scenario(const std::string& just_played) const;
    const Strings& strings() const { return m_strings; }
    const Prefs& prefs() const { return m_prefs; }
    const DataFiles& files() const { return m_files; }
    const std::string& load_problems() const { return m_load_problems; }

    void set_name(std::string name);
    void set_lang(std::string lang);
    void set_scale(int percent);
    void set_theme(ThemeId theme);
    void set_read_aloud(bool on);
    void set_reduce_motion(bool on);
    void set_font(FontChoice font);
    /// Keeps results in `location` from now on ("" for the data folder's file) and reopens the
    /// store; results().problem() says why when it cannot be used.
    void set_store(std::string location);
    /// The mode new attempts are offered in.
    void set_mode(Mode mode);
    /// The group whose mode the current trainee must play in, if any (none without the store).
    std::optional<results::Group> required_mode_group() const;
    /// The mode a new attempt asked for in `wanted` (unset: the settings') is played in: the
    /// trainee's group's, when it requires one.
    Mode mode_for(std::optional<Mode> wanted) const;
    /// When false (headless screenshots), settings changes are not written to disk.
    void set_persist_prefs(bool on) { m_persist_prefs = on; }

    /// The language scenario content is shown in: the UI language when the scenario has it.
    std::string content_lang() const;

    /// The attempt being played; the window changes it only through the calls below.
    const app::AttemptController& attempt() const { return m_attempt; }
    /// Starts an attempt in mode_for(mode).
    void start(const std::string& scenario_id, std::uint64_t seed, std::optional<Mode> mode = std::nullopt);
    const Session* session() const { return m_attempt.session(); }
    /// The finished run a what-if started from, for side-by-side comparison.
    const Session* baseline() const { return m_attempt.baseline(); }
    const DecisionRecord& choose(std::size_t option);
    /// The next hint for the decision at hand: a nudge first, then the option named.
    Hint hint();
    /// Replays the first `decision` choices (and their hints) into a new session; the finished run
    /// becomes the baseline.
    void rewind(std::size_t decision);

    SavedResult save_result();
    const std::optional<SavedResult>& saved_result() const { return m_saved; }

    const std::optional<ResumeOffer>& resume_offer() const { return m_attempt.offer(); }
    void resume();
    void discard_resume();
    /// A recording problem to show once (recording failed and stopped); "" when none. Clears it.
    std::string take_notice() { return m_attempt.take_notice(); }

    /// The results store (profiles, the trainer's report, exports).
    const WindowResults& results() const { return m_results; }
    WindowResults& results() { return m_results; }
    /// Adds a profile to the store and makes it the current trainee.
    void create_profile(const std::string& name, const std::string& external_id, const std::string& email);

    /// The scenario editor: the file being edited, its checks and its play-test.
    const EditorModel& editor() const { return m_editor; }
    EditorModel& editor() { return m_editor; }
    /// The folder the editor makes new scenarios in: the first of the trainer's own library
    /// folders; else the user's own scenarios in the data folder (files().scenarios()). The shipped
    /// folder is never written: its files open read-only and are saved as the user's copies.
    std::string scenarios_dir() const;
    /// Every folder the library lists, in order: the shipped one, the trainer's own, then the
    /// user's own scenarios once that folder exists.
    std::vector<std::string> library_dirs() const;
    /// True when the library's file `path` is not a shipped scenario (the user's or a trainer's
    /// own): the library marks it.
    bool own_scenario(const std::string& path) const;
    /// A trainer's own scenario folders, loaded after the shipped library (before load()).
    void set_own_folders(std::vector<std::string> folders) { m_own_folders = std::move(folders); }

    // [SECTION] The trainer passphrase (app/trainer_lock.hpp)
    /// The passphrase kept in the data folder.
    const app::TrainerLock& trainer_lock() const { return m_lock; }
    /// The trainer's tools are open: the passphrase was given in this window since the trainee
    /// last changed.
    bool trainer_unlocked() const { return m_trainer_unlocked; }
    /// Opens the trainer's tools when `passphrase` is the one set; throws app::TrainerLockError
    /// when there is none or its file is damaged.
    bool unlock_trainer(std::string_view passphrase);
    /// First use: sets the passphrase and opens the tools (app::TrainerLock::set's errors).
    void set_trainer_passphrase(std::string_view passphrase);
    /// Replaces the passphrase once `old_passphrase` is checked (app::TrainerLock::change's errors).
    void change_trainer_passphrase(std::string_view old_passphrase, std::string_view new_passphrase);
    void lock_trainer() { m_trainer_unlocked = false; }
    /// Saving `path` from the Author view needs the tools open: it is in a school's shared folder.
    bool save_needs_unlock(const std::filesystem::path& path) const {
        return app::needs_trainer_unlock(path, m_own_folders);
    }

    // [SECTION] Live classes (docs/classroom.md)
    /// Joins the class at `address` ("HOST:PORT") with its `code` as `name` and plays its scenario
    /// in this window, recorded in the results store as any attempt. Throws ClassJoinError with a
    /// message for the join form (unreachable, refused, the scenario missing or different).
    void join_class(const std::string& address, const std::string& code, const std::string& name);
    bool in_class() const { return m_joined != nullptr; }
    const JoinedClass* joined_class() const { return m_joined.get(); }
    /// The trainee's turn in the class (Decide when not in one).
    classroom::ClassTurn class_turn() const;
    /// Takes option `option` in the class: decided, or counted as a vote at a point the class
    /// discusses; nothing while the vote waits or after the class ended.
    void choose_in_class(std::size_t option);
    /// Takes what the class's server said (waiting up to `timeout`), applies a vote whose point was
    /// released; true when what the play screen shows changed.
    bool poll_class(std::chrono::milliseconds timeout);
    /// Stops following the class; what it has not acknowledged stays in the link file.
    void leave_class();

    /// Starts a class of `setup` served from this machine, with its own connection to the results
    /// store. Throws std::runtime_error saying why it cannot.
    void start_class(const ClassSetup& setup);
    const RunningClass* running_class() const { return m_running.get(); }
    /// Ends the running class (the code stops working; the board stays up).
    void end_class();
    /// Stops the running class's server.
    void stop_class();
    /// Reads the running class's board when it changed; true then.
    bool poll_running_class() { return m_running && m_running->poll(); }

private:
    /// (Re)opens the results store where the settings say and records there when it opens.
    void open_results();
    /// A library of only the scenarios `ids` (each parsed alone), for resuming attempts of them.
    Library library_of(const std::vector<std::string>& ids) const;
    void save_prefs();
    /// Saves and records of the attempt go in the language `scenario` is shown in.
    void use_content_lang(const Scenario& scenario);
    /// When the store has unfinished attempts of the trainee, offers the newest instead of the
    /// autosave: the store is the source of truth when it can be opened.
    void offer_stored_attempt();

    DataFiles m_files;
    std::string m_scenarios_dir;
    mutable std::map<std::string, bool, std::less<>> m_own;  ///< own_scenario() by path
    mutable std::string m_shipped_folder;                    ///< m_scenarios_dir made normal, ending in '/'
    std::vector<std::string> m_own_folders;
    std::string m_assets_dir;
    Strings m_strings;
    Prefs m_prefs;
    bool m_persist_prefs = true;
    // The whole library, loaded on first use (library()); until then only the index is read.
    mutable Library m_library;
    mutable bool m_library_loaded = false;
    std::unique_ptr<app::LibraryIndex> m_index;
    mutable std::optional<app::TraineeProgress> m_progress;
    mutable std::uint64_t m_progress_revision = 0;  ///< the store's revision m_progress was read at
    bool m_defer_refresh = false;
    bool m_refresh_started = false;
    mutable std::map<std::string, std::shared_ptr<const Scenario>, std::less<>> m_opened;
    mutable std::map<std::string, std::string, std::less<>> m_open_problems;
    mutable std::map<std::string, std::shared_ptr<const app::ScenarioDetails>, std::less<>> m_details;
    std::optional<SavedResult> m_saved;
    std::string m_load_problems;
    WindowResults m_results;
    app::AttemptController m_attempt{[](const std::filesystem::path& path, std::string_view bytes) {
        app::write_file_durable(path, bytes, {.create_folder = true});
    }};
    app::TrainerLock m_lock{app::trainer_passphrase_file(m_files.dir)};
    bool m_trainer_unlocked = false;
    EditorModel m_editor{m_files.dir, std::filesystem::path(m_assets_dir) / "templates" / "scenario.yaml"};
    // After m_attempt and the store: a joined class plays over them, so it goes first.
    std::unique_ptr<RunningClass> m_running;
    std::unique_ptr<JoinedClass> m_joined;
};

}  // namespace salesim::window
