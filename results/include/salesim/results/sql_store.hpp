// What the two database backends share: the results model written once in SQL that SQLite and
// PostgreSQL both run, over a connection each backend provides.
#pragma once

#include "salesim/results/store.hpp"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace salesim::results::sql {

/// A bound parameter: SQL NULL, an integer or text. Values are never spliced into SQL text.
using Value = std::variant<std::nullptr_t, std::int64_t, std::string>;

/// One row of a result, every column as text (NULL reads as "").
struct Row {
    std::vector<std::optional<std::string>> cells;
    std::string text(std::size_t col) const;
    std::int64_t int64(std::size_t col) const;
    int integer(std::size_t col) const;
};

struct Result {
    std::vector<Row> rows;
    std::int64_t changes = 0;  ///< rows inserted, updated or deleted
};

/// A statement broke a UNIQUE or foreign-key constraint: the caller says what that means.
class ConstraintViolation : public StoreError {
public:
    using StoreError::StoreError;
};

/// A transaction lost to a concurrent one (PostgreSQL's serialization failure or deadlock): the
/// whole transaction is rolled back and can be run again.
class TransactionConflict : public StoreError {
public:
    explicit TransactionConflict(const std::string& message)
        : StoreError(message, StoreErrorKind::Unavailable) {}
};

/// A connection to one database. Statements use `?` for their parameters.
class Connection {
public:
    virtual ~Connection() = default;
    /// Runs one statement. Throws ConstraintViolation, TransactionConflict or StoreError.
    virtual Result run(const std::string& sql, const std::vector<Value>& params = {}) = 0;
    /// Runs one query and hands each row to `row` as it arrives, holding one row at a time (for
    /// lists as long as a school's results).
    virtual void each(const std::string& sql, const std::vector<Value>& params,
                      const std::function<void(const Row&)>& row) = 0;
    /// Runs statements without parameters (BEGIN, COMMIT, a migration).
    virtual void exec(const std::string& sql) = 0;
    /// Starts the outermost transaction: it takes the write lock at once where the database has one.
    virtual void begin() = 0;
};

}  // namespace salesim::results::sql

namespace salesim::results {

/// The results store in SQL, on any sql::Connection. The SQLite and PostgreSQL stores derive from
/// it and add opening, migrating and checking their own kind of database.
class SqlStore : public ResultsStore {
public:
    void transaction(const std::function<void()>& body) override;

    Trainee add_trainee(Trainee t) override;
    std::optional<Trainee> find_trainee(const std::string& name) const override;
    std::optional<Trainee> find_trainee_by_uuid(const std::string& uuid) const override;
    std::optional<Trainee> find_trainee_by_external_id(const std::string& external_id) const override;
    std::optional<Trainee> trainee(std::int64_t id) const override;
    std::vector<Trainee> trainees() const override;
    void update_trainee_ids(std::int64_t id, const std::string& external_id,
                            const std::string& email) override;

    Group add_group(const std::string& name) override;
    std::optional<Group> find_group(const std::string& name) const override;
    std::vector<Group> groups() const override;
    bool join_group(std::int64_t group_id, std::int64_t trainee_id) override;
    bool leave_group(std::int64_t group_id, std::int64_t trainee_id) override;
    std::vector<Trainee> members(std::int64_t group_id) const override;
    std::vector<Group> groups_of(std::int64_t trainee_id) const override;
    void set_group_mode(std::int64_t group_id, std::optional<Mode> mode) override;
    bool assign_scenario(std::int64_t group_id, const std::string& scenario_id) override;
    bool unassign_scenario(std::int64_t group_id, const std::string& scenario_id) override;
    std::vector<std::string> assigned_scenarios(std::int64_t group_id) const override;

    std::int64_t add_attempt(const Attempt& a) override;
    void add_decision(std::int64_t attempt_id, const DecisionRow& d) override;
    void update_attempt(const Attempt& a) override;
    std::optional<Attempt> attempt(std::int64_t id) const override;
    std::optional<Attempt> find_attempt(const std::string& uuid) const override;
    std::vector<Attempt> attempts(const AttemptFilter& f = {}) const override;
    std::vector<DecisionRow> decisions(std::int64_t attempt_id) const override;
    std::map<std::int64_t, std::vector<DecisionRow>> decisions_of(const AttemptFilter& f) const override;
    void each_attempt(const AttemptFilter& f, const AttemptReading& reading,
                      const AttemptVisitor& visit) const override;
    std::vector<AttemptTally> tally_attempts(const AttemptFilter& f) const override;
    std::vector<ScoreTally> tally_scores(const AttemptFilter& f) const override;
    std::vector<MethodTally> tally_methods(const AttemptFilter& f) const override;
    std::vector<FirstTitle> first_titles(const AttemptFilter& f) const override;

    ClassSession add_class(ClassSession c) override;
    void end_class(std::int64_t class_id, const std::string& ended) override;
    std::optional<ClassSession> class_session(std::int64_t id) const override;
    std::optional<ClassSession> find_class(const std::string& uuid) const override;
    std::vector<ClassSession> classes() const override;
    bool add_class_attempt(std::int64_t class_id, std::int64_t attempt_id) override;
    void add_class_event(std::int64_t class_id, const ClassEvent& e) override;
    std::vector<ClassEvent> class_events(std::int64_t class_id) const override;

protected:
    SqlStore() = default;
    /// The connection, set by the derived store once it is open.
    void set_connection(sql::Connection* c) { m_conn = c; }
    sql::Connection& conn() const { return *m_conn; }
    /// Refuses every write before it reaches the database (a store opened for reading).
    void set_read_only(StoreError why) { m_read_only.emplace(std::move(why)); }
    int depth() const { return m_depth; }

private:
    std::vector<Trainee> query_trainees(const std::string& where, const std::vector<sql::Value>& args) const;
    std::vector<Group> query_groups(const std::string& where, const std::vector<sql::Value>& args) const;
    std::vector<ClassSession> query_classes(const std::string& where,
                                            const std::vector<sql::Value>& args) const;
    void load_scores(Attempt& a) const;
    /// " WHERE ..." over attempts `a` for `f`, its parameters appended to `args`.
    static std::string attempt_where(const AttemptFilter& f, std::vector<sql::Value>& args);
    void write_scores(std::int64_t attempt_id, const Attempt& a);
    /// Adds the attempt's stored scores to score_sums (`sign` 1), or takes them away (-1), under
    /// its status at the time: the sums a report reads instead of every score (sql_report.cpp).
    void count_scores(std::int64_t attempt_id, int sign);
    /// Keeps the attempt's title in title_firsts when it is the first of its trainee, scenario and mode.
    void note_title(std::int64_t attempt_id);
    /// Counts an objection decision with best moves in method_counts.
    void count_method(std::int64_t attempt_id, const DecisionRow& d);
    /// attempt_where's clauses when `f` filters only by what the sums are kept by (trainee, group,
    /// scenario, mode, and status when `by_status`), so they can be read from a table of sums
    /// named `a`; nullopt for any other filter (a date, a class).
    static std::optional<std::string> sums_where(const AttemptFilter& f, bool by_status,
                                                 std::vector<sql::Value>& args);

    sql::Connection* m_conn = nullptr;
    std::optional<StoreError> m_read_only;
    int m_depth = 0;  ///< open transactions and savepoints
};

}  // namespace salesim::results
