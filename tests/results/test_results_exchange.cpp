// Exports (CSV, Moodle, Canvas, xAPI) and the xAPI import between machines.
#include "results_test_util.hpp"

#include <salesim/results/exchange.hpp>
#include <salesim/results/sqlite_store.hpp>
#include <salesim/results/uuid.hpp>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <functional>
#include <iterator>
#include <set>
#include <sstream>

namespace salesim::results {
namespace {

// RFC 4180 records (quoted fields may hold commas, quotes and line breaks).
std::vector<std::vector<std::string>> parse_csv(const std::string& text) {
    std::vector<std::vector<std::string>> rows(1);
    std::string field;
    bool quoted = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (quoted) {
            if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
                field += '"';
                ++i;
            } else if (c == '"') {
                quoted = false;
            } else {
                field += c;
            }
        } else if (c == '"') {
            quoted = true;
        } else if (c == ',') {
            rows.back().push_back(field);
            field.clear();
        } else if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
            rows.back().push_back(field);
            field.clear();
            rows.emplace_back();
            ++i;
        } else {
            field += c;
        }
    }
    if (rows.back().empty()) rows.pop_back();
    return rows;
}

bool numeric_or_empty(const std::string& s) {
    if (s.empty()) return true;
    for (char c : s)
        if (c < '0' || c > '9') return false;
    const int v = std::stoi(s);
    return v >= 0 && v <= 100;
}

struct Fixture {
    std::filesystem::path dir;
    std::unique_ptr<SqliteStore> store;
};

Fixture sample(const std::string& name) {
    Fixture f;
    f.dir = test::scratch(name);
    f.store = std::make_unique<SqliteStore>(f.dir / "results.db");
    Recorder rec(*f.store);
    Trainee anna;
    anna.name = "Anna, \"the closer\"";
    anna.email = "anna@example.org";
    anna.external_id = "S-100";
    f.store->add_trainee(anna);
    Trainee bob;
    bob.name = "Bob";
    bob.external_id = "S-200";
    f.store->add_trainee(bob);
    rec.ensure_trainee("Cleo");  // neither an e-mail nor an external id
    const Group g = f.store->add_group("Class A");
    f.store->join_group(g.id, f.store->find_trainee(anna.name)->id);
    f.store->join_group(g.id, f.store->find_trainee("Bob")->id);
    test::play_recorded(rec, anna.name, "tutorial-first-sale", 1, 0);
    test::play_recorded(rec, anna.name, "tutorial-first-sale", 2, 1, 1);
    test::play_recorded(rec, anna.name, "chairs-agency", 3, 0);
    test::play_recorded(rec, "Bob", "chairs-agency", 4, 1);
    test::play_recorded(rec, "Cleo", "bike-shop", 5, 0);
    Session open(test::scenario("bike-shop"), 6);
    const auto id = rec.begin_attempt("Bob", open, "en");
    rec.record_decision(id, open, open.choose(0));
    rec.record_decision(id, open, open.choose(1));
    return f;
}

