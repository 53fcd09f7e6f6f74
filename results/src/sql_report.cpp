// The report's and gradebooks' sums in SQL, once for both backends: the database adds up a school's
// attempts, scores and decisions and hands back a few thousand rows instead of every attempt.
// Integers only (sums and counts, never averages), so the means made from them are the same
// numbers as when they are added up in memory; rows come back in one order whatever the backend's
// collation (tally_internal.hpp).
//
// Scores are a dozen rows an attempt and objection answers a few, too many to add up at every
// report, so they are also kept added up as they are written (score_sums: by trainee, scenario,
// status, stage or competency, and mode; method_counts: by trainee, move, best moves, scenario and
// mode), and so are the first titles (title_firsts: by trainee, scenario and mode). A report by
// trainee, group, scenario or mode reads those; one by date or class adds up the rows themselves,
// from indexes that hold every column read (schema version 5).
#include "salesim/results/sql_store.hpp"

#include "tally_internal.hpp"

#include <functional>
#include <map>
#include <optional>
#include <tuple>
#include <utility>

namespace salesim::results {

using namespace tally_detail;

namespace {

// Sums are a few thousand rows however many attempts went in: read whole (PostgreSQL's
// row-at-a-time mode costs more).
void each_row(sql::Connection& c, const std::string& query, const std::vector<sql::Value>& args,
              const std::function<void(const sql::Row&)>& row) {
    for (const sql::Row& r : c.run(query, args).rows) row(r);
}

}  // namespace

// ---- keeping sums as attempts are written

void SqlStore::count_scores(std::int64_t attempt_id, int sign) {
    conn().run(
        "INSERT INTO score_sums (trainee_id, scenario_id, status, area, name, mode, total, n) SELECT "
        "a.trainee_id, a.scenario_id, a.status, s.area, s.name, a.mode, ? * s.score, ? FROM scores s "
        "JOIN attempts a ON a.id = s.attempt_id WHERE s.attempt_id = ? ON CONFLICT (trainee_id, "
        "scenario_id, status, area, name, mode) DO UPDATE SET total = score_sums.total + excluded.total, "
        "n = score_sums.n + excluded.n",
        {std::int64_t{sign}, std::int64_t{sign}, attempt_id});
}

void SqlStore::note_title(std::int64_t attempt_id) {
    conn().run(
        "INSERT INTO title_firsts (trainee_id, scenario_id, mode, title, started, attempt_id) SELECT "
        "trainee_id, scenario_id, mode, scenario_title, started, id FROM attempts WHERE id = ? AND "
        "scenario_title <> '' ON CONFLICT (trainee_id, scenario_id, mode) DO UPDATE SET title = "
        "excluded.title, started = excluded.started, attempt_id = excluded.attempt_id WHERE "
        "(excluded.started, excluded.attempt_id) < (title_firsts.started, title_firsts.attempt_id)",
        {attempt_id});
}

void SqlStore::count_method(std::int64_t attempt_id, const DecisionRow& d) {
    // The best moves as stored: a decision with none (or one empty one) has no place in the table.
    const std::string best = join_moves(d.best_moves);
    if (d.kind != "objection" || best.empty()) return;
    conn().run(
        "INSERT INTO method_counts (trainee_id, scenario_id, mode, move, best_moves, n) SELECT trainee_id, "
        "scenario_id, mode, ?, ?, 1 FROM attempts WHERE id = ? ON CONFLICT (trainee_id, move, best_moves, "
        "scenario_id, mode) DO UPDATE SET n = method_counts.n + 1",
        {d.move, best, attempt_id});
}

std::optional<std::string> SqlStore::sums_where(const AttemptFilter& f, bool by_status,
                                                std::vector<sql::Value>& args) {
    // The filter narrowed to what the sums are kept by: when that gives the same clauses, nothing
    // else was asked for (whatever AttemptFilter may filter by later).
    AttemptFilter kept;
    kept.trainee_id = f.trainee_id;
    kept.group_id = f.group_id;
    kept.scenario_id = f.scenario_id;
    kept.mode = f.mode;
    if (by_status) kept.status = f.status;
    std::vector<sql::Value> all_args;
    std::vector<sql::Value> kept_args;
    const std::string all = attempt_where(f, all_args);
    const std::string narrowed = attempt_where(kept, kept_args);
    if (all != narrowed) return std::nullopt;
    args.insert(args.end(), kept_args.begin(), kept_args.end());
    return narrowed;
}

// ---- the sums

std::vector<AttemptTally> SqlStore::tally_attempts(const AttemptFilter& f) const {
    std::vector<sql::Value> args;
    const std::string where = attempt_where(f, args);
    std::vector<AttemptTally> out;
    // The index attempts_tally holds every column this reads, in the order it groups by.
    each_row(conn(),
             "SELECT a.trainee_id, a.scenario_id, a.status, a.mode, COUNT(*), SUM(a.passed), MAX(a.overall), "
             "SUM(a.overall) FROM attempts a" +
                 where + " GROUP BY a.trainee_id, a.scenario_id, a.status, a.mode",
             args, [&](const sql::Row& r) {
                 AttemptTally t;
                 t.trainee_id = r.int64(0);
                 t.scenario_id = r.text(1);
                 t.status = parse_attempt_status(r.text(2)).value_or(AttemptStatus::InProgress);
                 t.mode = parse_mode(r.text(3)).value_or(Mode::Guided);
                 t.count = r.integer(4);
                 t.passed = r.integer(5);
                 t.best = r.integer(6);
                 t.overall = r.int64(7);
                 out.push_back(std::move(t));
             });
    sort_rows(out);
    return out;
}

std::vector<ScoreTally> SqlStore::tally_scores(const AttemptFilter& f) const {
    std::vector<sql::Value> args;
    std::vector<ScoreTally> out;
    const auto add = [&](const sql::Row& r) {
        out.push_back({r.int64(0), r.text(1),
                       parse_attempt_status(r.text(2)).value_or(AttemptStatus::InProgress), r.text(3),
                       r.text(4), r.int64(5), r.integer(6)});
    };
    if (const auto where = sums_where(f, true, args)) {
        each_row(conn(),
                 "SELECT a.trainee_id, a.scenario_id, a.status, a.area, a.name, SUM(a.total), SUM(a.n) FROM "
                 "score_sums a" +
                     *where +
                     " GROUP BY a.trainee_id, a.scenario_id, a.status, a.area, a.name HAVING SUM(a.n) > 0",
                 args, add);
    } else {
        const std::string rows_where = attempt_where(f, args);
        each_row(conn(),
                 "SELECT a.trainee_id, a.scenario_id, a.status, s.area, s.name, SUM(s.score), COUNT(*) FROM "
                 "scores s JOIN attempts a ON a.id = s.attempt_id" +
                     rows_where + " GROUP BY a.trainee_id, a.scenario_id, a.status, s.area, s.name",
                 args, add);
    }
    sort_rows(out);
    return out;
}

std::vector<MethodTally> SqlStore::tally_methods(const AttemptFilter& f) const {
    std::vector<sql::Value> args;
    std::vector<MethodTally> out;
    const auto add = [&](const sql::Row& r) {
        out.push_back({r.int64(0), r.text(1), split_moves(r.text(2)), r.integer(3)});
    };
    if (const auto kept = sums_where(f, false, args)) {
        each_row(conn(),
                 "SELECT a.trainee_id, a.move, a.best_moves, SUM(a.n) FROM method_counts a" + *kept +
                     " GROUP BY a.trainee_id, a.move, a.best_moves",
                 args, add);
        sort_rows(out);
        return out;
    }
    const std::string where = attempt_where(f, args);
    // The index decisions_objections holds exactly these decisions and the columns read.
    each_row(
        conn(),
        "SELECT a.trainee_id, d.move, d.best_moves, COUNT(*) FROM decisions d JOIN attempts a ON a.id = "
        "d.attempt_id" +
            where +
            " AND d.kind = 'objection' AND d.best_moves <> '' GROUP BY a.trainee_id, d.move, d.best_moves",
        args, add);
    sort_rows(out);
    return out;
}

std::vector<FirstTitle> SqlStore::first_titles(const AttemptFilter& f) const {
    std::vector<sql::Value> args;
    std::vector<FirstTitle> out;
    if (const auto where = sums_where(f, false, args)) {
        // One first title per mode: the first of those.
        std::map<std::pair<std::int64_t, std::string>, FirstTitle> first;
        each_row(conn(),
                 "SELECT a.trainee_id, a.scenario_id, a.title, a.started, a.attempt_id FROM title_firsts a" +
                     *where,
                 args, [&](const sql::Row& r) {
                     FirstTitle t{r.int64(0), r.text(1), r.text(2), r.text(3), r.int64(4)};
                     auto [it, added] = first.try_emplace({t.trainee_id, t.scenario_id}, t);
                     if (!added && std::tie(t.started, t.attempt_id) <
                                       std::tie(it->second.started, it->second.attempt_id))
                         it->second = std::move(t);
                 });
        for (auto& [key, t] : first) out.push_back(std::move(t));
    } else {
        const std::string rows_where = attempt_where(f, args);
        each_row(
            conn(),
            "SELECT trainee_id, scenario_id, scenario_title, started, id FROM (SELECT a.trainee_id, "
            "a.scenario_id, "
            "a.scenario_title, a.started, a.id, ROW_NUMBER() OVER (PARTITION BY a.trainee_id, a.scenario_id "
            "ORDER "
            "BY a.started, a.id) AS n FROM attempts a" +
                rows_where + " AND a.scenario_title <> '') firsts WHERE n = 1",
            args, [&](const sql::Row& r) {
                out.push_back({r.int64(0), r.text(1), r.text(2), r.text(3), r.int64(4)});
            });
    }
    sort_rows(out);
    return out;
}

}  // namespace salesim::results
