// Save files as hostile input and as the link to their attempt: what read_save_file refuses (size,
// FIFO, device, link, deep nesting), how a save names its scenario (an id; a path only inside the
// library), and a save going on with the attempt it belongs to (one attempt per play).
#include "salesim/app/save_file.hpp"

#include "salesim/app/attempt_controller.hpp"

#include "../results/results_test_util.hpp"
#include "app_test_util.hpp"

#include <salesim/results/recorder.hpp>
#include <salesim/results/sqlite_store.hpp>

#include <gtest/gtest.h>

#include <sys/stat.h>
#include <filesystem>
#include <string>
#include <vector>

using namespace salesim;
using app::AttemptController;
using app::SaveResumed;
namespace fs = std::filesystem;
namespace res = salesim::results;

namespace {

const std::string tutorial = "tutorial-first-sale";
const fs::path compat = fs::path(SALESIM_SOURCE_DIR) / "tests" / "fixtures" / "compat";

using app::test::slurp;
using app::test::write_file;
using res::test::library;

class SaveFileTest : public app::test::ScratchAttempt {
protected:
    /// The message read_save_file throws for `path` ("" when it reads it).
    static std::string refusal(const fs::path& path) {
        try {
            (void)app::read_save_file(path);
        } catch (const std::exception& e) {
            return e.what();
        }
        return {};
    }
    static bool has(const std::string& text, const std::string& part) {
        return text.find(part) != std::string::npos;
    }
};

std::string save_text(const std::string& scenario, const std::string& extra = {}) {
    return R"({"format": 1, "scenario": ")" + scenario + R"(", "hash": "x", "seed": 1, "lang": "en", )" +
           R"("choices": [], "hints": [])" + extra + "}";
}

}  // namespace

// [SECTION] What is read

TEST_F(SaveFileTest, AFileOverSixteenMebibytesIsRefusedByItsSize) {
    const fs::path big = dir / "big.save.json";
    write_file(big, save_text(tutorial));
    fs::resize_file(big, app::max_save_bytes + 1);  // sparse: nothing is written to disk
    const std::string why = refusal(big);
    EXPECT_TRUE(has(why, "is 16777217 bytes, more than a save file can be (16 MiB)")) << why;
    EXPECT_TRUE(has(why, "\nhelp: ")) << why;
}

TEST_F(SaveFileTest, AFifoIsRefusedWithoutWaitingForAWriter) {
    const fs::path fifo = dir / "fifo.save.json";
    ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
    const std::string why = refusal(fifo);
    EXPECT_TRUE(has(why, "is a named pipe (FIFO), not a save file")) << why;
}

TEST_F(SaveFileTest, ADeviceAFolderAndALinkAreRefused) {
    EXPECT_TRUE(has(refusal("/dev/zero"), "is a character device, not a save file")) << refusal("/dev/zero");
    EXPECT_TRUE(has(refusal(dir), "is a folder, not a save file")) << refusal(dir);
    write_file(dir / "real.save.json", save_text(tutorial));
    fs::create_symlink(dir / "real.save.json", dir / "link.save.json");
    const std::string why = refusal(dir / "link.save.json");
    EXPECT_TRUE(has(why, "is a symbolic link")) << why;
    EXPECT_TRUE(has(refusal(dir / "missing.json"), "no such file")) << refusal(dir / "missing.json");
}

TEST_F(SaveFileTest, DeepNestingIsRefusedBeforeParsing) {
    const std::string deep = std::string(100000, '[') + std::string(100000, ']');
    write_file(dir / "deep.save.json", save_text(tutorial, R"(, "x": )" + deep));
    const std::string why = refusal(dir / "deep.save.json");
    EXPECT_TRUE(has(why, "nests arrays and objects more than 64 deep (line 1, column ")) << why;
    // 64 levels are still read (a save nests 2).
    const std::string ok = std::string(63, '[') + std::string(63, ']');
    write_file(dir / "ok.save.json", save_text(tutorial, R"(, "x": )" + ok));
    EXPECT_EQ(refusal(dir / "ok.save.json"), "");
}

