// Sending statements to an LRS: the address, the record of what was sent, and the sender against an
// LRS on 127.0.0.1 (cpp-httplib's server) that can refuse, conflict and fail on purpose.
#include "results_test_util.hpp"

#include <salesim/results/exchange.hpp>
#include <salesim/results/lrs.hpp>
#include <salesim/results/sqlite_store.hpp>

#include <gtest/gtest.h>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <map>
#include <mutex>
#include <set>
#include <thread>

namespace salesim::results {
namespace {

using namespace std::chrono_literals;

TEST(LrsUrl, AddsStatementsAndKeepsNoCredentials) {
    auto e = parse_lrs_url("https://lrs.example.org/xapi/");
    ASSERT_TRUE(e);
    EXPECT_EQ(e->scheme, "https");
    EXPECT_EQ(e->host, "lrs.example.org");
    EXPECT_EQ(e->port, 443);
    EXPECT_EQ(e->path, "/xapi/statements");
    EXPECT_EQ(e->url(), "https://lrs.example.org/xapi/statements");
    EXPECT_FALSE(e->has_userinfo);

    e = parse_lrs_url("http://127.0.0.1:8080/data/xAPI/statements");
    ASSERT_TRUE(e);
    EXPECT_EQ(e->port, 8080);
    EXPECT_EQ(e->url(), "http://127.0.0.1:8080/data/xAPI/statements");

    e = parse_lrs_url("HTTP://user:pa:ss@[::1]:9000");
    ASSERT_TRUE(e);
    EXPECT_TRUE(e->has_userinfo);
    EXPECT_EQ(e->url(), "http://[::1]:9000/statements");

    for (const char* bad : {"ftp://lrs.example.org/xapi", "lrs.example.org/xapi", "http:///xapi",
                            "http://lrs.example.org:0/x", "http://lrs.example.org:99999/x",
                            "http://lrs.example.org/x?a=1", "http://lrs example.org/x", "https://[::1/x"})
        EXPECT_FALSE(parse_lrs_url(bad)) << bad;
}

TEST(LrsLedger, KeepsIdsPerEndpointAndRefusesOtherFiles) {
    LrsLedger ledger;
    ledger.add("http://a/statements", {"1", "2"});
    ledger.add("http://b/statements", {"2"});
    ledger.add("http://a/statements", {"2", "3"});
    const LrsLedger again = LrsLedger::parse(ledger.dump());
    EXPECT_TRUE(again.has("http://a/statements", "3"));
    EXPECT_FALSE(again.has("http://b/statements", "1"));
    EXPECT_EQ(again.size("http://a/statements"), 3u);
    EXPECT_EQ(again.size("http://c/statements"), 0u);
    EXPECT_EQ(again.dump(), ledger.dump());
    for (const char* bad :
         {"", "[]", "{\"format\": \"other\"}", "{\"format\": \"salesim-lrs-sent\", \"version\": 2}",
          "{\"format\": \"salesim-lrs-sent\", \"version\": 1, \"endpoints\": {\"x\": [1]}}"})
        EXPECT_THROW(LrsLedger::parse(bad), std::runtime_error) << bad;
}

TEST(LrsStatements, AreTheExportsStatementsOneByOne) {
    const auto dir = test::scratch("lrs-statements");
    SqliteStore store(dir / "results.db");
    Recorder rec(store);
    test::play_recorded(rec, "Anna", "tutorial-first-sale", 1, 0);
    test::play_recorded(rec, "Bob", "bike-shop", 2, 1, 1);
    Warnings w;
    const auto exported = nlohmann::ordered_json::parse(export_xapi(store, {}, w));
    const std::vector<XapiStatement> statements = xapi_statements(store, {});
    ASSERT_EQ(statements.size(), exported.size());
    for (std::size_t i = 0; i < statements.size(); ++i) {
        EXPECT_EQ(statements[i].id, exported[i]["id"].get<std::string>());
        EXPECT_EQ(statements[i].json, exported[i].dump());
    }
}

// An LRS on 127.0.0.1 that keeps statements by id and can be told to misbehave.
class TestLrs {
public:
    TestLrs() {
        m_server.Post("/xapi/statements", [this](const httplib::Request& req, httplib::Response& res) {
            handle(req, res, false);
        });
        m_server.Put("/xapi/statements",
                     [this](const httplib::Request& req, httplib::Response& res) { handle(req, res, true); });
        m_port = m_server.bind_to_any_port("127.0.0.1");
        m_thread = std::thread([this] { m_server.listen_after_bind(); });
        // Listening from bind_to_any_port on; stop() needs the loop to be running.
        for (int i = 0; i < 5000 && !m_server.is_running(); ++i) std::this_thread::sleep_for(1ms);
    }
    ~TestLrs() { stop(); }
    void stop() {
        m_server.stop();
        if (m_thread.joinable()) m_thread.join();
    }

