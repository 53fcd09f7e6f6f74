// The results model in SQL, once for both backends: every statement here runs unchanged on SQLite
// (3.35 or later: RETURNING, ON CONFLICT) and on PostgreSQL, with bound parameters only. A write
// that could break a UNIQUE constraint asks ON CONFLICT DO NOTHING and reads what happened, so a
// refused write never aborts the transaction around it (PostgreSQL ignores every statement after
// an error until the transaction ends).
#include "salesim/results/sql_store.hpp"

#include "salesim/results/uuid.hpp"

#include <chrono>
#include <cstdlib>
#include <random>
#include <thread>
#include <utility>

namespace salesim::results {

namespace sql {

std::string Row::text(std::size_t col) const {
    return col < cells.size() && cells[col] ? *cells[col] : std::string();
}

std::int64_t Row::int64(std::size_t col) const {
    return std::strtoll(text(col).c_str(), nullptr, 10);
}

int Row::integer(std::size_t col) const {
    return static_cast<int>(int64(col));
}

}  // namespace sql

namespace {

using sql::Value;

Value text_or_null(const std::string& s) {
    if (s.empty()) return nullptr;
    return s;
}

std::string join(const std::vector<std::string>& v, char sep) {
    std::string out;
    for (const std::string& s : v) {
        if (!out.empty()) out += sep;
        out += s;
    }
    return out;
}

std::vector<std::string> split(const std::string& s, char sep) {
    std::vector<std::string> out;
    if (s.empty()) return out;
    std::size_t start = 0;
    while (true) {
        const std::size_t end = s.find(sep, start);
        out.push_back(s.substr(start, end == std::string::npos ? std::string::npos : end - start));
        if (end == std::string::npos) break;
        start = end + 1;
    }
    return out;
}

constexpr const char* trainee_columns = "t.id, t.uuid, t.name, t.external_id, t.email, t.created";

Trainee read_trainee(const sql::Row& r) {
    Trainee t;
    t.id = r.int64(0);
    t.uuid = r.text(1);
    t.name = r.text(2);
    t.external_id = r.text(3);
    t.email = r.text(4);
    t.created = r.text(5);
    return t;
}

constexpr const char* attempt_columns =
    "a.id, a.uuid, a.trainee_id, a.scenario_id, a.scenario_title, a.content_hash, a.rulebook_version, "
    "a.persona, a.seed, a.lang, a.started, a.finished, a.status, a.outcome, a.overall, a.passed, a.hints, "
    "a.mode";

Attempt read_attempt(const sql::Row& r) {
    Attempt a;
    a.id = r.int64(0);
    a.uuid = r.text(1);
    a.trainee_id = r.int64(2);
    a.scenario_id = r.text(3);
    a.scenario_title = r.text(4);
    a.content_hash = r.text(5);
    a.rulebook_version = r.text(6);
    a.persona = r.text(7);
    a.seed = std::strtoull(r.text(8).c_str(), nullptr, 10);
    a.lang = r.text(9);
    a.started = r.text(10);
    a.finished = r.text(11);
    a.status = parse_attempt_status(r.text(12)).value_or(AttemptStatus::InProgress);
    a.outcome = r.text(13);
    a.overall = r.integer(14);
    a.passed = r.integer(15) != 0;
    a.hints = r.integer(16);
    a.mode = parse_mode(r.text(17)).value_or(Mode::Guided);
    return a;
}

constexpr const char* group_columns = "g.id, g.name, g.created, g.mode";

Group read_group(const sql::Row& r) {
    Group g{r.int64(0), r.text(1), r.text(2), std::nullopt};
    g.mode = parse_mode(r.text(3));
    return g;
}

template <typename T, typename Read>
std::optional<T> first(const sql::Result& res, Read read) {
    if (res.rows.empty()) return std::nullopt;
    return read(res.rows.front());
}

// How long to wait before running a transaction again after losing to another one: growing, with
// jitter so that two writers that collided do not collide again.
void back_off(int tries) {
    thread_local std::minstd_rand gen{std::random_device{}()};
    const int ceiling_ms = std::min(500, 5 << std::min(tries, 7));
    std::uniform_int_distribution<int> pick(ceiling_ms / 2, ceiling_ms);
    std::this_thread::sleep_for(std::chrono::milliseconds(pick(gen)));
}

}  // namespace

// ---- transactions

void SqlStore::transaction(const std::function<void()>& body) {
    if (m_read_only) throw *m_read_only;
    const auto quietly = [this](const std::string& sql) {
        try {
            conn().exec(sql);
        } catch (const std::exception&) {
            // the transaction is gone already (a failed COMMIT rolls back by itself)
        }
    };
    // Savepoints nest, so every write is its own transaction and can still join an outer one.
    if (m_depth > 0) {
        const std::string name = "sp" + std::to_string(m_depth);
        conn().exec("SAVEPOINT " + name);
        ++m_depth;
        try {
            body();
        } catch (...) {
            --m_depth;
            quietly("ROLLBACK TO " + name);
            quietly("RELEASE " + name);
            throw;
        }
        --m_depth;
        conn().exec("RELEASE " + name);
        return;
    }
    // A transaction that lost to a concurrent writer is run again from the start: concurrent
    // writers never fail for contention. Ten tries take at most about three seconds.
    constexpr int max_tries = 10;
    for (int tries = 1;; ++tries) {
        conn().begin();
        m_depth = 1;
        try {
            body();
            m_depth = 0;
            conn().exec("COMMIT");
            return;
        } catch (const sql::TransactionConflict&) {
            m_depth = 0;
            quietly("ROLLBACK");
            if (tries >= max_tries) throw;
        } catch (...) {
            m_depth = 0;
            quietly("ROLLBACK");
            throw;
        }
        back_off(tries);
    }
}

// ---- trainees

Trainee SqlStore::add_trainee(Trainee t) {
    if (t.name.empty()) throw StoreError("error: a trainee needs a name");
    if (t.uuid.empty()) t.uuid = uuid_v4();
    if (t.created.empty()) t.created = now_iso8601();
    transaction([&] {
        const sql::Result r = conn().run(
            "INSERT INTO trainees (uuid, name, external_id, email, created) VALUES (?, ?, ?, ?, ?) "
            "ON CONFLICT DO NOTHING RETURNING id",
            {t.uuid, t.name, text_or_null(t.external_id), text_or_null(t.email), t.created});
        if (!r.rows.empty()) {
            t.id = r.rows.front().int64(0);
            return;
        }
        if (find_trainee(t.name))
            throw StoreError("error: there is already a trainee named '" + t.name +
                             "'\nhelp: choose another name, or use the existing trainee");
        if (const auto holder = find_trainee_by_external_id(t.external_id))
            throw StoreError("error: the external id '" + t.external_id + "' already belongs to trainee '" +
                             holder->name + "'");
        throw StoreError("error: a trainee with the id " + t.uuid + " is already stored");
    });
    return t;
}

std::vector<Trainee> SqlStore::query_trainees(const std::string& where,
                                              const std::vector<sql::Value>& args) const {
    const sql::Result r =
        conn().run(std::string("SELECT ") + trainee_columns + " FROM trainees t " + where, args);
    std::vector<Trainee> out;
    out.reserve(r.rows.size());
    for (const sql::Row& row : r.rows) out.push_back(read_trainee(row));
    return out;
}

std::optional<Trainee> SqlStore::find_trainee(const std::string& name) const {
    auto v = query_trainees("WHERE t.name = ?", {name});
    if (v.empty()) return std::nullopt;
    return v.front();
}

std::optional<Trainee> SqlStore::find_trainee_by_uuid(const std::string& uuid) const {
    auto v = query_trainees("WHERE t.uuid = ?", {uuid});
    if (v.empty()) return std::nullopt;
    return v.front();
}

std::optional<Trainee> SqlStore::find_trainee_by_external_id(const std::string& external_id) const {
    if (external_id.empty()) return std::nullopt;
    auto v = query_trainees("WHERE t.external_id = ?", {external_id});
    if (v.empty()) return std::nullopt;
    return v.front();
}

std::optional<Trainee> SqlStore::trainee(std::int64_t id) const {
    auto v = query_trainees("WHERE t.id = ?", {id});
    if (v.empty()) return std::nullopt;
    return v.front();
}

std::vector<Trainee> SqlStore::trainees() const {
    return query_trainees("ORDER BY t.name", {});
}

void SqlStore::update_trainee_ids(std::int64_t id, const std::string& external_id, const std::string& email) {
    transaction([&] {
        const auto refused = [&] {
            return StoreError("error: the external id '" + external_id +
                              "' already belongs to another trainee");
        };
        if (const auto holder = find_trainee_by_external_id(external_id); holder && holder->id != id)
            throw refused();
        try {
            conn().run("UPDATE trainees SET external_id = ?, email = ? WHERE id = ?",
                       {text_or_null(external_id), text_or_null(email), id});
        } catch (const sql::ConstraintViolation&) {
            throw refused();  // taken by a concurrent writer since the check
        }
    });
}

// ---- groups

Group SqlStore::add_group(const std::string& name) {
    if (name.empty()) throw StoreError("error: a group needs a name");
    Group g;
    g.name = name;
    g.created = now_iso8601();
    transaction([&] {
        const sql::Result r =
            conn().run("INSERT INTO groups (name, created) VALUES (?, ?) ON CONFLICT DO NOTHING RETURNING id",
                       {g.name, g.created});
        if (r.rows.empty()) throw StoreError("error: there is already a group named '" + name + "'");
        g.id = r.rows.front().int64(0);
    });
    return g;
}

std::vector<Group> SqlStore::query_groups(const std::string& where,
                                          const std::vector<sql::Value>& args) const {
    const sql::Result r =
        conn().run(std::string("SELECT ") + group_columns + " FROM groups g " + where, args);
    std::vector<Group> out;
    out.reserve(r.rows.size());
    for (const sql::Row& row : r.rows) out.push_back(read_group(row));
    return out;
}

std::optional<Group> SqlStore::find_group(const std::string& name) const {
    auto v = query_groups("WHERE g.name = ?", {name});
    if (v.empty()) return std::nullopt;
    return v.front();
}

std::vector<Group> SqlStore::groups() const {
    return query_groups("ORDER BY g.name", {});
}

void SqlStore::set_group_mode(std::int64_t group_id, std::optional<Mode> mode) {
    transaction([&] {
        const sql::Result r =
            conn().run("UPDATE groups SET mode = ? WHERE id = ?",
                       {mode ? Value(std::string(to_string(*mode))) : Value(nullptr), group_id});
        if (r.changes == 0) throw StoreError("error: no group with id " + std::to_string(group_id));
    });
}

bool SqlStore::join_group(std::int64_t group_id, std::int64_t trainee_id) {
    bool added = false;
    transaction([&] {
        added =
            conn()
                .run("INSERT INTO memberships (group_id, trainee_id) VALUES (?, ?) ON CONFLICT DO NOTHING",
                     {group_id, trainee_id})
                .changes > 0;
    });
    return added;
}

bool SqlStore::leave_group(std::int64_t group_id, std::int64_t trainee_id) {
    bool removed = false;
    transaction([&] {
        removed =
            conn()
                .run("DELETE FROM memberships WHERE group_id = ? AND trainee_id = ?", {group_id, trainee_id})
                .changes > 0;
    });
    return removed;
}

bool SqlStore::assign_scenario(std::int64_t group_id, const std::string& scenario_id) {
    if (scenario_id.empty()) throw StoreError("error: a scenario assignment needs a scenario id");
    bool added = false;
    transaction([&] {
        // After the group's last assignment, in one statement; a group that is not there adds no row.
        added = conn()
                    .run(
                        "INSERT INTO group_scenarios (group_id, scenario_id, position) "
                        "SELECT g.id, CAST(? AS TEXT), (SELECT COALESCE(MAX(s.position), 0) + 1 "
                        "FROM group_scenarios s WHERE s.group_id = g.id) "
                        "FROM groups g WHERE g.id = ? ON CONFLICT DO NOTHING",
                        {scenario_id, group_id})
                    .changes > 0;
        if (!added && conn().run("SELECT id FROM groups WHERE id = ?", {group_id}).rows.empty())
            throw StoreError("error: no group with id " + std::to_string(group_id));
    });
    return added;
}

bool SqlStore::unassign_scenario(std::int64_t group_id, const std::string& scenario_id) {
    bool removed = false;
    transaction([&] {
        removed = conn()
                      .run("DELETE FROM group_scenarios WHERE group_id = ? AND scenario_id = ?",
                           {group_id, scenario_id})
                      .changes > 0;
    });
    return removed;
}

std::vector<std::string> SqlStore::assigned_scenarios(std::int64_t group_id) const {
    std::vector<std::string> out;
    for (const sql::Row& row :
         conn()
             .run("SELECT scenario_id FROM group_scenarios WHERE group_id = ? ORDER BY position, scenario_id",
                  {group_id})
             .rows)
        out.push_back(row.text(0));
    return out;
}

std::vector<Trainee> SqlStore::members(std::int64_t group_id) const {
    return query_trainees("JOIN memberships m ON m.trainee_id = t.id WHERE m.group_id = ? ORDER BY t.name",
                          {group_id});
}

std::vector<Group> SqlStore::groups_of(std::int64_t trainee_id) const {
    return query_groups("JOIN memberships m ON m.group_id = g.id WHERE m.trainee_id = ? ORDER BY g.name",
                        {trainee_id});
}

// ---- attempts

void SqlStore::write_scores(std::int64_t attempt_id, const Attempt& a) {
    conn().run("DELETE FROM scores WHERE attempt_id = ?", {attempt_id});
    const auto put = [&](const char* area, const std::map<std::string, int>& m) {
        for (const auto& [name, score] : m)
            conn().run("INSERT INTO scores (attempt_id, area, name, score) VALUES (?, ?, ?, ?)",
                       {attempt_id, std::string(area), name, std::int64_t{score}});
    };
    put("stage", a.stage_scores);
    put("competency", a.competency_scores);
}

std::int64_t SqlStore::add_attempt(const Attempt& a) {
    std::int64_t id = 0;
    const std::string uuid = a.uuid.empty() ? uuid_v4() : a.uuid;
    transaction([&] {
        const auto refused = [&] {
            return StoreError("error: an attempt " + uuid + " is already stored, or its trainee is unknown");
        };
        sql::Result r;
        try {
            r = conn().run(
                "INSERT INTO attempts (uuid, trainee_id, scenario_id, scenario_title, content_hash, "
                "rulebook_version, persona, seed, lang, started, finished, status, outcome, overall, passed, "
                "hints, mode) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT DO NOTHING RETURNING id",
                {uuid, a.trainee_id, a.scenario_id, a.scenario_title, a.content_hash, a.rulebook_version,
                 a.persona, std::to_string(a.seed), a.lang, a.started.empty() ? now_iso8601() : a.started,
                 text_or_null(a.finished), std::string(to_string(a.status)),
                 a.outcome.empty() ? std::string("in_progress") : a.outcome, std::int64_t{a.overall},
                 std::int64_t{a.passed ? 1 : 0}, std::int64_t{a.hints}, std::string(to_string(a.mode))});
        } catch (const sql::ConstraintViolation&) {
            throw refused();  // the trainee is unknown
        }
        if (r.rows.empty()) throw refused();
        id = r.rows.front().int64(0);
        write_scores(id, a);
        count_scores(id, 1);
        note_title(id);
    });
    return id;
}

void SqlStore::add_decision(std::int64_t attempt_id, const DecisionRow& d) {
    transaction([&] {
        // Written only into an attempt in progress, in the same statement (a round trip less than a
        // check before it); what kept it out is looked up only when nothing was written.
        const sql::Result r = conn().run(
            "INSERT INTO decisions (attempt_id, idx, stage, kind, ref, objection_kind, move, rule_id, "
            "verdict, "
            "points, hinted, best_moves, chosen, created) SELECT id, CAST(? AS INTEGER), ?, ?, ?, ?, ?, ?, "
            "?, "
            "CAST(? AS INTEGER), CAST(? AS INTEGER), ?, CAST(? AS INTEGER), ? FROM attempts WHERE id = ? AND "
            "status = 'in_progress' ON CONFLICT DO NOTHING",
            {std::int64_t{d.index}, d.stage, d.kind, d.ref, d.objection_kind, d.move, d.rule_id, d.verdict,
             std::int64_t{d.points}, std::int64_t{d.hinted ? 1 : 0}, join(d.best_moves, ','),
             std::int64_t{d.chosen}, d.timestamp.empty() ? now_iso8601() : d.timestamp, attempt_id});
        if (r.changes == 0) {
            const sql::Result found =
                conn().run("SELECT uuid, status FROM attempts WHERE id = ?", {attempt_id});
            if (found.rows.empty())
                throw StoreError("error: no attempt with id " + std::to_string(attempt_id));
            const std::string uuid = found.rows.front().text(0);
            const std::string status = found.rows.front().text(1);
            if (status != to_string(AttemptStatus::InProgress))
                throw StoreError("error: attempt " + uuid + " is " + status +
                                 "; decisions can only be added while it is in progress");
            throw StoreError("error: attempt " + uuid + " already has a decision " +
                             std::to_string(d.index + 1));
        }
        count_method(attempt_id, d);
    });
}

void SqlStore::update_attempt(const Attempt& a) {
    transaction([&] {
        count_scores(a.id, -1);  // the sums lose the scores under the status they had
        const sql::Result r = conn().run(
            "UPDATE attempts SET finished = ?, status = ?, outcome = ?, overall = ?, passed = ?, hints = ? "
            "WHERE id = ?",
            {text_or_null(a.finished), std::string(to_string(a.status)),
             a.outcome.empty() ? std::string("in_progress") : a.outcome, std::int64_t{a.overall},
             std::int64_t{a.passed ? 1 : 0}, std::int64_t{a.hints}, a.id});
        if (r.changes == 0) throw StoreError("error: no attempt with id " + std::to_string(a.id));
        write_scores(a.id, a);
        count_scores(a.id, 1);
    });
}

void SqlStore::load_scores(Attempt& a) const {
    const sql::Result r =
        conn().run("SELECT area, name, score FROM scores WHERE attempt_id = ? ORDER BY area, name", {a.id});
    for (const sql::Row& row : r.rows)
        (row.text(0) == "stage" ? a.stage_scores : a.competency_scores)[row.text(1)] = row.integer(2);
}

std::optional<Attempt> SqlStore::attempt(std::int64_t id) const {
    auto a = first<Attempt>(
        conn().run(std::string("SELECT ") + attempt_columns + " FROM attempts a WHERE a.id = ?", {id}),
        read_attempt);
    if (a) load_scores(*a);
    return a;
}

std::optional<Attempt> SqlStore::find_attempt(const std::string& uuid) const {
    auto a = first<Attempt>(
        conn().run(std::string("SELECT ") + attempt_columns + " FROM attempts a WHERE a.uuid = ?", {uuid}),
        read_attempt);
    if (a) load_scores(*a);
    return a;
}

std::string SqlStore::attempt_where(const AttemptFilter& f, std::vector<Value>& args) {
    std::string where = " WHERE TRUE";
    const auto add = [&](const char* clause, Value v) {
        where += clause;
        args.push_back(std::move(v));
    };
    if (f.trainee_id) add(" AND a.trainee_id = ?", *f.trainee_id);
    if (f.group_id)
        add(" AND a.trainee_id IN (SELECT trainee_id FROM memberships WHERE group_id = ?)", *f.group_id);
    if (!f.scenario_id.empty()) add(" AND a.scenario_id = ?", f.scenario_id);
    if (!f.since.empty()) add(" AND a.started >= ?", f.since);
    if (!f.until.empty()) add(" AND a.started <= ?", f.until);
    if (f.status) add(" AND a.status = ?", std::string(to_string(*f.status)));
    if (f.mode) add(" AND a.mode = ?", std::string(to_string(*f.mode)));
    if (f.class_id)
        add(" AND a.id IN (SELECT attempt_id FROM class_attempts WHERE class_id = ?)", *f.class_id);
    return where;
}

std::vector<Attempt> SqlStore::attempts(const AttemptFilter& f) const {
    std::vector<Value> args;
    const std::string where = attempt_where(f, args);
    std::vector<Attempt> out;
    std::map<std::int64_t, std::size_t> at;
    conn().each(
        std::string("SELECT ") + attempt_columns + " FROM attempts a" + where + " ORDER BY a.started, a.id",
        args, [&](const sql::Row& row) {
            out.push_back(read_attempt(row));
            at[out.back().id] = out.size() - 1;
        });
    // Every score of these attempts in one query, not one per attempt.
    conn().each(
        "SELECT s.attempt_id, s.area, s.name, s.score FROM scores s JOIN attempts a ON a.id = s.attempt_id" +
            where + " ORDER BY s.attempt_id, s.area, s.name",
        args, [&](const sql::Row& row) {
            const auto it = at.find(row.int64(0));
            if (it == at.end()) return;
            Attempt& a = out[it->second];
            (row.text(1) == "stage" ? a.stage_scores : a.competency_scores)[row.text(2)] = row.integer(3);
        });
    return out;
}

namespace {

constexpr const char* decision_columns =
    "d.idx, d.stage, d.kind, d.ref, d.objection_kind, d.move, d.rule_id, d.verdict, d.points, d.hinted, "
    "d.best_moves, d.chosen, d.created";

// The decision columns of `row`, starting at column `at`.
DecisionRow read_decision(const sql::Row& row, std::size_t at = 0) {
    const auto text = [&](std::size_t c) { return row.text(at + c); };
    const auto integer = [&](std::size_t c) { return row.integer(at + c); };
    DecisionRow d;
    d.index = integer(0);
    d.stage = text(1);
    d.kind = text(2);
    d.ref = text(3);
    d.objection_kind = text(4);
    d.move = text(5);
    d.rule_id = text(6);
    d.verdict = text(7);
    d.points = integer(8);
    d.hinted = integer(9) != 0;
    d.best_moves = split(text(10), ',');
    d.chosen = integer(11);
    d.timestamp = text(12);
    return d;
}

}  // namespace

std::vector<DecisionRow> SqlStore::decisions(std::int64_t attempt_id) const {
    const sql::Result r = conn().run(
        std::string("SELECT ") + decision_columns + " FROM decisions d WHERE d.attempt_id = ? ORDER BY d.idx",
        {attempt_id});
    std::vector<DecisionRow> out;
    out.reserve(r.rows.size());
    for (const sql::Row& row : r.rows) out.push_back(read_decision(row));
    return out;
}

std::map<std::int64_t, std::vector<DecisionRow>> SqlStore::decisions_of(const AttemptFilter& f) const {
    std::vector<Value> args;
    const std::string where = attempt_where(f, args);
    std::map<std::int64_t, std::vector<DecisionRow>> out;
    conn().each(std::string("SELECT d.attempt_id, ") + decision_columns +
                    " FROM decisions d JOIN attempts a ON a.id = d.attempt_id" + where +
                    " ORDER BY d.attempt_id, d.idx",
                args, [&](const sql::Row& row) { out[row.int64(0)].push_back(read_decision(row, 1)); });
    return out;
}

void SqlStore::each_attempt(const AttemptFilter& f, const AttemptReading& reading,
                            const AttemptVisitor& visit) const {
    // Pages of a few hundred attempts, each starting after the last attempt of the one before (by
    // started, then id: an index's order), so every page costs the same wherever it is in the
    // list; what a page's attempts need besides their rows comes in one query per part. Nothing
    // is being read while `visit` runs.
    constexpr std::int64_t page_size = 500;
    std::vector<Value> filter_args;
    const std::string where = attempt_where(f, filter_args);
    std::int64_t left = reading.limit;  // -1: to the end
    std::optional<std::pair<std::string, std::int64_t>> after;
    std::vector<Attempt> page;
    std::vector<std::vector<DecisionRow>> decisions;
    std::vector<int> counts;
    const std::vector<DecisionRow> none;
    // What a progress series shows is all in the index attempts_progress.
    constexpr const char* brief_columns =
        "a.id, a.uuid, a.trainee_id, a.scenario_id, a.started, a.status, a.overall, a.passed, a.outcome, "
        "a.mode";
    const auto read_brief = [](const sql::Row& r) {
        Attempt a;
        a.id = r.int64(0);
        a.uuid = r.text(1);
        a.trainee_id = r.int64(2);
        a.scenario_id = r.text(3);
        a.started = r.text(4);
        a.status = parse_attempt_status(r.text(5)).value_or(AttemptStatus::InProgress);
        a.overall = r.integer(6);
        a.passed = r.integer(7) != 0;
        a.outcome = r.text(8);
        a.mode = parse_mode(r.text(9)).value_or(Mode::Guided);
        return a;
    };
    while (left != 0) {
        std::vector<Value> args = filter_args;
        std::string query = std::string("SELECT ") + (reading.all_fields ? attempt_columns : brief_columns) +
                            " FROM attempts a" + where;
        if (after) {
            query += " AND (a.started, a.id) > (?, ?)";
            args.emplace_back(after->first);
            args.emplace_back(after->second);
        }
        const std::int64_t wanted = left < 0 ? page_size : std::min(left, page_size);
        query += " ORDER BY a.started, a.id LIMIT ?";
        args.emplace_back(wanted);
        if (!after && reading.offset > 0) {
            query += " OFFSET ?";
            args.emplace_back(reading.offset);
        }
        // A page is a few hundred rows: read whole (PostgreSQL's row-at-a-time mode costs more).
        page.clear();
        for (const sql::Row& row : conn().run(query, args).rows)
            page.push_back(reading.all_fields ? read_attempt(row) : read_brief(row));
        if (page.empty()) break;

        std::map<std::int64_t, std::size_t> at;
        std::vector<Value> ids;
        std::string list;
        for (std::size_t i = 0; i < page.size(); ++i) {
            at[page[i].id] = i;
            ids.emplace_back(page[i].id);
            list += i == 0 ? "?" : ", ?";
        }
        const auto index_of = [&](const sql::Row& row) { return at.at(row.int64(0)); };
        if (reading.scores) {
            for (const sql::Row& row :
                 conn()
                     .run("SELECT attempt_id, area, name, score FROM scores WHERE attempt_id IN (" + list +
                              ")",
                          ids)
                     .rows) {
                Attempt& a = page[index_of(row)];
                (row.text(1) == "stage" ? a.stage_scores : a.competency_scores)[row.text(2)] = row.integer(3);
            }
        }
        decisions.assign(page.size(), {});
        counts.assign(page.size(), 0);
        if (reading.decisions) {
            const sql::Result rows = conn().run(std::string("SELECT d.attempt_id, ") + decision_columns +
                                                    " FROM decisions d WHERE d.attempt_id IN (" + list +
                                                    ") ORDER BY d.attempt_id, d.idx",
                                                ids);
            for (const sql::Row& row : rows.rows) decisions[index_of(row)].push_back(read_decision(row, 1));
        } else if (reading.decision_count) {
            const sql::Result rows =
                conn().run("SELECT attempt_id, COUNT(*) FROM decisions WHERE attempt_id IN (" + list +
                               ") GROUP BY attempt_id",
                           ids);
            for (const sql::Row& row : rows.rows) counts[index_of(row)] = row.integer(1);
        }
        for (std::size_t i = 0; i < page.size(); ++i) {
            const int count = reading.decisions ? static_cast<int>(decisions[i].size()) : counts[i];
            visit(page[i], reading.decisions ? decisions[i] : none, reading.decision_count ? count : 0);
        }
        if (left > 0) left -= static_cast<std::int64_t>(page.size());
        if (static_cast<std::int64_t>(page.size()) < wanted) break;
        after.emplace(page.back().started, page.back().id);
    }
}

}  // namespace salesim::results
