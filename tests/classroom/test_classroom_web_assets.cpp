// The board's page built into the program: every file of classroom/web/ is there byte for byte with
// its content type, the paths the server asks for find it, and the page keeps the house rules (no
// HTML from data, nothing from another site, every string it asks for in both languages).
#include "salesim/classroom/web_assets.hpp"

#include <gtest/gtest.h>

#include <salesim/app/strings.hpp>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>

using salesim::classroom::fill_page;
using salesim::classroom::find_web_asset;
using salesim::classroom::WebAsset;

namespace {

const std::filesystem::path k_web = std::filesystem::path(SALESIM_SOURCE_DIR) / "classroom" / "web";
const std::string k_strings = std::string(SALESIM_SOURCE_DIR) + "/assets/strings/";

std::string slurp(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

std::string body(std::string_view path) {
    const WebAsset* asset = find_web_asset(path);
    return asset ? std::string(asset->body) : std::string();
}

}  // namespace

TEST(ClassroomWeb, ThePagesFilesAreThereWithTheirContentTypes) {
    const std::pair<const char*, const char*> expected[] = {
        {"/index.html", "text/html; charset=utf-8"},
        {"/board.html", "text/html; charset=utf-8"},
        {"/board.js", "text/javascript; charset=utf-8"},
        {"/board.css", "text/css; charset=utf-8"},
    };
    for (const auto& [path, type] : expected) {
        const WebAsset* asset = find_web_asset(path);
        ASSERT_NE(asset, nullptr) << path;
        EXPECT_EQ(asset->path, path);
        EXPECT_EQ(asset->content_type, type) << path;
        EXPECT_FALSE(asset->body.empty()) << path;
    }
}

TEST(ClassroomWeb, EveryFileIsBuiltInByteForByte) {
    int files = 0;
    for (const auto& entry : std::filesystem::directory_iterator(k_web)) {
        const std::string name = entry.path().filename().string();
        if (!entry.is_regular_file() || name.front() == '.' || name.back() == '~') continue;
        ++files;
        const WebAsset* asset = find_web_asset("/" + name);
        ASSERT_NE(asset, nullptr) << name << " is in classroom/web but not built in";
        EXPECT_EQ(asset->body, slurp(entry.path())) << name << " differs from what is built in";
    }
    EXPECT_GE(files, 4);
}

TEST(ClassroomWeb, TheServersPathsFindThePages) {
    ASSERT_NE(find_web_asset("/"), nullptr);
    EXPECT_EQ(find_web_asset("/")->path, "/index.html");
    ASSERT_NE(find_web_asset("/board"), nullptr);
    EXPECT_EQ(find_web_asset("/board")->path, "/board.html");
    ASSERT_NE(find_web_asset("/board.js?v=2"), nullptr);
    EXPECT_EQ(find_web_asset("/board.js?v=2")->path, "/board.js");
    EXPECT_EQ(find_web_asset("/board#key=abc")->path, "/board.html");
    for (const char* missing : {"", "/nope", "/nope.html", "/board.js/", "/../CMakeLists.txt",
                                "/web/board.js", "board.js", "/BOARD.JS", "/qr.svg", "/api/v1/board"}) {
        EXPECT_EQ(find_web_asset(missing), nullptr) << missing;
    }
}

TEST(ClassroomWeb, ThePageNeverTurnsDataIntoHtmlNorLoadsFromElsewhere) {
    const std::string js = body("/board.js");
    ASSERT_FALSE(js.empty());
    for (const char* sink : {"innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(",
                             "new Function", "DOMParser", "createContextualFragment"}) {
        EXPECT_EQ(js.find(sink), std::string::npos) << "board.js uses " << sink;
    }
    for (const char* file : {"/index.html", "/board.html", "/board.js", "/board.css"}) {
        const std::string text = body(file);
        EXPECT_FALSE(std::regex_search(text, std::regex(R"re((https?:)?//[a-z0-9.-]+\.[a-z]{2,})re")))
            << file << " names another site";
        EXPECT_EQ(text.find("@import"), std::string::npos) << file;
        EXPECT_EQ(text.find("@font-face"), std::string::npos) << file;
    }
    // The board's own script and style only, and a policy that allows nothing else.
    const std::string html = body("/board.html");
    EXPECT_NE(html.find("<script src=\"/board.js\""), std::string::npos);
    EXPECT_NE(html.find("Content-Security-Policy"), std::string::npos);
    EXPECT_EQ(html.find("<script>"), std::string::npos) << "no inline script";
    EXPECT_EQ(html.find("style="), std::string::npos) << "no inline style";
}

TEST(ClassroomWeb, EveryStringThePageAsksForIsInBothLanguages) {
    const auto en = salesim::app::StringTable::load_file(k_strings + "en.yaml");
    const auto fi = salesim::app::StringTable::load_file(k_strings + "fi.yaml");
    std::set<std::string> keys;
    const std::string js = body("/board.js");
    // Every whole key the script names ('board.end'); a family ('board.mode.') is completed below.
    const std::regex call(R"re('(board\.[a-z_.]*[a-z_])')re");
    for (std::sregex_iterator it(js.begin(), js.end(), call), end; it != end; ++it) keys.insert((*it)[1]);
    const std::string index = body("/index.html");
    const std::regex placeholder(R"re(\{\{(board\.[a-z_.]+)\}\})re");
    for (std::sregex_iterator it(index.begin(), index.end(), placeholder), end; it != end; ++it) {
        keys.insert((*it)[1]);
    }
    // Keys the page completes at run time with a value from the board's JSON.
    const std::pair<const char*, std::vector<const char*>> families[] = {
        {"board.mode.", {"guided", "practice", "assessment"}},
        {"board.pacing.", {"self", "trainer"}},
        {"board.admission.", {"open", "roster"}},
        {"board.kind.", {"lead", "step", "objection", "close"}},
        {"board.verdict.", {"best", "good", "weak", "poor", "mistake"}},
        {"board.presence.", {"playing", "away", "left", "removed", "banned"}},
        {"board.outcome.", {"in_progress", "sale", "no_sale", "walked_away"}},
    };
    for (const auto& [prefix, values] : families) {
        EXPECT_NE(js.find(std::string("'") + prefix + "'"), std::string::npos) << prefix;
        for (const char* value : values) keys.insert(std::string(prefix) + value);
    }
    EXPECT_GT(keys.size(), 60u);
    for (const std::string& key : keys) {
        const std::string* e = en.find(key);
        const std::string* f = fi.find(key);
        EXPECT_NE(e, nullptr) << "en.yaml lacks " << key;
        EXPECT_NE(f, nullptr) << "fi.yaml lacks " << key;
        if (e && f) {
            EXPECT_EQ(salesim::app::placeholders(*e), salesim::app::placeholders(*f)) << key;
        }
    }
    // And the tables hold no board.* key the page does not use (the server sends them all).
    for (const auto& [key, text] : en.entries()) {
        if (key.rfind("board.", 0) == 0) {
            EXPECT_TRUE(keys.count(key)) << key << " is not used by the page";
        }
    }
}

TEST(ClassroomWeb, FillPageEscapesEveryTextItPutsIn) {
    const auto text = [](std::string_view name) -> std::string {
        if (name == "lang") return "fi";
        if (name == "board.index_title") return "<b>\"Tom & Jerry's\"</b>";
        return "[" + std::string(name) + "]";
    };
    EXPECT_EQ(fill_page("<html lang=\"{{lang}}\"><h1>{{board.index_title}}</h1>", text),
              "<html lang=\"fi\"><h1>&lt;b&gt;&quot;Tom &amp; Jerry&#39;s&quot;&lt;/b&gt;</h1>");
    // Only {{name}} of lowercase letters, digits, '_' and '.' is a placeholder.
    EXPECT_EQ(fill_page("{{}} {{A}} {{x y}} {{a}", text), "{{}} {{A}} {{x y}} {{a}");
    EXPECT_EQ(fill_page("{{a}}{{b.c_1}}", text), "[a][b.c_1]");
    EXPECT_EQ(fill_page("", text), "");
    EXPECT_EQ(fill_page("end {{", text), "end {{");

    // index.html: every placeholder filled, none left for the browser to show.
    const std::string index = fill_page(body("/index.html"), [](std::string_view name) {
        return name == "lang" ? std::string("en") : "T:" + std::string(name);
    });
    EXPECT_EQ(index.find("{{"), std::string::npos);
    EXPECT_NE(index.find("<html lang=\"en\">"), std::string::npos);
    EXPECT_NE(index.find("<h1>T:board.index_title</h1>"), std::string::npos);
    EXPECT_NE(index.find("<p>T:board.index_text</p>"), std::string::npos);
}