TEST(ResultsExport, CsvFieldQuotingFollowsRfc4180) {
    EXPECT_EQ(csv_field("plain"), "plain");
    EXPECT_EQ(csv_field("a,b"), "\"a,b\"");
    EXPECT_EQ(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
    EXPECT_EQ(csv_field("two\nlines"), "\"two\nlines\"");
    EXPECT_EQ(csv_field("Äijälä"), "Äijälä");
}

TEST(ResultsExport, PlainCsvHasOneRowPerAttempt) {
    Fixture f = sample("csv");
    Warnings w;
    const auto rows = parse_csv(export_csv(*f.store, {}, w));
    ASSERT_EQ(rows.size(), 1u + 6u);
    EXPECT_EQ(rows[0][0], "attempt");
    EXPECT_EQ(rows[0][1], "trainee");
    for (const auto& r : rows) EXPECT_EQ(r.size(), rows[0].size());
    EXPECT_EQ(rows[1][1], "Anna, \"the closer\"");
    const auto col = [&](const std::string& name) {
        return static_cast<std::size_t>(std::find(rows[0].begin(), rows[0].end(), name) - rows[0].begin());
    };
    ASSERT_LT(col("stage_objections"), rows[0].size());
    ASSERT_LT(col("status"), rows[0].size());
    int in_progress = 0;
    for (std::size_t i = 1; i < rows.size(); ++i) {
        EXPECT_TRUE(numeric_or_empty(rows[i][col("overall")])) << rows[i][col("overall")];
        if (rows[i][col("status")] == "in_progress") {
            ++in_progress;
            EXPECT_EQ(rows[i][col("overall")], "");
        }
    }
    EXPECT_EQ(in_progress, 1);
}

TEST(ResultsExport, MoodleLayoutIsIdentifierThenOneColumnPerScenario) {
    Fixture f = sample("moodle");
    Warnings w;
    ExportOptions by_email;
    const auto rows = parse_csv(export_moodle(*f.store, by_email, w));
    ASSERT_GE(rows.size(), 2u);
    EXPECT_EQ(rows[0], (std::vector<std::string>{"Email address", "bike-shop", "chairs-agency",
                                                 "tutorial-first-sale", "Mode"}));
    ASSERT_EQ(rows.size(), 2u);  // only Anna has an e-mail
    EXPECT_EQ(rows[1][0], "anna@example.org");
    for (std::size_t c = 1; c + 1 < rows[1].size(); ++c) EXPECT_TRUE(numeric_or_empty(rows[1][c]));
    EXPECT_EQ(rows[1].back(), "guided");  // the modes her grades come from, last
    EXPECT_EQ(rows[1][1], "");            // Anna never played the bike shop
    EXPECT_EQ(w.size(), 2u);              // Bob and Cleo left out, and told so

    // The cell is the best finished score.
    int best = 0;
    AttemptFilter af;
    af.trainee_id = f.store->find_trainee("Anna, \"the closer\"")->id;
    af.scenario_id = "tutorial-first-sale";
    for (const Attempt& a : f.store->attempts(af)) best = std::max(best, a.overall);
    EXPECT_EQ(rows[1][3], std::to_string(best));

    ExportOptions by_id;
    by_id.moodle_id = MoodleId::IdNumber;
    Warnings w2;
    const auto rows2 = parse_csv(export_moodle(*f.store, by_id, w2));
    EXPECT_EQ(rows2[0][0], "ID number");
    ASSERT_EQ(rows2.size(), 3u);
    EXPECT_EQ(rows2[1][0], "S-100");
    EXPECT_EQ(rows2[2][0], "S-200");
}

TEST(ResultsExport, CanvasLayoutHasItsFixedColumnsAndPointsPossible) {
    Fixture f = sample("canvas");
    Warnings w;
    ExportOptions opts;
    opts.filter.group = "Class A";
    const auto rows = parse_csv(export_canvas(*f.store, opts, w));
    ASSERT_EQ(rows.size(), 4u);  // header, points possible, Anna, Bob
    EXPECT_EQ(rows[0],
              (std::vector<std::string>{"Student", "ID", "SIS User ID", "SIS Login ID", "Section",
                                        "bike-shop", "chairs-agency", "tutorial-first-sale", "Mode"}));
    EXPECT_EQ(rows[1][0], "    Points Possible");
    for (std::size_t c = 5; c + 1 < rows[1].size(); ++c) EXPECT_EQ(rows[1][c], "100");
    EXPECT_EQ(rows[1].back(), "");  // the mode is text, not an assignment
    EXPECT_EQ(rows[2][0], "Anna, \"the closer\"");
    EXPECT_EQ(rows[2][2], "S-100");
    EXPECT_EQ(rows[2][3], "anna@example.org");
    EXPECT_EQ(rows[2][4], "Class A");
    EXPECT_EQ(rows[3][0], "Bob");
    EXPECT_EQ(rows[3][5], "");  // Bob's bike-shop attempt is still in progress: no grade yet
    for (std::size_t r = 2; r < rows.size(); ++r)
        for (std::size_t c = 5; c + 1 < rows[r].size(); ++c) EXPECT_TRUE(numeric_or_empty(rows[r][c]));
}

TEST(ResultsExport, XapiStatementsAreStableAndCarryTheAttempt) {
    Fixture f = sample("xapi");
    Warnings w;
    const std::string first = export_xapi(*f.store, {}, w);
    EXPECT_EQ(export_xapi(*f.store, {}, w), first);  // the same ids every time
    const auto doc = nlohmann::json::parse(first);
    ASSERT_TRUE(doc.is_array());
    std::set<std::string> ids, verbs;
    for (const auto& s : doc) {
        EXPECT_TRUE(is_uuid(s["id"].get<std::string>()));
        ids.insert(s["id"].get<std::string>());
        verbs.insert(s["verb"]["id"].get<std::string>());
        EXPECT_TRUE(s["actor"].contains("account"));
        EXPECT_FALSE(s["actor"].contains("mbox"));
        EXPECT_EQ(s["timestamp"].get<std::string>().back(), 'Z');
        EXPECT_TRUE(is_uuid(s["context"]["registration"].get<std::string>()));
        const auto& ext = s["context"]["extensions"];
        EXPECT_TRUE(ext.contains("https://salesim.example/xapi/ext/content-hash"));
        EXPECT_TRUE(ext.contains("https://salesim.example/xapi/ext/rulebook-version"));
        EXPECT_TRUE(ext.contains("https://salesim.example/xapi/ext/persona"));
        if (s["verb"]["id"] == "http://adlnet.gov/expapi/verbs/completed") {
            const auto& score = s["result"]["score"];
            EXPECT_DOUBLE_EQ(score["scaled"].get<double>(), score["raw"].get<double>() / 100.0);
            EXPECT_EQ(s["result"]["duration"].get<std::string>().rfind("PT", 0), 0u);
            EXPECT_EQ(s["object"]["definition"]["type"], "http://adlnet.gov/expapi/activities/simulation");
        }
    }
    EXPECT_EQ(ids.size(), doc.size());
    EXPECT_TRUE(verbs.contains("http://adlnet.gov/expapi/verbs/attempted"));
    EXPECT_TRUE(verbs.contains("http://adlnet.gov/expapi/verbs/answered"));
    EXPECT_TRUE(verbs.contains("http://adlnet.gov/expapi/verbs/completed"));
    // Anna is in a group: the grouping names it.
    bool grouped = false;
    for (const auto& s : doc)
        if (s["context"].contains("contextActivities") &&
            s["context"]["contextActivities"].contains("grouping"))
            grouped = true;
    EXPECT_TRUE(grouped);
}

TEST(ResultsImport, ImportRecreatesTheStoreAndTwiceAddsNothing) {
    Fixture f = sample("import-src");
    Warnings w;
    const std::string exported = export_xapi(*f.store, {}, w);
    const auto dir = test::scratch("import-dst");
    SqliteStore dst(dir / "results.db");
    const ImportCounts first = import_xapi(dst, exported, "export.json");
    EXPECT_EQ(first.attempts_added, 6);
    EXPECT_EQ(first.trainees_added, 3);
    EXPECT_EQ(first.groups_added, 1);
    EXPECT_EQ(first.attempts_closed, 5);
    EXPECT_EQ(first.skipped, 0);

    const ImportCounts second = import_xapi(dst, exported, "export.json");
    EXPECT_EQ(second.attempts_added, 0);
    EXPECT_EQ(second.decisions_added, 0);
    EXPECT_EQ(second.attempts_closed, 0);
    EXPECT_EQ(second.skipped, second.statements);
    EXPECT_EQ(dst.attempts().size(), 6u);

    // Lossless: exporting the copy gives the very same statements.
    EXPECT_EQ(export_xapi(dst, {}, w), exported);
    // And the in-progress attempt resumes on the other machine.
    AttemptFilter open;
    open.status = AttemptStatus::InProgress;
    const auto in_progress = dst.attempts(open);
    ASSERT_EQ(in_progress.size(), 1u);
    Recorder rec(dst);
    EXPECT_EQ(rec.resume(in_progress[0].id, test::library()).decisions().size(), 2u);
}

TEST(ResultsImport, LaterExportOfTheSameAttemptAddsOnlyWhatIsNew) {
    const auto src_dir = test::scratch("grow-src");
    SqliteStore src(src_dir / "results.db");
    Recorder rec(src);
    Session s(test::scenario("tutorial-first-sale"), 9);
    const auto id = rec.begin_attempt("Kim", s, "en");
    rec.record_decision(id, s, s.choose(0));
    Warnings w;
    const std::string early = export_xapi(src, {}, w);
    while (!s.finished()) rec.record_decision(id, s, s.choose(0));
    rec.finish_attempt(id, s);
    const std::string late = export_xapi(src, {}, w);

    const auto dir = test::scratch("grow-dst");
    SqliteStore dst(dir / "results.db");
    import_xapi(dst, early, "early.json");
    const ImportCounts c = import_xapi(dst, late, "late.json");
    EXPECT_EQ(c.attempts_added, 0);
    EXPECT_EQ(c.decisions_added, static_cast<int>(s.decisions().size()) - 1);
    EXPECT_EQ(c.attempts_closed, 1);
    EXPECT_EQ(dst.find_attempt(src.attempt(id)->uuid)->overall, s.score().overall);
}

TEST(ResultsImport, MalformedFilesSayWhereAndImportNothing) {
    const auto dir = test::scratch("bad-import");
    SqliteStore dst(dir / "results.db");
    try {
        import_xapi(dst, "[\n  {\"id\": 1,,}\n]", "bad.json");
        FAIL();
    } catch (const StoreError& e) {
        EXPECT_EQ(std::string(e.what()).rfind("bad.json:2:", 0), 0u) << e.what();
    }
    try {
        import_xapi(dst, "[{\"id\": \"not-a-uuid\"}]", "x.json");
        FAIL();
    } catch (const StoreError& e) {
        EXPECT_NE(std::string(e.what()).find("x.json: statement 1"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("not a UUID"), std::string::npos) << e.what();
    }
    // A number too large for any type (found by fuzz_import): an import error, not a crash, with
    // its place like any other syntax error.
    try {
        import_xapi(dst, "[{\"id\": 5555555555555555555555555555555555e370}]", "huge.json");
        FAIL();
    } catch (const StoreError& e) {
        EXPECT_EQ(std::string(e.what()).rfind("huge.json:1:46: error: not valid JSON: number overflow", 0),
                  0u)
            << e.what();
    }
    // A decision's points beyond any int: out of range, named, instead of wrapping around.
    {
        Fixture big = sample("bad-import-points");
        Warnings w2;
        auto d2 = nlohmann::json::parse(export_xapi(*big.store, {}, w2));
        bool changed = false;
        for (auto& st : d2)
            if (st["verb"]["id"] == "http://adlnet.gov/expapi/verbs/answered" && !changed)
                for (auto& [k, ext] : st["result"]["extensions"].items())
                    if (ext.is_object() && ext.contains("points")) {
                        ext["points"] = 4294967396ull;
                        changed = true;
                    }
        ASSERT_TRUE(changed);
        try {
            import_xapi(dst, d2.dump(), "points.json");
            FAIL();
        } catch (const StoreError& e) {
            EXPECT_NE(std::string(e.what()).find("points is out of range"), std::string::npos) << e.what();
        }
    }
    // A good statement followed by a broken one: nothing lands.
    Fixture f = sample("bad-import-src");
    Warnings w;
    auto doc = nlohmann::json::parse(export_xapi(*f.store, {}, w));
    doc[3]["verb"]["id"] = "http://example.org/verbs/danced";
    try {
        import_xapi(dst, doc.dump(), "mixed.json");
        FAIL();
    } catch (const StoreError& e) {
        EXPECT_NE(std::string(e.what()).find("statement 4"), std::string::npos) << e.what();
    }
    EXPECT_TRUE(dst.attempts().empty());
    EXPECT_TRUE(dst.trainees().empty());
}

TEST(ResultsImport, OptionalPartsOfAnyShapeNeverEscapeAsOtherErrors) {
    // Found by fuzz_import: a statement without "object", or a group whose "definition" is not an
    // object, made the JSON library's own exception escape the import. Optional parts of the wrong
    // shape are now simply absent; the import succeeds or fails with a StoreError, never otherwise.
    Fixture f = sample("odd-shapes-src");
    Warnings w;
    const auto exported = nlohmann::json::parse(export_xapi(*f.store, {}, w));
    ASSERT_EQ(exported[0]["verb"]["id"], "http://adlnet.gov/expapi/verbs/attempted");
    auto variant = [&](const std::string& name, const std::function<void(nlohmann::json&)>& change) {
        SCOPED_TRACE(name);
        nlohmann::json doc = exported;
        change(doc);
        const auto dir = test::scratch("odd-shapes-" + name);
        SqliteStore dst(dir / "results.db");
        try {
            const ImportCounts c = import_xapi(dst, doc.dump(), name + ".json");
            EXPECT_GT(c.attempts_added, 0);
        } catch (const StoreError& e) {
            EXPECT_NE(std::string(e.what()).find(name + ".json"), std::string::npos) << e.what();
        }
        return dst.attempts().size();
    };
    // No object: the attempt comes in without its scenario's title.
    EXPECT_GT(variant("no-object", [](nlohmann::json& d) { d[0].erase("object"); }), 0u);
    EXPECT_GT(variant("object-a-string", [](nlohmann::json& d) { d[0]["object"] = "chairs"; }), 0u);
    EXPECT_GT(variant("definition-a-number", [](nlohmann::json& d) { d[0]["object"]["definition"] = 7; }),
              0u);
    // A group's definition of the wrong shape: the group is named from its id instead.
    variant("grouping-odd", [](nlohmann::json& d) {
        for (auto& st : d) {
            auto& ctx = st["context"];
            if (ctx.contains("contextActivities") && ctx["contextActivities"].contains("grouping"))
                for (auto& g : ctx["contextActivities"]["grouping"]) g["definition"] = "a string";
        }
    });
    // The fuzzer's own input, kept in the corpus too.
    std::ifstream in(
        std::string(SALESIM_SOURCE_DIR) + "/tests/fuzz/corpus/import/crash-object-key-misspelt.json",
        std::ios::binary);
    ASSERT_TRUE(in);
    const std::string found((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const auto dir = test::scratch("odd-shapes-found");
    SqliteStore dst(dir / "results.db");
    try {
        import_xapi(dst, found, "found.json");
    } catch (const StoreError&) {
    }
}

}  // namespace
}  // namespace salesim::results
