// The scenario editor's logic without SDL or ImGui: the buffer, durable saves, autosave and restore,
// shipped scenarios kept read-only with the user's own copies, re-validation, missing translations,
// the analyzer's map (with its progress) and the play-test that follows edits.
#pragma once

#include <salesim/analyzer.hpp>
#include <salesim/diagnostic.hpp>
#include <salesim/loader.hpp>
#include <salesim/session.hpp>

#include <atomic>
#include <chrono>
#include <cstddef>
#include <filesystem>
#include <functional>
#include <future>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace salesim::window {

/// The byte offset of 1-based `line` and `column` (counted in characters, as diagnostics count them)
/// in UTF-8 `text`. Positions past the end of a line clamp to its end, past the last line to the end.
std::size_t byte_offset(std::string_view text, int line, int column);
/// The 1-based line and character column of byte `offset`, the inverse of byte_offset().
SourceLoc line_column(std::string_view text, std::size_t offset);

/// True when `file` lies inside `folder` (or below it), compared after resolving `.`, `..` and links.
bool in_folder(const std::filesystem::path& file, const std::filesystem::path& folder);
/// The value of the top-level `id:` line of scenario text `text` (without quotes), if it has one.
std::optional<std::string> scenario_id_in(std::string_view text);
/// `text` with the value of its top-level `id:` line replaced by `id` (quotes kept as they were),
/// every other byte as it was; nullopt when it has no such line.
std::optional<std::string> with_scenario_id(std::string_view text, std::string_view id);

/// Where a play-test starts: the first decision of a stage, or an objection being raised.
struct PlayTarget {
    Stage stage = Stage::Prospecting;
    std::string objection;  ///< objection id within the objections stage, "" for the stage's start
};

/// Every place a play-test can start at, in play order.
std::vector<PlayTarget> play_targets(const Scenario& s);

/// One choice of a play-test, by identity rather than position, so an edit that reorders or adds
/// options still replays the same decision.
struct PlayChoice {
    std::string decision;  ///< the decision's ref: "leads", a step or objection id, or "close"
    std::string move;
    std::string ref;  ///< the lead's id for leads
};

/// Why a play-test stopped short of where it was asked to be.
struct PlayNote {
    enum class Kind { None, TargetNotReached, ChoiceGone };
    Kind kind = Kind::None;
    std::size_t index = 0;  ///< ChoiceGone: the 0-based choice that no longer exists
    PlayChoice choice;      ///< ChoiceGone: what it was
};

/// A session on the edited scenario with a chosen starting buyer state, reached by playing the best
/// option at every decision up to a chosen point, and replayed after every edit.
class PlayTest {
public:
    /// Starts over: `start` replaces the persona's starting state; the best option (as a hint would
    /// give it, without marking the decision hinted) is taken until `target` is the decision at hand.
    void start(const std::shared_ptr<const Scenario>& scenario, const BuyerState& start, PlayTarget target,
               std::uint64_t seed = 1);
    /// Takes option `index` of the decision at hand and remembers it for replays.
    const DecisionRecord& choose(std::size_t index);
    /// Replays the remembered choices on an edited scenario; stops at the first that no longer
    /// exists and keeps the rest of the list out (note() says which).
    void reload(const std::shared_ptr<const Scenario>& scenario);
    void stop();

    bool active() const { return m_session.has_value(); }
    const Session* session() const { return m_session ? &*m_session : nullptr; }
    const std::vector<PlayChoice>& choices() const { return m_choices; }
    const PlayNote& note() const { return m_note; }
    const PlayTarget& target() const { return m_target; }

private:
    std::shared_ptr<const Scenario> with_start(const std::shared_ptr<const Scenario>& scenario) const;

    std::optional<Session> m_session;
    BuyerState m_start;
    PlayTarget m_target;
    std::uint64_t m_seed = 1;
    std::vector<PlayChoice> m_choices;
    PlayNote m_note;
};

/// The file being edited and everything derived from it.
class EditorModel {
public:
    using Clock = std::chrono::steady_clock;
    static constexpr std::chrono::milliseconds validate_delay{300};
    static constexpr std::chrono::milliseconds autosave_delay{700};

    /// `data_dir` receives editor/<name>.autosave; `template_path` is the new-scenario template.
    EditorModel(std::filesystem::path data_dir, std::filesystem::path template_path);
    /// Stops a running analysis and waits for its thread (a few milliseconds).
    ~EditorModel();
    EditorModel(EditorModel&&) = default;
    EditorModel& operator=(EditorModel&&) = delete;

    /// The rule book scenarios are validated against (null: nothing validates).
    void set_book(std::shared_ptr<const RuleBook> book) { m_book = std::move(book); }
    /// The shipped scenarios' folder: its files open read-only (an update would replace them, and
    /// every trainee shares them); save_copy() makes the user's own copy to edit.
    void set_shipped_dir(std::filesystem::path dir) { m_shipped_dir = std::move(dir); }

