// The recorder: what the game (the CLI's play and the window) calls to keep every attempt.
//
// Use, from any front end:
//
//     SqliteStore store(app::results_db_path(data_dir_option));  // once per program run
//     Recorder rec(store);
//     AttemptId id = rec.begin_attempt(trainee_name, session, lang);  // after creating the Session
//     const DecisionRecord& r = session.choose(i);
//     rec.record_decision(id, session, r);    // right after each choose(); committed on return
//     if (session.finished()) rec.finish_attempt(id, session);
//
// At start-up, offer rec.find_in_progress(trainee) (attempts a crash or a closed window left
// open): rec.resume(id, library) replays one to the exact same Session and position, after which
// decisions are recorded with the same id; rec.abandon(id) closes one for good. A trainee unknown
// to the store is created by begin_attempt. Every call throws StoreError on a problem the user can
// fix (disk full, database too new); a front end shows it and keeps the game going.
#pragma once

#include "salesim/results/store.hpp"

#include <salesim/loader.hpp>
#include <salesim/session.hpp>

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace salesim::results {

using AttemptId = std::int64_t;

class Recorder {
public:
    /// `clock` gives timestamps (ISO 8601 UTC); tests pass a fixed one.
    explicit Recorder(ResultsStore& store, std::function<std::string()> clock = now_iso8601);

    /// The trainee of that name, created when missing.
    Trainee ensure_trainee(const std::string& name);

    /// Starts an attempt for `session` in language `lang`, played in `mode`. Decisions the session
    /// already holds (a session resumed from a save file) are recorded at once.
    /// `registration` is the attempt's uuid when it has one already (a class's attempt, recorded
    /// by the classroom server and by the trainee's program alike); "" gives a fresh one.
    AttemptId begin_attempt(const std::string& trainee, const Session& session, const std::string& lang,
                            Mode mode = Mode::Guided, const std::string& registration = {});
    /// Records `record` (normally session.decisions().back()), committed before returning.
    void record_decision(AttemptId id, const Session& session, const DecisionRecord& record);
    /// Records any decisions not yet stored, then the outcome and scores; status becomes finished.
    void finish_attempt(AttemptId id, const Session& session);
    /// The trainee's attempts still in progress, oldest first (empty for an unknown trainee).
    std::vector<Attempt> find_in_progress(const std::string& trainee) const;
    /// Marks an in-progress attempt abandoned. Throws StoreError for an unknown or closed attempt.
    void abandon(AttemptId id);
    /// What Session::resume needs to rebuild the attempt's session.
    SaveData save_data(AttemptId id) const;
    /// Rebuilds the attempt's session from `library`. Throws StoreError when the scenario is gone
    /// or has changed since (another content hash): such an attempt can only be abandoned.
    Session resume(AttemptId id, const Library& library) const;

    /// The row stored for a decision of `session` (also used by the importer's tests).
    static DecisionRow to_row(const Session& session, const DecisionRecord& record, std::string timestamp);

private:
    Attempt require(AttemptId id) const;

    ResultsStore& m_store;
    std::function<std::string()> m_clock;
};

}  // namespace salesim::results
