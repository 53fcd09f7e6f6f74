// One attempt at a scenario from start to finish, and what is kept of it on the way: every front end
// (the terminal's play, the window, the classroom client) drives an attempt only through this.
#pragma once

#include "salesim/app/save_file.hpp"

#include <salesim/loader.hpp>
#include <salesim/mode.hpp>
#include <salesim/results/recorder.hpp>
#include <salesim/results/store.hpp>
#include <salesim/session.hpp>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace salesim::app {

/// Writes a whole file, or throws std::runtime_error saying why: the front end's file writer.
using FileWriter = std::function<void(const std::filesystem::path& path, std::string_view bytes)>;

/// An unfinished attempt found on start, ready to resume or to discard.
struct ResumeOffer {
    std::optional<Session> session;  ///< replayed and ready, when it still fits its scenario
    std::string problem;             ///< why it cannot be resumed, else ""
    /// The results store's attempt it continues; unset for an autosave without one.
    std::optional<results::AttemptId> attempt_id;
    int older = 0;             ///< further unfinished attempts of the trainee, offered after this one
    Mode mode = Mode::Guided;  ///< the mode it was played in (guided for one saved before modes)
};

/// Which unfinished attempts of the store are offered: all of the trainee's, or only those of one
/// scenario played in one mode (the terminal's `play SCENARIO`).
struct OfferScope {
    std::string scenario_id;   ///< "" for any scenario
    std::optional<Mode> mode;  ///< unset for any mode
};

/// How the session of a save file goes on (AttemptController::resume_saved).
enum class SaveResumed {
    NewAttempt,       ///< as a new attempt of the results (or unrecorded, when nothing records)
    SameAttempt,      ///< as the attempt of the results the save belongs to
    FromResults,      ///< as that attempt, from the results, which hold decisions the save does not
    AlreadyRecorded,  ///< the save's attempt is finished in the results as saved: nothing to record
};

/// How a save file's session will go on, found before anything is recorded
/// (AttemptController::plan_resume), so that a front end can check a script against it first.
struct SavedResume {
    Session session;  ///< the session to go on with: the save's, or the results' when further on
    SaveResumed how = SaveResumed::NewAttempt;
    std::optional<results::AttemptId> attempt;  ///< the store's attempt it goes on with
    Mode mode = Mode::Guided;                   ///< the save's
    std::string registration;                   ///< the attempt's registration ("" for none)
};

/// A hint asked for in a mode that offers none (assessment). The front end checks
/// AttemptController::hints_allowed() first; this is the safety net.
class HintsOff : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// The attempt being played and everything kept of it as it goes:
///
///     AttemptController attempt(write_file);
///     attempt.record_to(&store);            // optional: the results store (not owned)
///     attempt.set_trainee("Anna");          // whom it is recorded for ("": not recorded)
///     attempt.set_lang("en");               // the language saves and records are kept in
///     attempt.set_autosave(dir / "autosave.json");  // optional: kept up to date after every change
///     attempt.start(scenario, seed, Mode::Practice);  // the mode: what the front end shows
///     attempt.hint();
///     attempt.choose(2);                    // recorded at once; the choice that ends it records the result
///
/// Recording never stops a game: a store problem ends recording for this attempt and is kept for
/// the front end to show once (take_notice()). Autosave and save() problems are thrown.
class AttemptController {
public:
    explicit AttemptController(FileWriter write);

    // [SECTION] Where the attempt is kept; each takes effect from the next change on.
    /// Records into `store` (not owned; nullptr records nothing). An attempt being recorded in
    /// another store is no longer followed.
    void record_to(results::ResultsStore* store);
    bool recording_available() const { return m_store != nullptr; }
    /// Whom attempts are recorded for; "" records nothing.
    void set_trainee(std::string trainee);
    const std::string& trainee() const { return m_trainee; }
    /// The language saves are written in and attempts are recorded in.
    void set_lang(std::string lang);
    /// A file rewritten after every change and removed once the attempt is over, so a crash loses
    /// nothing ("" for none).
    void set_autosave(std::filesystem::path file);
    /// The registration the next new attempt gets ("" for a fresh one): a class's attempt is
    /// recorded under the registration the classroom server gave it.
    void set_registration(std::string registration) { m_given_registration = std::move(registration); }

