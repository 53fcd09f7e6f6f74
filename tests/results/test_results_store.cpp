// The results store: round trips, migrations and refusals, the recorder, resuming and the report.
#include "results_test_util.hpp"

#include <salesim/results/report.hpp>
#include <salesim/results/sqlite_store.hpp>
#include <salesim/results/uuid.hpp>

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <fstream>
#include <sstream>

namespace salesim::results {
namespace {

std::string file_bytes(const std::filesystem::path& p) {
    std::ifstream f(p, std::ios::binary);
    std::stringstream s;
    s << f.rdbuf();
    return s.str();
}

void raw_exec(const std::filesystem::path& db, const std::string& sql) {
    sqlite3* h = nullptr;
    ASSERT_EQ(sqlite3_open(db.c_str(), &h), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(h, sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK) << sqlite3_errmsg(h);
    sqlite3_close(h);
}

int raw_count(const std::filesystem::path& db, const std::string& sql) {
    sqlite3* h = nullptr;
    sqlite3_open_v2(db.c_str(), &h, SQLITE_OPEN_READONLY, nullptr);
    sqlite3_stmt* st = nullptr;
    sqlite3_prepare_v2(h, sql.c_str(), -1, &st, nullptr);
    int n = -1;
    if (sqlite3_step(st) == SQLITE_ROW) n = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(h);
    return n;
}

TEST(ResultsUuid, Version5MatchesTheStandardVectors) {
    // RFC 4122's DNS namespace; the value Python's uuid.uuid5 gives for www.example.com.
    EXPECT_EQ(uuid_v5("6ba7b810-9dad-11d1-80b4-00c04fd430c8", "www.example.com"),
              "2ed6657d-e927-568b-95e1-2665a8aea6a2");
    const std::string v4 = uuid_v4();
    EXPECT_TRUE(is_uuid(v4));
    EXPECT_EQ(v4[14], '4');
    EXPECT_NE(v4, uuid_v4());
}

TEST(ResultsStore, EmptyFileIsMigratedToTheCurrentSchemaInWalMode) {
    const auto dir = test::scratch("migrate");
    const auto db = dir / "results.db";
    raw_exec(db, "PRAGMA user_version=0");  // an empty version-0 database
    {
        SqliteStore store(db);
        EXPECT_EQ(store.user_version(), schema_version);
        EXPECT_EQ(store.integrity_check(), "ok");
    }
    EXPECT_EQ(raw_count(db,
                        "SELECT count(*) FROM sqlite_master WHERE type='table' AND name IN "
                        "('trainees','groups','memberships','attempts','scores','decisions')"),
              6);
    sqlite3* h = nullptr;
    sqlite3_open(db.c_str(), &h);
    sqlite3_stmt* st = nullptr;
    sqlite3_prepare_v2(h, "PRAGMA journal_mode", -1, &st, nullptr);
    ASSERT_EQ(sqlite3_step(st), SQLITE_ROW);
    EXPECT_STREQ(reinterpret_cast<const char*>(sqlite3_column_text(st, 0)), "wal");
    sqlite3_finalize(st);
    sqlite3_close(h);
    // Opening again is a no-op.
    SqliteStore again(db);
    EXPECT_EQ(again.user_version(), schema_version);
}

TEST(ResultsStore, MissingFolderIsCreated) {
    const auto dir = test::scratch("mkdir");
    SqliteStore store(dir / "a" / "b" / "results.db");
    EXPECT_TRUE(std::filesystem::exists(dir / "a" / "b" / "results.db"));
}

TEST(ResultsStore, NewerDatabaseIsRefusedAndLeftUntouched) {
    const auto dir = test::scratch("newer");
    const auto db = dir / "results.db";
    raw_exec(db, "CREATE TABLE future (x); INSERT INTO future VALUES (42); PRAGMA user_version=99");
    const std::string before = file_bytes(db);
    try {
        SqliteStore store(db);
        FAIL() << "a version-99 database was opened";
    } catch (const StoreError& e) {
        const std::string msg = e.what();
        EXPECT_NE(msg.find("schema version 99"), std::string::npos) << msg;
        EXPECT_NE(msg.find("newer Salesim"), std::string::npos) << msg;
        EXPECT_NE(msg.find("help: "), std::string::npos) << msg;
    }
    EXPECT_EQ(file_bytes(db), before);
    EXPECT_EQ(raw_count(db, "PRAGMA user_version"), 99);
    EXPECT_EQ(raw_count(db, "SELECT x FROM future"), 42);
}

TEST(ResultsStore, ForeignFilesAreRefused) {
    const auto dir = test::scratch("foreign");
    std::ofstream(dir / "junk.db")
        << "this is not a database, just text that is long enough to have a header";
    EXPECT_THROW(SqliteStore(dir / "junk.db"), StoreError);
    raw_exec(dir / "other.db", "CREATE TABLE customers (id)");
    try {
        SqliteStore s(dir / "other.db");
        FAIL();
    } catch (const StoreError& e) {
        EXPECT_NE(std::string(e.what()).find("tables of another program"), std::string::npos);
    }
}

TEST(ResultsStore, TraineesGroupsAndAttemptsRoundTrip) {
    const auto dir = test::scratch("roundtrip");
    SqliteStore store(dir / "results.db");
    Trainee t;
    t.name = "Anna Äijälä";
    t.external_id = "S-1";
    t.email = "anna@example.org";
    const Trainee added = store.add_trainee(t);
    EXPECT_TRUE(is_uuid(added.uuid));
    EXPECT_THROW(store.add_trainee(t), StoreError);  // the name is taken
    Trainee other;
    other.name = "Other";
    other.external_id = "S-1";
    EXPECT_THROW(store.add_trainee(other), StoreError);  // the external id is taken

    const Group g = store.add_group("Class A");
    EXPECT_THROW(store.add_group("Class A"), StoreError);
    EXPECT_TRUE(store.join_group(g.id, added.id));
    EXPECT_FALSE(store.join_group(g.id, added.id));
    ASSERT_EQ(store.members(g.id).size(), 1u);
    EXPECT_EQ(store.groups_of(added.id).at(0).name, "Class A");

    Attempt a;
    a.trainee_id = added.id;
    a.scenario_id = "tutorial-first-sale";
    a.scenario_title = "First sale";
    a.content_hash = "0123456789abcdef";
    a.rulebook_version = "2026.11";
    a.persona = "Pekka";
    a.seed = 18446744073709551615ull;  // the whole uint64 range survives
    a.lang = "fi";
    a.started = "2026-03-01T09:00:00.000Z";
    const auto id = store.add_attempt(a);
    DecisionRow d;
    d.index = 0;
    d.stage = "objections";
    d.kind = "objection";
    d.ref = "price";
    d.objection_kind = "price";
    d.move = "denial";
    d.rule_id = "objection.denial.ego";
    d.verdict = "mistake";
    d.points = 0;
    d.best_moves = {"compensation", "question"};
    d.chosen = 0;
    d.timestamp = "2026-03-01T09:01:00.000Z";
    store.add_decision(id, d);
    EXPECT_THROW(store.add_decision(id, d), StoreError);  // the same index twice

    Attempt back = *store.attempt(id);
    EXPECT_EQ(back.seed, a.seed);
    EXPECT_EQ(back.status, AttemptStatus::InProgress);
    back.status = AttemptStatus::Finished;
    back.finished = "2026-03-01T09:10:00.000Z";
    back.outcome = "sale";
    back.overall = 77;
    back.passed = true;
    back.stage_scores = {{"objections", 40}};
    back.competency_scores = {{"objection_handling", 40}};
    store.update_attempt(back);
    const Attempt final = *store.find_attempt(back.uuid);
    EXPECT_EQ(final.overall, 77);
    EXPECT_TRUE(final.passed);
    EXPECT_EQ(final.stage_scores, back.stage_scores);
    EXPECT_EQ(final.competency_scores, back.competency_scores);
    const auto rows = store.decisions(id);
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_EQ(rows[0].best_moves, d.best_moves);
    EXPECT_EQ(rows[0].rule_id, d.rule_id);
    EXPECT_EQ(rows[0].timestamp, d.timestamp);
    EXPECT_THROW(store.add_decision(id, DecisionRow{}), StoreError);  // finished: closed for writes
}

TEST(ResultsStore, TransactionRollsBackEverythingOnError) {
    const auto dir = test::scratch("rollback");
    SqliteStore store(dir / "results.db");
    EXPECT_THROW(store.transaction([&] {
        store.add_group("kept?");
        store.add_group("kept?");
    }),
                 StoreError);
    EXPECT_TRUE(store.groups().empty());
}

TEST(ResultsRecorder, EveryDecisionIsCommittedAsItIsMade) {
    const auto dir = test::scratch("commit");
    const auto db = dir / "results.db";
    SqliteStore store(db);
    int clock = 0;
    Recorder rec(store, [&] {
        const int t = clock++;
        return "2026-03-01T09:00:" + std::string(t < 10 ? "0" : "") + std::to_string(t) + ".000Z";
    });
    Session s(test::scenario("tutorial-first-sale"), 7);
    const AttemptId id = rec.begin_attempt("Kim", s, "en");
    int made = 0;
    while (!s.finished()) {
        rec.record_decision(id, s, s.choose(0));
        ++made;
        // Another connection sees it at once: it is on disk, not in an open transaction.
        EXPECT_EQ(raw_count(db, "SELECT count(*) FROM decisions"), made);
    }
    rec.finish_attempt(id, s);
    const Attempt a = *store.attempt(id);
    EXPECT_EQ(a.status, AttemptStatus::Finished);
    const ScoreCard card = s.score();
    EXPECT_EQ(a.overall, card.overall);
    EXPECT_EQ(a.passed, card.passed);
    EXPECT_EQ(a.outcome, std::string(to_string(card.outcome)));
    EXPECT_EQ(a.stage_scores.size(), card.stages.size());
    EXPECT_EQ(a.competency_scores, card.competencies);
    EXPECT_EQ(a.content_hash, s.scenario().content_hash);
    EXPECT_EQ(a.rulebook_version, s.scenario().rules->version);
    EXPECT_EQ(a.persona, s.scenario().persona.name);
    const auto rows = store.decisions(id);
    ASSERT_EQ(rows.size(), s.decisions().size());
    for (std::size_t i = 0; i < rows.size(); ++i) {
        EXPECT_EQ(rows[i].move, s.decisions()[i].move);
        EXPECT_EQ(rows[i].rule_id, s.decisions()[i].rule->id);
        EXPECT_EQ(rows[i].points, s.decisions()[i].points);
        EXPECT_EQ(rows[i].best_moves, s.decisions()[i].best_moves);
    }
    EXPECT_THROW(rec.finish_attempt(id, s), StoreError);
    EXPECT_THROW(rec.abandon(id), StoreError);
}

TEST(ResultsRecorder, InProgressAttemptsResumeToTheSameSessionOrAreAbandoned) {
    const auto dir = test::scratch("resume");
    SqliteStore store(dir / "results.db");
    Recorder rec(store);
    Session s(test::scenario("chairs-agency"), 11);
    const AttemptId id = rec.begin_attempt("Lee", s, "en");
    for (int i = 0; i < 4; ++i) {
        if (i == 2) s.hint();
        rec.record_decision(id, s, s.choose(static_cast<std::size_t>(i) % s.current().options.size()));
    }
    const auto open = rec.find_in_progress("Lee");
    ASSERT_EQ(open.size(), 1u);
    EXPECT_EQ(open[0].id, id);
    EXPECT_TRUE(rec.find_in_progress("Nobody").empty());

    Session back = rec.resume(id, test::library());
    EXPECT_EQ(back.state_key(), s.state_key());
    EXPECT_EQ(back.choices(), s.choices());
    EXPECT_EQ(result_json(back, "en"), result_json(s, "en"));
    // Recording goes on with the same id after a resume.
    rec.record_decision(id, back, back.choose(0));
    EXPECT_EQ(store.decisions(id).size(), 5u);

    rec.abandon(id);
    EXPECT_EQ(store.attempt(id)->status, AttemptStatus::Abandoned);
    EXPECT_TRUE(rec.find_in_progress("Lee").empty());
}

TEST(ResultsRecorder, ResumeRefusesAChangedScenario) {
    const auto dir = test::scratch("changed");
    SqliteStore store(dir / "results.db");
    Recorder rec(store);
    Session s(test::scenario("bike-shop"), 3);
    const AttemptId id = rec.begin_attempt("Lee", s, "en");
    Attempt a = *store.attempt(id);
    raw_exec(store.path(), "UPDATE attempts SET content_hash = 'ffffffffffffffff'");
    try {
        (void)rec.resume(id, test::library());
        FAIL();
    } catch (const StoreError& e) {
        EXPECT_NE(std::string(e.what()).find("has changed"), std::string::npos);
    }
}

DecisionRow objection(int index, const std::string& move, std::vector<std::string> best) {
    DecisionRow d;
    d.index = index;
    d.stage = "objections";
    d.kind = "objection";
    d.ref = "o" + std::to_string(index);
    d.objection_kind = "price";
    d.move = move;
    d.rule_id = "r";
    d.verdict = "good";
    d.best_moves = std::move(best);
    d.timestamp = "2026-03-01T09:00:00.000Z";
    return d;
}

TEST(ResultsReport, ConfusionTableScoresAndFilters) {
    const auto dir = test::scratch("report");
    SqliteStore store(dir / "results.db");
    Recorder rec(store);
    const Trainee a = rec.ensure_trainee("Anna");
    const Trainee b = rec.ensure_trainee("Bob");
    const Group g = store.add_group("A");
    store.join_group(g.id, a.id);
    store.join_group(g.id, b.id);
    const auto attempt = [&](const Trainee& t, const std::string& started, int overall, bool finished,
                             std::vector<DecisionRow> rows) {
        Attempt x;
        x.trainee_id = t.id;
        x.scenario_id = "s1";
        x.content_hash = "h";
        x.rulebook_version = "v";
        x.persona = "p";
        x.lang = "en";
        x.started = started;
        const auto id = store.add_attempt(x);
        for (const auto& r : rows) store.add_decision(id, r);
        if (finished) {
            x = *store.attempt(id);
            x.status = AttemptStatus::Finished;
            x.finished = started;
            x.overall = overall;
            x.passed = overall >= 70;
            x.stage_scores = {{"objections", overall}};
            store.update_attempt(x);
        }
    };
    // Anna denies where compensation fitted, where compensation or yes-but did, and once where denial
    // was among the best (a fit).
    attempt(a, "2026-03-01T10:00:00.000Z", 50, true,
            {objection(0, "denial", {"compensation"}), objection(1, "denial", {"compensation", "yes_but"}),
             objection(2, "denial", {"question", "denial"})});
    attempt(a, "2026-03-05T10:00:00.000Z", 90, true, {objection(0, "compensation", {"compensation"})});
    attempt(b, "2026-03-06T10:00:00.000Z", 0, false, {objection(0, "pass_up", {"question"})});

    const Report r = build_report(store, {});
    ASSERT_EQ(r.trainees.size(), 2u);
    const auto& anna = r.trainees[0].section;
    EXPECT_EQ(r.trainees[0].trainee.name, "Anna");
    EXPECT_EQ(anna.attempts, 2);
    EXPECT_EQ(anna.finished, 2);
    EXPECT_EQ(anna.passed, 1);
    ASSERT_EQ(anna.scenarios.size(), 1u);
    EXPECT_EQ(anna.scenarios[0].best, 90);
    EXPECT_DOUBLE_EQ(anna.scenarios[0].average, 70.0);
    EXPECT_DOUBLE_EQ(anna.scores.stages.at("objections"), 70.0);
    // Where several methods fitted best, the first in the canonical order is the column.
    EXPECT_EQ(anna.methods.at(Method::Denial, Method::Compensation), 1);
    EXPECT_EQ(anna.methods.at(Method::Denial, Method::YesBut), 1);
    EXPECT_EQ(anna.methods.at(Method::Denial, Method::Denial), 1);
    EXPECT_EQ(anna.methods.at(Method::Compensation, Method::Compensation), 1);
    EXPECT_EQ(anna.methods.total, 4);
    EXPECT_EQ(anna.methods.fitting, 2);
    ASSERT_EQ(r.trainees[0].progress.size(), 2u);
    EXPECT_EQ(r.trainees[0].progress[1].overall, 90);

    ASSERT_EQ(r.groups.size(), 1u);
    const auto& group = r.groups[0].section;
    EXPECT_EQ(group.attempts, 3);
    EXPECT_EQ(group.in_progress, 1);
    EXPECT_EQ(group.methods.total, 5);
    EXPECT_EQ(group.methods.at(Method::PassUp, Method::Question), 1);

    ReportFilter since;
    since.since = "2026-03-02";
    since.until = "2026-03-05";
    const Report r2 = build_report(store, since);
    ASSERT_EQ(r2.trainees.size(), 1u);
    EXPECT_EQ(r2.trainees[0].section.attempts, 1);
    EXPECT_EQ(r2.trainees[0].section.methods.total, 1);

    ReportFilter bad;
    bad.since = "1.3.2026";
    try {
        build_report(store, bad);
        FAIL();
    } catch (const StoreError& e) {
        EXPECT_NE(std::string(e.what()).find("YYYY-MM-DD"), std::string::npos);
    }
    ReportFilter nobody;
    nobody.trainee = "Nobody";
    EXPECT_THROW(build_report(store, nobody), StoreError);

    const std::string json = report_json(r);
    EXPECT_NE(json.find("\"objection_methods\""), std::string::npos);
}

}  // namespace
}  // namespace salesim::results
