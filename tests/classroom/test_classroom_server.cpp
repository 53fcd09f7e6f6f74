// The classroom server over real sockets on 127.0.0.1: the client library against it, the event
// streams, the limits (body size, nesting, wrong codes), pages and headers, and a trainee's
// program (ClassPlay) that loses the server mid-class and catches up when it is back.
#include <salesim/classroom/class_play.hpp>
#include <salesim/classroom/client.hpp>
#include <salesim/classroom/server.hpp>
#include <salesim/results/sqlite_store.hpp>

#include "classroom_test_util.hpp"

#include <gtest/gtest.h>
#include <httplib.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <thread>

namespace fs = std::filesystem;
using namespace salesim;
using namespace salesim::classroom;
using nlohmann::json;
using namespace std::chrono_literals;

namespace {

const Library& library() {
    return test::shipped_library();
}

const app::Strings& strings() {
    return test::shipped_strings();
}

class ServerTest : public ::testing::Test {
protected:
    void SetUp() override {
        dir = fs::temp_directory_path() / ("salesim-server-" + std::to_string(::getpid()) + "-" +
                                           ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(dir);
        fs::create_directories(dir);
        store = std::make_unique<results::SqliteStore>(dir / "results.db");
        ClassConfig c;
        for (const auto& s : library().scenarios)
            if (s->id == "tutorial-first-sale") c.scenario = s;
        c.seed = 7;
        c.mode = Mode::Practice;
        room = std::make_unique<ClassRoom>(c, *store, strings(), dir / "classes");
        start();
    }
    void start(int at = 0, const std::string& cert = {}, const std::string& key = {}) {
        ServerOptions o;
        o.tls_cert = cert;
        o.tls_key = key;
        o.bind = "127.0.0.1";
        o.port = at;
        o.wrong_code_delay = 20ms;
        o.threads = 32;
        server = std::make_unique<ClassServer>(*room, o);
        port = server->listen();
        room->set_address((cert.empty() ? "http://127.0.0.1:" : "https://127.0.0.1:") + std::to_string(port));
        serving = std::thread([this] { server->serve(); });
    }
    void stop() {
        server->stop();
        serving.join();
        server.reset();
    }
    void TearDown() override {
        if (server) stop();
        room.reset();
        store.reset();
        fs::remove_all(dir);
    }
    std::string address() const { return "127.0.0.1:" + std::to_string(port); }
    httplib::Client raw() const {
        httplib::Client c("127.0.0.1", port);
        c.set_read_timeout(5, 0);
        return c;
    }

    fs::path dir;
    std::unique_ptr<results::SqliteStore> store;
    std::unique_ptr<ClassRoom> room;
    std::unique_ptr<ClassServer> server;
    std::thread serving;
    int port = 0;
};

TEST_F(ServerTest, ClientJoinsDecidesAndVotes) {
    ClassClient client(address());
    const JoinInfo info = client.join(format_code(room->secrets().code), "Anna");
    EXPECT_EQ(info.scenario_id, "tutorial-first-sale");
    EXPECT_EQ(info.seed, 7u);
    EXPECT_EQ(client.send_decision(info.token, info.registration, 0, 1, false), 1u);
    EXPECT_EQ(client.send_decision(info.token, info.registration, 0, 1, false), 1u);
    try {
        client.send_decision(info.token, info.registration, 3, 0, false);
        FAIL() << "out of order accepted";
    } catch (const ClientError& e) {
        EXPECT_EQ(e.status(), 409);
        EXPECT_EQ(e.code(), "out_of_order");
    }
    const ClassState s = client.state(info.token);
    EXPECT_EQ(s.acknowledged, 1u);
    try {
        client.join("AAAA-AAAA", "Ben");
        FAIL() << "wrong code accepted";
    } catch (const ClientError& e) {
        EXPECT_EQ(e.status(), 403);
        EXPECT_EQ(e.code(), "wrong_code");
        EXPECT_FALSE(std::string(e.what()).empty());
    }
}

TEST_F(ServerTest, AFreezeReachesAFollowingClientAtOnce) {
    ClassClient client(address());
    const JoinInfo info = client.join(room->secrets().code, "Anna");
    client.follow(info.token);
    std::uint64_t seen = 0;
    // The stream's first event is the state as it is.
    ClassState s = client.wait_change(seen, 5s);
    EXPECT_TRUE(s.frozen.empty());
    const std::string at = room->class_view(info.token)["at"];
    const auto sent = std::chrono::steady_clock::now();
    room->trainer(room->secrets().trainer_token, "freeze", {{"point", at}});
    for (int i = 0; i < 20 && s.frozen.empty(); ++i) s = client.wait_change(seen, 1s);
    ASSERT_EQ(s.frozen.size(), 1u);
    EXPECT_EQ(s.frozen[0].point, at);
    EXPECT_TRUE(s.waits_at(at));
    // Not a timing assertion: the figure is printed for the record (the benchmark measures it).
    std::cout << "freeze reached the client in "
              << std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                                       sent)
                     .count()
              << " ms\n";
    client.stop_following();
}

TEST_F(ServerTest, BoardStreamSendsTheBoard) {
    httplib::Client c = raw();
    std::string got;
    c.Get(("/api/v1/board/events?key=" + room->secrets().board_key).c_str(), [&](const char* d, size_t n) {
        got.append(d, n);
        return got.find("\n\n") == std::string::npos;
    });
    ASSERT_EQ(got.rfind("event: board\ndata: ", 0), 0u) << got.substr(0, 80);
    const json board =
        json::parse(got.substr(got.find("data: ") + 6, got.find("\n\n") - got.find("data: ") - 6));
    EXPECT_EQ(board["class"]["scenario"]["id"], "tutorial-first-sale");
    EXPECT_FALSE(board["class"]["trainer"]);
    // A trainee's token opens no board stream.
    const json joined = room->join({{"code", room->secrets().code}, {"name", "Anna"}});
    const auto res = c.Get(("/api/v1/board/events?key=" + joined["token"].get<std::string>()).c_str());
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 403);
}

