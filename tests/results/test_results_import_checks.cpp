// The xAPI import against hostile and inconsistent files: nesting past the depth limit, a file past
// the size limit, statements that contradict each other or the store, scenario ids and decision
// indices, and names a trainee could not be given by hand. Each is refused with where and why, and
// leaves the store as it was; a large export still imports whole.
#include "results_test_util.hpp"

#include <salesim/results/exchange.hpp>
#include <salesim/results/json_limits.hpp>
#include <salesim/results/sqlite_store.hpp>
#include <salesim/results/uuid.hpp>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <functional>
#include <random>
#include <string>

namespace salesim::results {
namespace {

using ojson = nlohmann::ordered_json;

const std::string ext_decision = std::string(xapi_base) + "ext/decision";
const std::string ext_trainee = std::string(xapi_base) + "ext/trainee";
const std::string ext_scenario = std::string(xapi_base) + "ext/scenario";
const std::string ext_seed = std::string(xapi_base) + "ext/seed";

// Two attempts of Anna's (the tutorial, finished; the bike shop, one decision in), in one group.
ojson sample_statements() {
    static const std::string exported = [] {
        const auto dir = test::scratch("import-checks-src");
        SqliteStore store(dir / "results.db");
        Recorder rec(store);
        Trainee anna;
        anna.name = "Anna Äijälä";
        anna.external_id = "S-100";
        store.add_trainee(anna);
        const Group g = store.add_group("Class A");
        store.join_group(g.id, store.find_trainee(anna.name)->id);
        test::play_recorded(rec, anna.name, "tutorial-first-sale", 1, 0);
        Session open(test::scenario("bike-shop"), 2);
        const auto id = rec.begin_attempt(anna.name, open, "en");
        rec.record_decision(id, open, open.choose(0));
        Warnings w;
        return export_xapi(store, {}, w);
    }();
    return ojson::parse(exported);
}

bool is_verb(const ojson& s, const std::string& verb) {
    const std::string id = s["verb"]["id"];
    return id.ends_with("/" + verb);
}

std::size_t first_with_verb(const ojson& doc, const std::string& verb) {
    for (std::size_t i = 0; i < doc.size(); ++i)
        if (is_verb(doc[i], verb)) return i;
    throw std::runtime_error("no '" + verb + "' statement in the sample");
}

// Imports `doc` into a fresh store; returns the error's text, or "" when it imported.
std::string import_error(const std::string& text, const std::string& name, const ImportOptions& opts = {},
                         SqliteStore* into = nullptr) {
    const auto dir = test::scratch("import-checks-" + name);
    SqliteStore fresh(dir / "results.db");
    SqliteStore& store = into != nullptr ? *into : fresh;
    const std::size_t attempts_before = store.attempts().size();
    const std::size_t trainees_before = store.trainees().size();
    try {
        import_xapi(store, text, name + ".json", opts);
        return "";
    } catch (const StoreError& e) {
        // All or nothing: a refused file leaves no trace.
        EXPECT_EQ(store.attempts().size(), attempts_before) << e.what();
        EXPECT_EQ(store.trainees().size(), trainees_before) << e.what();
        return e.what();
    }
}

std::string changed(const std::function<void(ojson&)>& change) {
    ojson doc = sample_statements();
    change(doc);
    return doc.dump(2);
}

ImportOptions with_library() {
    ImportOptions o;
    o.library = &test::library();
    return o;
}

// ---- depth and size

TEST(ResultsImportLimits, DeepNestingIsRefusedWithItsPositionInsteadOfCrashing) {
    // 100,000 nested objects overflowed the stack in the JSON library (SIGSEGV).
    std::string deep;
    for (int i = 0; i < 100000; ++i) deep += "{\"a\":";
    deep += "1";
    deep += std::string(100000, '}');
    const std::string e = import_error(deep, "deep");
    EXPECT_EQ(e.rfind("deep.json:1:321: error: arrays and objects nested deeper than 64 levels\nhelp: ", 0),
              0u)
        << e;
    // Arrays count as objects do; 64 levels are within the limit and meet the next check instead.
    EXPECT_NE(
        import_error(std::string(65, '[') + std::string(65, ']'), "deep65").find("deep65.json:1:65: error: "),
        std::string::npos);
    const std::string at64 = import_error(std::string(64, '[') + std::string(64, ']'), "deep64");
    EXPECT_EQ(at64.find("nested deeper"), std::string::npos) << at64;
}

TEST(ResultsImportLimits, DepthCountsBracketsOutsideStringsOnly) {
    EXPECT_FALSE(json_too_deep("[\"[[[[[[\"]", 2));
    EXPECT_FALSE(json_too_deep("[\"\\\"[[[[\"]", 2));  // an escaped quote does not end the string
    EXPECT_FALSE(json_too_deep("[\"\\\\\"]", 1));  // an escaped backslash before the quote does not escape it
    EXPECT_TRUE(json_too_deep("[\"\\\\\",[[", 2));
    const auto p = json_too_deep("{\n  \"ä\": [[1]]\n}", 2);
    ASSERT_TRUE(p);
    EXPECT_EQ(p->byte, 11u);
    EXPECT_EQ(p->line, 2u);
    EXPECT_EQ(p->column, 9u);  // characters, not bytes: ä is one
    // A stray closer does not buy depth for what follows.
    EXPECT_TRUE(json_too_deep("]]]][[[", 2));
}

TEST(ResultsImportLimits, AFileAboveTheMaximumIsRefusedNamingTheLimit) {
    const std::string big(max_import_bytes + 1, ' ');
    const std::string e = import_error(big, "big");
    EXPECT_EQ(e.rfind("big.json: error: larger than 64 MiB (67108865 bytes)", 0), 0u) << e;
}

TEST(ResultsImportLimits, ALargeExportImportsWhole) {
    // About 20 MB: the sample's attempts again and again under fresh registrations and ids.
    const ojson sample = sample_statements();
    const std::string ns = uuid_v5("6ba7b811-9dad-11d1-80b4-00c04fd430c8", "salesim-import-large-test");
    const std::size_t per_copy = sample.dump().size();
    const std::size_t copies = (std::size_t{20} << 20) / per_copy;
    std::string text = "[";
    for (std::size_t k = 0; k < copies; ++k) {
        for (ojson s : sample) {
            const auto reg = s["context"]["registration"].get<std::string>();
            const auto id = s["id"].get<std::string>();
            s["context"]["registration"] = uuid_v5(ns, std::to_string(k) + "/" + reg);
            s["id"] = uuid_v5(ns, std::to_string(k) + "/" + id);
            if (text.size() > 1) text += ",\n";
            text += s.dump();
        }
    }
    text += "]";
    ASSERT_GT(text.size(), std::size_t{16} << 20);
    ASSERT_LT(text.size(), max_import_bytes);

    const auto dir = test::scratch("import-large");
    SqliteStore dst(dir / "results.db");
    const ImportCounts c = import_xapi(dst, text, "large.json", with_library());
    EXPECT_EQ(c.statements, static_cast<int>(copies * sample.size()));
    EXPECT_EQ(c.attempts_added, static_cast<int>(copies * 2));
    EXPECT_EQ(c.trainees_added, 1);
    EXPECT_EQ(c.attempts_closed, static_cast<int>(copies));
    EXPECT_EQ(c.skipped, 0);
    EXPECT_TRUE(c.unknown_scenarios.empty());
    EXPECT_EQ(dst.attempts().size(), copies * 2);
    // Again: everything is already there.
    const ImportCounts again = import_xapi(dst, text, "large.json", with_library());
    EXPECT_EQ(again.skipped, again.statements);
    EXPECT_EQ(again.attempts_added + again.decisions_added + again.attempts_closed, 0);
}

// ---- statements that contradict each other or the store

TEST(ResultsImportChecks, TwoStatementsWithOneIdMustSayTheSame) {
    const std::size_t answered = first_with_verb(sample_statements(), "answered");
    // The same statement twice is a repeat, counted as already here.
    const std::string twice = changed([&](ojson& d) { d.push_back(d[answered]); });
    const auto dir = test::scratch("import-checks-twice");
    SqliteStore store(dir / "results.db");
    const ImportCounts c = import_xapi(store, twice, "twice.json");
    EXPECT_EQ(c.skipped, 1);
    // With other content: refused, naming both.
    const std::string other = changed([&](ojson& d) {
        ojson copy = d[answered];
        copy["result"]["extensions"][ext_decision]["points"] = 55;
        d.push_back(copy);
    });
    const std::string e = import_error(other, "dup");
    const std::size_t n = sample_statements().size() + 1;
    EXPECT_NE(e.find("dup.json: statement " + std::to_string(n) + " (id "), std::string::npos) << e;
    EXPECT_NE(
        e.find("error: statement " + std::to_string(answered + 1) + " has the same id and different content"),
        std::string::npos)
        << e;
    // Members in another order and other spacing are the same content.
    const std::string reordered = changed([&](ojson& d) {
        ojson copy;
        for (auto it = d[answered].rbegin(); it != d[answered].rend(); ++it) copy[it.key()] = it.value();
        d.push_back(copy);
    });
    EXPECT_EQ(import_error(reordered, "reordered"), "");
}

TEST(ResultsImportChecks, TwoStatementsOfOneDecisionWithOtherIdsMustSayTheSame) {
    const std::size_t answered = first_with_verb(sample_statements(), "answered");
    const std::string e = import_error(changed([&](ojson& d) {
                                           ojson copy = d[answered];
                                           copy["id"] = "00000000-0000-4000-8000-000000000001";
                                           copy["result"]["extensions"][ext_decision]["move"] = "boomerang";
                                           d.push_back(copy);
                                       }),
                                       "twin");
    EXPECT_NE(e.find("error: statement " + std::to_string(answered + 1) + " says otherwise about attempt "),
              std::string::npos)
        << e;
    EXPECT_NE(e.find("'boomerang' here"), std::string::npos) << e;
}

TEST(ResultsImportChecks, AnAttemptTheStoreHasWithOtherContentIsRefusedNamingBoth) {
    const auto dir = test::scratch("import-checks-registration");
    SqliteStore store(dir / "results.db");
    const std::string original = sample_statements().dump(2);
    import_xapi(store, original, "first.json");
    const std::string registration = sample_statements()[0]["context"]["registration"];

    const std::size_t attempts = store.attempts().size();
    // Another seed for the same registration.
    const std::string seed = import_error(changed([](ojson& d) {
                                              for (auto& s : d)
                                                  if (s["context"]["extensions"].contains(ext_seed))
                                                      s["context"]["extensions"][ext_seed] = "99";
                                          }),
                                          "seed", {}, &store);
    EXPECT_NE(seed.find("seed.json: statement 1 (id "), std::string::npos) << seed;
    EXPECT_NE(seed.find("error: attempt " + registration +
                        " is already in this store with another seed: '1' in the store, '99' in this file"),
              std::string::npos)
        << seed;
    // Another move at a decision it has.
    const std::size_t answered = first_with_verb(sample_statements(), "answered");
    const std::string move = import_error(
        changed([&](ojson& d) { d[answered]["result"]["extensions"][ext_decision]["move"] = "boomerang"; }),
        "move", {}, &store);
    EXPECT_NE(move.find("is already in this store with another decision 1, another move: "),
              std::string::npos)
        << move;
    // Another trainee altogether.
    const std::string who = import_error(changed([](ojson& d) {
                                             auto& t = d[0]["context"]["extensions"][ext_trainee];
                                             t["uuid"] = "00000000-0000-4000-8000-00000000000a";
                                             t["name"] = "Somebody Else";
                                             t.erase("external_id");
                                         }),
                                         "who", {}, &store);
    EXPECT_NE(who.find("another trainee: 'Anna Äijälä' in the store, 'Somebody Else' in this file"),
              std::string::npos)
        << who;
    // Finished here, abandoned there.
    const std::string ending = import_error(changed([](ojson& d) {
                                                for (auto& s : d)
                                                    if (is_verb(s, "completed"))
                                                        s["verb"]["id"] =
                                                            "https://w3id.org/xapi/adl/verbs/abandoned";
                                            }),
                                            "ending", {}, &store);
    EXPECT_NE(ending.find("another ending: completed in the store, abandoned in this file"),
              std::string::npos)
        << ending;
    EXPECT_EQ(store.attempts().size(), attempts);
    // The very same file again is all already here.
    const ImportCounts again = import_xapi(store, original, "first.json");
    EXPECT_EQ(again.skipped, again.statements);
}

// ---- scenario ids and decision indices

TEST(ResultsImportChecks, ScenarioIdsMustBeIdsAndUnknownScenariosAreNamed) {
    auto with_scenario = [](const std::string& id) {
        return changed([&](ojson& d) {
            for (auto& s : d)
                if (s["context"]["extensions"].value(ext_scenario, "") == "tutorial-first-sale")
                    s["context"]["extensions"][ext_scenario] = id;
        });
    };
    for (const std::string bad : {"../../etc/passwd", "Tutorial", "-tutorial", "a b", ""}) {
        const std::string e = import_error(with_scenario(bad), "scenario");
        EXPECT_NE(e.find("error: scenario id '" + bad + "' may use only lowercase letters, digits and '-'"),
                  std::string::npos)
            << e;
    }
    const auto dir = test::scratch("import-checks-unknown");
    SqliteStore store(dir / "results.db");
    const ImportCounts c =
        import_xapi(store, with_scenario("nosuch-scenario"), "unknown.json", with_library());
    EXPECT_EQ(c.attempts_added, 2);
    EXPECT_EQ(c.unknown_scenarios, std::vector<std::string>{"nosuch-scenario"});
    EXPECT_TRUE(c.changed_scenarios.empty());
    // Played on another version of a scenario this machine has: kept, named as changed.
    const std::string other_version = changed([](ojson& d) {
        for (auto& s : d)
            if (s["context"]["extensions"].value(ext_scenario, "") == "bike-shop")
                s["context"]["extensions"][std::string(xapi_base) + "ext/content-hash"] = "0000000000000000";
    });
    const auto dir2 = test::scratch("import-checks-changed");
    SqliteStore store2(dir2 / "results.db");
    const ImportCounts c2 = import_xapi(store2, other_version, "changed.json", with_library());
    EXPECT_EQ(c2.changed_scenarios, std::vector<std::string>{"bike-shop"});
    EXPECT_TRUE(c2.unknown_scenarios.empty());
}

TEST(ResultsImportChecks, DecisionIndicesBeyondTheScenarioAreRefused) {
    const std::size_t answered = first_with_verb(sample_statements(), "answered");
    const std::string index999 =
        changed([&](ojson& d) { d[answered]["result"]["extensions"][ext_decision]["index"] = 999; });
    const std::string e = import_error(index999, "index", with_library());
    EXPECT_NE(e.find("index.json: statement " + std::to_string(answered + 1) + " (id "), std::string::npos)
        << e;
    const int limit = *max_decisions(*test::scenario("tutorial-first-sale"));
    EXPECT_NE(
        e.find("error: decision index 999 is out of range: a session of 'tutorial-first-sale' has at most " +
               std::to_string(limit) + " decisions"),
        std::string::npos)
        << e;
    // Without a library nothing is known, so nothing is checked.
    EXPECT_EQ(import_error(index999, "index-unchecked"), "");
}

TEST(ResultsImportChecks, NoSessionOfAShippedScenarioHasMoreDecisionsThanTheLimit) {
    // The limit is worked out from a scenario's parts; random play must never pass it, or a sound
    // file would be refused.
    std::mt19937 rng(20261204);
    for (const auto& scn : test::library().scenarios) {
        SCOPED_TRACE(scn->id);
        const std::optional<int> limit = max_decisions(*scn);
        ASSERT_TRUE(limit);
        int longest = 0;
        for (int run = 0; run < 200; ++run) {
            Session s(scn, rng());
            while (!s.finished()) s.choose(rng() % s.current().options.size());
            longest = std::max(longest, static_cast<int>(s.decisions().size()));
        }
        EXPECT_LE(longest, *limit);
        EXPECT_GT(longest, 0);
    }
}

// ---- names and texts

TEST(ResultsImportChecks, NamesAreCheckedAsWhenTheyAreEnteredByHand) {
    auto with_name = [](const std::string& name) {
        return changed([&](ojson& d) { d[0]["context"]["extensions"][ext_trainee]["name"] = name; });
    };
    const std::string nul = import_error(with_name(std::string("Anna\0Evil", 9)), "nul");
    EXPECT_NE(nul.find("error: the trainee's name holds a NUL character (U+0000) after 'Anna'"),
              std::string::npos)
        << nul;
    const std::string long_name = import_error(with_name(std::string(1'000'000, 'x')), "long");
    EXPECT_NE(long_name.find("error: the trainee's name '" + std::string(40, 'x') +
                             "…' is longer than 200 characters (1000000)"),
              std::string::npos)
        << long_name.substr(0, 300);
    EXPECT_LT(long_name.size(), 1000u);  // never the whole name
    EXPECT_EQ(import_error(with_name(std::string(200, 'x')), "long200"), "");
    const std::string esc = import_error(with_name("Anna\x1b[2J"), "esc");
    EXPECT_NE(
        esc.find("error: the trainee's name 'Anna\\e[2J' holds an escape character (U+001B) at character 5"),
        std::string::npos)
        << esc;
    const std::string bidi = import_error(with_name("Anna\u202Eevil"), "bidi");
    EXPECT_NE(bidi.find("holds a bidirectional-text control (U+202E)"), std::string::npos) << bidi;
    EXPECT_EQ(bidi.find("\u202E"), std::string::npos) << "the message shows the character escaped";
    const std::string group =
        import_error(changed([](ojson& d) {
                         for (auto& s : d)
                             for (auto& g : s["context"]["contextActivities"]["grouping"])
                                 g["definition"]["name"]["und"] = "Class\tA";
                     }),
                     "group");
    EXPECT_NE(group.find("error: the group's name 'Class\\tA' holds a tab (U+0009)"), std::string::npos)
        << group;
    const std::string external = import_error(
        changed([](ojson& d) { d[0]["context"]["extensions"][ext_trainee]["external_id"] = "S-1\n"; }),
        "external");
    EXPECT_NE(external.find("the trainee's external id 'S-1\\n' holds a line break"), std::string::npos)
        << external;
    // A NUL anywhere the import keeps a text.
    const std::size_t answered = first_with_verb(sample_statements(), "answered");
    const std::string move = import_error(changed([&](ojson& d) {
                                              d[answered]["result"]["extensions"][ext_decision]["move"] =
                                                  std::string("fa\0b", 4);
                                          }),
                                          "move-nul");
    EXPECT_NE(move.find("error: move holds a NUL character"), std::string::npos) << move;
}

TEST(ResultsImportChecks, AnImportStaysAllOrNothing) {
    // The store has the bike-shop attempt. A file with a new attempt (the tutorial, written first)
    // and that bike-shop attempt with another seed: the tutorial attempt is rolled back with it.
    const auto dir = test::scratch("import-checks-all-or-nothing");
    SqliteStore store(dir / "results.db");
    const auto bike_only = changed([](ojson& d) {
        ojson kept = ojson::array();
        for (auto& s : d)
            if (s["object"]["id"].get<std::string>().find("bike-shop") != std::string::npos)
                kept.push_back(s);
        d = kept;
    });
    const ImportCounts first = import_xapi(store, bike_only, "bike.json");
    ASSERT_EQ(first.attempts_added, 1);
    const std::string text = changed([](ojson& d) {
        for (auto& s : d)
            if (s["context"]["extensions"].value(ext_scenario, "") == "bike-shop")
                s["context"]["extensions"][ext_seed] = "99";
    });
    const std::size_t trainees = store.trainees().size();
    const std::string e = import_error(text, "half", {}, &store);
    EXPECT_NE(e.find("is already in this store with another seed"), std::string::npos) << e;
    EXPECT_EQ(store.attempts().size(), 1u);
    EXPECT_EQ(store.attempts()[0].scenario_id, "bike-shop");
    EXPECT_EQ(store.trainees().size(), trainees);
}

}  // namespace
}  // namespace salesim::results