    LrsEndpoint endpoint() const {
        return *parse_lrs_url("http://127.0.0.1:" + std::to_string(m_port) + "/xapi");
    }

    std::mutex lock;
    int fail_first = 0;                          ///< answer this many requests 503
    std::set<std::string> invalid;               ///< ids answered 400
    std::map<std::string, nlohmann::json> held;  ///< by id
    int posts = 0, puts = 0, requests = 0;

private:
    void handle(const httplib::Request& req, httplib::Response& res, bool put) {
        std::lock_guard<std::mutex> guard(lock);
        ++requests;
        if (fail_first > 0) {
            --fail_first;
            res.status = 503;
            return;
        }
        if (req.get_header_value("X-Experience-API-Version") != "1.0.3" ||
            req.get_header_value("Content-Type") != "application/json") {
            res.status = 400;
            res.set_content(R"({"message": "headers"})", "application/json");
            return;
        }
        if (req.get_header_value("Authorization") != "Basic dTpwIHc=" /* u:p w */) {
            res.status = 401;
            res.set_content(R"({"message": "who are you"})", "application/json");
            return;
        }
        (put ? puts : posts)++;
        nlohmann::json body = nlohmann::json::parse(req.body);
        if (put) {
            EXPECT_EQ(req.get_param_value("statementId"), body["id"].get<std::string>());
            body = nlohmann::json::array({body});
        }
        for (const auto& s : body) {
            const std::string id = s["id"];
            if (invalid.contains(id)) {
                res.status = 400;
                res.set_content(nlohmann::json{{"message", "bad statement " + id}}.dump(),
                                "application/json");
                return;
            }
            if (auto it = held.find(id); it != held.end() && it->second != s) {
                res.status = 409;
                return;
            }
        }
        nlohmann::json ids = nlohmann::json::array();
        for (const auto& s : body) {
            held[s["id"]] = s;
            ids.push_back(s["id"]);
        }
        res.status = put ? 204 : 200;
        if (!put) res.set_content(ids.dump(), "application/json");
    }