TEST_F(ServerTest, LimitsAreAnsweredWithJsonErrors) {
    httplib::Client c = raw();
    const auto big = c.Post("/api/v1/join", std::string(70 * 1024, ' '), "application/json");
    ASSERT_TRUE(big);
    EXPECT_EQ(big->status, 413);
    const auto deep = c.Post("/api/v1/join", std::string(40, '[') + std::string(40, ']'), "application/json");
    ASSERT_TRUE(deep);
    EXPECT_EQ(deep->status, 400);
    EXPECT_EQ(json::parse(deep->body)["error"]["code"], "bad_request");
    const auto garbage = c.Post("/api/v1/join", "{not json", "application/json");
    EXPECT_EQ(garbage->status, 400);
    const auto put = c.Put("/api/v1/join", "{}", "application/json");
    EXPECT_EQ(put->status, 405);
    const auto get_join = c.Get("/api/v1/join");
    EXPECT_EQ(get_join->status, 405);
    const auto none = c.Get("/api/v1/nothing");
    EXPECT_EQ(none->status, 404);
    EXPECT_EQ(json::parse(none->body)["error"]["code"], "not_found");
    const auto no_token = c.Get("/api/v1/class");
    EXPECT_EQ(no_token->status, 401);
    // No CORS: another origin's page gets no permission to read.
    httplib::Headers origin = {{"Origin", "http://evil.example"}};
    const auto cors = c.Get("/api/v1/board", origin);
    EXPECT_FALSE(cors->has_header("Access-Control-Allow-Origin"));
}

TEST_F(ServerTest, WrongCodesFromOneAddressAreLimited) {
    httplib::Client c = raw();
    int limited = 0;
    std::string retry;
    for (int i = 0; i < 12; ++i) {
        const auto r =
            c.Post("/api/v1/join", json{{"code", "AAAAAAAA"}, {"name", "x"}}.dump(), "application/json");
        ASSERT_TRUE(r);
        if (r->status == 429) {
            ++limited;
            retry = r->get_header_value("Retry-After");
        }
    }
    EXPECT_EQ(limited, 2);
    EXPECT_EQ(retry, "60");
    // A right code from the same address is refused too while the limit holds: guessing stops.
    const auto right = c.Post("/api/v1/join", json{{"code", room->secrets().code}, {"name", "x"}}.dump(),
                              "application/json");
    EXPECT_EQ(right->status, 429);
}

TEST_F(ServerTest, PagesAndTheQrCodeAreServed) {
    httplib::Client c = raw();
    const auto board = c.Get("/board");
    ASSERT_TRUE(board);
    EXPECT_EQ(board->status, 200);
    EXPECT_NE(board->get_header_value("Content-Type").find("text/html"), std::string::npos);
    EXPECT_NE(board->get_header_value("Content-Security-Policy").find("default-src 'self'"),
              std::string::npos);
    const auto index = c.Get("/");
    EXPECT_EQ(index->status, 200);
    // The join page does not give the code away.
    EXPECT_EQ(index->body.find(format_code(room->secrets().code)), std::string::npos);
    const auto qr = c.Get("/qr.svg");
    EXPECT_EQ(qr->status, 200);
    EXPECT_EQ(qr->get_header_value("Content-Type"), "image/svg+xml");
    EXPECT_NE(qr->body.find("<svg"), std::string::npos);
}

