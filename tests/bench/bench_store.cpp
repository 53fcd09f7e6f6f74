// Decisions written per second and p99 write latency on each results backend, against a bare loop
// of prepared inserts of the same rows on the same backend in the same run (the ratio is the
// figure). The store's write checks the attempt is in progress and commits each decision on its
// own, as play does. PostgreSQL: a throwaway server started with tests/support/pg_cluster.sh, or
// --url URL. A program to run by hand or from scripts/bench.sh, never a timed test.
//   bench_store [--decisions N] [--url postgresql://...] [--smoke]
#include <salesim/results/pg_store.hpp>
#include <salesim/results/sqlite_store.hpp>

#include <libpq-fe.h>
#include <sqlite3.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <stdexcept>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using namespace salesim::results;
using Clock = std::chrono::steady_clock;

namespace {

struct Figures {
    double per_second = 0;
    double p99_ms = 0;
};

Figures measure(int n, const std::function<void(int)>& write) {
    std::vector<double> ms;
    ms.reserve(static_cast<std::size_t>(n));
    const auto start = Clock::now();
    for (int i = 0; i < n; ++i) {
        const auto t0 = Clock::now();
        write(i);
        ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
    }
    const double total = std::chrono::duration<double>(Clock::now() - start).count();
    std::sort(ms.begin(), ms.end());
    return {n / total, ms[static_cast<std::size_t>(static_cast<double>(ms.size() - 1) * 0.99)]};
}

DecisionRow row(int i) {
    DecisionRow d;
    d.index = i;
    d.stage = "handling_objections";
    d.kind = "objection";
    d.ref = "price";
    d.objection_kind = "price";
    d.move = "boomerang";
    d.rule_id = "price-boomerang";
    d.verdict = "best";
    d.points = 80;
    d.best_moves = {"boomerang", "compensation"};
    d.chosen = 1;
    d.timestamp = "2026-03-01T09:30:00.000Z";
    return d;
}

std::int64_t new_attempt(ResultsStore& store) {
    Trainee t;
    t.name = "Bench Trainee";
    t = store.add_trainee(t);
    Attempt a;
    a.trainee_id = t.id;
    a.scenario_id = "chairs-agency";
    a.scenario_title = "Chairs";
    a.content_hash = "x";
    a.rulebook_version = "3";
    a.persona = "Anna";
    a.lang = "en";
    return store.add_attempt(a);
}

const char* bare_table =
    "CREATE TABLE bare (attempt_id BIGINT NOT NULL, idx INTEGER NOT NULL, stage TEXT NOT NULL, kind TEXT NOT "
    "NULL, ref TEXT NOT NULL, objection_kind TEXT NOT NULL, move TEXT NOT NULL, rule_id TEXT NOT NULL, "
    "verdict "
    "TEXT NOT NULL, points INTEGER NOT NULL, hinted INTEGER NOT NULL, best_moves TEXT NOT NULL, chosen "
    "INTEGER "
    "NOT NULL, created TEXT NOT NULL, PRIMARY KEY (attempt_id, idx))";

// The same row, one prepared INSERT per decision, each committed on its own (synchronous=FULL, WAL).
Figures bare_sqlite(const fs::path& file, int n) {
    sqlite3* db = nullptr;
    sqlite3_open(file.c_str(), &db);
    sqlite3_exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL", nullptr, nullptr, nullptr);
    sqlite3_exec(db, bare_table, nullptr, nullptr, nullptr);
    sqlite3_stmt* st = nullptr;
    sqlite3_prepare_v2(db, "INSERT INTO bare VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, 80, 0, ?, 1, ?)", -1, &st,
                       nullptr);
    const Figures f = measure(n, [&](int i) {
        const DecisionRow d = row(i);
        sqlite3_bind_int(st, 1, i);
        const std::string fields[] = {d.stage,    d.kind,    d.ref,     d.objection_kind,
                                      d.move,     d.rule_id, d.verdict, "boomerang,compensation",
                                      d.timestamp};
        for (int k = 0; k < 9; ++k)
            sqlite3_bind_text(st, k + 2, fields[k].c_str(), static_cast<int>(fields[k].size()),
                              SQLITE_TRANSIENT);
        if (sqlite3_step(st) != SQLITE_DONE) throw std::runtime_error(sqlite3_errmsg(db));
        sqlite3_reset(st);
    });
    sqlite3_finalize(st);
    sqlite3_close(db);
    return f;
}

Figures bare_pg(const std::string& url, int n) {
    PGconn* c = PQconnectdb(url.c_str());
    if (PQstatus(c) != CONNECTION_OK) throw std::runtime_error(PQerrorMessage(c));
    PQclear(PQexec(c, bare_table));
    PQclear(PQprepare(c, "ins",
                      "INSERT INTO bare VALUES (1, $1, $2, $3, $4, $5, $6, $7, $8, 80, 0, $9, 1, $10)", 10,
                      nullptr));
    const Figures f = measure(n, [&](int i) {
        const DecisionRow d = row(i);
        const std::string idx = std::to_string(i);
        const std::string best = "boomerang,compensation";
        const char* values[] = {
            idx.c_str(),    d.stage.c_str(),   d.kind.c_str(),    d.ref.c_str(), d.objection_kind.c_str(),
            d.move.c_str(), d.rule_id.c_str(), d.verdict.c_str(), best.c_str(),  d.timestamp.c_str()};
        PGresult* r = PQexecPrepared(c, "ins", 10, values, nullptr, nullptr, 0);
        if (PQresultStatus(r) != PGRES_COMMAND_OK) throw std::runtime_error(PQresultErrorMessage(r));
        PQclear(r);
    });
    PQfinish(c);
    return f;
}

void print(const std::string& backend, const Figures& store, const Figures& bare) {
    std::printf("%-11s  %10.0f  %9.2f  %10.0f  %9.2f  %5.2f\n", backend.c_str(), store.per_second,
                store.p99_ms, bare.per_second, bare.p99_ms, store.per_second / bare.per_second);
}

std::string exec_sql(const std::string& url, const std::string& sql) {
    PGconn* c = PQconnectdb(url.c_str());
    PQclear(PQexec(c, "SET client_min_messages = warning"));
    PQclear(PQexec(c, sql.c_str()));
    PQfinish(c);
    return {};
}

}  // namespace

