// What the tests that run on both results backends share: the PostgreSQL test server that ctest
// starts (tests/support/pg_cluster.sh, fixture "postgresql"), and a fixture parameterised by backend
// in which each PostgreSQL test works in a schema of its own, dropped afterwards.
#pragma once

#include "results_test_util.hpp"

#include <salesim/results/open_store.hpp>
#include <salesim/results/sqlite_store.hpp>

#include <gtest/gtest.h>
#include <libpq-fe.h>
#include <sqlite3.h>
#include <unistd.h>

#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <stdexcept>
#include <string>

namespace salesim::results::backend_test {

/// The URL of the test server, or "" when this binary runs outside ctest.
inline std::string server_url() {
    const char* file = std::getenv("SALESIM_TEST_PG_URL_FILE");
    if (file == nullptr) return {};
    std::ifstream in(file);
    std::string url;
    std::getline(in, url);
    if (url.empty())
        throw std::runtime_error(std::string("no PostgreSQL test server: ") + file + " is empty");
    return url;
}

/// Runs SQL on the test server as its superuser; returns the first value of the first row.
inline std::string pg_admin(const std::string& url, const std::string& sql) {
    PGconn* c = PQconnectdb(url.c_str());
    if (PQstatus(c) != CONNECTION_OK) {
        const std::string why = PQerrorMessage(c);
        PQfinish(c);
        throw std::runtime_error("cannot reach the test server: " + why);
    }
    PQclear(PQexec(c, "SET client_min_messages = warning"));
    PGresult* r = PQexec(c, sql.c_str());
    const ExecStatusType st = PQresultStatus(r);
    std::string out;
    if (st == PGRES_TUPLES_OK && PQntuples(r) > 0) out = PQgetvalue(r, 0, 0);
    const std::string why = PQresultErrorMessage(r);
    PQclear(r);
    PQfinish(c);
    if (st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK) throw std::runtime_error(sql + ": " + why);
    return out;
}

inline std::string with_search_path(const std::string& url, const std::string& schema) {
    return url + (url.find('?') == std::string::npos ? "?" : "&") + "options=-csearch_path%3D" + schema;
}

class Backend : public ::testing::TestWithParam<std::string> {
protected:
    void SetUp() override {
        const std::string test = ::testing::UnitTest::GetInstance()->current_test_info()->name();
        std::string tag;
        for (char c : test)
            tag += std::isalnum(static_cast<unsigned char>(c)) ? static_cast<char>(std::tolower(c)) : '_';
        if (GetParam() == "sqlite") {
            m_dir = test::scratch("backend-" + tag.substr(0, 40));
            m_location = (m_dir / "results.db").string();
            return;
        }
        m_server = server_url();
        if (m_server.empty()) GTEST_SKIP() << "no PostgreSQL test server (run under ctest)";
        m_schema = "t_" + std::to_string(::getpid()) + "_" + tag.substr(0, 40);
        pg_admin(m_server, "DROP SCHEMA IF EXISTS " + m_schema + " CASCADE; CREATE SCHEMA " + m_schema);
        m_location = with_search_path(m_server, m_schema);
    }
    void TearDown() override {
        if (!m_schema.empty()) pg_admin(m_server, "DROP SCHEMA IF EXISTS " + m_schema + " CASCADE");
    }

    std::unique_ptr<ResultsStore> open(Access access = Access::ReadWrite) const {
        return open_store(m_location, access);
    }
    /// Writes the schema version as a newer program would.
    void set_version(int v) const {
        if (GetParam() == "sqlite") {
            sqlite3* h = nullptr;
            ASSERT_EQ(sqlite3_open(m_location.c_str(), &h), SQLITE_OK);
            ASSERT_EQ(sqlite3_exec(h, ("PRAGMA user_version=" + std::to_string(v)).c_str(), nullptr, nullptr,
                                   nullptr),
                      SQLITE_OK);
            sqlite3_close(h);
        } else {
            pg_admin(m_server, "UPDATE " + m_schema + ".salesim_schema SET version = " + std::to_string(v));
        }
    }

    std::filesystem::path m_dir;
    std::string m_location;
    std::string m_server;
    std::string m_schema;
};

}  // namespace salesim::results::backend_test
