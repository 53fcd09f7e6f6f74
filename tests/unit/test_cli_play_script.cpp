// `salesim play` driven by a script: --moves against --choices, the decision at hand and the open
// objections in --json, and the errors a script gets for a list that does not fit the session.
#include "../cli/run_salesim.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using Json = nlohmann::ordered_json;
using salesim::test::run_salesim;
using salesim::test::RunResult;
using salesim::test::slurp;

namespace {

// The golden play of the tutorial (tests/cli.cmake): every stage, a hint taken, a trial close in
// the presentation and one before the close, an answer checked.
const std::vector<std::string> tutorial_choices = {"3", "3", "2", "3", "1", "2", "1", "h2", "4",
                                                   "3", "5", "4", "1", "1", "1", "2", "2"};

std::string join(const std::vector<std::string>& items, std::size_t from = 0,
                 std::size_t to = static_cast<std::size_t>(-1)) {
    std::string out;
    for (std::size_t i = from; i < items.size() && i < to; ++i) out += (out.empty() ? "" : ",") + items[i];
    return out;
}

// The text a session printed, without the lines that echo what was typed ("> 3", "> benefit").
std::string without_echo(const std::string& text) {
    std::istringstream in(text);
    std::string out;
    for (std::string line; std::getline(in, line);)
        if (!line.starts_with("> ")) out += line + "\n";
    return out;
}

class CliPlayScript : public ::testing::Test {
protected:
    void SetUp() override {
        const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
        m_dir = fs::path(SALESIM_BINARY_DIR) / "test_cli_play_script" / info->name();
        fs::remove_all(m_dir);
        fs::create_directories(m_dir);
    }

    RunResult play(std::vector<std::string> args) const {
        args.insert(args.begin(), "play");
        args.push_back("--no-record");
        return run_salesim(args, m_dir);
    }

    // `play SCENARIO [--seed S] --choices LIST --json`, parsed.
    Json play_json(const std::vector<std::string>& seed, const std::string& choices,
                   const std::string& scenario = "tutorial-first-sale") const {
        std::vector<std::string> args{scenario};
        args.insert(args.end(), seed.begin(), seed.end());
        args.insert(args.end(), {"--choices", choices, "--json"});
        const RunResult r = play(args);
        EXPECT_EQ(r.code, 0) << r.err;
        return Json::parse(r.out);
    }

    // The --moves list that plays `choices`, read by the program itself: before each choice, the
    // option it names in the decision at hand. Checks on the way that the option is the one the
    // choice then takes.
    std::vector<std::string> moves_for(const std::vector<std::string>& seed,
                                       const std::vector<std::string>& choices) const {
        std::vector<std::string> moves;
        Json before = play_json(seed, "");
        for (std::size_t i = 0; i < choices.size(); ++i) {
            const bool hint = choices[i].front() == 'h';
            const std::size_t number = std::stoul(choices[i].substr(hint ? 1 : 0));
            const Json& at_hand = before.at("decision");
            EXPECT_EQ(at_hand.at("index"), i + 1);
            const Json& option = at_hand.at("options").at(number - 1);
            EXPECT_EQ(option.at("index"), number);
            moves.push_back((hint ? "h:" : "") + option.value("ref", option.at("move").get<std::string>()));

            Json after = play_json(seed, join(choices, 0, i + 1));
            const Json& made = after.at("decisions").at(i);
            EXPECT_EQ(made.at("chosen"), number);
            EXPECT_EQ(made.at("move"), option.at("move"));
            EXPECT_EQ(made.at("say"), option.at("say"));
            EXPECT_EQ(made.at("stage"), at_hand.at("stage"));
            EXPECT_EQ(made.at("kind"), at_hand.at("kind"));
            EXPECT_EQ(made.at("ref"), at_hand.at("ref"));
            EXPECT_EQ(made.at("open_objections"), at_hand.at("open_objections"));
            before = std::move(after);
        }
        EXPECT_EQ(before.contains("decision"), !before.at("finished").get<bool>())
            << "an unfinished session has a decision at hand, a finished one none";
        return moves;
    }

