// `salesim analyze` as a user runs it: exit codes for passable, unpassable and missing scenarios.
#include <gtest/gtest.h>

#include <sys/wait.h>
#include <cstdlib>
#include <string>

namespace {

int run_cli(const std::string& args) {
    const std::string cmd = std::string(SALESIM_EXE) + " " + args + " >/dev/null 2>&1";
    const int status = std::system(cmd.c_str());
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
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
