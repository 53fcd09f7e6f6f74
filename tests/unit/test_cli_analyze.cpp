// `salesim analyze` as a user runs it: exit codes for passable, unpassable and missing scenarios.
#include <gtest/gtest.h>

#include <sys/wait.h>
#include <cstdio>
#include <cstdlib>
#include <regex>
#include <string>

namespace {

int run_cli(const std::string& args) {
    const std::string cmd = std::string(SALESIM_EXE) + " " + args + " >/dev/null 2>&1";
    const int status = std::system(cmd.c_str());
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::string output_of(const std::string& args) {
    const std::string cmd = std::string(SALESIM_EXE) + " " + args + " 2>/dev/null";
    std::string out;
    if (FILE* p = popen(cmd.c_str(), "r")) {
        char buf[4096];
        std::size_t n = 0;
        while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
        pclose(p);
    }
    return out;
}

std::string fixture(const std::string& name) {
    return std::string(SALESIM_SOURCE_DIR) + "/tests/fixtures/analyzer/" + name;
}

}  // namespace

TEST(AnalyzeCommand, ExitCodes) {
    EXPECT_EQ(run_cli("analyze " + fixture("passable.yaml")), 0);
    EXPECT_EQ(run_cli("analyze --json " + fixture("passable.yaml")), 0);
    EXPECT_EQ(run_cli("analyze " + fixture("unpassable.yaml")), 1);
    EXPECT_EQ(run_cli("analyze " + fixture("passable.yaml") + " " + fixture("unpassable.yaml")), 1);
    EXPECT_EQ(run_cli("analyze " + fixture("no-such-file.yaml")), 2);
    EXPECT_EQ(run_cli("analyze --no-such-option"), 2);
}

TEST(AnalyzeCommand, ScenariosAnalyzedSideBySideAreReportedAsNamed) {
    // Several scenarios are analyzed at once (one per processor, or --jobs N); the report lists
    // them in the order they were named and says the same as one at a time, but for the times.
    const std::string files =
        fixture("unpassable.yaml") + " " + fixture("passable.yaml") + " " + fixture("unpassable.yaml");
    const std::regex seconds(R"("seconds": [0-9.e+-]+)");
    const std::string one = std::regex_replace(output_of("analyze --json --jobs 1 " + files), seconds, "");
    const std::string three = std::regex_replace(output_of("analyze --json --jobs 3 " + files), seconds, "");
    ASSERT_NE(one.find("\"scenarios\""), std::string::npos) << one;
    EXPECT_EQ(one, three);
    const std::size_t first = one.find("\"id\": \"analyzer-unpassable\"");
    const std::size_t second = one.find("\"id\": \"analyzer-passable\"");
    EXPECT_NE(first, std::string::npos);
    EXPECT_NE(second, std::string::npos);
    EXPECT_LT(first, second);
    EXPECT_EQ(run_cli("analyze --jobs 0 " + fixture("passable.yaml")), 2);
}
