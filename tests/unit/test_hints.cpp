// Two-level hints (a nudge, then the named option) with their costs, saves from before nudges, and
// stages a session never reached.
#include "salesim/loader.hpp"
#include "salesim/score.hpp"
#include "salesim/session.hpp"
#include "session_fixture.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

using namespace salesim;
using salesim::testing::index_of;
using salesim::testing::make_book;
using salesim::testing::make_scenario;

namespace {

std::string read_source(const std::string& rel) {
    std::ifstream in(std::string(SALESIM_SOURCE_DIR) + "/" + rel, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

std::shared_ptr<const Scenario> tutorial() {
    static const RuleBookLoad book = load_rulebook(read_source("scenarios/rulebook.yaml"), "rulebook.yaml");
    static const ScenarioLoad scn = load_scenario(read_source("scenarios/tutorial-first-sale.yaml"),
                                                  "tutorial-first-sale.yaml", book.book);
    return scn.scenario;
}

}  // namespace

TEST(Hints, TheNudgeNamesNoOptionAndCostsAQuarter) {
    Session s(make_scenario(), 3);
    const Hint h = s.next_hint();
    EXPECT_EQ(h.level, 1);
    EXPECT_TRUE(h.move.empty());
    EXPECT_EQ(s.hint_level(), 1);
    EXPECT_FALSE(s.hint_taken()) << "a nudge is not the named hint";
    const DecisionRecord& r = s.choose(index_of(s, "lead", "good"));
    EXPECT_TRUE(r.nudged);
    EXPECT_FALSE(r.hinted);
    EXPECT_EQ(r.points, 75);
    EXPECT_EQ(r.hint_cost, 25);
    EXPECT_EQ(s.hint_level(), 0);
    EXPECT_EQ(s.score().nudges, 1);
    EXPECT_EQ(s.score().hints, 0);
}

TEST(Hints, TheSecondHintNamesTheOptionAtAFurtherCost) {
    Session s(make_scenario(), 3);
    EXPECT_EQ(s.next_hint().level, 1);
    const Hint h = s.next_hint();
    EXPECT_EQ(h.level, 2);
    EXPECT_EQ(s.current().options[h.option].ref, "good");
    EXPECT_EQ(s.hint_level(), 2);
    const DecisionRecord& r = s.choose(h.option);
    EXPECT_TRUE(r.nudged);
    EXPECT_TRUE(r.hinted);
    EXPECT_EQ(r.points, 50) << "the named hint's share is the whole cost, nudge included";
    EXPECT_EQ(r.hint_cost, 50);
}

TEST(Hints, CostsComeFromTheRuleBook) {
    auto book = std::make_shared<RuleBook>(*make_book());
    book->hint_costs = {10, 40};
    Session s(make_scenario(book), 3);
    s.nudge();
    EXPECT_EQ(s.choose(index_of(s, "lead", "good")).points, 90);
    s.hint();
    const DecisionRecord& r = s.choose(index_of(s, "needs_question"));
    EXPECT_EQ(r.hint_cost, r.points * 40 / 60);
}

TEST(Hints, ARuleBookSaysWhatHintsCostAndRejectsANamedHintCheaperThanTheNudge) {
    std::string text = read_source("scenarios/rulebook.yaml");
    const std::string line = "hints: {nudge: 25, name: 50}";
    const std::size_t at = text.find(line);
    ASSERT_NE(at, std::string::npos);
    std::string cheap = text;
    cheap.replace(at, line.size(), "hints: {nudge: 30, name: 60}");
    const RuleBookLoad ok = load_rulebook(cheap, "rulebook.yaml");
    ASSERT_TRUE(ok.book);
    EXPECT_EQ(ok.book->hint_costs.nudge, 30);
    EXPECT_EQ(ok.book->hint_costs.name, 60);
    std::string bad = text;
    bad.replace(at, line.size(), "hints: {nudge: 60, name: 30}");
    const RuleBookLoad no = load_rulebook(bad, "rulebook.yaml");
    ASSERT_FALSE(no.diagnostics.empty());
    EXPECT_EQ(no.diagnostics.front().code, "hint-costs");
    EXPECT_EQ(no.diagnostics.front().loc.line, 12);
}

TEST(Hints, TheShippedNudgeAsksAboutTheKindOfDecision) {
    Session s(tutorial(), 7);
    const Hint lead = s.nudge();
    EXPECT_NE(lead.nudge.get("en").find("able to pay"), std::string::npos) << lead.nudge.get("en");
    EXPECT_NE(lead.nudge.get("fi").find("maksukykyä"), std::string::npos);
    // Play on to the first objection and ask there.
    while (!s.finished() && s.current().stage != Stage::Objections) s.choose(s.hint().option);
    ASSERT_FALSE(s.finished());
    const Hint obj = s.nudge();
    EXPECT_NE(obj.nudge.get("en").find("What kind of objection"), std::string::npos) << obj.nudge.get("en");
    // The nudge names none of the options on offer.
    for (const Option& o : s.current().options) {
        EXPECT_EQ(obj.nudge.get("en").find(o.label.get("en")), std::string::npos) << o.label.get("en");
    }
}

TEST(Hints, ASaveFromBeforeNudgesKeepsItsMeaning) {
    Session s(make_scenario(), 3);
    const std::size_t lead = index_of(s, "lead", "good");
    // Written before nudges existed: one hint, for decision 1, and no "nudges".
    SaveData old = save_from_json(R"({"format": 1, "scenario": ")" + s.scenario().id + R"(", "hash": ")" +
                                  s.scenario().content_hash + R"(", "seed": 3, "lang": "en", "choices": [)" +
                                  std::to_string(lead + 1) + R"(], "hints": [1]})");
    EXPECT_TRUE(old.nudged.empty());
    const Session resumed = Session::resume(s.scenario_ptr(), old);
    ASSERT_EQ(resumed.decisions().size(), 1u);
    EXPECT_TRUE(resumed.decisions()[0].hinted);
    EXPECT_EQ(resumed.decisions()[0].points, 50) << "an old hint named the option and halved the points";
    // Saved again, it reads the same: no "nudges" key appears.
    EXPECT_EQ(save_to_json(resumed.save("en")).find("nudges"), std::string::npos);
}

TEST(Hints, NudgesAreSavedAndResumed) {
    Session s(make_scenario(), 3);
    s.nudge();
    s.choose(index_of(s, "lead", "good"));
    s.nudge();  // the decision at hand
    const SaveData save = s.save("en");
    EXPECT_EQ(save.nudged, (std::vector<int>{0, 1}));
    const std::string json = save_to_json(save);
    EXPECT_NE(json.find("\"nudges\""), std::string::npos) << json;
    Session back = Session::resume(make_scenario(), save_from_json(json));
    EXPECT_EQ(back.decisions()[0].points, 75);
    EXPECT_EQ(back.hint_level(), 1);
    EXPECT_EQ(result_json(back, "en"), result_json(s, "en"));
    EXPECT_THROW(save_from_json(R"({"format": 1, "scenario": "x", "hash": "h", "seed": 1, "choices": [],
                                    "nudges": [5]})"),
                 std::runtime_error);
}

