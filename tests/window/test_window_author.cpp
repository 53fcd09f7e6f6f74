// The Author view for trainers: shipped scenarios open read-only and are never written in place, Save
// as my copy writes the user's own copy (a new file and a new id) that the library lists beside the
// shipped ones, the map and the findings use the names the trainee sees, and the analysis reports
// its progress.
#include "window/model/editor_model.hpp"

#include "game_fixture.hpp"

#include "window/model/commands.hpp"
#include "window/model/editor_commands.hpp"
#include "window/model/map_names.hpp"
#include "window/model/prefs.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

using namespace salesim;
using namespace salesim::window;

namespace {

namespace fs = std::filesystem;

const std::string src = SALESIM_SOURCE_DIR;
const fs::path shipped_tutorial = fs::path(src) / "scenarios" / "tutorial-first-sale.yaml";

class WindowAuthor : public salesim::window::testing::GameTest {
protected:
    /// The user's own scenarios folder of the fixture's data folder.
    fs::path mine() const { return dir / "scenarios"; }
};

std::string replace_once(std::string s, const std::string& from, const std::string& to) {
    const auto at = s.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    if (at != std::string::npos) s.replace(at, from.size(), to);
    return s;
}

/// The 1-based line of the first line of `text` holding `part`.
int line_of(const std::string& text, const std::string& part) {
    const std::size_t at = text.find(part);
    EXPECT_NE(at, std::string::npos) << part;
    return 1 +
           static_cast<int>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(at), '\n'));
}

}  // namespace

TEST(WindowAuthorText, TheIdLineIsFoundAndReplacedAndNothingElse) {
    const std::string text =
        "# id: not this one\nformat: 1\nid: bike-shop  # the shop\ntitle: x\n  id: nested\n";
    EXPECT_EQ(scenario_id_in(text), "bike-shop");
    EXPECT_EQ(with_scenario_id(text, "bike-shop-copy"),
              "# id: not this one\nformat: 1\nid: bike-shop-copy  # the shop\ntitle: x\n  id: nested\n");
    // Quotes are kept as they were; a file without the line has nothing to replace.
    EXPECT_EQ(with_scenario_id("id: \"a-b\"\r\nx: 1\r\n", "a-b-copy"), "id: \"a-b-copy\"\r\nx: 1\r\n");
    EXPECT_EQ(scenario_id_in("id: 'a-b'\n"), "a-b");
    EXPECT_FALSE(scenario_id_in("title: x\n  id: nested\n"));
    EXPECT_FALSE(with_scenario_id("title: x\n", "y"));
}

TEST(WindowAuthorText, AFileIsInAFolderAfterDotsAndTrailingSlashes) {
    const fs::path folder = fs::path(src) / "scenarios";
    EXPECT_TRUE(in_folder(shipped_tutorial, folder));
    EXPECT_TRUE(in_folder(folder / ".." / "scenarios" / "bike-shop.yaml", folder.string() + "/"));
    EXPECT_FALSE(in_folder(fs::path(src) / "scenarios-mine" / "bike-shop.yaml", folder));
    EXPECT_FALSE(in_folder(folder, folder));
    EXPECT_FALSE(in_folder(shipped_tutorial, ""));
}

TEST(WindowAuthorText, BriefTextsAreCutAtAWordWithinTheirLength) {
    EXPECT_EQ(brief("Short  and\nsweet", 60), "Short and sweet");
    const std::string cut = brief("Hyvä päivä, onko teillä hetki aikaa puhua ilmanpuhdistimista?", 20);
    EXPECT_EQ(cut, "Hyvä päivä, onko\xE2\x80\xA6");
}

