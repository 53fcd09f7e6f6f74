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
};

/// The group whose mode the trainee must play in, if any: of the trainee's groups with a mode,
/// the strictest (assessment before practice before guided), then the first by name.
std::optional<Group> required_mode_group(const ResultsStore& store, std::int64_t trainee_id);

/// The current time as ISO 8601 UTC with milliseconds: "2026-03-01T09:30:00.125Z".
std::string now_iso8601();

}  // namespace salesim::results