TEST(Hints, TheDebriefExplainsWhatAHintCost) {
    Session s(make_scenario(), 3);
    s.nudge();
    s.choose(index_of(s, "lead", "good"));
    const std::string json = result_json(s, "en");
    EXPECT_NE(json.find("\"nudged\": true"), std::string::npos);
    EXPECT_NE(json.find("\"hint_cost\": 25"), std::string::npos);
    Session t(tutorial(), 7);
    t.nudge();
    t.choose(0);
    EXPECT_NE(result_markdown(t, "en").find("nudge taken (-"), std::string::npos);
}

TEST(NotReached, StagesAfterTheEndReadNotReached) {
    Session s(tutorial(), 7);
    // Walk away early: always the option judged worst until the buyer leaves.
    while (!s.finished()) {
        std::size_t worst = 0;
        int worst_rank = -1;
        for (std::size_t i = 0; i < s.current().options.size(); ++i) {
            const OptionJudging j = s.judging(i);
            const Rule* r = s.scenario().rules->judge(j.stage, j.move, j.situation);
            if (r != nullptr && static_cast<int>(r->verdict) > worst_rank) {
                worst_rank = static_cast<int>(r->verdict);  // Best first, Mistake last
                worst = i;
            }
        }
        s.choose(worst);
    }
    const ScoreCard card = s.score();
    ASSERT_FALSE(card.not_reached.empty()) << to_string(s.outcome());
    EXPECT_FALSE(card.reached(Stage::FollowUp));
    EXPECT_TRUE(card.reached(Stage::Prospecting));
    EXPECT_FALSE(s.reached(Stage::FollowUp));
    EXPECT_NE(result_json(s, "en").find("\"not_reached\": [\n"), std::string::npos);
    const std::string md = result_markdown(s, "en");
    EXPECT_NE(md.find("- Follow-up: not reached"), std::string::npos) << md.substr(0, 600);
    EXPECT_NE(result_markdown(s, "fi").find(": ei saavutettu"), std::string::npos);
    // A run that went all the way reached every stage.
    Session best(tutorial(), 7);
    while (!best.finished()) best.choose(best.hint().option);
    EXPECT_TRUE(best.score().not_reached.empty());
    EXPECT_NE(result_json(best, "en").find("\"not_reached\": []"), std::string::npos);
}

TEST(LeadDropped, ChoosingAnotherLeadIsNarratedBeforeGoingOnWithTheBuyer) {
    Session s(tutorial(), 7);
    std::size_t otto = s.current().options.size();
    for (std::size_t i = 0; i < s.current().options.size(); ++i)
        if (s.current().options[i].ref == "student-raffle") otto = i;
    ASSERT_LT(otto, s.current().options.size());
    s.choose(otto);
    const auto& t = s.transcript();
    std::size_t outcome = t.size();
    for (std::size_t i = 0; i < t.size(); ++i)
        if (t[i].text.get("en").find("neither the money nor any need") != std::string::npos) outcome = i;
    ASSERT_LT(outcome + 1, t.size());
    EXPECT_EQ(t[outcome + 1].speaker, Speaker::Narrator);
    EXPECT_EQ(t[outcome + 1].text.get("en"),
              "You set this lead aside and move on to the next one on your list: Anna Virtanen.");
    // The lead the meeting is with is not dropped.
    Session a(tutorial(), 7);
    a.choose(a.hint().option);
    for (const Line& l : a.transcript())
        EXPECT_EQ(l.text.get("en").find("set this lead aside"), std::string::npos) << l.text.get("en");
}