    // [SECTION] The life-cycle
    /// Starts a new attempt in `mode`; one still being recorded is abandoned (one attempt at a time).
    void start(std::shared_ptr<const Scenario> scenario, std::uint64_t seed, Mode mode = Mode::Guided);
    /// Carries on `session` (from Session::resume on a save file, or from the store), played in
    /// `mode`. With `stored` it goes on recording that attempt of the store; otherwise it is
    /// recorded as a new attempt, the decisions it already holds at once.
    void resume(Session session, std::optional<results::AttemptId> stored = std::nullopt,
                Mode mode = Mode::Guided);
    /// How `session`, resumed from the save file `save`, goes on: one attempt per play. When the
    /// save names an attempt of the store (its registration) that is still in progress, of this
    /// trainee, scenario, seed and mode, with the same decisions as far as both go, that attempt
    /// goes on, from the store's decisions when it holds more (a crash between recording a decision
    /// and writing the save). A save whose attempt is finished as saved goes on as it is. Any other
    /// save becomes a new attempt. Reads the store only.
    SavedResume plan_resume(Session session, const SaveFile& save) const;
    /// Carries on as `plan` says, in the save's mode: the same attempt records the decisions only
    /// the save holds; a finished one records nothing more; a new attempt is recorded as resume()
    /// does. Returns plan.how.
    SaveResumed resume_saved(SavedResume plan);
    /// Takes option `option` (0-based) of the decision at hand and records it; when it ends the
    /// session, the attempt is finished and its result recorded. Throws as Session::choose does,
    /// and std::logic_error without a session.
    const DecisionRecord& choose(std::size_t option);
    /// The best option now (the second-level hint); the decision at hand then scores less by the
    /// rule book's share. Throws HintsOff when the mode offers no hints (assessment).
    Hint hint();
    /// The next hint for the decision at hand: the nudge first, then the named option
    /// (Session::next_hint). Throws HintsOff as hint() does.
    Hint next_hint();
    /// What-if: replays the first `decisions` choices (and their hints) into a new attempt. A
    /// finished run becomes the baseline to compare with. Throws std::out_of_range past the last.
    void rewind(std::size_t decisions);
    /// Writes the save file `file` (what Session::resume needs, the mode and the attempt's
    /// registration); throws std::runtime_error.
    void save(const std::filesystem::path& file) const;
    /// Gives the attempt up: closed in the store as abandoned, the autosave removed, no session.
    void abandon();

    const Session* session() const { return m_session ? &*m_session : nullptr; }
    /// The finished run a what-if started from, for side-by-side comparison.
    const Session* baseline() const { return m_baseline ? &*m_baseline : nullptr; }
    bool finished() const { return m_session && m_session->finished(); }
    /// The mode the attempt is played in: what the front end shows while it is played.
    Mode mode() const { return m_mode; }
    bool hints_allowed() const { return allows_hints(m_mode); }
    /// The store's attempt being recorded, if any.
    std::optional<results::AttemptId> recorded() const { return m_recorded; }
    /// The registration (uuid) of the attempt the session belongs to, written into saves; "" for
    /// none.
    const std::string& registration() const { return m_registration; }
    /// A recording problem to show once ("" when none); clears it.
    std::string take_notice();
    /// True while decisions wait for a results database that could not be reached (a server
    /// stopped, a cable pulled): play goes on, the autosave keeps everything, and every later
    /// decision first sends what is waiting (idempotent by registration and index).
    bool recording_behind() const { return m_behind; }
    /// Tries once more to send what is waiting (a front end calls it before it exits); true when
    /// nothing waits any more.
    bool catch_up();

    // [SECTION] What can be resumed
    /// Offers the autosave's session (its scenario from `library`) when it is unfinished; a save
    /// that no longer fits is offered with its problem, so it can be discarded.
    void offer_autosave(const Library& library);
    /// Offers the trainee's newest unfinished attempt of the store (within `scope`) instead, when
    /// there is one: the store is the source of truth when it is there. Throws results::StoreError
    /// when the store cannot be read.
    void offer_stored(const Library& library, const OfferScope& scope = {});
    const std::optional<ResumeOffer>& offer() const { return m_offer; }
    /// Resumes the offer; throws std::logic_error when there is no resumable one.
    void take_offer();
    /// Drops the offer and the autosave; an attempt of the store is abandoned for good. Returns
    /// true when it was one (the store may hold further ones: call offer_stored()).
    bool discard_offer();

private:
    void autosave();
    /// Starts recording the session as a new attempt, closing one still being recorded.
    void begin_recording();
    void record_last();
    void finish_if_over();
    void fail(const std::exception& e);
    /// Abandons the attempt being recorded when it is still in progress (one attempt at a time).
    void close_recorded();
    /// The registration of the store's attempt `id` ("" when it cannot be read).
    std::string registration_of(results::AttemptId id) const;
    /// The store's attempt `save` belongs to, when `session` (resumed from it) can go on with it.
    std::optional<results::Attempt> continuable(const Session& session, const SaveFile& save,
                                                std::vector<results::DecisionRow>& rows) const;

    FileWriter m_write;
    results::ResultsStore* m_store = nullptr;
    std::optional<results::Recorder> m_recorder;
    std::string m_trainee;
    std::string m_lang;
    std::filesystem::path m_autosave;

    std::optional<Session> m_session;
    Mode m_mode = Mode::Guided;
    std::optional<Session> m_baseline;
    std::optional<results::AttemptId> m_recorded;
    std::string m_registration;
    std::string m_notice;
    std::string m_given_registration;  ///< see set_registration()
    bool m_behind = false;  ///< decisions of m_recorded wait for the store (see recording_behind())
    std::optional<ResumeOffer> m_offer;
};

}  // namespace salesim::app
