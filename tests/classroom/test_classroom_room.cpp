// The class itself (ClassRoom): joining, rejoining, rosters, removal and bans, token misuse,
// idempotent decisions replayed with the server's engine, freezes with votes in both pacings,
// the end of the class, and going on after a crash from the state file and the store.
#include <salesim/classroom/class_room.hpp>
#include <salesim/results/sqlite_store.hpp>

#include "classroom_test_util.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <string>

namespace fs = std::filesystem;
using namespace salesim;
using namespace salesim::classroom;
using nlohmann::json;

namespace {

const Library& library() {
    return test::shipped_library();
}

const app::Strings& strings() {
    return test::shipped_strings();
}

std::shared_ptr<const Scenario> scenario(const std::string& id) {
    return test::shipped_scenario(id);
}

class ClassRoomTest : public ::testing::Test {
protected:
    void SetUp() override {
        dir = fs::temp_directory_path() / ("salesim-class-" + std::to_string(::getpid()) + "-" +
                                           ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(dir);
        fs::create_directories(dir);
        store = std::make_unique<results::SqliteStore>(dir / "results.db");
    }
    void TearDown() override {
        room.reset();
        store.reset();
        fs::remove_all(dir);
    }
    ClassRoom& open(Pacing pacing = Pacing::Self, Admission admission = Admission::Open,
                    const std::string& group = {}) {
        ClassConfig c;
        c.scenario = scenario("tutorial-first-sale");
        c.seed = 7;
        c.mode = Mode::Practice;
        c.pacing = pacing;
        c.admission = admission;
        c.group = group;
        c.address = "http://127.0.0.1:8765";
        room = std::make_unique<ClassRoom>(c, *store, strings(), dir / "classes");
        room->set_clock([this] { return now; });
        return *room;
    }
    json join(const std::string& name, const std::string& token = {}) {
        json body = {{"code", room->secrets().code}, {"name", name}};
        if (!token.empty()) body["token"] = token;
        return room->join(body);
    }
    json decide(const json& joined, std::size_t index, std::size_t option, bool hinted = false) {
        return room->decide(joined["token"], {{"registration", joined["registration"]},
                                              {"index", index},
                                              {"option", option},
                                              {"hinted", hinted}});
    }
    // The code of the ProtocolError `f` throws ("" when it throws none).
    template <typename F>
    std::string refused(F f) {
        try {
            f();
        } catch (const ProtocolError& e) {
            last_status = e.status();
            return e.code();
        }
        return "";
    }
    const json& point_of(const json& board, const std::string& name) {
        for (const json& p : board["points"])
            if (p["point"] == name) return p;
        static const json none;
        return none;
    }
    // The point `joined` stands at now.
    std::string at(const json& joined) { return room->class_view(joined["token"])["at"]; }

    fs::path dir;
    std::unique_ptr<results::SqliteStore> store;
    std::unique_ptr<ClassRoom> room;
    Clock::time_point now = Clock::now();
    int last_status = 0;
};

TEST_F(ClassRoomTest, CodeIsEightCharactersOfTheAlphabetAndSecretsAre128Bits) {
    ClassRoom& r = open();
    EXPECT_EQ(r.secrets().code.size(), 8u);
    for (char c : r.secrets().code) EXPECT_NE(code_alphabet.find(c), std::string_view::npos);
    EXPECT_EQ(r.secrets().trainer_token.size(), 32u);
    EXPECT_NE(r.secrets().trainer_token, r.secrets().board_key);
    EXPECT_EQ(normalize_code(" " + format_code(r.secrets().code) + " "), r.secrets().code);
    std::string lower = r.secrets().code;
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    EXPECT_EQ(normalize_code(lower), r.secrets().code);
    EXPECT_FALSE(normalize_code("O0O0-1I1I"));
    EXPECT_NE(new_join_code(), new_join_code());
}

TEST_F(ClassRoomTest, JoinGivesTheSameScenarioSeedAndModeToEveryone) {
    open();
    const json a = join("Maija Virtanen");
    const json b = join("Otto");
    EXPECT_EQ(a["seed"], 7);
    EXPECT_EQ(a["seed"], b["seed"]);
    EXPECT_EQ(a["scenario"]["id"], "tutorial-first-sale");
    EXPECT_EQ(a["mode"], "practice");
    EXPECT_NE(a["token"], b["token"]);
    EXPECT_NE(a["registration"], b["registration"]);
    EXPECT_EQ(a["trainee"]["number"], 1);
    EXPECT_EQ(b["trainee"]["number"], 2);
    // Both attempts are in the store, counted in the class, under the registrations given.
    const auto attempt = store->find_attempt(a["registration"]);
    ASSERT_TRUE(attempt);
    EXPECT_EQ(attempt->seed, 7u);
    EXPECT_EQ(attempt->mode, Mode::Practice);
    results::AttemptFilter f;
    f.class_id = room->session_row().id;
    EXPECT_EQ(store->attempts(f).size(), 2u);
}

TEST_F(ClassRoomTest, WrongCodeBadNamesAndMissingFieldsAreRefused) {
    open();
    EXPECT_EQ(refused([&] { room->join({{"code", "AAAAAAAA"}, {"name", "X"}}); }), "wrong_code");
    EXPECT_EQ(last_status, 403);
    EXPECT_EQ(refused([&] { room->join({{"name", "X"}}); }), "bad_request");
    EXPECT_EQ(refused([&] { room->join({{"code", room->secrets().code}, {"name", 12}}); }), "bad_request");
    EXPECT_EQ(refused([&] { join("  "); }), "bad_name");
    EXPECT_EQ(refused([&] { join("Bad\x1b[31mName"); }), "bad_name");
    EXPECT_EQ(refused([&] { join(std::string(81, 'a')); }), "bad_name");
    EXPECT_EQ(refused([&] { room->join(json::array()); }), "bad_request");
    // A name is trimmed, and stays the one trainee.
    EXPECT_EQ(join("  Anna  ")["trainee"]["name"], "Anna");
}

TEST_F(ClassRoomTest, RejoinWithTheTokenIsTheSameTraineeAndAttempt) {
    open();
    const json a = join("Anna");
    decide(a, 0, 0);
    decide(a, 1, 0);
    const json again = join("whatever", a["token"]);
    EXPECT_EQ(again["registration"], a["registration"]);
    EXPECT_EQ(again["trainee"]["name"], "Anna");
    EXPECT_EQ(again["choices"], json::array({0, 0}));
    EXPECT_EQ(again["token"], a["token"]);
}

TEST_F(ClassRoomTest, NameOfSomeonePlayingIsRefusedUntilTheyAreAway) {
    open();
    const json a = join("Anna");
    EXPECT_EQ(refused([&] { join("Anna"); }), "name_in_use");
    EXPECT_EQ(last_status, 409);
    now += std::chrono::seconds(20);  // not heard from: away
    EXPECT_EQ(room->board(room->secrets().trainer_token)["roster"][0]["presence"], "away");
    const json b = join("Anna");  // another machine after a laptop died
    EXPECT_EQ(b["registration"], a["registration"]);
    EXPECT_NE(b["token"], a["token"]);
    EXPECT_EQ(refused([&] { room->class_view(a["token"]); }), "bad_token");  // the old one is gone
    now += std::chrono::seconds(61);
    EXPECT_EQ(room->board(room->secrets().trainer_token)["roster"][0]["presence"], "left");
}

TEST_F(ClassRoomTest, RosterClassAdmitsOnlyTheGroupsMembers) {
    const auto g = store->add_group("Myynti 2B");
    const auto t = store->add_trainee({0, "", "Maija Virtanen", "", "", results::now_iso8601()});
    store->join_group(g.id, t.id);
    open(Pacing::Self, Admission::Roster, "Myynti 2B");
    EXPECT_EQ(refused([&] { join("Stranger"); }), "not_on_roster");
    EXPECT_EQ(last_status, 403);
    EXPECT_EQ(join("Maija Virtanen")["trainee"]["name"], "Maija Virtanen");
    EXPECT_EQ(store->class_session(room->session_row().id)->group, "Myynti 2B");
}

TEST_F(ClassRoomTest, RemovedTraineeMayRejoinBannedMayNot) {
    open();
    const json a = join("Anna");
    const json b = join("Troll");
    const std::string trainer = room->secrets().trainer_token;
    room->trainer(trainer, "remove", {{"number", 1}});
    EXPECT_TRUE(room->class_view(a["token"])["removed"]);
    EXPECT_EQ(refused([&] { decide(a, 0, 0); }), "bad_token");
    const json back = join("Anna");
    EXPECT_EQ(back["registration"], a["registration"]);
    EXPECT_FALSE(room->class_view(back["token"])["removed"]);

    room->trainer(trainer, "ban", {{"number", 2}});
    EXPECT_EQ(refused([&] { join("Troll"); }), "banned");
    EXPECT_EQ(refused([&] { join("Troll", b["token"]); }), "banned");
    EXPECT_EQ(refused([&] { decide(b, 0, 0); }), "banned");
    EXPECT_EQ(room->board(trainer)["roster"][1]["presence"], "banned");
}

TEST_F(ClassRoomTest, TokensOnlyDoWhatTheyAreFor) {
    open();
    const json a = join("Anna");
    const json b = join("Ben");
    // Another trainee's attempt.
    EXPECT_EQ(
        refused([&] {
            room->decide(a["token"], {{"registration", b["registration"]}, {"index", 0}, {"option", 0}});
        }),
        "not_yours");
    EXPECT_EQ(last_status, 403);
    // A trainee calling the trainer, reading the board.
    EXPECT_EQ(refused([&] { room->trainer(a["token"], "end", json::object()); }), "trainer_only");
    EXPECT_EQ(refused([&] { room->board(a["token"]); }), "trainer_only");
    // No token, a made-up one, the board key acting.
    EXPECT_EQ(refused([&] { room->class_view(""); }), "no_token");
    EXPECT_EQ(last_status, 401);
    EXPECT_EQ(refused([&] { room->class_view(std::string(32, 'a')); }), "bad_token");
    EXPECT_EQ(refused([&] { room->trainer(room->secrets().board_key, "end", json::object()); }),
              "trainer_only");
    EXPECT_EQ(refused([&] {
                  decide({{"token", room->secrets().trainer_token}, {"registration", "x"}}, 0, 0);
              }),
              "trainee_only");
    EXPECT_FALSE(room->ended());
    // The board key reads the board without names once they are hidden; the trainer keeps them.
    room->trainer(room->secrets().trainer_token, "names", {{"hidden", true}});
    EXPECT_TRUE(room->board(room->secrets().board_key)["roster"][0]["name"].is_null());
    EXPECT_EQ(room->board(room->secrets().trainer_token)["roster"][0]["name"], "Anna");
    EXPECT_FALSE(room->board(room->secrets().board_key)["class"]["trainer"]);
}

TEST_F(ClassRoomTest, DecisionsAreIdempotentInOrderAndScoredByTheServer) {
    open();
    const json a = join("Anna");
    EXPECT_EQ(decide(a, 0, 1)["acknowledged"], 1);
    EXPECT_EQ(decide(a, 0, 1)["acknowledged"], 1);  // sent again: harmless
    EXPECT_EQ(refused([&] { decide(a, 0, 0); }), "different");
    EXPECT_EQ(refused([&] { decide(a, 5, 0); }), "out_of_order");
    EXPECT_EQ(refused([&] { decide(a, 1, 99); }), "bad_option");
    // A forged score is not a field of the protocol: it is ignored, and the server's engine judges.
    room->decide(a["token"], {{"registration", a["registration"]},
                              {"index", 1},
                              {"option", 0},
                              {"points", 100},
                              {"verdict", "best"},
                              {"overall", 100}});
    const auto rows = store->decisions(store->find_attempt(a["registration"])->id);
    ASSERT_EQ(rows.size(), 2u);
    Session replay(scenario("tutorial-first-sale"), 7);
    replay.choose(1);
    const DecisionRecord& second = replay.choose(0);
    EXPECT_EQ(rows[1].points, second.points);
    EXPECT_EQ(rows[1].verdict, std::string(to_string(second.verdict)));
    EXPECT_EQ(rows[1].chosen, 0);
}

TEST_F(ClassRoomTest, PlayedToTheEndTheStoreHoldsTheServersScore) {
    open();
    const json a = join("Anna");
    Session mirror(scenario("tutorial-first-sale"), 7);
    std::size_t i = 0;
    while (!mirror.finished()) {
        const json ack = decide(a, i++, 0);
        mirror.choose(0);
        EXPECT_EQ(ack["finished"], mirror.finished());
    }
    const auto attempt = store->find_attempt(a["registration"]);
    EXPECT_EQ(attempt->status, results::AttemptStatus::Finished);
    EXPECT_EQ(attempt->overall, mirror.score().overall);
    EXPECT_EQ(refused([&] { decide(a, i, 0); }), "finished");
    const json board = room->board(room->secrets().trainer_token);
    EXPECT_EQ(board["scores"]["finished"], 1);
    EXPECT_EQ(board["scores"]["mean"], mirror.score().overall);
    EXPECT_EQ(board["roster"][0]["score"], mirror.score().overall);
}

TEST_F(ClassRoomTest, FreezeCollectsHiddenVotesRevealsAndReleasesSelfPaced) {
    open(Pacing::Self);
    const json a = join("Anna");
    const json b = join("Ben");
    const json c = join("Cecilia");
    const std::string trainer = room->secrets().trainer_token;
    const std::string first = at(a);
    room->trainer(trainer, "freeze", {{"point", first}, {"timer", 60}});
    // A decision at the frozen point is refused: it is a vote now.
    EXPECT_EQ(refused([&] { decide(a, 0, 0); }), "frozen");
    EXPECT_EQ(refused([&] {
                  room->vote(
                      a["token"],
                      {{"registration", a["registration"]}, {"point", "step:nowhere#1"}, {"option", 0}});
              }),
              "not_frozen");
    room->vote(a["token"], {{"registration", a["registration"]}, {"point", first}, {"option", 0}});
    room->vote(b["token"], {{"registration", b["registration"]}, {"point", first}, {"option", 1}});
    EXPECT_TRUE(room->class_view(a["token"])["frozen"][0]["voted"]);
    EXPECT_FALSE(room->class_view(c["token"])["frozen"][0]["voted"]);
    EXPECT_EQ(room->class_view(c["token"])["frozen"][0]["timer_left"], 60);
    // The board shows only how many have voted, on the projector and to the trainer.
    json p = point_of(room->board(room->secrets().board_key), first);
    EXPECT_EQ(p["votes"], 2);
    EXPECT_TRUE(p["frozen"]);
    for (const json& o : p["options"]) {
        EXPECT_TRUE(o["count"].is_null());
        EXPECT_TRUE(o["verdict"].is_null());
    }
    room->trainer(trainer, "reveal", {{"point", first}, {"what", "distribution"}});
    p = point_of(room->board(room->secrets().board_key), first);
    EXPECT_EQ(p["options"][0]["count"], 1);
    EXPECT_EQ(p["options"][1]["count"], 1);
    EXPECT_TRUE(p["options"][0]["verdict"].is_null());
    room->trainer(trainer, "reveal", {{"point", first}, {"what", "verdicts"}});
    p = point_of(room->board(room->secrets().board_key), first);
    EXPECT_FALSE(p["options"][0]["verdict"].is_null());
    EXPECT_FALSE(p["options"][0]["feedback"].get<std::string>().empty());
    // The timer runs out: no more votes.
    now += std::chrono::seconds(61);
    EXPECT_EQ(
        refused([&] {
            room->vote(c["token"], {{"registration", c["registration"]}, {"point", first}, {"option", 0}});
        }),
        "vote_closed");
    room->trainer(trainer, "release", {{"point", first}});
    EXPECT_TRUE(room->class_view(a["token"])["frozen"].empty());
    EXPECT_EQ(decide(a, 0, 0)["acknowledged"], 1);
    // Recorded in the store with the class.
    std::string kinds;
    for (const auto& e : store->class_events(room->session_row().id)) kinds += e.kind + " ";
    EXPECT_EQ(kinds, "freeze vote vote reveal reveal release ");
    EXPECT_EQ(store->class_events(room->session_row().id)[0].value, "60");
}

TEST_F(ClassRoomTest, TrainerPacedEveryDecisionWaitsForTheRelease) {
    open(Pacing::Trainer);
    const json a = join("Anna");
    const json b = join("Ben");
    const std::string first = at(a);
    EXPECT_EQ(room->class_view(a["token"])["frozen"][0]["point"], first);
    EXPECT_EQ(refused([&] { decide(a, 0, 0); }), "frozen");
    room->vote(a["token"], {{"registration", a["registration"]}, {"point", first}, {"option", 0}});
    room->trainer(room->secrets().trainer_token, "release", {{"point", first}});
    decide(a, 0, 0);
    decide(b, 0, 0);
    // The next point waits again.
    const std::string second = at(a);
    EXPECT_NE(second, first);
    EXPECT_EQ(refused([&] { decide(a, 1, 0); }), "frozen");
    // Every trainee has passed the first point: its verdicts show without a reveal.
    const json p = point_of(room->board(room->secrets().trainer_token), first);
    EXPECT_TRUE(p["verdicts_shown"]);
}

TEST_F(ClassRoomTest, VerdictsStayHiddenUntilEveryoneHasPassed) {
    open();
    const json a = join("Anna");
    join("Ben");
    const std::string first = at(a);
    decide(a, 0, 0);
    const json p = point_of(room->board(room->secrets().trainer_token), first);
    EXPECT_EQ(p["decided"], 1);
    EXPECT_FALSE(p["verdicts_shown"]);
    for (const json& o : p["options"]) EXPECT_TRUE(o["verdict"].is_null());
}

TEST_F(ClassRoomTest, EndingClosesOpenAttemptsAndTheCodeStopsWorking) {
    open();
    const json a = join("Anna");
    decide(a, 0, 0);
    room->trainer(room->secrets().trainer_token, "end", json::object());
    EXPECT_TRUE(room->ended());
    EXPECT_EQ(store->find_attempt(a["registration"])->status, results::AttemptStatus::Abandoned);
    EXPECT_FALSE(store->class_session(room->session_row().id)->ended.empty());
    EXPECT_EQ(refused([&] { join("Ben"); }), "class_ended");
    EXPECT_EQ(last_status, 410);
    EXPECT_EQ(refused([&] { decide(a, 1, 0); }), "class_ended");
    EXPECT_TRUE(room->class_view(a["token"])["ended"]);
}

TEST_F(ClassRoomTest, GoesOnAfterACrashFromTheStateFileAndTheStore) {
    open();
    const json a = join("Anna");
    const json b = join("Ben");
    decide(a, 0, 0);
    decide(a, 1, 1);
    const std::string at_b = at(b);
    room->trainer(room->secrets().trainer_token, "freeze", {{"point", at_b}});
    room->vote(b["token"], {{"registration", b["registration"]}, {"point", at_b}, {"option", 1}});
    const fs::path state = room->state_file();
    const ClassSecrets secrets = room->secrets();
    ASSERT_TRUE(fs::exists(state));
    EXPECT_EQ(fs::status(state).permissions() & fs::perms::others_read, fs::perms::none);
    room.reset();  // as if killed: nothing more is written

    room = ClassRoom::resume(state, library(), *store, strings(), "");
    EXPECT_EQ(room->secrets().code, secrets.code);
    EXPECT_EQ(room->secrets().trainer_token, secrets.trainer_token);
    const json again = join("x", a["token"]);
    EXPECT_EQ(again["choices"], json::array({0, 1}));
    EXPECT_EQ(decide(a, 1, 1)["acknowledged"], 2);  // a re-send after the restart is harmless
    decide(a, 2, 0);
    // The freeze and the vote are back.
    const json view = room->class_view(b["token"]);
    ASSERT_EQ(view["frozen"].size(), 1u);
    EXPECT_TRUE(view["frozen"][0]["voted"]);
    EXPECT_EQ(store->decisions(store->find_attempt(a["registration"])->id).size(), 3u);
}

}  // namespace
