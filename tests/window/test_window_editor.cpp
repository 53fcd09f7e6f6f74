// The scenario editor's logic: positions in UTF-8 text, durable saves, autosave and restore, the
// shipped template, re-validation of a typo and the play-test's replay after an edit.
#include "window/model/editor_model.hpp"

#include "window/model/prefs.hpp"

#include <salesim/app/durable_file.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <iterator>

using namespace salesim;
using namespace salesim::window;

namespace {

const std::string src = SALESIM_SOURCE_DIR;

class WindowEditor : public ::testing::Test {
protected:
    void SetUp() override {
        dir = std::filesystem::temp_directory_path() /
              ("salesim-editor-test-" +
               std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
        std::filesystem::remove_all(dir);
        std::filesystem::create_directories(dir / "scenarios");
        const RuleBookLoad rb = load_rulebook_file(src + "/scenarios/rulebook.yaml");
        ASSERT_TRUE(rb.book) << (rb.diagnostics.empty() ? "" : format(rb.diagnostics.front()));
        book = rb.book;
    }
    void TearDown() override { std::filesystem::remove_all(dir); }

    EditorModel make() {
        EditorModel m(dir / "data", src + "/assets/templates/scenario.yaml");
        m.set_book(book);
        return m;
    }
    /// A copy of a shipped scenario to edit.
    std::filesystem::path copy_of(const std::string& name) {
        const auto to = dir / "scenarios" / name;
        std::filesystem::copy_file(src + "/scenarios/" + name, to);
        return to;
    }

    std::filesystem::path dir;
    std::shared_ptr<const RuleBook> book;
};

std::string replace_once(std::string s, const std::string& from, const std::string& to) {
    const auto at = s.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    if (at != std::string::npos) s.replace(at, from.size(), to);
    return s;
}

}  // namespace

TEST(WindowEditorText, LineAndCharacterColumnToByteOffset) {
    const std::string text = "a: 1\nnimi: \"Hyvä päivä\" # x\nlast";
    // Line 2, column 13 is the 'p' of "päivä": the "ä" of "Hyvä" before it is two bytes but one
    // character, so the offset is the line's start (5) plus 13 bytes.
    const std::size_t at = byte_offset(text, 2, 13);
    EXPECT_EQ(text.substr(at, 2), "p\xC3");
    EXPECT_EQ(at, 5u + 13u);
    // After the next "ä": column 15 is the 'i', two bytes further than column 13.
    EXPECT_EQ(text[byte_offset(text, 2, 15)], 'i');
    EXPECT_EQ(byte_offset(text, 2, 15), at + 3u);
    EXPECT_EQ(byte_offset(text, 1, 1), 0u);
    EXPECT_EQ(byte_offset(text, 3, 1), text.find("last"));
    // Past the end of a line clamps to the line's end, past the last line to the text's end.
    EXPECT_EQ(byte_offset(text, 1, 99), 4u);
    EXPECT_EQ(byte_offset(text, 9, 1), text.size());
    // line_column() is the inverse.
    EXPECT_EQ(line_column(text, at), (SourceLoc{2, 13}));
    EXPECT_EQ(line_column(text, byte_offset(text, 2, 15)), (SourceLoc{2, 15}));
}

TEST_F(WindowEditor, SaveIsAtomicAndLeavesNoTemporaryFile) {
    const auto p = dir / "out" / "file.yaml";
    app::write_file_durable(p, "first\n", {.create_folder = true});
    app::write_file_durable(p, "second ä\n", {.create_folder = true});
    EXPECT_EQ(read_text_file(p), "second ä\n");
    EXPECT_FALSE(std::filesystem::exists(p.string() + ".tmp"));
    // Nothing but the file itself is left in its folder.
    EXPECT_EQ(std::distance(std::filesystem::directory_iterator(p.parent_path()),
                            std::filesystem::directory_iterator()),
              1);
    // A file that cannot be replaced says which one.
    std::filesystem::create_directories(dir / "blocked.yaml");
    try {
        app::write_file_durable(dir / "blocked.yaml", "x");
        FAIL() << "a folder in the way must be refused";
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find("blocked.yaml"), std::string::npos) << e.what();
    }
}