    /// Opens a scenario file and validates it; an autosave that differs from the file is offered
    /// (restore_offer()). Throws std::runtime_error when the file cannot be read.
    void open(const std::filesystem::path& path);
    /// A new, unsaved scenario from the template, to be saved as `path`.
    void new_from_template(const std::filesystem::path& path);
    /// The buffer after an edit; validation and the autosave follow after their delays. Ignored
    /// while read_only(): a shipped scenario's text stays as the file has it.
    void set_text(std::string text, Clock::time_point now);
    /// The file Save writes to.
    void set_path(std::filesystem::path path);
    /// Saves atomically and durably, then drops the autosave. Throws std::logic_error when
    /// read_only(): a shipped scenario is never written in place.
    void save();
    /// Writes the buffer as the user's own copy into `folder` (made when missing), durably, under a
    /// name no file there has: NAME-copy.yaml, then NAME-copy-2.yaml, ..., with the scenario's id
    /// changed the same way (ID-copy, ID-copy-2, ...) and skipping ids `id_taken` says are used;
    /// only the `id:` line differs from the buffer. The editor goes on with the copy, editable.
    /// Returns its path.
    std::filesystem::path save_copy(const std::filesystem::path& folder,
                                    const std::function<bool(const std::string&)>& id_taken);
    /// Forgets the unsaved changes: drops the autosave (quitting without saving).
    void discard_changes();

    /// Runs a due validation or autosave; true when something ran (the window redraws).
    bool tick(Clock::time_point now);
    /// True while a validation or an autosave is waiting for its delay, or the analyzer runs.
    bool pending() const {
        return m_validate_due.has_value() || m_autosave_due.has_value() || m_analysis_job.valid();
    }
    /// True while the analyzer works on a newer version than analysis() shows.
    bool analysing() const { return m_analysis_job.valid() || m_analysis_wanted; }
    /// How far the running analysis has come (all zero when none runs).
    AnalyzeProgress analysis_progress() const;
    /// Waits for the analyzer to finish the latest valid version (tests, scripted screenshots).
    void finish_analysis();
    /// Why the last autosave failed, "" when it worked.
    const std::string& autosave_error() const { return m_autosave_error; }
    void validate_now();
    void autosave_now();

    bool is_open() const { return m_open; }
    /// The open file is a shipped scenario (see set_shipped_dir()): shown, play-tested and mapped,
    /// but neither edited nor saved in place.
    bool read_only() const { return m_read_only; }
    const std::string& text() const { return m_text; }
    const std::filesystem::path& path() const { return m_path; }
    bool dirty() const { return m_text != m_saved; }
    std::filesystem::path autosave_path() const;

    /// The buffer's diagnostics as of the last validation.
    const std::vector<Diagnostic>& diagnostics() const { return m_diagnostics; }
    /// The scenario of the last validation without errors (it may be older than the buffer).
    const std::shared_ptr<const Scenario>& scenario() const { return m_scenario; }
    /// True when the buffer as it is now validated without errors.
    bool valid() const { return m_valid; }
    /// Warnings about texts lacking a language, by language code.
    std::map<std::string, std::vector<Diagnostic>> missing_translations() const;
    /// The analyzer's report on the last analysed valid version, or nullptr before the first.
    const Analysis* analysis() const { return m_analysis ? &*m_analysis : nullptr; }

    /// The autosaved text found on open when it differs from the file.
    const std::optional<std::string>& restore_offer() const { return m_restore; }
    void restore(Clock::time_point now);
    void discard_restore();

    PlayTest& playtest() { return m_play; }
    const PlayTest& playtest() const { return m_play; }

private:
    void start_analysis();
    bool take_analysis();

    /// What the search thread says of its progress, read by the window's thread.
    struct ProgressCell {
        std::atomic<double> done{0};
        std::atomic<std::size_t> states{0};
    };

    std::filesystem::path m_data_dir;
    std::filesystem::path m_template;
    std::filesystem::path m_shipped_dir;
    bool m_read_only = false;
    std::shared_ptr<const RuleBook> m_book;
    bool m_open = false;
    std::filesystem::path m_path;
    std::string m_text;
    std::string m_saved;  ///< the file's bytes as last read or written
    std::optional<Clock::time_point> m_validate_due;
    std::optional<Clock::time_point> m_autosave_due;
    std::vector<Diagnostic> m_diagnostics;
    std::shared_ptr<const Scenario> m_scenario;
    bool m_valid = false;
    std::optional<Analysis> m_analysis;
    /// The analyzer runs on its own thread: a search can take seconds, typing must not wait for it.
    std::future<Analysis> m_analysis_job;
    std::thread m_analysis_thread;
    /// Set on close: the running search gives up. Shared with it, so a moved model still reaches it.
    std::shared_ptr<std::atomic<bool>> m_analysis_stop = std::make_shared<std::atomic<bool>>(false);
    bool m_analysis_wanted = false;  ///< scenario() changed since the running or last analysis
    /// The running search's progress; a new one per search, shared with it like the stop flag.
    std::shared_ptr<ProgressCell> m_analysis_progress = std::make_shared<ProgressCell>();
    std::optional<std::string> m_restore;
    std::string m_autosave_error;
    PlayTest m_play;
};

}  // namespace salesim::window