TEST_F(ServerTest, ExportsNeedTheTrainer) {
    httplib::Client c = raw();
    const json joined = room->join({{"code", room->secrets().code}, {"name", "Anna"}});
    EXPECT_EQ(c.Get(("/api/v1/export/csv?key=" + room->secrets().board_key).c_str())->status, 403);
    EXPECT_EQ(c.Get(("/api/v1/export/csv?key=" + joined["token"].get<std::string>()).c_str())->status, 403);
    const auto csv = c.Get(("/api/v1/export/csv?key=" + room->secrets().trainer_token).c_str());
    EXPECT_EQ(csv->status, 200);
    EXPECT_NE(csv->body.find("Anna"), std::string::npos);
    const auto xapi = c.Get(("/api/v1/export/xapi?key=" + room->secrets().trainer_token).c_str());
    EXPECT_EQ(xapi->status, 200);
    EXPECT_TRUE(json::parse(xapi->body).is_array());
}

TEST_F(ServerTest, AProgramThatLosesTheServerCatchesUpWhenItIsBack) {
    results::SqliteStore local(dir / "local.db");
    app::AttemptController attempt(
        [](const fs::path& p, std::string_view bytes) { std::ofstream(p, std::ios::binary) << bytes; });
    attempt.record_to(&local);
    attempt.set_trainee("Anna");
    ClassClient client(address());
    ClassPlay play(client, attempt, dir / "anna", &local);
    play.connect(room->secrets().code, "Anna", library());
    play.choose(0, false);
    EXPECT_EQ(play.unsent(), 0u);
    stop();  // the server goes away mid-class
    play.choose(0, false);
    play.choose(1, false);
    EXPECT_TRUE(play.offline());
    EXPECT_EQ(play.unsent(), 2u);
    start(port);  // and comes back on the same address
    EXPECT_TRUE(play.flush());
    EXPECT_EQ(play.unsent(), 0u);
    const auto server_rows = store->decisions(store->find_attempt(play.info().registration)->id);
    const auto local_rows = local.decisions(local.find_attempt(play.info().registration)->id);
    ASSERT_EQ(server_rows.size(), 3u);
    ASSERT_EQ(local_rows.size(), 3u);
    for (std::size_t i = 0; i < 3; ++i) {
        EXPECT_EQ(server_rows[i].chosen, local_rows[i].chosen);
        EXPECT_EQ(server_rows[i].points, local_rows[i].points);
        EXPECT_EQ(server_rows[i].rule_id, local_rows[i].rule_id);
    }
    client.stop_following();
}

TEST_F(ServerTest, ServesHttpsWithTheTrainersCertificate) {
    // A certificate for 127.0.0.1 made by the test, as a school's IT would give one.
    const fs::path cert = dir / "cert.pem", key = dir / "key.pem";
    const std::string make =
        "openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=127.0.0.1 "
        "-addext subjectAltName=IP:127.0.0.1 -keyout " +
        key.string() + " -out " + cert.string() + " >/dev/null 2>&1";
    if (std::system(make.c_str()) != 0)
        GTEST_SKIP() << "openssl is not installed (scripts/setup.sh test installs it)";
    stop();
    start(0, cert.string(), key.string());
    EXPECT_TRUE(server->tls());
    ClassClient client("https://" + address());
    client.set_ca_file(cert.string());
    const JoinInfo info = client.join(room->secrets().code, "Anna");
    EXPECT_EQ(client.send_decision(info.token, info.registration, 0, 0, false), 1u);
    // Without the certificate the server is not trusted: nothing is sent.
    ClassClient untrusting("https://" + address());
    try {
        untrusting.join(room->secrets().code, "Ben");
        FAIL() << "an untrusted certificate was accepted";
    } catch (const ClientError& e) {
        EXPECT_EQ(e.status(), 0);
    }
    // A key that does not fit is refused when the server starts.
    stop();
    ServerOptions o;
    o.bind = "127.0.0.1";
    o.port = 0;
    o.tls_cert = cert.string();
    o.tls_key = cert.string();
    ClassServer bad(*room, o);
    EXPECT_THROW(bad.listen(), std::runtime_error);
    start();
}

}  // namespace
