// A live class from the window's model, without a display: a ClassRoom and its ClassServer on
// 127.0.0.1 in this process, joined through Game::join_class; the trainer freezes the decision at
// hand, the window's choice is counted as a vote, and the release applies it. And a class run from
// the window: its own store connection, a server a client can join, ended and stopped.
#include "game_fixture.hpp"

#include <salesim/classroom/class_room.hpp>
#include <salesim/classroom/client.hpp>
#include <salesim/classroom/server.hpp>
#include <salesim/results/sqlite_store.hpp>

#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <string>
#include <thread>

namespace salesim::window {
namespace {

using classroom::ClassTurn;
using namespace std::chrono_literals;

class WindowClassTest : public testing::GameTest {
protected:
    void SetUp() override {
        GameTest::SetUp();
        std::filesystem::create_directories(dir / "server");
        strings.load_dir(std::string(SALESIM_SOURCE_DIR) + "/assets/strings");
        library = load_library(std::string(SALESIM_SOURCE_DIR) + "/scenarios");
        server_store = std::make_unique<results::SqliteStore>(dir / "server" / "results.db");
    }
    void TearDown() override {
        if (server) {
            server->stop();
            serving.join();
        }
        server.reset();
        room.reset();
        server_store.reset();
        GameTest::TearDown();
    }
    void serve(classroom::Pacing pacing) {
        classroom::ClassConfig c;
        c.scenario = library.find_shared("tutorial-first-sale");
        c.seed = 5;
        c.mode = Mode::Practice;
        c.pacing = pacing;
        room = std::make_unique<classroom::ClassRoom>(c, *server_store, strings, dir / "server" / "classes");
        classroom::ServerOptions o;
        o.bind = "127.0.0.1";
        o.port = 0;
        o.wrong_code_delay = 10ms;
        o.threads = 16;
        server = std::make_unique<classroom::ClassServer>(*room, o);
        port = server->listen();
        room->set_address("http://127.0.0.1:" + std::to_string(port));
        serving = std::thread([this] { server->serve(); });
    }
    std::string address() const { return "127.0.0.1:" + std::to_string(port); }
    std::string code() const { return classroom::format_code(room->secrets().code); }
    void trainer(const std::string& action, const nlohmann::json& body) {
        room->trainer(room->secrets().trainer_token, action, body);
    }
    /// Polls the class as the window's loop does until `done` or about five seconds pass.
    template <class Done>
    static bool poll_until(Game& g, Done done) {
        for (int i = 0; i < 100 && !done(); ++i) g.poll_class(50ms);
        return done();
    }