    httplib::Server m_server;
    int m_port = 0;
    std::thread m_thread;
};

std::vector<XapiStatement> statements(int n) {
    std::vector<XapiStatement> out;
    for (int i = 0; i < n; ++i) {
        const std::string id =
            "00000000-0000-4000-8000-" + std::string(12 - std::to_string(i).size(), '0') + std::to_string(i);
        out.push_back({id, nlohmann::json{{"id", id}, {"n", i}}.dump()});
    }
    return out;
}

struct SendRun {
    SendCounts counts;
    std::vector<std::vector<std::string>> acknowledged;
    std::vector<std::chrono::milliseconds> waits;
};

void send(TestLrs& lrs, const std::vector<XapiStatement>& s, SendRun& run, const char* password = "p w") {
    HttpOptions http;
    http.credentials = LrsCredentials{"u", password};
    http.connect_timeout = 5s;
    const auto transport = http_transport(lrs.endpoint(), http);
    SendOptions options;
    options.wait = [&](std::chrono::milliseconds d) { run.waits.push_back(d); };
    options.acknowledged = [&](const std::vector<std::string>& ids) { run.acknowledged.push_back(ids); };
    send_statements(*transport, s, options, run.counts);
}

TEST(LrsSend, SendsInBatchesOfFiftyAndAcknowledgesEach) {
    TestLrs lrs;
    SendRun run;
    send(lrs, statements(120), run);
    EXPECT_EQ(run.counts.sent, 120);
    EXPECT_EQ(run.counts.already_there, 0);
    EXPECT_EQ(lrs.posts, 3);
    EXPECT_EQ(lrs.held.size(), 120u);
    ASSERT_EQ(run.acknowledged.size(), 3u);
    EXPECT_EQ(run.acknowledged[0].size(), 50u);
    EXPECT_EQ(run.acknowledged[2].size(), 20u);
    EXPECT_EQ(run.acknowledged[2].back(), statements(120).back().id);
    EXPECT_TRUE(run.waits.empty());
}

TEST(LrsSend, AConflictingBatchGoesOneByOne) {
    TestLrs lrs;
    const auto s = statements(60);
    lrs.held[s[3].id] = nlohmann::json{{"id", s[3].id}, {"n", "other"}};
    SendRun run;
    send(lrs, s, run);
    EXPECT_EQ(run.counts.sent, 59);
    EXPECT_EQ(run.counts.already_there, 1);
    EXPECT_EQ(lrs.posts, 2);  // the first batch was refused, the second went whole
    EXPECT_EQ(lrs.puts, 50);
    EXPECT_EQ(run.acknowledged.size(), 51u);
    EXPECT_EQ(lrs.held[s[3].id]["n"], "other");  // the LRS's own is kept
}

TEST(LrsSend, AnInvalidStatementStopsWithItsIdAndTheLrsMessage) {
    TestLrs lrs;
    const auto s = statements(10);
    lrs.invalid.insert(s[4].id);
    SendRun run;
    try {
        send(lrs, s, run);
        FAIL() << "no error";
    } catch (const LrsError& e) {
        EXPECT_EQ(e.failure(), LrsFailure::Rejected);
        EXPECT_EQ(e.status(), 400);
        EXPECT_EQ(e.statement_id(), s[4].id);
        EXPECT_EQ(e.message(), "bad statement " + s[4].id);
    }
    EXPECT_EQ(run.counts.sent, 4);  // those before it went one by one, and are recorded
    EXPECT_EQ(run.acknowledged.size(), 4u);
    EXPECT_FALSE(lrs.held.contains(s[4].id));
}

TEST(LrsSend, WrongCredentialsStopAtOnce) {
    TestLrs lrs;
    SendRun run;
    try {
        send(lrs, statements(3), run, "wrong");
        FAIL() << "no error";
    } catch (const LrsError& e) {
        EXPECT_EQ(e.failure(), LrsFailure::Credentials);
        EXPECT_EQ(e.status(), 401);
        EXPECT_EQ(e.message(), "who are you");
    }
    EXPECT_EQ(lrs.requests, 1);
    EXPECT_TRUE(run.acknowledged.empty());
}

TEST(LrsSend, RetriesAfterAServerErrorWithGrowingWaits) {
    TestLrs lrs;
    lrs.fail_first = 2;
    SendRun run;
    send(lrs, statements(5), run);
    EXPECT_EQ(run.counts.sent, 5);
    EXPECT_EQ(run.waits, (std::vector<std::chrono::milliseconds>{500ms, 1000ms}));
}

TEST(LrsSend, GivesUpAfterFiveTries) {
    TestLrs lrs;
    lrs.fail_first = 100;
    SendRun run;
    try {
        send(lrs, statements(5), run);
        FAIL() << "no error";
    } catch (const LrsError& e) {
        EXPECT_EQ(e.failure(), LrsFailure::Unreachable);
        EXPECT_EQ(e.status(), 503);
        EXPECT_EQ(e.tries(), 5);
    }
    EXPECT_EQ(lrs.requests, 5);
    EXPECT_EQ(run.waits, (std::vector<std::chrono::milliseconds>{500ms, 1000ms, 2000ms, 4000ms}));
}

TEST(LrsSend, NoServerIsUnreachable) {
    TestLrs lrs;
    lrs.stop();
    SendRun run;
    try {
        send(lrs, statements(1), run);
        FAIL() << "no error";
    } catch (const LrsError& e) {
        EXPECT_EQ(e.failure(), LrsFailure::Unreachable);
        EXPECT_EQ(e.status(), 0);
        EXPECT_EQ(e.net_error(), NetError::Connect);
        EXPECT_EQ(e.tries(), 5);
    }
    EXPECT_EQ(run.waits.size(), 4u);
}

}  // namespace
}  // namespace salesim::results