TEST_F(WindowAuthor, AShippedScenarioOpensReadOnlyAndIsNeverWrittenInPlace) {
    const std::string before = read_text_file(shipped_tutorial);
    Game g = make();
    UiState ui;
    apply(g, ui, cmd::EditorOpen{shipped_tutorial.string()}, 1);
    ASSERT_TRUE(ui.error.empty()) << ui.error;
    const EditorModel& m = g.editor();
    ASSERT_TRUE(m.is_open());
    EXPECT_TRUE(m.read_only());
    // An edit does not reach the buffer, and the model refuses to write the file.
    apply(g, ui, cmd::EditorEdit{"id: broken\n"}, 1);
    EXPECT_EQ(m.text(), before);
    EXPECT_FALSE(m.dirty());
    EXPECT_THROW(g.editor().save(), std::logic_error);
    EXPECT_EQ(read_text_file(shipped_tutorial), before);
    // Save (Ctrl+S) on it saves the user's copy instead; the shipped file stays byte for byte.
    apply(g, ui, cmd::EditorSave{}, 1);
    ASSERT_TRUE(ui.error.empty()) << ui.error;
    EXPECT_EQ(read_text_file(shipped_tutorial), before);
    EXPECT_EQ(m.path(), mine() / "tutorial-first-sale-copy.yaml");
    EXPECT_FALSE(m.read_only());
    // Nothing but the copy was written: no file beside the shipped ones.
    EXPECT_FALSE(fs::exists(fs::path(src) / "scenarios" / "tutorial-first-sale-copy.yaml"));
}

TEST_F(WindowAuthor, SaveAsMyCopyWritesANewFileWithANewIdAndTheEditorGoesOnWithIt) {
    const std::string original = read_text_file(shipped_tutorial);
    Game g = make();
    UiState ui;
    apply(g, ui, cmd::EditorOpen{shipped_tutorial.string()}, 1);
    apply(g, ui, cmd::EditorSaveCopy{}, 1);
    ASSERT_TRUE(ui.error.empty()) << ui.error;
    const fs::path first = mine() / "tutorial-first-sale-copy.yaml";
    ASSERT_TRUE(fs::exists(first));
    // Only the id line differs from the shipped file.
    const std::string copy = read_text_file(first);
    EXPECT_EQ(copy,
              replace_once(original, "\nid: tutorial-first-sale\n", "\nid: tutorial-first-sale-copy\n"));
    EXPECT_EQ(read_text_file(shipped_tutorial), original);
    // The editor is on the copy, which validates under its new id and can be edited and saved.
    EditorModel& m = g.editor();
    EXPECT_EQ(m.path(), first);
    EXPECT_FALSE(m.read_only());
    EXPECT_FALSE(m.dirty());
    EXPECT_EQ(ui.editor.text, copy);
    EXPECT_EQ(ui.editor.path_field, first.string());
    ASSERT_TRUE(m.scenario());
    EXPECT_EQ(m.scenario()->id, "tutorial-first-sale-copy");
    const std::string edited = replace_once(copy, "pass: 60", "pass: 65");
    apply(g, ui, cmd::EditorEdit{edited}, 1);
    apply(g, ui, cmd::EditorSave{}, 1);
    ASSERT_TRUE(ui.error.empty()) << ui.error;
    EXPECT_EQ(read_text_file(first), edited);

    // A second copy of the shipped file gets the next name and id; the first is untouched.
    apply(g, ui, cmd::EditorOpen{shipped_tutorial.string()}, 1);
    EXPECT_TRUE(g.editor().read_only());
    apply(g, ui, cmd::EditorSaveCopy{}, 1);
    ASSERT_TRUE(ui.error.empty()) << ui.error;
    const fs::path second = mine() / "tutorial-first-sale-copy-2.yaml";
    EXPECT_EQ(g.editor().path(), second);
    EXPECT_EQ(read_text_file(second),
              replace_once(original, "\nid: tutorial-first-sale\n", "\nid: tutorial-first-sale-copy-2\n"));
    EXPECT_EQ(read_text_file(first), edited);
    EXPECT_EQ(read_text_file(shipped_tutorial), original);
}