TEST_F(SaveFileTest, TheAttemptIsKeptInTheSaveAndAnOldSaveHasNone) {
    app::SaveFile s;
    s.data.scenario_id = tutorial;
    s.data.seed = 3;
    s.mode = Mode::Practice;
    s.attempt = "0f8fad5b-d9cb-469f-a165-70867728950e";
    write_file(dir / "s.json", app::save_file_json(s));
    const app::SaveFile back = app::read_save_file(dir / "s.json");
    EXPECT_EQ(back.attempt, s.attempt);
    EXPECT_EQ(back.mode, Mode::Practice);

    const app::SaveFile old = app::read_save_file(compat / "terminal.save.json");
    EXPECT_EQ(old.attempt, "");
    EXPECT_EQ(old.data.scenario_id, tutorial);
    EXPECT_EQ(app::saved_scenario_id(old.data.scenario_id, library()), tutorial);

    write_file(dir / "bad.json", save_text(tutorial, R"(, "attempt": "../../etc")"));
    EXPECT_TRUE(has(refusal(dir / "bad.json"), "'attempt' must be the attempt's registration"));
}

// [SECTION] How a save names its scenario

TEST_F(SaveFileTest, APathOutsideTheLibraryIsRefusedAndNeverOpened) {
    try {
        (void)app::saved_scenario_id("/etc/passwd", library());
        FAIL() << "a path outside the library was taken";
    } catch (const app::SaveFileError& e) {
        const std::string why = e.what();
        EXPECT_TRUE(has(
            why, "names its scenario by the path '/etc/passwd', which is not a scenario file of the library"))
            << why;
        EXPECT_TRUE(has(why, "\nhelp: ")) << why;
        EXPECT_FALSE(has(why, "root")) << why;
    }
    EXPECT_THROW((void)app::saved_scenario_id("../scenarios/../../x.yaml", library()), app::SaveFileError);
    // Not an id either: control characters are shown escaped, never passed on.
    try {
        (void)app::saved_scenario_id("a\x1b[2Jb", library());
        FAIL();
    } catch (const app::SaveFileError& e) {
        EXPECT_FALSE(has(e.what(), "\x1b")) << e.what();
    }
}

TEST_F(SaveFileTest, AnOldSavesPathToALibraryFileStandsForItsId) {
    const std::string file = library().dir + "/" + tutorial + ".yaml";
    EXPECT_EQ(app::saved_scenario_id(file, library()), tutorial);
    EXPECT_EQ(app::saved_scenario_id(library().dir + "/./" + tutorial + ".yaml", library()), tutorial);
    EXPECT_EQ(app::saved_scenario_id(tutorial, library()), tutorial);
    // An id the library does not hold is for the caller to report.
    EXPECT_EQ(app::saved_scenario_id("no-such-scenario", library()), "no-such-scenario");
}

// [SECTION] One attempt per play

TEST_F(SaveFileTest, ASaveGoesOnWithTheAttemptItBelongsTo) {
    res::SqliteStore store(dir / "results.db");
    res::AttemptId id = 0;
    {
        AttemptController a = make(&store);
        a.start(library().find_shared(tutorial), 7);
        a.choose(0);
        a.choose(1);
        a.save(dir / "s.json");
        id = *a.recorded();
    }  // killed here
    const app::SaveFile save = app::read_save_file(dir / "s.json");
    EXPECT_EQ(save.attempt, store.attempt(id)->uuid);

    AttemptController a = make(&store);
    Session session = Session::resume(library().find_shared(tutorial), save.data);
    EXPECT_EQ(a.resume_saved(a.plan_resume(std::move(session), save)), SaveResumed::SameAttempt);
    EXPECT_EQ(a.recorded(), id);
    EXPECT_EQ(a.registration(), save.attempt);
    while (!a.finished()) a.choose(0);
    ASSERT_EQ(store.attempts().size(), 1u) << "one attempt for one play";
    EXPECT_EQ(store.attempt(id)->status, res::AttemptStatus::Finished);
    const auto rows = store.decisions(id);
    ASSERT_EQ(rows.size(), a.session()->decisions().size());
    for (std::size_t i = 0; i < rows.size(); ++i) EXPECT_EQ(rows[i].index, static_cast<int>(i));
}

