// The UI string tables: both languages have the same keys and placeholders, and every key the window
// asks for exists.
#include "window/model/strings.hpp"

#include <gtest/gtest.h>

#include <salesim/domain.hpp>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

using namespace salesim;
using namespace salesim::window;

namespace {

const std::string strings_dir = std::string(SALESIM_SOURCE_DIR) + "/assets/strings";

std::string slurp(const std::filesystem::path& p) {
    std::ifstream in(p);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

}  // namespace

TEST(WindowStrings, BothLanguagesHaveTheSameKeysAndPlaceholders) {
    const StringTable en = StringTable::load_file(strings_dir + "/en.yaml");
    const StringTable fi = StringTable::load_file(strings_dir + "/fi.yaml");
    ASSERT_GT(en.entries().size(), 50u);
    for (const auto& [key, text] : en.entries()) {
        const std::string* other = fi.find(key);
        ASSERT_NE(other, nullptr) << "fi.yaml lacks '" << key << "'";
        EXPECT_EQ(placeholders(text), placeholders(*other)) << "placeholders differ for '" << key << "'";
        EXPECT_FALSE(other->empty()) << key;
    }
    for (const auto& [key, text] : fi.entries()) {
        EXPECT_NE(en.find(key), nullptr) << "en.yaml lacks '" << key << "'";
    }
}

TEST(WindowStrings, EveryKeyTheViewsUseExists) {
    const StringTable en = StringTable::load_file(strings_dir + "/en.yaml");
    const std::regex call(R"re((?:tr|fmt|fmt_n)\("([a-z_.\-]+)")re");
    int found = 0;
    for (const auto& entry :
         std::filesystem::recursive_directory_iterator(std::string(SALESIM_SOURCE_DIR) + "/src/window")) {
        if (entry.path().extension() != ".cpp") continue;
        const std::string src = slurp(entry.path());
        for (std::sregex_iterator it(src.begin(), src.end(), call), end; it != end; ++it) {
            const std::string key = (*it)[1];
            // A prefix completed at run time ("stage." or "debrief.went_wrong_"), checked below.
            if (key.back() == '.' || key.back() == '_') continue;
            ++found;
            EXPECT_NE(en.find(key), nullptr)
                << entry.path().filename() << " uses missing key '" << key << "'";
        }
    }
    EXPECT_GT(found, 50);
    for (const Stage s : all_stages) {
        EXPECT_NE(en.find("stage." + std::string(to_string(s))), nullptr);
        EXPECT_NE(en.find("stage_short." + std::string(to_string(s))), nullptr);
        EXPECT_NE(en.find("competency." + std::string(default_competency(s))), nullptr);
    }
    for (const Verdict v : all_verdicts) EXPECT_NE(en.find("verdict." + std::string(to_string(v))), nullptr);
    for (const Outcome o : {Outcome::InProgress, Outcome::Sale, Outcome::NoSale, Outcome::WalkedAway}) {
        EXPECT_NE(en.find("outcome." + std::string(to_string(o))), nullptr);
    }
    for (const char* w : {"walked_away", "ended", "no_sale", "low_score", "outcome"})
        EXPECT_NE(en.find(std::string("debrief.went_wrong_") + w), nullptr) << w;
    for (const char* t : {"dark", "light", "high-contrast"})
        EXPECT_NE(en.find(std::string("theme.") + t), nullptr);
    for (const char* m : {"happy", "neutral", "sceptical", "annoyed", "leaving"}) {
        EXPECT_NE(en.find(std::string("mood.") + m), nullptr);
    }
}

TEST(WindowStrings, LookupFallsBackToEnglishThenToAVisibleMarker) {
    Strings s;
    s.add("en", StringTable::parse("a:\n  b: Hello {name}\nonly_en: Yes\n", "en.yaml"));
    s.add("fi", StringTable::parse("a:\n  b: Hei {name}\n", "fi.yaml"));
    s.set_lang("fi");
    EXPECT_STREQ(s.tr("a.b"), "Hei {name}");
    EXPECT_EQ(s.fmt("a.b", {{"name", "Liisa"}}), "Hei Liisa");
    EXPECT_STREQ(s.tr("only_en"), "Yes");
    EXPECT_STREQ(s.tr("no.such.key"), "??no.such.key??");
}

TEST(WindowStrings, CountsTakeTheSingularForOneOnly) {
    Strings s;
    s.add("en", StringTable::parse("n: \"{n} attempts\"\nn_one: \"{n} attempt\"\nonly: \"{n} files\"\n",
                                   "en.yaml"));
    s.add("fi", StringTable::parse("n: \"{n} suoritusta\"\nn_one: \"{n} suoritus\"\n", "fi.yaml"));
    EXPECT_EQ(s.fmt_n("n", 1, {{"n", "1"}}), "1 attempt");
    EXPECT_EQ(s.fmt_n("n", 0, {{"n", "0"}}), "0 attempts");
    EXPECT_EQ(s.fmt_n("n", 2, {{"n", "2"}}), "2 attempts");
    EXPECT_EQ(s.fmt_n("only", 1, {{"n", "1"}}), "1 files");  // no singular form: the plain key
    s.set_lang("fi");
    EXPECT_EQ(s.fmt_n("n", 1, {{"n", "1"}}), "1 suoritus");
    EXPECT_EQ(s.fmt_n("n", 3, {{"n", "3"}}), "3 suoritusta");
}

TEST(WindowStrings, BadTablesSayWhereAndWhat) {
    try {
        StringTable::parse("a: [1, 2]\n", "bad.yaml");
        FAIL() << "a list must be refused";
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find("bad.yaml:1:4: error: 'a' must be a string"), std::string::npos)
            << e.what();
    }
    EXPECT_THROW(StringTable::parse("a: [1, 2\n", "bad.yaml"), std::runtime_error);
    EXPECT_THROW(StringTable::parse("a: x\na: y\n", "dup.yaml"), std::runtime_error);
    EXPECT_THROW(StringTable::parse("", "empty.yaml"), std::runtime_error);
}