TEST_F(WindowAuthor, TheLibraryListsTheCopyBesideTheShippedScenarioAsTheUsersOwn) {
    Game g = make();
    UiState ui;
    apply(g, ui, cmd::EditorOpen{shipped_tutorial.string()}, 1);
    apply(g, ui, cmd::EditorSaveCopy{}, 1);
    ASSERT_TRUE(ui.error.empty()) << ui.error;
    g.wait_library();
    const app::ScenarioSummary* copy = g.index().find("tutorial-first-sale-copy");
    const app::ScenarioSummary* shipped = g.index().find("tutorial-first-sale");
    ASSERT_NE(copy, nullptr);
    ASSERT_NE(shipped, nullptr);
    EXPECT_FALSE(copy->broken) << copy->problem;
    EXPECT_FALSE(shipped->broken) << shipped->problem;
    EXPECT_TRUE(g.own_scenario(copy->path));
    EXPECT_FALSE(g.own_scenario(shipped->path));
    // The whole library loads both, with no clash of ids.
    EXPECT_TRUE(g.library().find_shared("tutorial-first-sale-copy"));
    EXPECT_TRUE(g.library().find_shared("tutorial-first-sale"));
    const std::vector<std::string> dirs = g.library_dirs();
    ASSERT_FALSE(dirs.empty());
    EXPECT_EQ(dirs.back(), mine().string());

    // The Author view's file list has the shipped files marked, then the user's copy.
    apply(g, ui, cmd::EditorListFiles{}, 1);
    const auto& files = ui.editor.files;
    const auto find = [&](const fs::path& p) {
        return std::find_if(files.begin(), files.end(),
                            [&](const EditorFile& f) { return f.path == p.string(); });
    };
    ASSERT_NE(find(shipped_tutorial), files.end());
    EXPECT_TRUE(find(shipped_tutorial)->shipped);
    ASSERT_NE(find(mine() / "tutorial-first-sale-copy.yaml"), files.end());
    EXPECT_FALSE(find(mine() / "tutorial-first-sale-copy.yaml")->shipped);
    EXPECT_LT(find(shipped_tutorial), find(mine() / "tutorial-first-sale-copy.yaml"));
    // Test plans and the rule book are not scenarios to edit.
    for (const EditorFile& f : files) {
        EXPECT_FALSE(f.path.ends_with(".plan.yaml")) << f.path;
        EXPECT_FALSE(f.path.ends_with("rulebook.yaml")) << f.path;
    }
}

TEST_F(WindowAuthor, MapAndFindingsUseTheNamesTheTraineeSeesWithTheirLines) {
    // The tutorial with a need nothing discovers, in the user's own folder.
    const std::string need =
        "    - id: spare-room\n      text:\n        en: \"She wants a purifier for the spare "
        "room too.\"\n        fi: \"Hän haluaa puhdistimen myös vierashuoneeseen.\"\n";
    const std::string text =
        replace_once(read_text_file(shipped_tutorial), "  needs:\n", "  needs:\n" + need);
    fs::create_directories(mine());
    const fs::path file = mine() / "tutorial-spare-room.yaml";
    app::write_file_durable(file, text);
    Game g = make();
    UiState ui;
    apply(g, ui, cmd::EditorOpen{file.string()}, 1);
    ASSERT_TRUE(ui.error.empty()) << ui.error;
    EditorModel& m = g.editor();
    EXPECT_FALSE(m.read_only());
    m.finish_analysis();
    ASSERT_NE(m.analysis(), nullptr);
    ASSERT_TRUE(m.scenario());
    const Analysis& a = *m.analysis();
    const Scenario& s = *m.scenario();
    const Strings& str = g.strings();

    // The finding names the need by its text and carries its line.
    const auto it = std::find_if(a.findings.begin(), a.findings.end(),
                                 [](const Finding& f) { return f.code == "need_never_discovered"; });
    ASSERT_NE(it, a.findings.end());
    EXPECT_EQ(it->ref, "spare-room");
    EXPECT_EQ(it->loc.line, line_of(text, "- id: spare-room"));
    const FindingText ft = finding_text(s, a, *it, str, "en");
    EXPECT_EQ(ft.subject, "\xE2\x80\x9CShe wants a purifier for the spare room too.\xE2\x80\x9D");
    EXPECT_NE(ft.message.find(ft.subject), std::string::npos) << ft.message;
    EXPECT_EQ(ft.message.find("spare-room"), std::string::npos) << ft.message;
    // In Finnish the content is Finnish.
    EXPECT_NE(finding_text(s, a, *it, str, "fi").subject.find("vierashuoneeseen"), std::string::npos);

    // No finding quotes an id the trainee never sees, and each about a part of the file has its line.
    for (const Finding& f : a.findings) {
        const FindingText t = finding_text(s, a, f, str, "en");
        if (!f.ref.empty()) {
            EXPECT_EQ(t.message.find("'" + f.ref + "'"), std::string::npos) << t.message;
            EXPECT_GT(f.loc.line, 0) << f.code;
        }
        for (const DecisionReport& d : a.decisions)
            for (const OptionReport& o : d.options) {
                if (!o.move.empty() && o.move != "lead") {
                    EXPECT_EQ(t.message.find("(" + o.move + ")"), std::string::npos) << t.message;
                }
            }
    }

    // The map: the lead list by what it is, the leads by their names, objections by the buyer's words.
    const DecisionReport* leads = a.find_decision(DecisionKind::Lead, "leads");
    ASSERT_NE(leads, nullptr);
    EXPECT_EQ(decision_name(s, *leads, str, "en"), str.tr("editor.map_leads"));
    std::vector<std::string> lead_names;
    for (const OptionReport& o : leads->options) lead_names.push_back(option_name(s, o, "en"));
    EXPECT_NE(std::find(lead_names.begin(), lead_names.end(), "Anna Virtanen, mother of two"),
              lead_names.end());
    for (const std::string& n : lead_names) EXPECT_EQ(n.find('-'), std::string::npos) << n;
    for (const DecisionReport& d : a.decisions) {
        const std::string name = decision_name(s, d, str, "en");
        EXPECT_NE(name, d.ref) << "decision " << d.ref << " shown by its id";
        if (d.kind == DecisionKind::Objection) {
            const Objection* o = s.find_objection(d.ref);
            ASSERT_NE(o, nullptr);
            EXPECT_EQ(name.rfind("\xE2\x80\x9C", 0), 0u) << name;
        }
        if (d.kind == DecisionKind::Step && d.ref == "prepare") {
            EXPECT_EQ(name.rfind("You have ten minutes", 0), 0u) << name;
            for (const OptionReport& o : d.options) EXPECT_NE(option_name(s, o, "en"), o.move);
        }
    }
}

