// The embedded results store on SQLite: schema migrations, WAL with full sync, one savepoint per write.
#include "salesim/results/sqlite_store.hpp"

#include "salesim/results/uuid.hpp"
#include "sqlite_schema.hpp"

#include <sqlite3.h>

#include <system_error>
#include <utility>

namespace salesim::results {

namespace fs = std::filesystem;

namespace {

// A prepared statement that finalizes itself.
class Stmt {
public:
    Stmt(sqlite3* db, const char* sql) : m_db(db) {
        if (sqlite3_prepare_v2(db, sql, -1, &m_stmt, nullptr) != SQLITE_OK)
            throw StoreError(std::string("results database: cannot prepare a query: ") + sqlite3_errmsg(db));
    }
    ~Stmt() { sqlite3_finalize(m_stmt); }
    Stmt(const Stmt&) = delete;
    Stmt& operator=(const Stmt&) = delete;

    Stmt& bind(int i, const std::string& v) {
        check(sqlite3_bind_text(m_stmt, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT));
        return *this;
    }
    Stmt& bind_or_null(int i, const std::string& v) {
        if (v.empty()) {
            check(sqlite3_bind_null(m_stmt, i));
            return *this;
        }
        return bind(i, v);
    }
    Stmt& bind(int i, std::int64_t v) {
        check(sqlite3_bind_int64(m_stmt, i, v));
        return *this;
    }
    /// True while there is a row.
    bool step() {
        const int rc = sqlite3_step(m_stmt);
        if (rc == SQLITE_ROW) return true;
        if (rc == SQLITE_DONE) return false;
        throw StoreError(std::string("results database: ") + sqlite3_errmsg(m_db));
    }
    std::string text(int col) const {
        const unsigned char* t = sqlite3_column_text(m_stmt, col);
        return t == nullptr ? std::string() : std::string(reinterpret_cast<const char*>(t));
    }
    std::int64_t int64(int col) const { return sqlite3_column_int64(m_stmt, col); }
    int integer(int col) const { return sqlite3_column_int(m_stmt, col); }

private:
    void check(int rc) const {
        if (rc != SQLITE_OK) throw StoreError(std::string("results database: ") + sqlite3_errmsg(m_db));
    }
    sqlite3* m_db;
    sqlite3_stmt* m_stmt = nullptr;
};

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

Trainee read_trainee(const Stmt& s) {
    Trainee t;
    t.id = s.int64(0);
    t.uuid = s.text(1);
    t.name = s.text(2);
    t.external_id = s.text(3);
    t.email = s.text(4);
    t.created = s.text(5);
    return t;
}

constexpr const char* attempt_columns =
    "a.id, a.uuid, a.trainee_id, a.scenario_id, a.scenario_title, a.content_hash, a.rulebook_version, "
    "a.persona, a.seed, a.lang, a.started, a.finished, a.status, a.outcome, a.overall, a.passed, a.hints, "
    "a.mode";

Attempt read_attempt(const Stmt& s) {
    Attempt a;
    a.id = s.int64(0);
    a.uuid = s.text(1);
    a.trainee_id = s.int64(2);
    a.scenario_id = s.text(3);
    a.scenario_title = s.text(4);
    a.content_hash = s.text(5);
    a.rulebook_version = s.text(6);
    a.persona = s.text(7);
    a.seed = std::strtoull(s.text(8).c_str(), nullptr, 10);
    a.lang = s.text(9);
    a.started = s.text(10);
    a.finished = s.text(11);
    a.status = parse_attempt_status(s.text(12)).value_or(AttemptStatus::InProgress);
    a.outcome = s.text(13);
    a.overall = s.integer(14);
    a.passed = s.integer(15) != 0;
    a.hints = s.integer(16);
    a.mode = parse_mode(s.text(17)).value_or(Mode::Guided);
    return a;
}

constexpr const char* group_columns = "g.id, g.name, g.created, g.mode";

Group read_group(const Stmt& s) {
    Group g{s.int64(0), s.text(1), s.text(2), std::nullopt};
    g.mode = parse_mode(s.text(3));
    return g;
}

bool is_constraint(sqlite3* db) {
    return (sqlite3_extended_errcode(db) & 0xff) == SQLITE_CONSTRAINT;
}

}  // namespace

SqliteStore::SqliteStore(const fs::path& path) : m_path(path) {
    std::error_code ec;
    if (path.has_parent_path()) fs::create_directories(path.parent_path(), ec);
    if (ec)
        throw StoreError(path.parent_path().string() + ": error: cannot create the folder for results (" +
                         ec.message() + ")\nhelp: choose another folder with --data-dir DIR");
    if (fs::is_directory(path, ec))
        throw StoreError(path.string() + ": error: is a folder, not a results database");
    const int rc = sqlite3_open_v2(path.c_str(), &m_db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
    if (rc != SQLITE_OK) {
        const std::string why = m_db != nullptr ? sqlite3_errmsg(m_db) : "out of memory";
        sqlite3_close(m_db);
        m_db = nullptr;
        throw StoreError(path.string() + ": error: cannot open the results database (" + why +
                         ")\nhelp: check the folder's permissions, or choose another with --data-dir DIR");
    }
    sqlite3_busy_timeout(m_db, 5000);
    try {
        // Read the version before writing anything (WAL mode changes the file header): a newer
        // program's database must be left exactly as it is.
        int version = 0;
        try {
            version = user_version();
        } catch (const StoreError& e) {
            throw StoreError(path.string() + ": error: not a results database (" + e.what() +
                             ")\nhelp: move the file away, or choose another folder with --data-dir DIR");
        }
        if (version > schema_version)
            throw StoreError(path.string() + ": error: the results database has schema version " +
                             std::to_string(version) + ", but this program understands up to version " +
                             std::to_string(schema_version) +
                             "; it was written by a newer Salesim and has not been changed\n"
                             "help: update Salesim, or use another folder with --data-dir DIR");
        exec("PRAGMA journal_mode=WAL");
        exec("PRAGMA synchronous=FULL");
        exec("PRAGMA foreign_keys=ON");
        migrate();
    } catch (...) {
        sqlite3_close(m_db);
        m_db = nullptr;
        throw;
    }
}

SqliteStore::~SqliteStore() {
    sqlite3_close(m_db);
}

void SqliteStore::exec(const char* sql) const {
    char* err = nullptr;
    if (sqlite3_exec(m_db, sql, nullptr, nullptr, &err) != SQLITE_OK) {
        std::string msg = err != nullptr ? err : sqlite3_errmsg(m_db);
        sqlite3_free(err);
        throw StoreError(m_path.string() + ": error: " + msg);
    }
}

int SqliteStore::user_version() const {
    Stmt s(m_db, "PRAGMA user_version");
    s.step();
    return s.integer(0);
}

std::string SqliteStore::integrity_check() const {
    Stmt s(m_db, "PRAGMA integrity_check");
    std::string out;
    while (s.step()) {
        if (!out.empty()) out += '\n';
        out += s.text(0);
    }
    return out;
}

void SqliteStore::migrate() {
    exec("BEGIN IMMEDIATE");
    try {
        // Another process may have migrated while this one waited for the lock.
        const int version = user_version();
        if (version > schema_version)
            throw StoreError(m_path.string() +
                             ": error: the results database was upgraded to schema version " +
                             std::to_string(version) + " by a newer Salesim meanwhile");
        if (version == 0) {
            Stmt s(m_db, "SELECT count(*) FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'");
            s.step();
            if (s.integer(0) != 0)
                throw StoreError(m_path.string() +
                                 ": error: the file holds tables of another program, not Salesim results\n"
                                 "help: move the file away, or choose another folder with --data-dir DIR");
        }
        for (int v = version; v < schema_version; ++v) exec(migrations[v]);
        if (version != schema_version)
            exec(("PRAGMA user_version=" + std::to_string(schema_version)).c_str());
        exec("COMMIT");
    } catch (...) {
        sqlite3_exec(m_db, "ROLLBACK", nullptr, nullptr, nullptr);
        throw;
    }
}

void SqliteStore::transaction(const std::function<void()>& body) {
    // Savepoints nest, so every write can be its own transaction and still join an outer one. The
    // outermost level takes the write lock at once (BEGIN IMMEDIATE): a deferred transaction that
    // reads first and then writes fails with "database is locked" without waiting when another
    // process (a second trainee's station, a parallel test) wrote in between.
    const bool outer = m_depth == 0;
    const std::string name = "sp" + std::to_string(m_depth);
    exec(outer ? "BEGIN IMMEDIATE" : ("SAVEPOINT " + name).c_str());
    ++m_depth;
    try {
        body();
    } catch (...) {
        --m_depth;
        const std::string undo = outer ? "ROLLBACK" : "ROLLBACK TO " + name + "; RELEASE " + name;
        sqlite3_exec(m_db, undo.c_str(), nullptr, nullptr, nullptr);
        throw;
    }
    --m_depth;
    exec(outer ? "COMMIT" : ("RELEASE " + name).c_str());
}

// ---- trainees

Trainee SqliteStore::add_trainee(Trainee t) {
    if (t.name.empty()) throw StoreError("error: a trainee needs a name");
    if (t.uuid.empty()) t.uuid = uuid_v4();
    if (t.created.empty()) t.created = now_iso8601();
    transaction([&] {
        Stmt s(m_db, "INSERT INTO trainees (uuid, name, external_id, email, created) VALUES (?, ?, ?, ?, ?)");
        s.bind(1, t.uuid)
            .bind(2, t.name)
            .bind_or_null(3, t.external_id)
            .bind_or_null(4, t.email)
            .bind(5, t.created);
        try {
            s.step();
        } catch (const StoreError&) {
            if (!is_constraint(m_db)) throw;
            if (find_trainee(t.name))
                throw StoreError("error: there is already a trainee named '" + t.name +
                                 "'\nhelp: choose another name, or use the existing trainee");
            if (!t.external_id.empty() && find_trainee_by_external_id(t.external_id))
                throw StoreError("error: the external id '" + t.external_id +
                                 "' already belongs to trainee '" +
                                 find_trainee_by_external_id(t.external_id)->name + "'");
            throw;
        }
        t.id = sqlite3_last_insert_rowid(m_db);
    });
    return t;
}

std::vector<Trainee> SqliteStore::query_trainees(const std::string& where, const std::string& arg) const {
    const std::string sql = "SELECT id, uuid, name, external_id, email, created FROM trainees " + where;
    Stmt s(m_db, sql.c_str());
    if (!arg.empty() || where.find('?') != std::string::npos) s.bind(1, arg);
    std::vector<Trainee> out;
    while (s.step()) out.push_back(read_trainee(s));
    return out;
}

std::optional<Trainee> SqliteStore::find_trainee(const std::string& name) const {
    auto v = query_trainees("WHERE name = ?", name);
    if (v.empty()) return std::nullopt;
    return v.front();
}

std::optional<Trainee> SqliteStore::find_trainee_by_uuid(const std::string& uuid) const {
    auto v = query_trainees("WHERE uuid = ?", uuid);
    if (v.empty()) return std::nullopt;
    return v.front();
}

std::optional<Trainee> SqliteStore::find_trainee_by_external_id(const std::string& external_id) const {
    if (external_id.empty()) return std::nullopt;
    auto v = query_trainees("WHERE external_id = ?", external_id);
    if (v.empty()) return std::nullopt;
    return v.front();
}

std::optional<Trainee> SqliteStore::trainee(std::int64_t id) const {
    Stmt s(m_db, "SELECT id, uuid, name, external_id, email, created FROM trainees WHERE id = ?");
    s.bind(1, id);
    if (!s.step()) return std::nullopt;
    return read_trainee(s);
}

std::vector<Trainee> SqliteStore::trainees() const {
    return query_trainees("ORDER BY name", {});
}

void SqliteStore::update_trainee_ids(std::int64_t id, const std::string& external_id,
                                     const std::string& email) {
    transaction([&] {
        Stmt s(m_db, "UPDATE trainees SET external_id = ?, email = ? WHERE id = ?");
        s.bind_or_null(1, external_id).bind_or_null(2, email).bind(3, id);
        try {
            s.step();
        } catch (const StoreError&) {
            if (!is_constraint(m_db)) throw;
            throw StoreError("error: the external id '" + external_id +
                             "' already belongs to another trainee");
        }
    });
}

// ---- groups

Group SqliteStore::add_group(const std::string& name) {
    if (name.empty()) throw StoreError("error: a group needs a name");
    Group g;
    g.name = name;
    g.created = now_iso8601();
    transaction([&] {
        Stmt s(m_db, "INSERT INTO groups (name, created) VALUES (?, ?)");
        s.bind(1, g.name).bind(2, g.created);
        try {
            s.step();
        } catch (const StoreError&) {
            if (!is_constraint(m_db)) throw;
            throw StoreError("error: there is already a group named '" + name + "'");
        }
        g.id = sqlite3_last_insert_rowid(m_db);
    });
    return g;
}

std::vector<Group> SqliteStore::query_groups(const std::string& sql,
                                             const std::optional<std::int64_t>& arg) const {
    Stmt s(m_db, (std::string("SELECT ") + group_columns + " FROM groups g " + sql).c_str());
    if (arg) s.bind(1, *arg);
    std::vector<Group> out;
    while (s.step()) out.push_back(read_group(s));
    return out;
}

std::optional<Group> SqliteStore::find_group(const std::string& name) const {
    Stmt s(m_db, (std::string("SELECT ") + group_columns + " FROM groups g WHERE g.name = ?").c_str());
    s.bind(1, name);
    if (!s.step()) return std::nullopt;
    return read_group(s);
}

std::vector<Group> SqliteStore::groups() const {
    return query_groups("ORDER BY g.name", std::nullopt);
}

void SqliteStore::set_group_mode(std::int64_t group_id, std::optional<Mode> mode) {
    transaction([&] {
        Stmt s(m_db, "UPDATE groups SET mode = ? WHERE id = ?");
        s.bind_or_null(1, mode ? std::string(to_string(*mode)) : std::string()).bind(2, group_id);
        s.step();
        if (sqlite3_changes(m_db) == 0)
            throw StoreError("error: no group with id " + std::to_string(group_id));
    });
}

bool SqliteStore::join_group(std::int64_t group_id, std::int64_t trainee_id) {
    bool added = false;
    transaction([&] {
        Stmt s(m_db, "INSERT OR IGNORE INTO memberships (group_id, trainee_id) VALUES (?, ?)");
        s.bind(1, group_id).bind(2, trainee_id);
        s.step();
        added = sqlite3_changes(m_db) > 0;
    });
    return added;
}

bool SqliteStore::leave_group(std::int64_t group_id, std::int64_t trainee_id) {
    bool removed = false;
    transaction([&] {
        Stmt s(m_db, "DELETE FROM memberships WHERE group_id = ? AND trainee_id = ?");
        s.bind(1, group_id).bind(2, trainee_id);
        s.step();
        removed = sqlite3_changes(m_db) > 0;
    });
    return removed;
}

std::vector<Trainee> SqliteStore::members(std::int64_t group_id) const {
    Stmt s(m_db,
           "SELECT t.id, t.uuid, t.name, t.external_id, t.email, t.created FROM trainees t "
           "JOIN memberships m ON m.trainee_id = t.id WHERE m.group_id = ? ORDER BY t.name");
    s.bind(1, group_id);
    std::vector<Trainee> out;
    while (s.step()) out.push_back(read_trainee(s));
    return out;
}

std::vector<Group> SqliteStore::groups_of(std::int64_t trainee_id) const {
    return query_groups("JOIN memberships m ON m.group_id = g.id WHERE m.trainee_id = ? ORDER BY g.name",
                        trainee_id);
}

// ---- attempts

namespace {

void write_scores(sqlite3* db, std::int64_t attempt_id, const Attempt& a) {
    Stmt del(db, "DELETE FROM scores WHERE attempt_id = ?");
    del.bind(1, attempt_id);
    del.step();
    const auto put = [&](const char* area, const std::map<std::string, int>& m) {
        for (const auto& [name, score] : m) {
            Stmt s(db, "INSERT INTO scores (attempt_id, area, name, score) VALUES (?, ?, ?, ?)");
            s.bind(1, attempt_id).bind(2, std::string(area)).bind(3, name).bind(4, std::int64_t{score});
            s.step();
        }
    };
    put("stage", a.stage_scores);
    put("competency", a.competency_scores);
}

}  // namespace

std::int64_t SqliteStore::add_attempt(const Attempt& a) {
    std::int64_t id = 0;
    const std::string uuid = a.uuid.empty() ? uuid_v4() : a.uuid;
    transaction([&] {
        Stmt s(m_db,
               "INSERT INTO attempts (uuid, trainee_id, scenario_id, scenario_title, content_hash, "
               "rulebook_version, persona, seed, lang, started, finished, status, outcome, overall, passed, "
               "hints, mode) "
               "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        s.bind(1, uuid)
            .bind(2, a.trainee_id)
            .bind(3, a.scenario_id)
            .bind(4, a.scenario_title)
            .bind(5, a.content_hash)
            .bind(6, a.rulebook_version)
            .bind(7, a.persona)
            .bind(8, std::to_string(a.seed))
            .bind(9, a.lang)
            .bind(10, a.started.empty() ? now_iso8601() : a.started)
            .bind_or_null(11, a.finished)
            .bind(12, std::string(to_string(a.status)))
            .bind(13, a.outcome.empty() ? std::string("in_progress") : a.outcome)
            .bind(14, std::int64_t{a.overall})
            .bind(15, std::int64_t{a.passed ? 1 : 0})
            .bind(16, std::int64_t{a.hints})
            .bind(17, std::string(to_string(a.mode)));
        try {
            s.step();
        } catch (const StoreError&) {
            if (!is_constraint(m_db)) throw;
            throw StoreError("error: an attempt " + uuid + " is already stored, or its trainee is unknown");
        }
        id = sqlite3_last_insert_rowid(m_db);
        write_scores(m_db, id, a);
    });
    return id;
}

void SqliteStore::add_decision(std::int64_t attempt_id, const DecisionRow& d) {
    transaction([&] {
        const auto a = attempt(attempt_id);
        if (!a) throw StoreError("error: no attempt with id " + std::to_string(attempt_id));
        if (a->status != AttemptStatus::InProgress)
            throw StoreError("error: attempt " + a->uuid + " is " + std::string(to_string(a->status)) +
                             "; decisions can only be added while it is in progress");
        Stmt s(
            m_db,
            "INSERT INTO decisions (attempt_id, idx, stage, kind, ref, objection_kind, move, rule_id, "
            "verdict, "
            "points, hinted, best_moves, chosen, created) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        s.bind(1, attempt_id)
            .bind(2, std::int64_t{d.index})
            .bind(3, d.stage)
            .bind(4, d.kind)
            .bind(5, d.ref)
            .bind(6, d.objection_kind)
            .bind(7, d.move)
            .bind(8, d.rule_id)
            .bind(9, d.verdict)
            .bind(10, std::int64_t{d.points})
            .bind(11, std::int64_t{d.hinted ? 1 : 0})
            .bind(12, join(d.best_moves, ','))
            .bind(13, std::int64_t{d.chosen})
            .bind(14, d.timestamp.empty() ? now_iso8601() : d.timestamp);
        try {
            s.step();
        } catch (const StoreError&) {
            if (!is_constraint(m_db)) throw;
            throw StoreError("error: attempt " + a->uuid + " already has a decision " +
                             std::to_string(d.index + 1));
        }
    });
}

void SqliteStore::update_attempt(const Attempt& a) {
    transaction([&] {
        Stmt s(
            m_db,
            "UPDATE attempts SET finished = ?, status = ?, outcome = ?, overall = ?, passed = ?, hints = ? "
            "WHERE id = ?");
        s.bind_or_null(1, a.finished)
            .bind(2, std::string(to_string(a.status)))
            .bind(3, a.outcome.empty() ? std::string("in_progress") : a.outcome)
            .bind(4, std::int64_t{a.overall})
            .bind(5, std::int64_t{a.passed ? 1 : 0})
            .bind(6, std::int64_t{a.hints})
            .bind(7, a.id);
        s.step();
        if (sqlite3_changes(m_db) == 0) throw StoreError("error: no attempt with id " + std::to_string(a.id));
        write_scores(m_db, a.id, a);
    });
}

void SqliteStore::load_scores(Attempt& a) const {
    Stmt s(m_db, "SELECT area, name, score FROM scores WHERE attempt_id = ? ORDER BY area, name");
    s.bind(1, a.id);
    while (s.step()) {
        (s.text(0) == "stage" ? a.stage_scores : a.competency_scores)[s.text(1)] = s.integer(2);
    }
}

std::optional<Attempt> SqliteStore::attempt(std::int64_t id) const {
    Stmt s(m_db, (std::string("SELECT ") + attempt_columns + " FROM attempts a WHERE a.id = ?").c_str());
    s.bind(1, id);
    if (!s.step()) return std::nullopt;
    Attempt a = read_attempt(s);
    load_scores(a);
    return a;
}

std::optional<Attempt> SqliteStore::find_attempt(const std::string& uuid) const {
    Stmt s(m_db, (std::string("SELECT ") + attempt_columns + " FROM attempts a WHERE a.uuid = ?").c_str());
    s.bind(1, uuid);
    if (!s.step()) return std::nullopt;
    Attempt a = read_attempt(s);
    load_scores(a);
    return a;
}

std::vector<Attempt> SqliteStore::attempts(const AttemptFilter& f) const {
    std::string sql = std::string("SELECT ") + attempt_columns + " FROM attempts a WHERE 1";
    // Bind in order: build the clause and remember what goes where.
    struct Arg {
        bool is_int;
        std::int64_t i;
        std::string s;
    };
    std::vector<Arg> args;
    if (f.trainee_id) {
        sql += " AND a.trainee_id = ?";
        args.push_back({true, *f.trainee_id, {}});
    }
    if (f.group_id) {
        sql += " AND a.trainee_id IN (SELECT trainee_id FROM memberships WHERE group_id = ?)";
        args.push_back({true, *f.group_id, {}});
    }
    if (!f.scenario_id.empty()) {
        sql += " AND a.scenario_id = ?";
        args.push_back({false, 0, f.scenario_id});
    }
    if (!f.since.empty()) {
        sql += " AND a.started >= ?";
        args.push_back({false, 0, f.since});
    }
    if (!f.until.empty()) {
        sql += " AND a.started <= ?";
        args.push_back({false, 0, f.until});
    }
    if (f.status) {
        sql += " AND a.status = ?";
        args.push_back({false, 0, std::string(to_string(*f.status))});
    }
    if (f.mode) {
        sql += " AND a.mode = ?";
        args.push_back({false, 0, std::string(to_string(*f.mode))});
    }
    sql += " ORDER BY a.started, a.id";
    Stmt s(m_db, sql.c_str());
    for (std::size_t i = 0; i < args.size(); ++i) {
        const int pos = static_cast<int>(i) + 1;
        if (args[i].is_int)
            s.bind(pos, args[i].i);
        else
            s.bind(pos, args[i].s);
    }
    std::vector<Attempt> out;
    while (s.step()) out.push_back(read_attempt(s));
    for (Attempt& a : out) load_scores(a);
    return out;
}

std::vector<DecisionRow> SqliteStore::decisions(std::int64_t attempt_id) const {
    Stmt s(
        m_db,
        "SELECT idx, stage, kind, ref, objection_kind, move, rule_id, verdict, points, hinted, best_moves, "
        "chosen, created FROM decisions WHERE attempt_id = ? ORDER BY idx");
    s.bind(1, attempt_id);
    std::vector<DecisionRow> out;
    while (s.step()) {
        DecisionRow d;
        d.index = s.integer(0);
        d.stage = s.text(1);
        d.kind = s.text(2);
        d.ref = s.text(3);
        d.objection_kind = s.text(4);
        d.move = s.text(5);
        d.rule_id = s.text(6);
        d.verdict = s.text(7);
        d.points = s.integer(8);
        d.hinted = s.integer(9) != 0;
        d.best_moves = split(s.text(10), ',');
        d.chosen = s.integer(11);
        d.timestamp = s.text(12);
        out.push_back(std::move(d));
    }
    return out;
}

}  // namespace salesim::results