TEST(WindowStrings, TheLanguagesAreTheTablesPresent) {
    const std::filesystem::path dir =
        std::filesystem::temp_directory_path() /
        ("salesim-langs-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()));
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    for (const char* name : {"fi.yaml", "xx.yaml", "en.yaml", "notes.txt"})
        std::ofstream(dir / name) << "a: b\n";
    EXPECT_EQ(app::available_langs(dir.string()), (std::vector<std::string>{"en", "fi", "xx"}));
    EXPECT_EQ(app::lang_error(dir.string(), "xx"), "");
    const std::string error = app::lang_error(dir.string(), "sv");
    EXPECT_NE(error.find("'sv'"), std::string::npos) << error;
    EXPECT_NE(error.find("en, fi, xx"), std::string::npos) << error;
    Strings s;
    s.load_dir(dir.string());
    EXPECT_EQ(s.langs(), (std::vector<std::string>{"en", "fi", "xx"}));
    std::filesystem::remove_all(dir);
}

TEST(WindowStrings, ParsedTablesAreCachedUnderTheHashOfTheirBytes) {
    namespace fs = std::filesystem;
    const fs::path dir =
        fs::temp_directory_path() /
        ("salesim-strings-cache-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()));
    fs::remove_all(dir);
    fs::create_directories(dir / "tables");
    const fs::path table = dir / "tables" / "en.yaml";
    const fs::path cache = dir / "cache";
    std::ofstream(table) << "menu:\n  quit: Quit\n  play: \"Play {n}\"\n";
    const auto cached_files = [&] {
        std::vector<std::string> out;
        std::error_code ec;
        for (const auto& e : fs::directory_iterator(cache, ec)) out.push_back(e.path().filename().string());
        return out;
    };
    const auto read = [](const fs::path& p) {
        std::ifstream in(p, std::ios::binary);
        std::ostringstream ss;
        ss << in.rdbuf();
        return ss.str();
    };

    // The first load parses the YAML and keeps the table; the result is the same as without a cache.
    const StringTable first = StringTable::load_file(table.string(), cache);
    EXPECT_EQ(first.entries(), StringTable::load_file(table.string()).entries());
    ASSERT_EQ(cached_files().size(), 1u);
    const fs::path kept = cache / cached_files().front();
    EXPECT_EQ(kept.filename().string().rfind("en-", 0), 0u) << kept;

    // The next load reads the kept table: a value changed there (and only there) comes back.
    std::string json = read(kept);
    json.replace(json.find("Quit"), 4, "Kept");
    std::ofstream(kept, std::ios::binary | std::ios::trunc) << json;
    EXPECT_EQ(*StringTable::load_file(table.string(), cache).find("menu.quit"), "Kept");

    // Edited bytes are parsed again, whatever the file's time, and the old copy goes (a table
    // whose name only starts like this one's keeps its own).
    const fs::path other = cache / "en-gb-0123456789abcdef.json";
    std::ofstream(other) << "{}";
    std::ofstream(table, std::ios::trunc) << "menu:\n  quit: Exit\n  play: \"Play {n}\"\n";
    EXPECT_EQ(*StringTable::load_file(table.string(), cache).find("menu.quit"), "Exit");
    EXPECT_TRUE(fs::exists(other));
    fs::remove(other);
    ASSERT_EQ(cached_files().size(), 1u);
    EXPECT_NE(cache / cached_files().front(), kept);

    // A damaged copy is read past: the YAML is parsed and the copy written anew.
    const fs::path now = cache / cached_files().front();
    std::ofstream(now, std::ios::binary | std::ios::trunc) << "{\"format\": 1, \"entr";
    EXPECT_EQ(*StringTable::load_file(table.string(), cache).find("menu.quit"), "Exit");
    EXPECT_NE(read(now).find("Exit"), std::string::npos);

    // A table with an error is never kept, and says where it is wrong as before.
    std::ofstream(table, std::ios::trunc) << "menu:\n  quit: [\n";
    EXPECT_THROW(StringTable::load_file(table.string(), cache), std::runtime_error);
    EXPECT_EQ(cached_files().size(), 1u);
    fs::remove_all(dir);
}

TEST(WindowStrings, EveryKeyTheTerminalUsesExistsInEveryLanguage) {
    const StringTable en = StringTable::load_file(strings_dir + "/en.yaml");
    const StringTable fi = StringTable::load_file(strings_dir + "/fi.yaml");
    const std::regex key(R"re("(cli\.[a-z_.]+)")re");
    int found = 0;
    for (const auto& entry :
         std::filesystem::directory_iterator(std::string(SALESIM_SOURCE_DIR) + "/src/cli")) {
        if (entry.path().extension() != ".cpp") continue;
        const std::string src = slurp(entry.path());
        for (std::sregex_iterator it(src.begin(), src.end(), key), end; it != end; ++it) {
            const std::string k = (*it)[1];
            if (k.back() == '.') continue;  // a prefix completed at run time
            ++found;
            EXPECT_NE(en.find(k), nullptr) << entry.path().filename() << " uses missing key '" << k << "'";
            EXPECT_NE(fi.find(k), nullptr) << entry.path().filename() << " uses missing key '" << k << "'";
        }
    }
    EXPECT_GT(found, 60);
}
