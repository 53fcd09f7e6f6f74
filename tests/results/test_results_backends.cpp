// The results store's contract, run on both backends: the embedded SQLite file and a real
// PostgreSQL server that ctest starts on 127.0.0.1 (backend_test_util.hpp).
#include "backend_test_util.hpp"
#include "results_test_util.hpp"

#include <salesim/results/open_store.hpp>
#include <salesim/results/pg_store.hpp>
#include <salesim/results/recorder.hpp>
#include <salesim/results/report.hpp>
#include <salesim/results/sqlite_store.hpp>
#include <salesim/results/uuid.hpp>

#include <gtest/gtest.h>
#include <libpq-fe.h>
#include <sqlite3.h>

#include <atomic>
#include <cctype>
#include <cstdlib>
#include <fstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace salesim::results {
namespace {

using namespace backend_test;

Attempt sample_attempt(std::int64_t trainee, const std::string& scenario, const std::string& started) {
    Attempt a;
    a.trainee_id = trainee;
    a.scenario_id = scenario;
    a.scenario_title = "Title of " + scenario;
    a.content_hash = "abc123";
    a.rulebook_version = "3";
    a.persona = "Anna";
    a.seed = 18446744073709551615ULL;  // the largest seed survives as text on both backends
    a.lang = "fi";
    a.started = started;
    a.mode = Mode::Practice;
    a.stage_scores = {{"approach", 80}, {"closing", 40}};
    a.competency_scores = {{"listening", 70}};
    return a;
}

DecisionRow sample_decision(int index) {
    DecisionRow d;
    d.index = index;
    d.stage = "handling_objections";
    d.kind = "objection";
    d.ref = "price";
    d.objection_kind = "price";
    d.move = "boomerang";
    d.rule_id = "price-boomerang";
    d.verdict = "best";
    d.points = 100 - index;
    d.hinted = index % 2 == 1;
    d.best_moves = {"boomerang", "compensation"};
    d.chosen = index;
    d.timestamp = "2026-03-01T09:30:0" + std::to_string(index) + ".000Z";
    return d;
}

TEST_P(Backend, TraineesRoundTripInByteOrderAndATakenNameIsRefused) {
    auto store = open();
    for (const char* name : {"Ödön Öhman", "bob", "Alice", "Zed"}) {
        Trainee t;
        t.name = name;
        store->add_trainee(t);
    }
    Trainee with_ids;
    with_ids.name = "Maija Virtanen";
    with_ids.external_id = "S-1001";
    with_ids.email = "maija@example.fi";
    const Trainee added = store->add_trainee(with_ids);
    EXPECT_GT(added.id, 0);
    EXPECT_TRUE(is_uuid(added.uuid));
    std::vector<std::string> names;
    for (const Trainee& t : store->trainees()) names.push_back(t.name);
    EXPECT_EQ(names, (std::vector<std::string>{"Alice", "Maija Virtanen", "Zed", "bob", "Ödön Öhman"}));
    EXPECT_EQ(store->find_trainee("Maija Virtanen")->email, "maija@example.fi");
    EXPECT_EQ(store->find_trainee_by_uuid(added.uuid)->name, "Maija Virtanen");
    EXPECT_EQ(store->find_trainee_by_external_id("S-1001")->id, added.id);
    EXPECT_EQ(store->trainee(added.id)->external_id, "S-1001");
    EXPECT_FALSE(store->find_trainee("maija virtanen"));
    EXPECT_FALSE(store->find_trainee_by_external_id(""));

    Trainee again;
    again.name = "bob";
    try {
        store->add_trainee(again);
        FAIL() << "a taken name was stored";
    } catch (const StoreError& e) {
        EXPECT_EQ(e.kind(), StoreErrorKind::Refused);
        EXPECT_NE(std::string(e.what()).find("already a trainee named 'bob'"), std::string::npos) << e.what();
    }
    Trainee same_id;
    same_id.name = "Someone Else";
    same_id.external_id = "S-1001";
    try {
        store->add_trainee(same_id);
        FAIL() << "a taken external id was stored";
    } catch (const StoreError& e) {
        EXPECT_NE(std::string(e.what()).find("already belongs to trainee 'Maija Virtanen'"),
                  std::string::npos)
            << e.what();
    }
    // The store is still usable after a refusal (PostgreSQL aborts a transaction on an error).
    Trainee after;
    after.name = "After Refusal";
    EXPECT_GT(store->add_trainee(after).id, 0);
    EXPECT_EQ(store->trainees().size(), 6U);
}

TEST_P(Backend, ExternalIdsAreSetClearedAndNeverShared) {
    auto store = open();
    Trainee a;
    a.name = "A";
    Trainee b;
    b.name = "B";
    a = store->add_trainee(a);
    b = store->add_trainee(b);
    store->update_trainee_ids(a.id, "X-1", "a@example.fi");
    EXPECT_EQ(store->trainee(a.id)->external_id, "X-1");
    EXPECT_THROW(store->update_trainee_ids(b.id, "X-1", ""), StoreError);
    EXPECT_EQ(store->trainee(b.id)->external_id, "");
    store->update_trainee_ids(a.id, "", "");
    EXPECT_EQ(store->trainee(a.id)->email, "");
    store->update_trainee_ids(b.id, "X-1", "");  // free again
    EXPECT_EQ(store->find_trainee_by_external_id("X-1")->name, "B");
}

TEST_P(Backend, GroupsMembersAndModes) {
    auto store = open();
    Trainee t;
    t.name = "Maija";
    t = store->add_trainee(t);
    const Group g = store->add_group("Myynti 2B");
    const Group h = store->add_group("Aamuryhmä");
    EXPECT_THROW(store->add_group("Myynti 2B"), StoreError);
    EXPECT_TRUE(store->join_group(g.id, t.id));
    EXPECT_FALSE(store->join_group(g.id, t.id));
    EXPECT_TRUE(store->join_group(h.id, t.id));
    ASSERT_EQ(store->members(g.id).size(), 1U);
    EXPECT_EQ(store->members(g.id)[0].name, "Maija");
    std::vector<std::string> names;
    for (const Group& x : store->groups_of(t.id)) names.push_back(x.name);
    EXPECT_EQ(names, (std::vector<std::string>{"Aamuryhmä", "Myynti 2B"}));
    store->set_group_mode(g.id, Mode::Assessment);
    EXPECT_EQ(store->find_group("Myynti 2B")->mode, Mode::Assessment);
    EXPECT_EQ(required_mode_group(*store, t.id)->name, "Myynti 2B");
    store->set_group_mode(g.id, std::nullopt);
    EXPECT_FALSE(store->find_group("Myynti 2B")->mode);
    EXPECT_THROW(store->set_group_mode(9999, Mode::Practice), StoreError);
    EXPECT_TRUE(store->leave_group(g.id, t.id));
    EXPECT_FALSE(store->leave_group(g.id, t.id));
    EXPECT_TRUE(store->members(g.id).empty());
    EXPECT_EQ(store->groups().size(), 2U);
}

TEST_P(Backend, ScenariosAreAssignedToAGroupInOrderEachOnce) {
    auto store = open();
    const Group g = store->add_group("Myynti 2B");
    const Group h = store->add_group("Aamuryhmä");
    const auto assigned = [&](const Group& group) { return store->assigned_scenarios(group.id); };
    EXPECT_TRUE(assigned(g).empty());
    // In the order assigned, not by id.
    EXPECT_TRUE(store->assign_scenario(g.id, "chairs-agency"));
    EXPECT_TRUE(store->assign_scenario(g.id, "bike-shop"));
    EXPECT_TRUE(store->assign_scenario(g.id, "accounting-software"));
    EXPECT_FALSE(store->assign_scenario(g.id, "chairs-agency"));
    EXPECT_EQ(assigned(g), (std::vector<std::string>{"chairs-agency", "bike-shop", "accounting-software"}));
    EXPECT_TRUE(store->assign_scenario(h.id, "bike-shop"));
    EXPECT_TRUE(store->unassign_scenario(g.id, "bike-shop"));
    EXPECT_FALSE(store->unassign_scenario(g.id, "bike-shop"));
    EXPECT_EQ(assigned(g), (std::vector<std::string>{"chairs-agency", "accounting-software"}));
    EXPECT_EQ(assigned(h), (std::vector<std::string>{"bike-shop"}));
    // Assigned again, it goes last.
    EXPECT_TRUE(store->assign_scenario(g.id, "bike-shop"));
    EXPECT_EQ(assigned(g), (std::vector<std::string>{"chairs-agency", "accounting-software", "bike-shop"}));

    for (const auto& [group, id] : {std::pair<std::int64_t, std::string>{9999, "bike-shop"}, {g.id, ""}}) {
        try {
            store->assign_scenario(group, id);
            FAIL() << "assigned '" << id << "' to group " << group;
        } catch (const StoreError& e) {
            EXPECT_EQ(e.kind(), StoreErrorKind::Refused) << e.what();
        }
    }
    // A refusal leaves the store usable (PostgreSQL aborts a transaction on an error), and a
    // transaction that fails takes its assignments back.
    EXPECT_TRUE(store->assign_scenario(h.id, "chairs-agency"));
    EXPECT_THROW(store->transaction([&] {
        store->assign_scenario(h.id, "industrial-sensors");
        throw std::runtime_error("stop");
    }),
                 std::runtime_error);
    EXPECT_EQ(assigned(h), (std::vector<std::string>{"bike-shop", "chairs-agency"}));

    auto reader = open(Access::ReadOnly);
    EXPECT_EQ(reader->assigned_scenarios(g.id).size(), 3U);
    try {
        reader->assign_scenario(g.id, "industrial-sensors");
        FAIL() << "a store opened for reading wrote";
    } catch (const StoreError& e) {
        EXPECT_EQ(e.kind(), StoreErrorKind::CannotWrite) << e.what();
    }
}

TEST_P(Backend, AttemptsAndDecisionsRoundTripAndADecisionIsWrittenOnce) {
    auto store = open();
    Trainee t;
    t.name = "Maija";
    t = store->add_trainee(t);
    const std::int64_t id =
        store->add_attempt(sample_attempt(t.id, "chairs-agency", "2026-03-01T09:00:00.000Z"));
    for (int i = 0; i < 3; ++i) store->add_decision(id, sample_decision(i));
    try {
        store->add_decision(id, sample_decision(1));
        FAIL() << "a decision was stored twice";
    } catch (const StoreError& e) {
        EXPECT_NE(std::string(e.what()).find("already has a decision 2"), std::string::npos) << e.what();
    }
    const auto rows = store->decisions(id);
    ASSERT_EQ(rows.size(), 3U);
    for (int i = 0; i < 3; ++i) {
        const DecisionRow want = sample_decision(i);
        EXPECT_EQ(rows[static_cast<std::size_t>(i)].points, want.points);
        EXPECT_EQ(rows[static_cast<std::size_t>(i)].hinted, want.hinted);
        EXPECT_EQ(rows[static_cast<std::size_t>(i)].best_moves, want.best_moves);
        EXPECT_EQ(rows[static_cast<std::size_t>(i)].timestamp, want.timestamp);
        EXPECT_EQ(rows[static_cast<std::size_t>(i)].move, "boomerang");
    }
    Attempt a = *store->attempt(id);
    EXPECT_EQ(a.seed, 18446744073709551615ULL);
    EXPECT_EQ(a.mode, Mode::Practice);
    EXPECT_EQ(a.status, AttemptStatus::InProgress);
    EXPECT_EQ(a.outcome, "in_progress");
    EXPECT_EQ(a.stage_scores.at("approach"), 80);
    a.status = AttemptStatus::Finished;
    a.finished = "2026-03-01T09:20:00.000Z";
    a.outcome = "sale";
    a.overall = 77;
    a.passed = true;
    a.stage_scores = {{"closing", 90}};
    store->update_attempt(a);
    const Attempt done = *store->find_attempt(a.uuid);
    EXPECT_EQ(done.overall, 77);
    EXPECT_TRUE(done.passed);
    EXPECT_EQ(done.stage_scores, (std::map<std::string, int>{{"closing", 90}}));
    EXPECT_EQ(done.competency_scores.at("listening"), 70);
    EXPECT_THROW(store->add_decision(id, sample_decision(3)), StoreError);  // finished
    EXPECT_THROW(store->add_attempt(sample_attempt(9999, "x", "2026-03-01T00:00:00Z")), StoreError);
    Attempt dup = sample_attempt(t.id, "chairs-agency", "2026-03-02T00:00:00Z");
    dup.uuid = a.uuid;
    EXPECT_THROW(store->add_attempt(dup), StoreError);
    EXPECT_EQ(store->attempts().size(), 1U);
}

TEST_P(Backend, AttemptFiltersSelectTheSameRows) {
    auto store = open();
    Trainee a;
    a.name = "A";
    Trainee b;
    b.name = "B";
    a = store->add_trainee(a);
    b = store->add_trainee(b);
    const Group g = store->add_group("G");
    store->join_group(g.id, b.id);
    store->add_attempt(sample_attempt(a.id, "s1", "2026-03-01T10:00:00.000Z"));
    Attempt guided = sample_attempt(b.id, "s2", "2026-03-02T10:00:00.000Z");
    guided.mode = Mode::Guided;
    guided.status = AttemptStatus::Abandoned;
    store->add_attempt(guided);
    store->add_attempt(sample_attempt(b.id, "s1", "2026-03-03T10:00:00.000Z"));
    const auto count = [&](AttemptFilter f) { return store->attempts(f).size(); };
    EXPECT_EQ(count({}), 3U);
    AttemptFilter f;
    f.trainee_id = b.id;
    EXPECT_EQ(count(f), 2U);
    f = {};
    f.group_id = g.id;
    EXPECT_EQ(count(f), 2U);
    f = {};
    f.scenario_id = "s1";
    EXPECT_EQ(count(f), 2U);
    f = {};
    f.since = "2026-03-02";
    f.until = "2026-03-02T23:59:59.999Z";
    EXPECT_EQ(count(f), 1U);
    f = {};
    f.status = AttemptStatus::Abandoned;
    EXPECT_EQ(count(f), 1U);
    f = {};
    f.mode = Mode::Practice;
    EXPECT_EQ(count(f), 2U);
    const auto all = store->attempts();
    EXPECT_EQ(all.front().started, "2026-03-01T10:00:00.000Z");  // oldest first
    EXPECT_EQ(all.back().scenario_id, "s1");
}

TEST_P(Backend, ATransactionIsAllOrNothingAndSavepointsNest) {
    auto store = open();
    EXPECT_THROW(store->transaction([&] {
        Trainee t;
        t.name = "Rolled Back";
        store->add_trainee(t);
        throw std::runtime_error("stop");
    }),
                 std::runtime_error);
    EXPECT_FALSE(store->find_trainee("Rolled Back"));
    store->transaction([&] {
        Trainee t;
        t.name = "Kept";
        store->add_trainee(t);
        Trainee dup;
        dup.name = "Kept";
        EXPECT_THROW(store->add_trainee(dup), StoreError);  // refused inside; the outer goes on
        Trainee more;
        more.name = "Also Kept";
        store->add_trainee(more);
    });
    EXPECT_TRUE(store->find_trainee("Kept"));
    EXPECT_TRUE(store->find_trainee("Also Kept"));
}

TEST_P(Backend, HostileNamesAreStoredAsTextWithBoundParameters) {
    auto store = open();
    const std::vector<std::string> hostile = {"Robert'); DROP TABLE trainees; --", "x' OR '1'='1",
                                              "\"quoted\" ? $1 %s %n", "a\\b; DELETE FROM attempts",
                                              "Ünïcödé 🎉 名前"};
    for (const std::string& name : hostile) {
        Trainee t;
        t.name = name;
        t.external_id = name + "-id";
        const Trainee added = store->add_trainee(t);
        const Group g = store->add_group(name);
        store->join_group(g.id, added.id);
        store->add_attempt(sample_attempt(added.id, name, "2026-03-01T10:00:00.000Z"));
    }
    for (const std::string& name : hostile) {
        const auto t = store->find_trainee(name);
        ASSERT_TRUE(t) << name;
        EXPECT_EQ(t->name, name);
        EXPECT_EQ(store->find_trainee_by_external_id(name + "-id")->id, t->id);
        EXPECT_EQ(store->members(store->find_group(name)->id).size(), 1U);
        AttemptFilter f;
        f.scenario_id = name;
        EXPECT_EQ(store->attempts(f).size(), 1U) << name;
    }
    EXPECT_EQ(store->trainees().size(), hostile.size());
    EXPECT_EQ(store->attempts().size(), hostile.size());
}

TEST_P(Backend, AStoreOpenedForReadingNeverWrites) {
    {
        auto empty = open(Access::ReadOnly);  // nothing there yet: reads as empty, creates nothing
        EXPECT_TRUE(empty->trainees().empty());
        EXPECT_TRUE(empty->attempts().empty());
        Trainee t;
        t.name = "Nobody";
        try {
            empty->add_trainee(t);
            FAIL() << "a store opened for reading wrote";
        } catch (const StoreError& e) {
            EXPECT_EQ(e.kind(), StoreErrorKind::CannotWrite) << e.what();
        }
    }
    {
        auto writer = open();
        Trainee t;
        t.name = "Maija";
        writer->add_trainee(t);
    }
    auto reader = open(Access::ReadOnly);
    EXPECT_EQ(reader->trainees().size(), 1U);
    EXPECT_THROW(reader->add_group("G"), StoreError);
    EXPECT_FALSE(open()->find_group("G"));
}

TEST_P(Backend, ADatabaseOfANewerProgramIsRefusedAndLeftAlone) {
    {
        auto store = open();
        Trainee t;
        t.name = "Maija";
        store->add_trainee(t);
    }
    set_version(schema_version + 1);
    for (Access access : {Access::ReadWrite, Access::ReadOnly}) {
        try {
            open(access);
            FAIL() << "a newer schema was opened";
        } catch (const StoreError& e) {
            EXPECT_EQ(e.kind(), StoreErrorKind::TooNew) << e.what();
            EXPECT_NE(std::string(e.what()).find("newer Salesim"), std::string::npos);
        }
    }
    set_version(schema_version);
    EXPECT_TRUE(open()->find_trainee("Maija"));
}

// Version 5 to 6: a database of the release before assignments reads with none (and is not
// changed by a reader), and opened for writing gets the table, keeping everything else.
TEST_P(Backend, ADatabaseOfVersionFiveMigratesToScenarioAssignments) {
    {
        auto store = open();
        Trainee t;
        t.name = "Maija";
        t = store->add_trainee(t);
        const Group g = store->add_group("Myynti 2B");
        store->join_group(g.id, t.id);
        store->set_group_mode(g.id, Mode::Practice);
    }
    const auto has_table = [&] {
        if (GetParam() != "sqlite")
            return pg_admin(m_server,
                            "SELECT count(*) FROM information_schema.tables WHERE table_schema = '" +
                                m_schema + "' AND table_name = 'group_scenarios'") == "1";
        sqlite3* h = nullptr;
        sqlite3_open(m_location.c_str(), &h);
        sqlite3_stmt* st = nullptr;
        sqlite3_prepare_v2(h, "SELECT count(*) FROM sqlite_master WHERE name = 'group_scenarios'", -1, &st,
                           nullptr);
        const bool found = sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0) == 1;
        sqlite3_finalize(st);
        sqlite3_close(h);
        return found;
    };
    const auto stored_version = [&] {
        if (GetParam() != "sqlite")
            return std::stoi(pg_admin(m_server, "SELECT max(version) FROM " + m_schema + ".salesim_schema"));
        sqlite3* h = nullptr;
        sqlite3_open(m_location.c_str(), &h);
        sqlite3_stmt* st = nullptr;
        sqlite3_prepare_v2(h, "PRAGMA user_version", -1, &st, nullptr);
        const int version = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : -1;
        sqlite3_finalize(st);
        sqlite3_close(h);
        return version;
    };
    ASSERT_TRUE(has_table());
    if (GetParam() == "sqlite") {
        sqlite3* h = nullptr;
        ASSERT_EQ(sqlite3_open(m_location.c_str(), &h), SQLITE_OK);
        ASSERT_EQ(sqlite3_exec(h, "DROP TABLE group_scenarios", nullptr, nullptr, nullptr), SQLITE_OK);
        sqlite3_close(h);
    } else {
        pg_admin(m_server, "DROP TABLE " + m_schema + ".group_scenarios");
    }
    set_version(5);
    {
        auto reader = open(Access::ReadOnly);
        const auto g = reader->find_group("Myynti 2B");
        ASSERT_TRUE(g);
        EXPECT_TRUE(reader->assigned_scenarios(g->id).empty());
        EXPECT_EQ(reader->members(g->id).size(), 1U);
    }
    EXPECT_FALSE(has_table());
    EXPECT_EQ(stored_version(), 5);

