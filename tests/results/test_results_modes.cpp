// Modes in the results: each attempt keeps its mode (databases of earlier releases read as guided),
// reports filter by it, exports carry it (a CSV column last, an xAPI context extension that import
// reads back) and a group can require one.
#include "results_test_util.hpp"

#include <salesim/mode.hpp>
#include <salesim/results/exchange.hpp>
#include <salesim/results/report.hpp>
#include <salesim/results/sqlite_store.hpp>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <sstream>

namespace salesim::results {
namespace {

namespace fs = std::filesystem;

const std::string ext_mode = "https://salesim.example/xapi/ext/mode";

std::vector<std::string> csv_header(const std::string& csv) {
    std::vector<std::string> out;
    std::stringstream line(csv.substr(0, csv.find("\r\n")));
    std::string field;
    while (std::getline(line, field, ',')) out.push_back(field);
    return out;
}

// Three finished attempts by Anna, one per mode, and Bob's guided one.
struct Sample {
    fs::path dir;
    std::unique_ptr<SqliteStore> store;
};

Sample sample(const std::string& name) {
    Sample f;
    f.dir = test::scratch(name);
    f.store = std::make_unique<SqliteStore>(f.dir / "results.db");
    Recorder rec(*f.store);
    std::uint64_t seed = 1;
    for (const Mode m : all_modes) {
        Session s(test::scenario("tutorial-first-sale"), seed++);
        const AttemptId id = rec.begin_attempt("Anna", s, "en", m);
        while (!s.finished()) rec.record_decision(id, s, s.choose(0));
        rec.finish_attempt(id, s);
    }
    test::play_recorded(rec, "Bob", "tutorial-first-sale", 9, 1);
    return f;
}

}  // namespace

TEST(ResultsModes, ADatabaseOfAnEarlierReleaseMigratesAndItsAttemptsReadAsGuided) {
    const fs::path dir = test::scratch("modes-compat");
    fs::copy_file(fs::path(SALESIM_SOURCE_DIR) / "tests/fixtures/compat/results.db", dir / "results.db");
    {
        SqliteStore store(dir / "results.db");
        EXPECT_EQ(store.user_version(), schema_version);
        EXPECT_EQ(store.integrity_check(), "ok");
        const auto all = store.attempts();
        ASSERT_FALSE(all.empty());
        for (const Attempt& a : all) EXPECT_EQ(a.mode, Mode::Guided) << a.uuid;
        AttemptFilter guided;
        guided.mode = Mode::Guided;
        EXPECT_EQ(store.attempts(guided).size(), all.size());
        AttemptFilter assessed;
        assessed.mode = Mode::Assessment;
        EXPECT_TRUE(store.attempts(assessed).empty());
        for (const Group& g : store.groups()) EXPECT_FALSE(g.mode) << g.name;
    }
    // Opening it again changes nothing further.
    SqliteStore again(dir / "results.db");
    EXPECT_EQ(again.user_version(), schema_version);
}

TEST(ResultsModes, EachAttemptKeepsItsModeAndTheReportFiltersByIt) {
    Sample f = sample("modes-report");
    AttemptFilter af;
    af.mode = Mode::Assessment;
    const auto assessed = f.store->attempts(af);
    ASSERT_EQ(assessed.size(), 1u);
    EXPECT_EQ(assessed[0].mode, Mode::Assessment);

    ReportFilter rf;
    rf.mode = Mode::Practice;
    const Report r = build_report(*f.store, rf);
    ASSERT_EQ(r.trainees.size(), 1u);  // Bob played guided only
    EXPECT_EQ(r.trainees[0].trainee.name, "Anna");
    ASSERT_EQ(r.trainees[0].progress.size(), 1u);
    EXPECT_EQ(r.trainees[0].progress[0].mode, Mode::Practice);
    const auto j = nlohmann::json::parse(report_json(r));
    EXPECT_EQ(j["filter"]["mode"], "practice");
    EXPECT_EQ(j["trainees"][0]["progress"][0]["mode"], "practice");
}

TEST(ResultsModes, TheCsvCarriesTheModeLastAndEarlierColumnsKeepTheirPlaces) {
    Sample f = sample("modes-csv");
    Warnings w;
    const std::string csv = export_csv(*f.store, {}, w);
    const auto header = csv_header(csv);
    const std::vector<std::string> before = {
        "attempt",      "trainee",          "external_id", "email",  "groups", "scenario", "scenario_title",
        "content_hash", "rulebook_version", "persona",     "seed",   "lang",   "started",  "finished",
        "status",       "outcome",          "overall",     "passed", "hints",  "decisions"};
    ASSERT_GT(header.size(), before.size());
    EXPECT_EQ(std::vector<std::string>(header.begin(), header.begin() + 20), before);
    EXPECT_EQ(header.back(), "mode");
    std::size_t assessment_rows = 0;
    std::stringstream lines(csv);
    std::string line;
    while (std::getline(lines, line))
        if (line.ends_with(",assessment\r")) ++assessment_rows;
    EXPECT_EQ(assessment_rows, 1u);

    // Filtered to one mode, the gradebooks name it in their last column.
    ExportOptions opts;
    opts.filter.mode = Mode::Assessment;
    opts.moodle_id = MoodleId::IdNumber;
    f.store->update_trainee_ids(f.store->find_trainee("Anna")->id, "S-1", "anna@example.org");
    const std::string moodle = export_moodle(*f.store, opts, w);
    EXPECT_EQ(csv_header(moodle).back(), "Mode");
    EXPECT_NE(moodle.find("\r\nS-1,"), std::string::npos) << moodle;
    EXPECT_TRUE(moodle.ends_with(",assessment\r\n")) << moodle;
    const std::string canvas = export_canvas(*f.store, opts, w);
    EXPECT_EQ(csv_header(canvas).back(), "Mode");
    EXPECT_TRUE(canvas.ends_with(",assessment\r\n")) << canvas;
}

TEST(ResultsModes, XapiCarriesTheModeAsAContextExtensionAndImportReadsItBack) {
    Sample f = sample("modes-xapi-src");
    Warnings w;
    const std::string exported = export_xapi(*f.store, {}, w);
    const auto doc = nlohmann::json::parse(exported);
    for (const auto& s : doc) {
        ASSERT_TRUE(s["context"]["extensions"].contains(ext_mode)) << s.dump();
        EXPECT_TRUE(parse_mode(s["context"]["extensions"][ext_mode].get<std::string>()));
        // The extensions there were keep their ids.
        EXPECT_TRUE(s["context"]["extensions"].contains("https://salesim.example/xapi/ext/seed"));
    }

    SqliteStore dst(test::scratch("modes-xapi-dst") / "results.db");
    import_xapi(dst, exported, "export.json");
    for (const Attempt& a : f.store->attempts()) {
        const auto copy = dst.find_attempt(a.uuid);
        ASSERT_TRUE(copy);
        EXPECT_EQ(copy->mode, a.mode) << a.uuid;
    }
    EXPECT_EQ(export_xapi(dst, {}, w), exported);
}

TEST(ResultsModes, XapiWithoutTheModeImportsAsGuidedAndABadModeIsRefused) {
    Sample f = sample("modes-xapi-old");
    Warnings w;
    ExportOptions opts;
    opts.filter.mode = Mode::Assessment;
    auto doc = nlohmann::json::parse(export_xapi(*f.store, opts, w));
    ASSERT_FALSE(doc.empty());
    for (auto& s : doc) s["context"]["extensions"].erase(ext_mode);  // as an earlier release wrote it
    SqliteStore dst(test::scratch("modes-xapi-old-dst") / "results.db");
    import_xapi(dst, doc.dump(), "old.json");
    const auto all = dst.attempts();
    ASSERT_EQ(all.size(), 1u);
    EXPECT_EQ(all[0].mode, Mode::Guided);

    for (auto& s : doc) s["context"]["extensions"][ext_mode] = "exam";
    SqliteStore dst2(test::scratch("modes-xapi-bad-dst") / "results.db");
    try {
        import_xapi(dst2, doc.dump(), "bad.json");
        FAIL() << "a bad mode was imported";
    } catch (const StoreError& e) {
        EXPECT_NE(
            std::string(e.what()).find("the mode extension must be one of guided, practice, assessment"),
            std::string::npos)
            << e.what();
    }
    EXPECT_TRUE(dst2.attempts().empty());
}

TEST(ResultsModes, AGroupCanRequireAModeAndTheStrictestOfATraineesGroupsApplies) {
    SqliteStore store(test::scratch("modes-groups") / "results.db");
    Recorder rec(store);
    const Trainee anna = rec.ensure_trainee("Anna");
    const Group a = store.add_group("A");
    const Group b = store.add_group("B");
    store.join_group(a.id, anna.id);
    store.join_group(b.id, anna.id);
    EXPECT_FALSE(required_mode_group(store, anna.id));

    store.set_group_mode(b.id, Mode::Practice);
    ASSERT_TRUE(store.find_group("B")->mode);
    EXPECT_EQ(*store.find_group("B")->mode, Mode::Practice);
    EXPECT_EQ(required_mode_group(store, anna.id)->name, "B");

    store.set_group_mode(a.id, Mode::Assessment);
    const auto required = required_mode_group(store, anna.id);
    ASSERT_TRUE(required);
    EXPECT_EQ(required->name, "A");
    EXPECT_EQ(*required->mode, Mode::Assessment);

    store.set_group_mode(a.id, std::nullopt);
    store.set_group_mode(b.id, std::nullopt);
    EXPECT_FALSE(required_mode_group(store, anna.id));
    EXPECT_THROW(store.set_group_mode(9999, Mode::Guided), StoreError);
}

}  // namespace salesim::results
