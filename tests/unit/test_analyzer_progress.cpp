// The analyzer's progress report: called as the search goes, never going back, ending at the whole
// search, and without changing what the analysis finds.
#include "salesim/analyzer.hpp"
#include "salesim/loader.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

using namespace salesim;

namespace {

const Library& shipped() {
    static const Library lib = [] {
        const std::string dir = std::string(SALESIM_SOURCE_DIR) + "/scenarios";
        return load_library(dir, dir + "/rulebook.yaml");
    }();
    return lib;
}

std::vector<AnalyzeProgress> analyze_with_progress(const std::string& id, Analysis& out) {
    std::vector<AnalyzeProgress> calls;
    AnalyzeOptions opts;
    opts.progress = [&](const AnalyzeProgress& p) { calls.push_back(p); };
    out = analyze(shipped().find_shared(id), opts);
    return calls;
}

}  // namespace

TEST(AnalyzerProgress, IsCalledNeverGoesBackAndEndsAtTheWholeSearch) {
    ASSERT_TRUE(shipped().find_shared("insurance-family"));
    Analysis a;
    const std::vector<AnalyzeProgress> calls = analyze_with_progress("insurance-family", a);
    ASSERT_TRUE(a.complete);
    // A search of this size reports several times on the way, not only at the end.
    ASSERT_GE(calls.size(), 3u);
    bool between = false;
    for (std::size_t i = 0; i < calls.size(); ++i) {
        EXPECT_GE(calls[i].done, 0.0);
        EXPECT_LE(calls[i].done, 1.0);
        if (calls[i].done > 0.0 && calls[i].done < 1.0) between = true;
        if (i == 0) continue;
        EXPECT_GE(calls[i].done, calls[i - 1].done) << "call " << i;
        EXPECT_GE(calls[i].states, calls[i - 1].states) << "call " << i;
    }
    EXPECT_TRUE(between);
    EXPECT_EQ(calls.back().done, 1.0);
    EXPECT_EQ(calls.back().states, a.states);
}

TEST(AnalyzerProgress, DoesNotChangeTheAnalysis) {
    for (const char* id : {"tutorial-first-sale", "insurance-family"}) {
        SCOPED_TRACE(id);
        const Analysis plain = analyze(shipped().find_shared(id));
        Analysis watched;
        const std::vector<AnalyzeProgress> calls = analyze_with_progress(id, watched);
        ASSERT_FALSE(calls.empty());
        EXPECT_EQ(calls.back().done, 1.0);
        EXPECT_EQ(watched.states, plain.states);
        EXPECT_EQ(watched.transitions, plain.transitions);
        EXPECT_EQ(watched.paths, plain.paths);
        ASSERT_TRUE(watched.best && plain.best);
        EXPECT_EQ(watched.best->choices, plain.best->choices);
        EXPECT_EQ(watched.worst->choices, plain.worst->choices);
        EXPECT_EQ(watched.score_paths, plain.score_paths);
        ASSERT_EQ(watched.findings.size(), plain.findings.size());
        for (std::size_t i = 0; i < plain.findings.size(); ++i)
            EXPECT_EQ(watched.findings[i].message, plain.findings[i].message);
    }
}
