// Buying signals: the bands and their edges, the signal texts of the rule book and a scenario
// (overrides, diagnostics), and the cue a session tells when a decision moves the buyer.
#include "salesim/signals.hpp"

#include "salesim/loader.hpp"
#include "salesim/session.hpp"
#include "session_fixture.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>

using namespace salesim;
using salesim::testing::index_of;
using salesim::testing::make_book;
using salesim::testing::make_scenario;

namespace {

const std::string k_source = SALESIM_SOURCE_DIR;

std::string read_all(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    EXPECT_TRUE(in) << path;
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

std::shared_ptr<const RuleBook> shipped_book() {
    static const RuleBookLoad load = load_rulebook_file(k_source + "/scenarios/rulebook.yaml");
    return load.book;
}

// The fixture scenario with two cue lines for a buyer who starts to warm up.
std::shared_ptr<Scenario> scenario_with_cues() {
    auto scn = make_scenario();
    scn->signals["readiness.warming"] = {Text("Ville picks up the brochure.", "Ville ottaa esitteen."),
                                         Text("Ville asks about delivery.", "Ville kysyy toimituksesta.")};
    scn->signals["readiness.ready"] = {Text("{buyer} takes out a pen.", "{buyer} ottaa kynän.")};
    return scn;
}

// Top lead, needs question, question (reveals delivery), compensation: readiness 20 -> 50, which
// is warming at close_at 70 on the last of the four.
Session play_to_warming(std::shared_ptr<const Scenario> scn, std::uint64_t seed, bool record = true) {
    Session s(std::move(scn), seed, record);
    s.choose(index_of(s, "lead", "good"));
    s.choose(index_of(s, "needs_question"));
    s.choose(index_of(s, "question"));
    s.choose(index_of(s, "compensation"));
    return s;
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Bands

TEST(SignalBands, ReadinessIsReadyAtCloseAtAndWarmingTwentyBelow) {
    EXPECT_EQ(readiness_band(70, 70), ReadinessBand::Ready);
    EXPECT_EQ(readiness_band(100, 70), ReadinessBand::Ready);
    EXPECT_EQ(readiness_band(69, 70), ReadinessBand::Warming);
    EXPECT_EQ(readiness_band(50, 70), ReadinessBand::Warming);
    EXPECT_EQ(readiness_band(49, 70), ReadinessBand::Cold);
    EXPECT_EQ(readiness_band(0, 70), ReadinessBand::Cold);
    // A low close_at leaves no cold band at all.
    EXPECT_EQ(readiness_band(0, 15), ReadinessBand::Warming);
    EXPECT_EQ(readiness_band(0, 0), ReadinessBand::Ready);
}

TEST(SignalBands, TrustAndPatienceAreLowBelow25AndHighFrom60) {
    EXPECT_EQ(trust_band(0), TrustBand::Low);
    EXPECT_EQ(trust_band(24), TrustBand::Low);
    EXPECT_EQ(trust_band(25), TrustBand::Neutral);
    EXPECT_EQ(trust_band(59), TrustBand::Neutral);
    EXPECT_EQ(trust_band(60), TrustBand::High);
    EXPECT_EQ(patience_band(24), PatienceBand::Low);
    EXPECT_EQ(patience_band(25), PatienceBand::Neutral);
    EXPECT_EQ(patience_band(59), PatienceBand::Neutral);
    EXPECT_EQ(patience_band(60), PatienceBand::High);
}

TEST(SignalBands, IdsForFilesAndJson) {
    EXPECT_STREQ(to_string(ReadinessBand::Cold), "cold");
    EXPECT_STREQ(to_string(ReadinessBand::Warming), "warming");
    EXPECT_STREQ(to_string(ReadinessBand::Ready), "ready");
    EXPECT_STREQ(to_string(TrustBand::Low), "low");
    EXPECT_STREQ(to_string(TrustBand::Neutral), "neutral");
    EXPECT_STREQ(to_string(PatienceBand::High), "high");
    for (const std::string& key : signal_keys())
        EXPECT_EQ(is_trial_signal_key(key), key.rfind("trial.", 0) == 0);
}

// ---------------------------------------------------------------------------------------------
// Texts

TEST(SignalTexts, TheRuleBookHasSeveralCuesPerBandInBothLanguages) {
    const auto book = shipped_book();
    ASSERT_TRUE(book);
    for (const std::string& key : signal_keys()) {
        const auto it = book->texts.lines.find("signals." + key);
        ASSERT_NE(it, book->texts.lines.end()) << key;
        EXPECT_EQ(it->second.size() >= 2, !is_trial_signal_key(key)) << key;
        ASSERT_FALSE(it->second.empty()) << key;
        for (const Text& t : it->second) {
            EXPECT_TRUE(t.has("en") && t.has("fi")) << key;
            EXPECT_NE(t.get("en"), t.get("fi")) << key;
            for (const auto& [lang, s] : t.by_lang)
                EXPECT_EQ(s.find_first_of("0123456789"), std::string::npos) << s;
        }
    }
}

TEST(SignalTexts, NoBuyerLineOfTheRuleBookPrintsANumber) {
    const std::string book = read_all(k_source + "/scenarios/rulebook.yaml");
    EXPECT_EQ(book.find("{readiness}"), std::string::npos);
    EXPECT_EQ(book.find("/100"), std::string::npos);
}

TEST(SignalTexts, AScenarioOverridesTheRuleBookKeyByKey) {
    std::string text = read_all(k_source + "/scenarios/tutorial-first-sale.yaml");
    text +=
        "signals:\n"
        "  readiness.warming:\n"
        "    - {en: \"Maija picks up the brochure again.\", fi: \"Maija ottaa esitteen taas käteensä.\"}\n"
        "    - Maija smiles.\n"
        "  trial.ready: {en: \"Friday works.\", fi: \"Perjantai käy.\"}\n"
        "  patience.low: []\n";
    const ScenarioLoad load = load_scenario(text, "test.yaml", shipped_book());
    ASSERT_TRUE(load.scenario) << (load.diagnostics.empty() ? "" : format(load.diagnostics.front()));
    const Scenario& scn = *load.scenario;
    const std::vector<Text>& warming = signal_lines(scn, "readiness.warming");
    ASSERT_EQ(warming.size(), 2u);
    EXPECT_EQ(warming[0].get("fi"), "Maija ottaa esitteen taas käteensä.");
    EXPECT_EQ(warming[1].get("fi"), "Maija smiles.");
    EXPECT_EQ(trial_reply(scn, ReadinessBand::Ready).get("en"), "Friday works.");
    EXPECT_TRUE(signal_lines(scn, "patience.low").empty());  // silenced
    // Keys the scenario leaves alone come from the rule book.
    EXPECT_EQ(signal_lines(scn, "trust.low"), shipped_book()->texts.lines.at("signals.trust.low"));
    EXPECT_EQ(trial_reply(scn, ReadinessBand::Cold),
              shipped_book()->texts.lines.at("signals.trial.cold").front());
}

TEST(SignalTexts, AnUnknownKeyIsAnErrorWithASuggestion) {
    std::string text = read_all(k_source + "/scenarios/tutorial-first-sale.yaml");
    const int line = static_cast<int>(std::count(text.begin(), text.end(), '\n')) + 2;
    text += "signals:\n  readiness.warm: Maija smiles.\n  trial.ready: [a, b]\n";
    const ScenarioLoad load = load_scenario(text, "test.yaml", shipped_book());
    EXPECT_FALSE(load.scenario);
    ASSERT_EQ(load.diagnostics.size(), 2u);
    const Diagnostic& d = load.diagnostics[0];
    EXPECT_EQ(d.code, "unknown-signal");
    EXPECT_EQ(d.loc, (SourceLoc{line, 3}));
    EXPECT_EQ(d.message, "unknown signal 'readiness.warm'");
    EXPECT_EQ(d.help.substr(0, 38), "did you mean 'readiness.warming'? Sign");
    EXPECT_EQ(load.diagnostics[1].code, "wrong-type");
    EXPECT_EQ(load.diagnostics[1].loc.line, line + 1);
}

TEST(SignalTexts, ARuleBookWithoutSignalsLoadsAndTellsNoCues) {
    const RuleBookLoad load = load_rulebook_file(k_source + "/tests/fixtures/valid/rulebook.yaml");
    ASSERT_TRUE(load.book);
    EXPECT_TRUE(load.diagnostics.empty());
    EXPECT_TRUE(load.book->texts.lines.empty());
}

// ---------------------------------------------------------------------------------------------
// The session

TEST(SignalSession, ACueFollowsTheReplyWhenReadinessWarmsUp) {
    const Session s = play_to_warming(scenario_with_cues(), 7);
    const auto& ds = s.decisions();
    ASSERT_EQ(ds.size(), 4u);
    for (std::size_t i = 0; i < 3; ++i) EXPECT_TRUE(ds[i].signal.empty()) << i;  // still cold
    EXPECT_EQ(readiness_band(ds[3].before.readiness, 70), ReadinessBand::Cold);
    EXPECT_EQ(readiness_band(ds[3].after.readiness, 70), ReadinessBand::Warming);
    const std::string cue = ds[3].signal.get("en");
    EXPECT_TRUE(cue == "Ville picks up the brochure." || cue == "Ville asks about delivery.") << cue;
    // Told by the narration right after the buyer's reply.
    const auto& tr = s.transcript();
    auto it = std::find_if(tr.begin(), tr.end(), [&](const Line& l) { return l.text == ds[3].signal; });
    ASSERT_NE(it, tr.end());
    EXPECT_EQ(it->speaker, Speaker::Narrator);
    ASSERT_NE(it, tr.begin());
    EXPECT_EQ(std::prev(it)->speaker, Speaker::Buyer);
    EXPECT_EQ(std::prev(it)->text, ds[3].reply);
}

TEST(SignalSession, NoCueWhenNoBandChanged) {
    Session s = play_to_warming(scenario_with_cues(), 7);
    // The boomerang makes the buyer ready (55 -> 70): the scenario's line, with the name filled in.
    const DecisionRecord& ready = s.choose(index_of(s, "boomerang"));
    EXPECT_EQ(ready.signal.get("fi"), "Ville ottaa kynän.");
    // A trial close reads the buyer and changes nothing: no cue.
    const std::size_t lines = s.transcript().size();
    const DecisionRecord& rec = s.choose(index_of(s, "trial"));
    EXPECT_EQ(readiness_band(rec.after.readiness, 70), ReadinessBand::Ready);
    EXPECT_TRUE(rec.signal.empty());
    for (std::size_t i = lines; i < s.transcript().size(); ++i)
        EXPECT_NE(s.transcript()[i].text.get("en").find("Ville"), 0u) << s.transcript()[i].text.get("en");
}

TEST(SignalSession, TheCueDependsOnlyOnTheSeedAndTheDecision) {
    const auto scn = scenario_with_cues();
    std::set<std::string> seen;
    for (std::uint64_t seed = 1; seed <= 16; ++seed) {
        const std::string a = play_to_warming(scn, seed).decisions()[3].signal.get("en");
        EXPECT_EQ(a, play_to_warming(scn, seed).decisions()[3].signal.get("en")) << seed;
        // A resumed session tells the same cue.
        const Session played = play_to_warming(scn, seed);
        const Session resumed = Session::resume(scn, played.save("en"));
        ASSERT_EQ(resumed.transcript().size(), played.transcript().size());
        for (std::size_t i = 0; i < played.transcript().size(); ++i)
            EXPECT_EQ(resumed.transcript()[i].text, played.transcript()[i].text);
        seen.insert(a);
    }
    EXPECT_EQ(seen.size(), 2u);  // both lines come up across seeds
}

TEST(SignalSession, ANonRecordingSessionTellsNothing) {
    Session s = play_to_warming(scenario_with_cues(), 7, false);
    EXPECT_TRUE(s.transcript().empty());
    const DecisionRecord& rec = s.choose(index_of(s, "boomerang"));
    EXPECT_TRUE(rec.signal.empty());
}

TEST(SignalSession, SeveralBandsChangingAtOnceMakeOneLine) {
    const auto scn = scenario_with_cues();
    scn->signals["trust.low"] = {Text("Ville folds both arms.", "Ville panee kädet puuskaan.")};
    scn->signals["patience.low"] = {Text("Ville checks the time.", "Ville vilkaisee kelloa.")};
    const Text cue = signal_cue(*scn, BuyerState{40, 40, 60, 40}, BuyerState{20, 40, 20, 55}, 1, 0);
    const std::string en = cue.get("en");
    EXPECT_TRUE(en.rfind("Ville picks up the brochure.", 0) == 0 ||
                en.rfind("Ville asks about delivery.", 0) == 0)
        << en;  // readiness first
    EXPECT_NE(cue.get("en").find(" Ville folds both arms. Ville checks the time."), std::string::npos);
    EXPECT_NE(cue.get("fi").find("Ville panee kädet puuskaan. Ville vilkaisee kelloa."), std::string::npos);
    // Back to neutral trust is nothing a buyer shows.
    EXPECT_TRUE(signal_cue(*scn, BuyerState{20, 40, 60, 20}, BuyerState{30, 40, 60, 20}, 1, 0).empty());
}

TEST(SignalSession, TheTrialPlaceholderReadsTheBand) {
    auto book = make_book();
    for (Rule& r : book->rules)
        if (r.id == "close.trial") r.reply = Text("{trial}", "{trial}");
    book->texts.lines["signals.trial.warming"] = {Text("Maybe.", "Ehkä.")};
    book->texts.lines["signals.trial.ready"] = {Text("Yes.", "Kyllä.")};
    // Readiness 70 at the close: ready at close_at 70, warming at close_at 80.
    Session ready = play_to_warming(make_scenario(book), 3);
    ready.choose(index_of(ready, "boomerang"));
    EXPECT_EQ(ready.choose(index_of(ready, "trial")).reply, Text("Yes.", "Kyllä."));
    auto strict = make_scenario(book);
    strict->rubric.close_at = 80;
    Session warming = play_to_warming(strict, 3);
    warming.choose(index_of(warming, "boomerang"));
    EXPECT_EQ(warming.choose(index_of(warming, "trial")).reply, Text("Maybe.", "Ehkä."));
}