TEST_F(SaveFileTest, WhenTheResultsHoldMoreThanTheSaveItGoesOnFromTheResults) {
    res::SqliteStore store(dir / "results.db");
    res::AttemptId id = 0;
    {
        AttemptController a = make(&store);
        a.start(library().find_shared(tutorial), 8);
        a.choose(0);
        a.save(dir / "s.json");
        a.choose(1);  // recorded, then killed before the save was written
        id = *a.recorded();
    }
    const app::SaveFile save = app::read_save_file(dir / "s.json");
    AttemptController a = make(&store);
    app::SavedResume plan = a.plan_resume(Session::resume(library().find_shared(tutorial), save.data), save);
    EXPECT_EQ(plan.how, SaveResumed::FromResults);
    EXPECT_EQ(plan.session.decisions().size(), 2u);
    a.resume_saved(std::move(plan));
    EXPECT_EQ(a.recorded(), id);
    EXPECT_EQ(a.session()->choices(), (std::vector<std::size_t>{0, 1}));
    EXPECT_EQ(store.decisions(id).size(), 2u) << "nothing recorded twice";
    EXPECT_EQ(store.attempts().size(), 1u);
}

TEST_F(SaveFileTest, ASaveWithoutAnAttemptOrOfAnotherTraineeOrThatWentAnotherWayIsANewAttempt) {
    res::SqliteStore store(dir / "results.db");
    {
        AttemptController a = make(&store);
        a.start(library().find_shared(tutorial), 9);
        a.choose(0);
        a.save(dir / "s.json");
        a.choose(0);
    }
    const app::SaveFile save = app::read_save_file(dir / "s.json");
    const auto resumed = [&](const app::SaveFile& s, const std::string& trainee) {
        AttemptController a = make(&store, trainee);
        return a.resume_saved(a.plan_resume(Session::resume(library().find_shared(tutorial), s.data), s));
    };
    app::SaveFile old = save;
    old.attempt.clear();  // written before saves carried it
    EXPECT_EQ(resumed(old, "Anna"), SaveResumed::NewAttempt);
    EXPECT_EQ(resumed(save, "Bea"), SaveResumed::NewAttempt);
    app::SaveFile other = save;
    other.data.choices = {1};  // the results hold option 1 there
    EXPECT_EQ(resumed(other, "Anna"), SaveResumed::NewAttempt);
    EXPECT_EQ(store.attempts().size(), 4u);
}

TEST_F(SaveFileTest, AFinishedPlayResumedFromItsSaveRecordsNothingMore) {
    res::SqliteStore store(dir / "results.db");
    {
        AttemptController a = make(&store);
        a.start(library().find_shared(tutorial), 10);
        while (!a.finished()) a.choose(0);
        a.save(dir / "s.json");
    }
    const app::SaveFile save = app::read_save_file(dir / "s.json");
    AttemptController a = make(&store);
    EXPECT_EQ(
        a.resume_saved(a.plan_resume(Session::resume(library().find_shared(tutorial), save.data), save)),
        SaveResumed::AlreadyRecorded);
    EXPECT_TRUE(a.finished());
    EXPECT_EQ(store.attempts().size(), 1u);
}

TEST_F(SaveFileTest, TheOfferCanBeHeldToOneScenarioAndMode) {
    res::SqliteStore store(dir / "results.db");
    {
        AttemptController a = make(&store);
        a.start(library().find_shared(tutorial), 1, Mode::Practice);
        a.choose(0);
    }
    {
        AttemptController a = make(&store);
        a.start(library().find_shared("chairs-agency"), 1);
        a.choose(0);
    }
    AttemptController a = make(&store);
    a.offer_stored(library());
    ASSERT_TRUE(a.offer() && a.offer()->session);
    EXPECT_EQ(a.offer()->session->scenario().id, "chairs-agency") << "the newest of any scenario";
    a.offer_stored(library(), {tutorial, Mode::Practice});
    ASSERT_TRUE(a.offer() && a.offer()->session);
    EXPECT_EQ(a.offer()->session->scenario().id, tutorial);
    EXPECT_EQ(a.offer()->older, 0);
    a.offer_stored(library(), {tutorial, Mode::Guided});
    EXPECT_FALSE(a.offer().has_value());
}