TEST_F(WindowEditor, EditsAreAutosavedAndOfferedBackOnTheNextOpen) {
    const auto file = copy_of("bike-shop.yaml");
    const std::string original = read_text_file(file);
    const auto t0 = EditorModel::Clock::now();
    {
        EditorModel m = make();
        m.open(file);
        EXPECT_FALSE(m.dirty());
        m.set_text(original + "# a comment\n", t0);
        EXPECT_TRUE(m.dirty());
        EXPECT_TRUE(m.pending());
        // Not yet: the autosave waits for typing to pause.
        m.tick(t0 + std::chrono::milliseconds(100));
        EXPECT_FALSE(std::filesystem::exists(m.autosave_path()));
        m.tick(t0 + std::chrono::seconds(2));
        ASSERT_TRUE(std::filesystem::exists(m.autosave_path()));
        EXPECT_EQ(m.autosave_path(), dir / "data" / "editor" / "bike-shop.autosave");
        // The window closes here without saving.
    }
    EXPECT_EQ(read_text_file(file), original);
    {
        EditorModel m = make();
        m.open(file);
        ASSERT_TRUE(m.restore_offer().has_value());
        EXPECT_EQ(m.text(), original);
        m.restore(t0);
        EXPECT_EQ(m.text(), original + "# a comment\n");
        EXPECT_TRUE(m.dirty());
        m.save();
        EXPECT_FALSE(m.dirty());
        EXPECT_EQ(read_text_file(file), original + "# a comment\n");
        EXPECT_FALSE(std::filesystem::exists(m.autosave_path()));
    }
    EditorModel again = make();
    again.open(file);
    EXPECT_FALSE(again.restore_offer().has_value());
    // Discarding an offer removes the autosave for good.
    again.set_text("changed", t0);
    again.autosave_now();
    EditorModel third = make();
    third.open(file);
    ASSERT_TRUE(third.restore_offer().has_value());
    third.discard_restore();
    EXPECT_FALSE(std::filesystem::exists(third.autosave_path()));
}

TEST_F(WindowEditor, TheShippedTemplateValidatesWithTheShippedRuleBook) {
    const std::string bytes = read_text_file(src + "/assets/templates/scenario.yaml");
    const ScenarioLoad ld = load_scenario(bytes, "scenario.yaml", book);
    std::string all;
    for (const Diagnostic& d : ld.diagnostics) all += format(d) + "\n";
    ASSERT_TRUE(ld.scenario) << all;
    EXPECT_TRUE(std::none_of(ld.diagnostics.begin(), ld.diagnostics.end(),
                             [](const Diagnostic& d) { return d.severity == Severity::Error; }));
    // And the editor's New starts from it: valid, unsaved, with a map.
    EditorModel m = make();
    m.new_from_template(dir / "scenarios" / "new-scenario.yaml");
    EXPECT_TRUE(m.valid());
    EXPECT_TRUE(m.dirty());
    m.finish_analysis();
    ASSERT_NE(m.analysis(), nullptr);
    EXPECT_TRUE(m.analysis()->pass_reachable);
    EXPECT_FALSE(std::filesystem::exists(dir / "scenarios" / "new-scenario.yaml"));
    m.save();
    EXPECT_TRUE(std::filesystem::exists(dir / "scenarios" / "new-scenario.yaml"));
}

TEST_F(WindowEditor, ClosingDuringAnAnalysisStopsItAndWaitsForIt) {
    // Each model starts a search of the largest shipped scenario on open and is closed at once:
    // the search is told to stop and its thread is joined (a hang here would time the test out;
    // the sanitizer build would report a thread outliving what it reads).
    const auto file = copy_of("accounting-software.yaml");
    for (int i = 0; i < 3; ++i) {
        EditorModel m = make();
        m.open(file);
        ASSERT_TRUE(m.valid());
        EXPECT_TRUE(m.analysing());
    }
    // A model that is moved keeps its search and still stops it. The search has the editor's
    // budget: on a slow machine (or under the sanitizers) its answer is bounded, never stopped.
    EditorModel first = make();
    first.open(file);
    EditorModel moved(std::move(first));
    moved.finish_analysis();
    ASSERT_NE(moved.analysis(), nullptr);
    EXPECT_NE(moved.analysis()->end, SearchEnd::Stopped);
    EXPECT_TRUE(moved.analysis()->complete || moved.analysis()->bounded());
    EXPECT_TRUE(moved.analysis()->pass_reachable);
}

TEST_F(WindowEditor, ATypoIsListedAfterTheValidationDelay) {
    // The same typo the CLI tests pin: an objection method spelled 'boomrang'.
    const auto file = copy_of("tutorial-first-sale.yaml");
    EditorModel m = make();
    m.open(file);
    ASSERT_TRUE(m.valid());
    const std::string text = m.text();
    const std::size_t at = text.find("boomerang:");
    ASSERT_NE(at, std::string::npos);
    std::string typo = text;
    typo.replace(at, 10, "boomrang:");
    const auto t0 = EditorModel::Clock::now();
    m.set_text(typo, t0);
    m.tick(t0 + std::chrono::milliseconds(100));
    EXPECT_TRUE(m.valid()) << "validated before the delay";
    m.tick(t0 + EditorModel::validate_delay);
    EXPECT_FALSE(m.valid());
    const auto& ds = m.diagnostics();
    const auto it = std::find_if(ds.begin(), ds.end(), [](const Diagnostic& d) {
        return d.severity == Severity::Error && d.message == "unknown objection method 'boomrang'";
    });
    ASSERT_NE(it, ds.end());
    EXPECT_NE(it->help.find("did you mean 'boomerang'?"), std::string::npos) << it->help;
    const SourceLoc expect = line_column(typo, at);
    EXPECT_EQ(it->loc, expect);
    // The position leads back to the typo's bytes.
    EXPECT_EQ(typo.substr(byte_offset(typo, it->loc.line, it->loc.column), 8), "boomrang");
    // The last valid version stays for the map and the play-test.
    EXPECT_NE(m.scenario(), nullptr);
}