    fs::path m_dir;
};

// [SECTION] --moves plays what --choices plays

TEST_F(CliPlayScript, MovesPlayTheTutorialToTheSameResultAsTheChoices) {
    const std::vector<std::string> seed{"--seed", "7"};
    const std::vector<std::string> moves = moves_for(seed, tutorial_choices);
    ASSERT_EQ(moves.size(), tutorial_choices.size());
    EXPECT_EQ(moves[0], "anna-virtanen") << "a lead is named by its id";
    EXPECT_EQ(moves[7], "h:demo") << "a hint is taken before the move, as h2 does";
    EXPECT_EQ(moves[8], "trial") << "a trial close in the presentation";
    EXPECT_EQ(moves[12], "confirm") << "the check after an answer";

    const auto by_choice =
        play({"tutorial-first-sale", "--seed", "7", "--choices", join(tutorial_choices), "--json"});
    const auto by_move = play({"tutorial-first-sale", "--seed", "7", "--moves", join(moves), "--json"});
    ASSERT_EQ(by_move.code, 0) << by_move.err;
    EXPECT_EQ(by_move.out, by_choice.out);
    EXPECT_EQ(Json::parse(by_move.out).at("score").at("hints"), 1);

    // The text shows each move as typed; apart from that it is the same session.
    const auto text_choice =
        play({"tutorial-first-sale", "--seed", "7", "--choices", join(tutorial_choices)});
    const auto text_move = play({"tutorial-first-sale", "--seed", "7", "--moves", join(moves)});
    ASSERT_EQ(text_move.code, 0) << text_move.err;
    EXPECT_NE(text_move.out.find("> anna-virtanen\n"), std::string::npos) << text_move.out;
    EXPECT_NE(text_move.out.find("> h\n"), std::string::npos) << text_move.out;
    EXPECT_EQ(without_echo(text_move.out), without_echo(text_choice.out));
}

TEST_F(CliPlayScript, MovesUseSeedOneUnlessToldLikeChoices) {
    const std::vector<std::string> moves = moves_for({}, tutorial_choices);
    const auto by_choice = play({"tutorial-first-sale", "--choices", join(tutorial_choices), "--json"});
    const auto by_move = play({"tutorial-first-sale", "--moves", join(moves), "--json"});
    ASSERT_EQ(by_move.code, 0) << by_move.err;
    EXPECT_EQ(Json::parse(by_move.out).at("seed"), 1);
    EXPECT_EQ(by_move.out, by_choice.out);
}

TEST_F(CliPlayScript, MovesSaveAndResumeLikeChoices) {
    const std::vector<std::string> moves = moves_for({"--seed", "7"}, tutorial_choices);
    const auto part1 =
        play({"tutorial-first-sale", "--seed", "7", "--moves", join(moves, 0, 6), "--save", "m.json"});
    ASSERT_EQ(part1.code, 0) << part1.err;
    EXPECT_NE(part1.out.find("The --moves list ran out before the end."), std::string::npos) << part1.out;
    EXPECT_NE(part1.out.find("Session unfinished; decisions made: 6."), std::string::npos) << part1.out;

    const auto resumed = play({"--resume", "m.json", "--moves", join(moves, 6), "--json"});
    ASSERT_EQ(resumed.code, 0) << resumed.err;
    const auto straight =
        play({"tutorial-first-sale", "--seed", "7", "--choices", join(tutorial_choices), "--json"});
    EXPECT_EQ(resumed.out, straight.out);
}

TEST_F(CliPlayScript, AMoveMayNameTheDecisionItIsMeantFor) {
    const auto r = play({"tutorial-first-sale", "--moves",
                         "leads/anna-virtanen,prepare/research_personality,"
                         "contact/appointment_request",
                         "--json"});
    ASSERT_EQ(r.code, 0) << r.err;
    const Json j = Json::parse(r.out);
    ASSERT_EQ(j.at("decisions").size(), 3u);
    EXPECT_EQ(j.at("decisions").at(2).at("move"), "appointment_request");
    EXPECT_EQ(j.at("decision").at("ref"), "doorstep");
}

// [SECTION] A list that does not fit the session

TEST_F(CliPlayScript, AnUnknownMoveNamesItsPositionTheDecisionItsOptionsAndTheNearestMove) {
    const std::vector<std::string> moves = moves_for({"--seed", "7"}, tutorial_choices);
    std::vector<std::string> typo(moves.begin(), moves.begin() + 13);
    typo.push_back("benfit");
    const auto r = play({"tutorial-first-sale", "--seed", "7", "--moves", join(typo)});
    EXPECT_EQ(r.code, 2);
    EXPECT_TRUE(r.out.empty()) << "nothing is played before the list is checked: " << r.out;
    EXPECT_EQ(
        r.err,
        "salesim: error: --moves: 'benfit' at position 14 is not an option of decision 14 (Closing): the "
        "options are trial, assumptive, direct, alternative, benefit, incentive, action, objection, story, "
        "scarcity, details\n"
        "help: did you mean 'benefit'?\n");
}

TEST_F(CliPlayScript, AMoveOfAnotherDecisionIsNotAnOption) {
    // "lead" is the move of every lead; a lead is picked by its id.
    const auto lead = play({"tutorial-first-sale", "--moves", "lead"});
    EXPECT_EQ(lead.code, 2);
    EXPECT_NE(
        lead.err.find("'lead' at position 1 is not an option of decision 1 (Prospecting and qualifying): "
                      "the options are "),
        std::string::npos)
        << lead.err;
    EXPECT_NE(lead.err.find("anna-virtanen"), std::string::npos) << lead.err;

    const auto early = play({"tutorial-first-sale", "--moves", "anna-virtanen,benefit"});
    EXPECT_EQ(early.code, 2);
    EXPECT_NE(early.err.find("'benefit' at position 2 is not an option of decision 2 (Pre-approach)"),
              std::string::npos)
        << early.err;

    const auto elsewhere =
        play({"tutorial-first-sale", "--moves", "anna-virtanen,contact/appointment_request"});
    EXPECT_EQ(elsewhere.code, 2);
    EXPECT_EQ(elsewhere.err,
              "salesim: error: --moves: 'contact/appointment_request' at position 2 is meant for decision "
              "'contact', but decision 2 (Pre-approach) is 'prepare'\n");
}

TEST_F(CliPlayScript, AMoveOfferedTwiceIsAmbiguous) {
    // The same move under two options of one step: only a number can tell them apart.
    std::string text = slurp(fs::path(SALESIM_SOURCE_DIR) / "scenarios" / "tutorial-first-sale.yaml");
    const std::string second = "          - move: research_organisation\n";
    ASSERT_NE(text.find(second), std::string::npos);
    text.replace(text.find(second), second.size(), "          - move: research_personality\n");
    std::ofstream(m_dir / "twice.yaml", std::ios::binary) << text;

    const auto r = play({"twice.yaml", "--seed", "7", "--moves", "anna-virtanen,research_personality"});
    EXPECT_EQ(r.code, 2);
    EXPECT_TRUE(r.out.empty()) << r.out;
    EXPECT_NE(
        r.err.find("salesim: error: --moves: 'research_personality' at position 2 is ambiguous: decision 2 "
                   "(Pre-approach) offers it as options "),
        std::string::npos)
        << r.err;
    EXPECT_NE(r.err.find("help: --choices picks an option by its number"), std::string::npos) << r.err;

    // The decision at hand shows both, so a script can pick one by number.
    const Json j = play_json({"--seed", "7"}, "3", "twice.yaml");
    int offered = 0;
    for (const Json& o : j.at("decision").at("options")) offered += o.at("move") == "research_personality";
    EXPECT_EQ(offered, 2);
}

TEST_F(CliPlayScript, MovesAndChoicesTogetherAreRefused) {
    const auto r = play({"tutorial-first-sale", "--moves", "anna-virtanen", "--choices", "3"});
    EXPECT_EQ(r.code, 2);
    EXPECT_TRUE(r.out.empty()) << r.out;
    EXPECT_EQ(r.err,
              "salesim: error: --moves and --choices cannot be used together\n"
              "help: give the list once, either as moves (--moves) or as option numbers (--choices)\n");
}

TEST_F(CliPlayScript, AListLongerThanTheSessionOrWithAnEmptyEntryIsRefused) {
    const std::vector<std::string> moves = moves_for({"--seed", "7"}, tutorial_choices);
    const auto longer = play({"tutorial-first-sale", "--seed", "7", "--moves", join(moves) + ",trial"});
    EXPECT_EQ(longer.code, 2);
    EXPECT_NE(
        longer.err.find("--moves: the session ended after decision 17, but the list goes on at position 18 "
                        "('trial')"),
        std::string::npos)
        << longer.err;

    const auto trailing = play({"tutorial-first-sale", "--moves", "anna-virtanen,"});
    EXPECT_EQ(trailing.code, 2);
    EXPECT_NE(trailing.err.find("--moves: the list ends with a comma"), std::string::npos) << trailing.err;
    const auto empty = play({"tutorial-first-sale", "--moves", "anna-virtanen,,research_personality"});
    EXPECT_EQ(empty.code, 2);
    EXPECT_NE(empty.err.find("--moves: the entry at position 2 is empty"), std::string::npos) << empty.err;
}

TEST_F(CliPlayScript, MoveErrorsSpeakFinnish) {
    const auto r = run_salesim({"--lang", "fi", "play", "tutorial-first-sale", "--moves",
                                "anna-virtanen,skip_reserch", "--no-record"},
                               m_dir);
    EXPECT_EQ(r.code, 2);
    EXPECT_NE(
        r.err.find(
            "salesim: virhe: --moves: 'skip_reserch' kohdassa 2 ei ole päätöksen 2 (Ennakkolähestyminen) "
            "vaihtoehto: vaihtoehdot ovat "),
        std::string::npos)
        << r.err;
    EXPECT_NE(r.err.find("ohje: tarkoititko 'skip_research'?"), std::string::npos) << r.err;
}

// [SECTION] What --json tells a script

TEST_F(CliPlayScript, AnUnfinishedSessionShowsTheDecisionAtHandWithWhatEachNumberPicks) {
    // After the pre-approach and approach: the presentation's first step.
    const std::vector<std::string> first = {"3", "3", "2", "3", "1"};
    const std::string made = join(first);
    const std::string moves_made = join(moves_for({"--seed", "7"}, first));
    const Json j = play_json({"--seed", "7"}, made);
    ASSERT_FALSE(j.at("finished").get<bool>());
    ASSERT_TRUE(j.contains("decision"));
    const Json& d = j.at("decision");
    EXPECT_EQ(d.at("index"), 6);
    EXPECT_EQ(d.at("stage"), "presentation");
    EXPECT_EQ(d.at("kind"), "step");
    EXPECT_EQ(d.at("ref"), "warm-up");
    EXPECT_FALSE(d.at("prompt").get<std::string>().empty());
    EXPECT_TRUE(d.at("open_objections").empty());
    // The decision at hand comes after the decisions made; every earlier field is where it was.
    std::vector<std::string> keys;
    for (const auto& [key, value] : j.items()) keys.push_back(key);
    const std::vector<std::string> expected{"format", "scenario", "rulebook",  "persona",  "seed",
                                            "lang",   "mode",     "choices",   "finished", "outcome",
                                            "score",  "buyer",    "decisions", "decision", "transcript"};
    EXPECT_EQ(keys, expected);

    // Each option is what --choices with its number plays, and what --moves with its move plays.
    const Json& options = d.at("options");
    ASSERT_GE(options.size(), 2u);
    for (std::size_t k = 0; k < options.size(); ++k) {
        const Json& o = options.at(k);
        EXPECT_EQ(o.at("index"), k + 1);
        EXPECT_FALSE(o.contains("ref")) << "only a lead has a ref";
        EXPECT_FALSE(o.at("label").get<std::string>().empty());
        const Json by_number = play_json({"--seed", "7"}, made + "," + std::to_string(k + 1));
        const Json& rec = by_number.at("decisions").at(5);
        EXPECT_EQ(rec.at("move"), o.at("move"));
        EXPECT_EQ(rec.at("say"), o.at("say"));
        const auto by_move = play({"tutorial-first-sale", "--seed", "7", "--moves",
                                   moves_made + "," + o.at("move").get<std::string>(), "--json"});
        ASSERT_EQ(by_move.code, 0) << by_move.err;
        EXPECT_EQ(Json::parse(by_move.out), by_number);
    }
}

TEST_F(CliPlayScript, LeadsShowTheirIds) {
    const Json j = play_json({"--seed", "7"}, "");
    const Json& d = j.at("decision");
    EXPECT_EQ(d.at("index"), 1);
    EXPECT_EQ(d.at("kind"), "lead");
    EXPECT_EQ(d.at("ref"), "leads");
    std::vector<std::string> refs;
    for (const Json& o : d.at("options")) {
        EXPECT_EQ(o.at("move"), "lead");
        refs.push_back(o.at("ref"));
    }
    EXPECT_NE(std::find(refs.begin(), refs.end(), "anna-virtanen"), refs.end());
    EXPECT_EQ(j.at("decisions").size(), 0u);
}

TEST_F(CliPlayScript, EveryDecisionRecordListsTheObjectionsOpenBeforeIt) {
    const Json j = play_json({"--seed", "7"}, join(tutorial_choices));
    ASSERT_TRUE(j.at("finished").get<bool>());
    EXPECT_FALSE(j.contains("decision"));
    bool saw_open = false;
    for (const Json& rec : j.at("decisions")) {
        ASSERT_TRUE(rec.contains("open_objections")) << rec.at("index");
        const Json& open = rec.at("open_objections");
        ASSERT_TRUE(open.is_array());
        for (const Json& o : open) {
            EXPECT_TRUE(o.at("id").is_string());
            EXPECT_TRUE(o.at("blocking").is_boolean());
            saw_open = true;
        }
        // An objection is open when the buyer raises it, so its own decision lists it.
        if (rec.at("kind") == "objection") {
            bool listed = false;
            for (const Json& o : open) listed = listed || o.at("id") == rec.at("ref");
            EXPECT_TRUE(listed) << "decision " << rec.at("index") << " (" << rec.at("ref") << ")";
        }
        if (rec.at("stage") == "prospecting") {
            EXPECT_TRUE(open.empty());
        }
    }
    EXPECT_TRUE(saw_open) << "the golden play leaves objections open into the closing";
}

TEST_F(CliPlayScript, AResultOfAnEarlierReleaseKeepsEveryFieldItHad) {
    // The --json output of an earlier release (tests/fixtures/compat): today's output of the same
    // scenario has every field it had, in the same order, and only adds new ones. (Its save no longer
    // resumes: the tutorial changed with the closing rules, and the resume says so.)
    const fs::path compat = fs::path(SALESIM_SOURCE_DIR) / "tests" / "fixtures" / "compat";
    const Json then = Json::parse(slurp(compat / "resume_terminal.json"));
    const auto r = play(
        {"tutorial-first-sale", "--seed", "7", "--choices", join(tutorial_choices), "--no-record", "--json"});
    ASSERT_EQ(r.code, 0) << r.err;
    const Json now = Json::parse(r.out);
    // Keys of `old` appear in `fresh` in the same relative order.
    auto keeps_keys = [](const Json& old, const Json& fresh, const std::string& where) {
        std::vector<std::string> have;
        for (auto it = fresh.begin(); it != fresh.end(); ++it) have.push_back(it.key());
        std::size_t at = 0;
        for (auto it = old.begin(); it != old.end(); ++it) {
            const auto found =
                std::find(have.begin() + static_cast<std::ptrdiff_t>(at), have.end(), it.key());
            EXPECT_NE(found, have.end()) << where << ": '" << it.key() << "' is missing or out of order";
            if (found != have.end()) at = static_cast<std::size_t>(found - have.begin()) + 1;
        }
    };
    keeps_keys(then, now, "the record");
    keeps_keys(then.at("score"), now.at("score"), "score");
    keeps_keys(then.at("decisions").at(0), now.at("decisions").at(0), "a decision record");
    EXPECT_FALSE(now.contains("decision"));
    EXPECT_TRUE(r.out.ends_with("}\n\n")) << "the record still ends as it did";
}

}  // namespace