    auto store = open();
    EXPECT_TRUE(has_table());
    EXPECT_EQ(stored_version(), schema_version);
    const auto g = store->find_group("Myynti 2B");
    ASSERT_TRUE(g);
    EXPECT_EQ(g->mode, Mode::Practice);
    EXPECT_EQ(store->members(g->id).size(), 1U);
    EXPECT_TRUE(store->assign_scenario(g->id, "chairs-agency"));
    EXPECT_EQ(store->assigned_scenarios(g->id), (std::vector<std::string>{"chairs-agency"}));
}

TEST_P(Backend, FourConcurrentWritersLoseNothingAndWriteNothingTwice) {
    open();  // created and migrated once
    constexpr int writers = 4;
    constexpr int trainees_each = 10;
    constexpr int decisions_each = 5;
    std::atomic<int> failures{0};
    std::vector<std::thread> threads;
    for (int w = 0; w < writers; ++w) {
        threads.emplace_back([&, w] {
            try {
                auto store = open();
                for (int i = 0; i < trainees_each; ++i) {
                    Trainee t;
                    t.name = "W" + std::to_string(w) + "-T" + std::to_string(i);
                    t = store->add_trainee(t);
                    const auto id = store->add_attempt(sample_attempt(t.id, "s", "2026-03-01T10:00:00.000Z"));
                    for (int d = 0; d < decisions_each; ++d) {
                        store->add_decision(id, sample_decision(d));
                        // a re-send of the same decision is refused, never stored twice
                        if (d == 2) {
                            EXPECT_THROW(store->add_decision(id, sample_decision(d)), StoreError);
                        }
                    }
                }
            } catch (const std::exception& e) {
                ++failures;
                ADD_FAILURE() << "writer " << w << ": " << e.what();
            }
        });
    }
    for (std::thread& t : threads) t.join();
    EXPECT_EQ(failures.load(), 0);
    auto store = open(Access::ReadOnly);
    EXPECT_EQ(store->trainees().size(), static_cast<std::size_t>(writers * trainees_each));
    std::size_t decisions = 0;
    for (const Attempt& a : store->attempts()) decisions += store->decisions(a.id).size();
    EXPECT_EQ(decisions, static_cast<std::size_t>(writers * trainees_each * decisions_each));
}