TEST_F(WindowEditor, MissingTranslationsAreGroupedByLanguage) {
    const auto file = copy_of("tutorial-first-sale.yaml");
    EditorModel m = make();
    m.open(file);
    EXPECT_TRUE(m.missing_translations().empty());
    // Drop the Finnish title (line 6): the warning points at the text's map, which starts on line 5.
    std::string text = m.text();
    const std::size_t from = text.find("  fi: \"Ensimm");
    ASSERT_NE(from, std::string::npos);
    text.erase(from, text.find('\n', from) + 1 - from);
    m.set_text(text, EditorModel::Clock::now());
    m.validate_now();
    const auto missing = m.missing_translations();
    ASSERT_EQ(missing.count("fi"), 1u);
    ASSERT_EQ(missing.at("fi").size(), 1u);
    EXPECT_EQ(missing.at("fi").front().loc.line, 5);
}

TEST_F(WindowEditor, PlayTestStartsAtTheChosenPointWithTheChosenBuyerAndReplaysAfterAnEdit) {
    const auto file = copy_of("tutorial-first-sale.yaml");
    EditorModel m = make();
    m.open(file);
    ASSERT_TRUE(m.scenario());
    const std::vector<PlayTarget> targets = play_targets(*m.scenario());
    const auto obj = std::find_if(targets.begin(), targets.end(),
                                  [](const PlayTarget& t) { return !t.objection.empty(); });
    ASSERT_NE(obj, targets.end());
    BuyerState start = m.scenario()->persona.start;
    start.trust = 77;
    m.playtest().start(m.scenario(), start, *obj);
    const Session* s = m.playtest().session();
    ASSERT_NE(s, nullptr);
    EXPECT_EQ(m.playtest().note().kind, PlayNote::Kind::None);
    ASSERT_FALSE(s->finished());
    EXPECT_EQ(s->current().stage, Stage::Objections);
    EXPECT_EQ(s->current().ref, obj->objection);
    EXPECT_EQ(s->decisions().front().before.trust, 77);
    // The auto-played decisions took the best option without being marked hinted.
    for (const DecisionRecord& r : s->decisions()) {
        EXPECT_FALSE(r.hinted);
        EXPECT_EQ(r.verdict, Verdict::Best) << r.ref << " " << r.move;
    }
    m.playtest().choose(0);
    const std::size_t made = m.playtest().choices().size();
    const std::string said_before = s->transcript().back().text.get("en");

    // An edit to the text of the last reply: the play-test replays the same choices on it.
    const Session& now = *m.playtest().session();
    const DecisionRecord& last = now.decisions().back();
    const std::string reply = last.reply.get("en");
    ASSERT_FALSE(reply.empty());
    std::string edited = m.text();
    if (edited.find(reply) != std::string::npos) {
        edited = replace_once(edited, reply, reply + " (edited)");
    } else {
        edited += "# a comment\n";
    }
    const auto t0 = EditorModel::Clock::now();
    m.set_text(edited, t0);
    m.tick(t0 + EditorModel::validate_delay);
    ASSERT_TRUE(m.valid());
    s = m.playtest().session();
    ASSERT_NE(s, nullptr);
    EXPECT_EQ(m.playtest().note().kind, PlayNote::Kind::None);
    EXPECT_EQ(s->choices().size(), made);
    EXPECT_EQ(m.playtest().choices().size(), made);
    EXPECT_EQ(s->decisions().front().before.trust, 77);
    if (edited.find(" (edited)") != std::string::npos) {
        bool seen = false;
        for (const Line& l : s->transcript())
            seen = seen || l.text.get("en").find(" (edited)") != std::string::npos;
        EXPECT_TRUE(seen) << "the replay does not show the edited reply; before: " << said_before;
    }

    // An edit that removes a chosen step: the replay stops before it and says which.
    const PlayChoice second = m.playtest().choices().at(1);
    const std::string id_line = "      - id: " + second.decision + "\n";
    ASSERT_NE(m.text().find(id_line), std::string::npos) << id_line;
    m.set_text(replace_once(m.text(), id_line, "      - id: " + second.decision + "-renamed\n"), t0);
    m.validate_now();
    ASSERT_TRUE(m.valid()) << (m.diagnostics().empty() ? "" : format(m.diagnostics().front()));
    EXPECT_EQ(m.playtest().note().kind, PlayNote::Kind::ChoiceGone);
    EXPECT_EQ(m.playtest().note().index, 1u);
    EXPECT_EQ(m.playtest().note().choice.decision, second.decision);
    EXPECT_EQ(m.playtest().session()->choices().size(), 1u);
    EXPECT_EQ(m.playtest().choices().size(), 1u);
}