    app::Strings strings;
    Library library;
    std::unique_ptr<results::SqliteStore> server_store;
    std::unique_ptr<classroom::ClassRoom> room;
    std::unique_ptr<classroom::ClassServer> server;
    std::thread serving;
    int port = 0;
};

TEST_F(WindowClassTest, ChoiceAtAFrozenPointIsAVoteAppliedOnRelease) {
    serve(classroom::Pacing::Self);
    Game g = make();
    g.set_persist_prefs(false);
    g.set_name("Anna");
    g.join_class(address(), code(), "Anna");
    ASSERT_TRUE(g.in_class());
    ASSERT_NE(g.session(), nullptr);
    EXPECT_EQ(g.session()->scenario().id, "tutorial-first-sale");
    EXPECT_EQ(g.class_turn(), ClassTurn::Decide);

    g.choose_in_class(0);
    EXPECT_EQ(g.session()->decisions().size(), 1u);
    EXPECT_EQ(g.joined_class()->play.unsent(), 0u);

    // The trainer stops the class at the decision the trainee is at: the window says Vote.
    const std::string point = g.joined_class()->play.point();
    ASSERT_FALSE(point.empty());
    trainer("freeze", {{"point", point}});
    ASSERT_TRUE(poll_until(g, [&] { return g.class_turn() == ClassTurn::Vote; }));

    // A choice now is a vote: counted, not applied.
    g.choose_in_class(1);
    EXPECT_EQ(g.class_turn(), ClassTurn::Waiting);
    EXPECT_EQ(g.session()->decisions().size(), 1u);
    EXPECT_EQ(g.joined_class()->play.vote_cast(), std::optional<std::size_t>(1));
    g.choose_in_class(2);  // options are not taken while the vote waits
    EXPECT_EQ(g.session()->decisions().size(), 1u);

    // Released: the poll applies the vote as the decision.
    trainer("release", {{"point", point}});
    ASSERT_TRUE(poll_until(g, [&] { return g.session()->decisions().size() == 2; }));
    EXPECT_EQ(g.session()->choices()[1], 1u);
    EXPECT_EQ(g.class_turn(), ClassTurn::Decide);

    // Recorded in the window's own store under the class's registration, and held by the server.
    const std::string registration = g.joined_class()->play.info().registration;
    const auto local = g.results().store().find_attempt(registration);
    ASSERT_TRUE(local.has_value());
    EXPECT_EQ(g.results().store().decisions(local->id).size(), 2u);
    const auto served = server_store->find_attempt(registration);
    ASSERT_TRUE(served.has_value());
    EXPECT_EQ(server_store->decisions(served->id).size(), 2u);

    // Ended by the trainer: the window says so; leaving stops following.
    trainer("end", nlohmann::json::object());
    ASSERT_TRUE(poll_until(g, [&] { return g.class_turn() == ClassTurn::Ended; }));
    g.leave_class();
    EXPECT_FALSE(g.in_class());
    EXPECT_EQ(g.attempt().trainee(), "Anna");
}

TEST_F(WindowClassTest, TrainerPacingStartsWithAVote) {
    serve(classroom::Pacing::Trainer);
    Game g = make();
    g.set_persist_prefs(false);
    g.join_class(address(), code(), "Bea");
    EXPECT_EQ(g.class_turn(), ClassTurn::Vote);
    EXPECT_EQ(g.attempt().trainee(), "Bea");
    g.leave_class();
    EXPECT_EQ(g.attempt().trainee(), "");
}

TEST_F(WindowClassTest, JoinErrorsAreMessagesForTheForm) {
    serve(classroom::Pacing::Self);
    Game g = make();
    g.set_persist_prefs(false);
    const auto message = [&](const std::string& addr, const std::string& c, const std::string& name) {
        try {
            g.join_class(addr, c, name);
        } catch (const ClassJoinError& e) {
            return std::string(e.what());
        }
        return std::string("joined");
    };
    EXPECT_EQ(message(address(), "", "Anna"), g.strings().tr("class.join.needs_code"));
    EXPECT_NE(message(address(), "AAAA-AAAA", "Anna").find("not this class's"), std::string::npos);
    // A port nobody listens on: the server that was there stopped.
    server->stop();
    serving.join();
    server.reset();
    EXPECT_NE(message(address(), code(), "Anna").find("Cannot reach the class"), std::string::npos);
    EXPECT_FALSE(g.in_class());
    EXPECT_EQ(g.session(), nullptr);
}

TEST_F(WindowClassTest, RunsAClassOnItsOwnStoreConnection) {
    Game g = make();
    g.set_persist_prefs(false);
    ClassSetup setup;
    setup.scenario_id = "tutorial-first-sale";
    setup.group = "Team North";
    setup.bind = "127.0.0.1";
    setup.port = 0;
    g.start_class(setup);
    const RunningClass* c = g.running_class();
    ASSERT_NE(c, nullptr);
    EXPECT_EQ(c->join_address(), "127.0.0.1:" + std::to_string(c->port()));
    EXPECT_EQ(c->code().size(), 9u);
    EXPECT_NE(c->trainer_url().find("/board#key=" + c->room().secrets().trainer_token), std::string::npos);
    EXPECT_THROW(g.start_class(setup), std::runtime_error);

    classroom::ClassClient client(c->join_address());
    const classroom::JoinInfo info = client.join(c->code(), "Cai");
    EXPECT_EQ(info.scenario_id, "tutorial-first-sale");
    EXPECT_TRUE(g.poll_running_class());
    EXPECT_EQ(g.running_class()->joined(), 1);
    // The class is in the window's store (the other connection wrote it) with its group.
    ASSERT_EQ(g.results().store().classes().size(), 1u);
    EXPECT_EQ(g.results().store().classes().front().group, "Team North");

    g.end_class();
    EXPECT_TRUE(g.running_class()->ended());
    EXPECT_THROW(client.join(c->code(), "Dan"), classroom::ClientError);
    g.stop_class();
    EXPECT_EQ(g.running_class(), nullptr);
}

}  // namespace
}  // namespace salesim::window