int main(int argc, char** argv) {
    int n = 2000;
    std::string url;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--decisions" && i + 1 < argc)
            n = std::atoi(argv[++i]);
        else if (a == "--url" && i + 1 < argc)
            url = argv[++i];
        else if (a == "--smoke")
            n = 50;
    }
    const fs::path work = fs::temp_directory_path() / ("salesim-bench-store-" + std::to_string(::getpid()));
    fs::create_directories(work);
    const std::string cluster = std::string("bash '") + SALESIM_SOURCE_DIR + "/tests/support/pg_cluster.sh' ";
    bool started = false;
    try {
        std::printf("%d decisions, each committed on its own; ratio = store / bare prepared inserts\n", n);
        std::printf("%-11s  %10s  %9s  %10s  %9s  %5s\n", "backend", "store/s", "p99 ms", "bare/s", "p99 ms",
                    "ratio");
        {
            SqliteStore store(work / "results.db");
            const std::int64_t id = new_attempt(store);
            const Figures s = measure(n, [&](int i) { store.add_decision(id, row(i)); });
            print("sqlite", s, bare_sqlite(work / "bare.db", n));
        }
        if (url.empty()) {
            if (std::system((cluster + "start '" + (work / "pg").string() + "' >/dev/null").c_str()) != 0)
                throw std::runtime_error(
                    "cannot start a PostgreSQL server (scripts/setup.sh test installs it)");
            started = true;
            std::ifstream in(work / "pg" / "url");
            std::getline(in, url);
        }
        exec_sql(url, "DROP SCHEMA IF EXISTS bench_store CASCADE; CREATE SCHEMA bench_store");
        const std::string in_schema =
            url + (url.find('?') == std::string::npos ? "?" : "&") + "options=-csearch_path%3Dbench_store";
        {
            PgStore store(in_schema);
            const std::int64_t id = new_attempt(store);
            const Figures s = measure(n, [&](int i) { store.add_decision(id, row(i)); });
            print("postgresql", s, bare_pg(in_schema, n));
        }
        exec_sql(url, "DROP SCHEMA IF EXISTS bench_store CASCADE");
    } catch (const std::exception& e) {
        std::cerr << "bench_store: " << e.what() << "\n";
        if (started) std::system((cluster + "stop '" + (work / "pg").string() + "' >/dev/null").c_str());
        fs::remove_all(work);
        return 1;
    }
    if (started) std::system((cluster + "stop '" + (work / "pg").string() + "' >/dev/null").c_str());
    fs::remove_all(work);
    return 0;
}