TEST_P(Backend, ARecordedPlayReportsTheSameOnBothBackends) {
    auto store = open();
    Recorder rec(*store);
    test::play_recorded(rec, "Maija", "chairs-agency", 7, 0);
    test::play_recorded(rec, "Maija", "chairs-agency", 7, 1);
    test::play_recorded(rec, "Pekka", "chairs-agency", 7, 0, 1);
    const Report r = build_report(*store, ReportFilter{});
    ASSERT_EQ(r.trainees.size(), 2U);
    EXPECT_EQ(r.trainees[0].trainee.name, "Maija");
    EXPECT_EQ(store->attempts().size(), 3U);
    std::size_t decisions = 0;
    for (const Attempt& a : store->attempts()) {
        EXPECT_EQ(a.status, AttemptStatus::Finished);
        decisions += store->decisions(a.id).size();
    }
    EXPECT_GT(decisions, 9U);
    EXPECT_EQ(store->find_trainee("Pekka")->name, "Pekka");
}

INSTANTIATE_TEST_SUITE_P(Both, Backend, ::testing::Values("sqlite", "postgresql"),
                         [](const ::testing::TestParamInfo<std::string>& p) { return p.param; });

TEST(PgTls, TheConnectionStringsTlsSettingsAreHonoured) {
    const std::string url = server_url();
    if (url.empty()) GTEST_SKIP() << "no PostgreSQL test server (run under ctest)";
    const std::string ca =
        (std::filesystem::path(std::getenv("SALESIM_TEST_PG_URL_FILE")).parent_path() / "ca.crt").string();
    pg_admin(url, "DROP SCHEMA IF EXISTS tls_test CASCADE; CREATE SCHEMA tls_test");
    const std::string base = with_search_path(url, "tls_test");
    // verify-full with the server's certificate: the store works, over TLS.
    const std::string verified = base + "&sslmode=verify-full&sslrootcert=" + ca;
    {
        PgStore store(verified);
        Trainee t;
        t.name = "Over TLS";
        store.add_trainee(t);
        EXPECT_TRUE(store.find_trainee("Over TLS"));
    }
    EXPECT_EQ(pg_admin(verified, "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()"), "t");
    EXPECT_EQ(pg_admin(base + "&sslmode=disable", "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()"),
              "f");
    // A root certificate the server's is not signed by: refused, and said so.
    const auto other = test::scratch("tls-other");
    const std::string other_ca = (other / "other.crt").string();
    ASSERT_EQ(std::system(("openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=other -keyout '" +
                           (other / "other.key").string() + "' -out '" + other_ca + "' >/dev/null 2>&1")
                              .c_str()),
              0);
    try {
        PgStore store(base + "&sslmode=verify-full&sslrootcert=" + other_ca);
        FAIL() << "a server with a certificate nobody vouches for was used";
    } catch (const StoreError& e) {
        EXPECT_EQ(e.kind(), StoreErrorKind::Unavailable);
        EXPECT_NE(std::string(e.what()).find("certificate"), std::string::npos) << e.what();
    }
    pg_admin(url, "DROP SCHEMA IF EXISTS tls_test CASCADE");
}