TEST_F(WindowAuthor, AnUnpassableScenarioIsShownAtItsPassMark) {
    const std::string text = replace_once(read_text_file(shipped_tutorial), "  pass: 60\n", "  pass: 100\n");
    fs::create_directories(mine());
    const fs::path file = mine() / "tutorial-too-hard.yaml";
    app::write_file_durable(file, text);
    Game g = make();
    UiState ui;
    apply(g, ui, cmd::EditorOpen{file.string()}, 1);
    g.editor().finish_analysis();
    ASSERT_NE(g.editor().analysis(), nullptr);
    const auto& findings = g.editor().analysis()->findings;
    const auto it = std::find_if(findings.begin(), findings.end(), [](const Finding& f) {
        return f.code == "not_passable" || f.code == "pass_not_found";
    });
    ASSERT_NE(it, findings.end());
    EXPECT_EQ(it->loc.line, line_of(text, "  pass: 100"));
}

TEST_F(WindowAuthor, TheAnalysisReportsItsProgressWhileItRuns) {
    // The largest shipped scenario, copied, so its search takes long enough to be watched.
    fs::create_directories(mine());
    const fs::path file = mine() / "accounting-software.yaml";
    fs::copy_file(fs::path(src) / "scenarios" / "accounting-software.yaml", file);
    Game g = make();
    UiState ui;
    apply(g, ui, cmd::EditorOpen{file.string()}, 1);
    EditorModel& m = g.editor();
    ASSERT_TRUE(m.analysing());
    std::vector<AnalyzeProgress> seen;
    while (m.analysing()) {
        seen.push_back(m.analysis_progress());
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
        m.tick(EditorModel::Clock::now());
    }
    ASSERT_NE(m.analysis(), nullptr);
    for (std::size_t i = 0; i < seen.size(); ++i) {
        EXPECT_GE(seen[i].done, 0.0);
        EXPECT_LE(seen[i].done, 1.0);
        if (i > 0) {
            EXPECT_GE(seen[i].done, seen[i - 1].done) << i;
        }
        EXPECT_LE(seen[i].states, m.analysis()->states);
    }
    // Nothing runs now: nothing to report.
    EXPECT_EQ(m.analysis_progress().done, 0.0);
    EXPECT_EQ(m.analysis_progress().states, 0u);
}
