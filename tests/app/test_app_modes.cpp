// Modes in the attempt controller: the mode is kept with the attempt (store, save file, autosave),
// a save written before modes resumes as guided, and assessment refuses hints.
#include "salesim/app/attempt_controller.hpp"

#include "../results/results_test_util.hpp"
#include "app_test_util.hpp"

#include "salesim/app/result_json.hpp"
#include "salesim/app/save_file.hpp"

#include <salesim/mode.hpp>
#include <salesim/results/sqlite_store.hpp>

#include <gtest/gtest.h>

#include <unistd.h>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

using namespace salesim;
using app::AttemptController;
namespace fs = std::filesystem;
namespace res = salesim::results;
using salesim::results::test::library;

namespace {

const std::string tutorial = "tutorial-first-sale";
const fs::path compat = fs::path(SALESIM_SOURCE_DIR) / "tests" / "fixtures" / "compat";

using app::test::slurp;
using app::test::write_file;

class Modes : public app::test::ScratchAttempt {};

}  // namespace

TEST_F(Modes, GuidedIsTheDefaultAndOffersHints) {
    AttemptController a = make(nullptr);
    a.start(library().find_shared(tutorial), 5);
    EXPECT_EQ(a.mode(), Mode::Guided);
    EXPECT_TRUE(a.hints_allowed());
    EXPECT_NO_THROW(a.hint());
}

TEST_F(Modes, AssessmentRefusesAHintAndTheDecisionKeepsItsFullPoints) {
    AttemptController a = make(nullptr);
    a.start(library().find_shared(tutorial), 5, Mode::Assessment);
    EXPECT_FALSE(a.hints_allowed());
    EXPECT_THROW(a.hint(), app::HintsOff);
    EXPECT_FALSE(a.session()->hint_taken());
    // Practice still offers them.
    a.start(library().find_shared(tutorial), 5, Mode::Practice);
    EXPECT_TRUE(a.hints_allowed());
    EXPECT_NO_THROW(a.hint());
}

TEST_F(Modes, TheStoreRecordsTheModeAndAResumedAttemptKeepsIt) {
    res::SqliteStore store(dir / "results.db");
    {
        AttemptController a = make(&store);
        a.start(library().find_shared(tutorial), 5, Mode::Assessment);
        a.choose(0);
        ASSERT_TRUE(a.recorded());
        EXPECT_EQ(store.attempt(*a.recorded())->mode, Mode::Assessment);
    }
    AttemptController b = make(&store);
    b.offer_stored(library());
    ASSERT_TRUE(b.offer() && b.offer()->session);
    EXPECT_EQ(b.offer()->mode, Mode::Assessment);
    b.take_offer();
    EXPECT_EQ(b.mode(), Mode::Assessment);
    EXPECT_THROW(b.hint(), app::HintsOff);
}

TEST_F(Modes, SaveFilesAndTheAutosaveRecordTheMode) {
    AttemptController a = make(nullptr);
    a.start(library().find_shared(tutorial), 5, Mode::Practice);
    a.choose(1);
    a.save(dir / "s.json");
    const std::string text = slurp(dir / "s.json");
    EXPECT_NE(text.find("\"mode\": \"practice\""), std::string::npos) << text;
    // Still a format 1 save: the reader of the engine, which knows nothing of modes, reads it.
    const SaveData plain = save_from_json(text);
    EXPECT_EQ(plain.choices, (std::vector<std::size_t>{1}));
    const app::SaveFile file = app::save_file_from_json(text);
    EXPECT_EQ(file.mode, Mode::Practice);

    AttemptController b = make(nullptr);
    b.offer_autosave(library());
    ASSERT_TRUE(b.offer() && b.offer()->session) << (b.offer() ? b.offer()->problem : "");
    EXPECT_EQ(b.offer()->mode, Mode::Practice);
    b.take_offer();
    EXPECT_EQ(b.mode(), Mode::Practice);
}

TEST_F(Modes, ASaveOfAnEarlierReleaseReadsAsGuided) {
    const app::SaveFile file = app::save_file_from_json(slurp(compat / "terminal.save.json"));
    EXPECT_EQ(file.mode, Mode::Guided);
    EXPECT_EQ(file.data.choices.size(), 3u);
}

TEST_F(Modes, ASaveWithAnUnknownModeIsRefusedNamingTheModes) {
    std::string text = slurp(compat / "terminal.save.json");
    text.insert(text.find('{') + 1, "\n  \"mode\": \"exam\",");
    try {
        app::save_file_from_json(text);
        FAIL() << "an unknown mode was accepted";
    } catch (const std::runtime_error& e) {
        EXPECT_STREQ(e.what(), "the save file's 'mode' must be one of guided, practice, assessment");
    }
}

TEST_F(Modes, TheResultRecordCarriesTheModeAfterTheLanguage) {
    AttemptController a = make(nullptr);
    a.start(library().find_shared(tutorial), 5, Mode::Assessment);
    const std::string json = app::result_json(*a.session(), "en", a.mode());
    EXPECT_NE(json.find("  \"lang\": \"en\",\n  \"mode\": \"assessment\",\n"), std::string::npos) << json;
}