TEST(PgLocation, PasswordsAreNeverShown) {
    EXPECT_EQ(redact_url("postgresql://teacher:s3cr%40t@db.school.fi:5432/salesim?sslmode=require"),
              "postgresql://teacher:***@db.school.fi:5432/salesim?sslmode=require");
    EXPECT_EQ(redact_url("postgresql://teacher@db/salesim?password=hunter2&sslmode=verify-full"),
              "postgresql://teacher@db/salesim?password=***&sslmode=verify-full");
    EXPECT_EQ(redact_url("postgres://db/salesim"), "postgres://db/salesim");
    EXPECT_EQ(display_location("sqlite:/tmp/r.db"), "/tmp/r.db");
    EXPECT_TRUE(is_postgresql_url("postgres://x"));
    EXPECT_FALSE(is_postgresql_url("/home/maija/postgresql://x"));
}

TEST(PgLocation, AServerThatIsNotThereIsAClearErrorWithoutThePassword) {
    // A port nothing listens on (the test server's own port + 0 would be taken; port 1 never is).
    try {
        PgStore store("postgresql://teacher:topsecret@127.0.0.1:1/salesim?connect_timeout=5");
        FAIL() << "connected to nothing";
    } catch (const StoreError& e) {
        const std::string what = e.what();
        EXPECT_EQ(e.kind(), StoreErrorKind::Unavailable);
        EXPECT_EQ(what.find("topsecret"), std::string::npos) << what;
        EXPECT_NE(what.find("postgresql://teacher:***@127.0.0.1:1/salesim"), std::string::npos) << what;
        EXPECT_NE(what.find("PostgreSQL server is running"), std::string::npos) << what;
    }
}

}  // namespace
}  // namespace salesim::results
