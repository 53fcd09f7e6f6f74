// The results model (trainees, groups, attempts, decisions) and the abstract store that keeps it.
#pragma once

#include <salesim/mode.hpp>

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace salesim::results {

/// What a StoreError is about: a stable code to act on, whatever the message's words.
enum class StoreErrorKind {
    Refused,      ///< the request cannot be done: a name taken, an unknown id or name, a bad filter
    CannotWrite,  ///< the database or its folder is read-only, or not the user's to change
    DiskFull,     ///< no space left (SQLITE_FULL, ENOSPC); the change was not written
    Damaged,      ///< a SQLite file with damage in it (SQLITE_CORRUPT, a failed quick_check)
    NotResults,   ///< not a SQLite file at all, a folder, or another program's tables
    TooNew,       ///< written by a newer Salesim: its schema version is ahead of this program's
    Unavailable,  ///< cannot be used for another reason: busy, an I/O error, a path through a file
};

/// A store problem the user can act on (a database too new, a name already taken, ...).
/// The message is complete and readable; callers print it as it is.
class StoreError : public std::runtime_error {
public:
    explicit StoreError(const std::string& message, StoreErrorKind kind = StoreErrorKind::Refused)
        : std::runtime_error(message), m_kind(kind) {}
    StoreErrorKind kind() const { return m_kind; }
    /// True when the database itself is the problem (not what was asked of it): a command that
    /// meets one failed at run time, whatever its command line.
    bool about_database() const { return m_kind != StoreErrorKind::Refused; }

private:
    StoreErrorKind m_kind;
};

/// How a store is opened.
enum class Access {
    /// Creates the database (a SQLite file and its folder, a PostgreSQL schema) when missing, checks
    /// it and migrates it to the current schema.
    ReadWrite,
    /// Never writes and never creates: a missing database reads as an empty store, an older schema
    /// is read as if migrated, and every write throws StoreError (CannotWrite).
    ReadOnly,
};

/// A person who plays. `name` is unique in a store; `external_id` and `email` identify the person
/// to a learning-management system (Moodle's idnumber, Canvas's SIS user id).
struct Trainee {
    std::int64_t id = 0;  ///< local row id
    std::string uuid;     ///< stable across machines
    std::string name;
    std::string external_id;  ///< "" when not set
    std::string email;        ///< "" when not set
    std::string created;      ///< ISO 8601 UTC
};

/// A class or team of trainees.
struct Group {
    std::int64_t id = 0;
    std::string name;
    std::string created;
    std::optional<Mode> mode;  ///< the mode its members play in; unset: any
};

enum class AttemptStatus { InProgress, Finished, Abandoned };

std::string_view to_string(AttemptStatus s);
std::optional<AttemptStatus> parse_attempt_status(std::string_view id);

/// One play of a scenario by a trainee.
struct Attempt {
    std::int64_t id = 0;
    std::string uuid;  ///< the registration: the same on every machine the attempt is copied to
    std::int64_t trainee_id = 0;
    std::string scenario_id;
    std::string scenario_title;  ///< in the attempt's language, for reports and gradebooks
    std::string content_hash;
    std::string rulebook_version;
    std::string persona;
    std::uint64_t seed = 0;
    std::string lang;
    std::string started;   ///< ISO 8601 UTC
    std::string finished;  ///< "" until finished or abandoned
    AttemptStatus status = AttemptStatus::InProgress;
    std::string outcome;  ///< engine outcome id ("sale", ...); "in_progress" until finished
    int overall = 0;      ///< 0..100, final once finished
    bool passed = false;
    int hints = 0;
    Mode mode = Mode::Guided;                 ///< how it was played (attempts stored before modes: guided)
    std::map<std::string, int> stage_scores;  ///< stage id -> 0..100
    std::map<std::string, int> competency_scores;  ///< competency -> 0..100
};

/// One decision of an attempt, written the moment it is made.
struct DecisionRow {
    int index = 0;  ///< 0-based, in order
    std::string stage;
    std::string kind;            ///< lead | step | objection | close
    std::string ref;             ///< step, objection or lead-list id
    std::string objection_kind;  ///< for objections: price, ego... kind id; else ""
    std::string move;
    std::string rule_id;
    std::string verdict;
    int points = 0;
    bool hinted = false;
    std::vector<std::string> best_moves;
    int chosen = 0;  ///< 0-based option index
    std::string timestamp;
};

/// Which attempts a query returns. Empty fields do not filter.
struct AttemptFilter {
    std::optional<std::int64_t> trainee_id;
    std::optional<std::int64_t> group_id;  ///< attempts of the group's members
    std::string scenario_id;
    std::string since;  ///< started at or after (ISO 8601 or a date YYYY-MM-DD)
    std::string until;  ///< started before the end of this date / at or before this instant
    std::optional<AttemptStatus> status;
    std::optional<Mode> mode;
    std::optional<std::int64_t> class_id;  ///< attempts played in this class session
};

/// What ResultsStore::each_attempt reads besides each attempt's own row, and which part of the
/// oldest-first list it reads.
struct AttemptReading {
    /// false: only what a progress series shows (id, uuid, trainee, scenario, started, status,
    /// overall, passed, outcome and mode; the other fields are left empty), which a database
    /// reads from an index.
    bool all_fields = true;
    bool scores = false;          ///< Attempt::stage_scores and competency_scores
    bool decisions = false;       ///< the attempt's decisions, in order
    bool decision_count = false;  ///< how many decisions the attempt has
    std::int64_t offset = 0;      ///< skip this many attempts first
    std::int64_t limit = -1;      ///< at most this many attempts; -1: all
};

/// One attempt as each_attempt hands it over: `decisions` is empty unless asked for, and
/// `decision_count` is 0 unless asked for.
using AttemptVisitor =
    std::function<void(const Attempt& a, const std::vector<DecisionRow>& decisions, int decision_count)>;

/// Attempts of one trainee at one scenario in one status and mode, added up: a report's and a
/// gradebook's numbers.
struct AttemptTally {
    std::int64_t trainee_id = 0;
    std::string scenario_id;
    AttemptStatus status = AttemptStatus::InProgress;
    Mode mode = Mode::Guided;
    int count = 0;
    int passed = 0;            ///< how many of them passed
    int best = 0;              ///< their highest overall score
    std::int64_t overall = 0;  ///< their overall scores added up

    bool operator==(const AttemptTally&) const = default;
};

/// One stage or competency score of one trainee's attempts at one scenario in one status, added up
/// (attempts have scores once finished, or as an imported file gives them).
struct ScoreTally {
    std::int64_t trainee_id = 0;
    std::string scenario_id;
    AttemptStatus status = AttemptStatus::Finished;
    std::string area;  ///< "stage" or "competency"
    std::string name;  ///< the stage or competency id
    std::int64_t sum = 0;
    int count = 0;

    bool operator==(const ScoreTally&) const = default;
};

/// How often one trainee answered an objection with `move` where `best_moves` were the best
/// (decisions of kind "objection" with best moves).
struct MethodTally {
    std::int64_t trainee_id = 0;
    std::string move;
    std::vector<std::string> best_moves;
    int count = 0;

    bool operator==(const MethodTally&) const = default;
};

/// The scenario title of a trainee's first attempt at a scenario (by started, then id) among those
/// that have a title.
struct FirstTitle {
    std::int64_t trainee_id = 0;
    std::string scenario_id;
    std::string title;
    std::string started;  ///< of that attempt
    std::int64_t attempt_id = 0;

    bool operator==(const FirstTitle&) const = default;
};

/// A class session run live on a classroom server: one scenario, seed and mode for everyone.
struct ClassSession {
    std::int64_t id = 0;
    std::string uuid;                      ///< the class's id, the same in every store it is copied to
    std::optional<std::int64_t> group_id;  ///< the group it was run for, if any
    std::string group;                     ///< that group's name ("" for none), when read
    std::string scenario_id;
    std::uint64_t seed = 0;
    Mode mode = Mode::Practice;
    std::string pacing = "self";     ///< self | trainer
    std::string admission = "open";  ///< open | roster
    std::string started;             ///< ISO 8601 UTC
    std::string ended;               ///< "" while the class runs
    int attempts = 0;                ///< how many attempts were played in it, when read
};

/// Something that happened in a class besides decisions: a freeze, a vote, a timer, a reveal, a
/// release, a trainee removed or banned.
struct ClassEvent {
    std::string at;     ///< ISO 8601 UTC
    std::string kind;   ///< freeze | vote | reveal | release | remove | ban | names | end
    std::string point;  ///< the decision point ("" when none)
    std::optional<std::int64_t> trainee_id;
    int choice = -1;    ///< a vote's option (0-based), else -1
    std::string value;  ///< a freeze's timer in seconds, what a reveal showed, ...
};

/// Where results are kept. The game, the report and the exports use only this interface, so a
/// server database can replace the embedded one without touching them. Every write is durable
/// when the call returns. Implementations throw StoreError for problems the user can fix.
class ResultsStore {
public:
    virtual ~ResultsStore() = default;

    /// Runs `body` as one transaction: every write inside lands, or none does (an exception rolls
    /// back and is rethrown). Calls may nest.
    virtual void transaction(const std::function<void()>& body) = 0;

    // Trainees
    /// Adds a trainee; an empty `uuid` gets a fresh one. Throws StoreError when the name or the
    /// external id is taken.
    virtual Trainee add_trainee(Trainee t) = 0;
    virtual std::optional<Trainee> find_trainee(const std::string& name) const = 0;
    virtual std::optional<Trainee> find_trainee_by_uuid(const std::string& uuid) const = 0;
    virtual std::optional<Trainee> find_trainee_by_external_id(const std::string& external_id) const = 0;
    virtual std::optional<Trainee> trainee(std::int64_t id) const = 0;
    /// Every trainee, by name.
    virtual std::vector<Trainee> trainees() const = 0;
    /// Sets the external id and e-mail (empty strings clear them).
    virtual void update_trainee_ids(std::int64_t id, const std::string& external_id,
                                    const std::string& email) = 0;

    // Groups
    virtual Group add_group(const std::string& name) = 0;
    virtual std::optional<Group> find_group(const std::string& name) const = 0;
    virtual std::vector<Group> groups() const = 0;
    /// Adds the trainee to the group; returns false when already a member.
    virtual bool join_group(std::int64_t group_id, std::int64_t trainee_id) = 0;
    /// Returns false when the trainee was not a member.
    virtual bool leave_group(std::int64_t group_id, std::int64_t trainee_id) = 0;
    virtual std::vector<Trainee> members(std::int64_t group_id) const = 0;
    virtual std::vector<Group> groups_of(std::int64_t trainee_id) const = 0;
    /// Sets the mode the group's members must play in (nullopt: any).
    virtual void set_group_mode(std::int64_t group_id, std::optional<Mode> mode) = 0;
    /// Assigns the scenario `scenario_id` to the group, after those assigned before; returns false
    /// when it already was. Throws StoreError for an unknown group or an empty id. The id is not
    /// checked against any library: the caller knows which one the trainer means.
    virtual bool assign_scenario(std::int64_t group_id, const std::string& scenario_id) = 0;
    /// Returns false when the scenario was not assigned to the group.
    virtual bool unassign_scenario(std::int64_t group_id, const std::string& scenario_id) = 0;
    /// The scenario ids assigned to the group, in the order they were assigned.
    virtual std::vector<std::string> assigned_scenarios(std::int64_t group_id) const = 0;

    // Attempts
    /// Stores a new attempt (its id is ignored and returned); an empty `uuid` gets a fresh one.
    virtual std::int64_t add_attempt(const Attempt& a) = 0;
    /// Appends one decision, committed before the call returns. Throws StoreError for an index
    /// already stored or for an attempt that is not in progress.
    virtual void add_decision(std::int64_t attempt_id, const DecisionRow& d) = 0;
    /// Writes the final fields (status, finished, outcome, scores) of an attempt.
    virtual void update_attempt(const Attempt& a) = 0;
    virtual std::optional<Attempt> attempt(std::int64_t id) const = 0;
    virtual std::optional<Attempt> find_attempt(const std::string& uuid) const = 0;
    /// Attempts matching `f`, oldest first.
    virtual std::vector<Attempt> attempts(const AttemptFilter& f = {}) const = 0;
    /// The attempt's decisions in order.
    virtual std::vector<DecisionRow> decisions(std::int64_t attempt_id) const = 0;
    /// The decisions of every attempt matching `f`, by attempt id, each in order. The default
    /// asks decisions() per attempt; a database answers in one query.
    virtual std::map<std::int64_t, std::vector<DecisionRow>> decisions_of(const AttemptFilter& f) const;
    /// Hands every attempt matching `f` to `visit`, oldest first, with what `reading` asks for,
    /// holding a bounded number at a time (a database reads them in pages), so a list or an export
    /// as long as a school's results does not grow with them. The default reads attempts() whole.
    virtual void each_attempt(const AttemptFilter& f, const AttemptReading& reading,
                              const AttemptVisitor& visit) const;

    // Sums for reports and gradebooks, each sorted by its fields in order (ids as numbers, text
    // byte by byte). The defaults add up attempts() and decisions_of() in memory; a database adds
    // up in SQL, with the same result.
    /// Per trainee, scenario, status and mode, the attempts matching `f`.
    virtual std::vector<AttemptTally> tally_attempts(const AttemptFilter& f) const;
    /// Per trainee, scenario, status and score, the attempts matching `f`.
    virtual std::vector<ScoreTally> tally_scores(const AttemptFilter& f) const;
    /// Per trainee, move and best moves, the objection decisions of the attempts matching `f`.
    virtual std::vector<MethodTally> tally_methods(const AttemptFilter& f) const;
    /// Per trainee and scenario, the first title of the attempts matching `f`.
    virtual std::vector<FirstTitle> first_titles(const AttemptFilter& f) const;

    // Class sessions (the live classroom)
    /// Stores a class session (its id is ignored and returned in the copy); an empty `uuid` gets a
    /// fresh one. A class with that uuid already stored is returned as stored.
    virtual ClassSession add_class(ClassSession c) = 0;
    /// Sets when the class ended.
    virtual void end_class(std::int64_t class_id, const std::string& ended) = 0;
    virtual std::optional<ClassSession> class_session(std::int64_t id) const = 0;
    virtual std::optional<ClassSession> find_class(const std::string& uuid) const = 0;
    /// Every class session, oldest first.
    virtual std::vector<ClassSession> classes() const = 0;
    /// Counts the attempt as played in the class; returns false when it already was.
    virtual bool add_class_attempt(std::int64_t class_id, std::int64_t attempt_id) = 0;
    virtual void add_class_event(std::int64_t class_id, const ClassEvent& e) = 0;
    /// The class's events in the order they happened.
    virtual std::vector<ClassEvent> class_events(std::int64_t class_id) const = 0;
};

/// The group whose mode the trainee must play in, if any: of the trainee's groups with a mode,
/// the strictest (assessment before practice before guided), then the first by name.
std::optional<Group> required_mode_group(const ResultsStore& store, std::int64_t trainee_id);

/// The current time as ISO 8601 UTC with milliseconds: "2026-03-01T09:30:00.125Z".
std::string now_iso8601();

}  // namespace salesim::results
