// The window's setting for where results are kept: another SQLite file or a school's database,
// kept in the settings, applied at once, and a location that cannot be used said plainly.
#include "game_fixture.hpp"

#include <salesim/results/sqlite_store.hpp>

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

using namespace salesim;
using namespace salesim::window;

namespace {

class WindowStore : public salesim::window::testing::GameTest {
protected:
    void SetUp() override {
        GameTest::SetUp();
        ::unsetenv("SALESIM_STORE");
    }
};

std::string slurp(const std::filesystem::path& p) {
    std::ifstream in(p);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

TEST_F(WindowStore, AnotherStoreIsUsedAtOnceKeptInTheSettingsAndRecordsThere) {
    const auto shared = dir / "shared" / "school.db";
    {
        Game g = make();
        EXPECT_EQ(g.results().location(), (dir / "results.db").string());
        g.set_store(shared.string());
        ASSERT_TRUE(g.results().available()) << g.results().problem();
        EXPECT_EQ(g.results().location(), shared.string());
        g.results().create_trainee("Maija Virtanen", "", "");
    }
    EXPECT_NE(slurp(dir / "settings.json").find(shared.string()), std::string::npos);
    results::SqliteStore school(shared, results::Access::ReadOnly);
    EXPECT_TRUE(school.find_trainee("Maija Virtanen"));
    // The next start opens the same store; an empty setting goes back to the data folder.
    Game again = make();
    EXPECT_EQ(again.results().location(), shared.string());
    again.set_store("");
    EXPECT_EQ(again.results().location(), (dir / "results.db").string());
}

TEST_F(WindowStore, AStoreThatCannotBeReachedIsSaidWithoutItsPassword) {
    Game g = make();
    g.set_store("postgresql://teacher:Sal4sana@127.0.0.1:1/salesim?connect_timeout=5");
    EXPECT_FALSE(g.results().available());
    EXPECT_NE(g.results().problem().find("postgresql://teacher:***@127.0.0.1:1/salesim"), std::string::npos)
        << g.results().problem();
    EXPECT_EQ(g.results().problem().find("Sal4sana"), std::string::npos);
    EXPECT_EQ(g.results().location().find("Sal4sana"), std::string::npos);
}

TEST_F(WindowStore, TheEnvironmentTakesPrecedenceOverTheSetting) {
    const auto from_env = dir / "env.db";
    ::setenv("SALESIM_STORE", from_env.string().c_str(), 1);
    Game g = make();
    g.set_store((dir / "setting.db").string());
    EXPECT_EQ(g.results().location(), from_env.string());
    EXPECT_TRUE(WindowResults::location_from_environment());
    ::unsetenv("SALESIM_STORE");
}

}  // namespace
