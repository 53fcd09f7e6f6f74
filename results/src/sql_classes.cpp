// Class sessions of the live classroom in the SQL model both backends share.
#include "salesim/results/sql_store.hpp"
#include "salesim/results/uuid.hpp"

#include <string>
#include <vector>

namespace salesim::results {

using sql::Value;

namespace {

constexpr const char* class_columns =
    "c.id, c.uuid, c.group_id, COALESCE(g.name, ''), c.scenario_id, c.seed, c.mode, c.pacing, c.admission, "
    "c.started, COALESCE(c.ended, ''), (SELECT COUNT(*) FROM class_attempts ca WHERE ca.class_id = c.id)";

ClassSession read_class(const sql::Row& r) {
    ClassSession c;
    c.id = r.int64(0);
    c.uuid = r.text(1);
    if (r.cells.at(2)) c.group_id = r.int64(2);
    c.group = r.text(3);
    c.scenario_id = r.text(4);
    c.seed = std::stoull(r.text(5));
    c.mode = parse_mode(r.text(6)).value_or(Mode::Practice);
    c.pacing = r.text(7);
    c.admission = r.text(8);
    c.started = r.text(9);
    c.ended = r.text(10);
    c.attempts = r.integer(11);
    return c;
}

}  // namespace

std::vector<ClassSession> SqlStore::query_classes(const std::string& where,
                                                  const std::vector<Value>& args) const {
    const sql::Result r = conn().run(std::string("SELECT ") + class_columns +
                                         " FROM classes c LEFT JOIN groups g ON g.id = c.group_id " + where,
                                     args);
    std::vector<ClassSession> out;
    for (const sql::Row& row : r.rows) out.push_back(read_class(row));
    return out;
}

ClassSession SqlStore::add_class(ClassSession c) {
    if (c.uuid.empty()) c.uuid = uuid_v4();
    transaction([&] {
        const sql::Result r = conn().run(
            "INSERT INTO classes (uuid, group_id, scenario_id, seed, mode, pacing, admission, started, "
            "ended) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING id",
            {c.uuid, c.group_id ? Value(*c.group_id) : Value(nullptr), c.scenario_id, std::to_string(c.seed),
             std::string(to_string(c.mode)), c.pacing, c.admission, c.started,
             c.ended.empty() ? Value(nullptr) : Value(c.ended)});
        if (r.rows.empty()) {
            auto stored = query_classes("WHERE c.uuid = ?", {c.uuid});
            if (!stored.empty()) c = stored.front();
            return;
        }
        c.id = r.rows.front().int64(0);
    });
    return c;
}

void SqlStore::end_class(std::int64_t class_id, const std::string& ended) {
    transaction([&] { conn().run("UPDATE classes SET ended = ? WHERE id = ?", {ended, class_id}); });
}

std::optional<ClassSession> SqlStore::class_session(std::int64_t id) const {
    auto v = query_classes("WHERE c.id = ?", {id});
    if (v.empty()) return std::nullopt;
    return v.front();
}

std::optional<ClassSession> SqlStore::find_class(const std::string& uuid) const {
    auto v = query_classes("WHERE c.uuid = ?", {uuid});
    if (v.empty()) return std::nullopt;
    return v.front();
}

std::vector<ClassSession> SqlStore::classes() const {
    return query_classes("ORDER BY c.started, c.id", {});
}

bool SqlStore::add_class_attempt(std::int64_t class_id, std::int64_t attempt_id) {
    bool added = false;
    transaction([&] {
        added =
            conn()
                .run("INSERT INTO class_attempts (class_id, attempt_id) VALUES (?, ?) ON CONFLICT DO NOTHING",
                     {class_id, attempt_id})
                .changes > 0;
    });
    return added;
}

void SqlStore::add_class_event(std::int64_t class_id, const ClassEvent& e) {
    transaction([&] {
        conn().run(
            "INSERT INTO class_events (class_id, at, kind, point, trainee_id, choice, value) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            {class_id, e.at, e.kind, e.point, e.trainee_id ? Value(*e.trainee_id) : Value(nullptr),
             e.choice >= 0 ? Value(std::int64_t{e.choice}) : Value(nullptr), e.value});
    });
}

std::vector<ClassEvent> SqlStore::class_events(std::int64_t class_id) const {
    std::vector<ClassEvent> out;
    conn().each(
        "SELECT at, kind, point, trainee_id, choice, value FROM class_events WHERE class_id = ? ORDER BY id",
        {class_id}, [&](const sql::Row& r) {
            ClassEvent e;
            e.at = r.text(0);
            e.kind = r.text(1);
            e.point = r.text(2);
            if (r.cells.at(3)) e.trainee_id = r.int64(3);
            e.choice = r.cells.at(4) ? r.integer(4) : -1;
            e.value = r.text(5);
            out.push_back(std::move(e));
        });
    return out;
}

}  // namespace salesim::results
