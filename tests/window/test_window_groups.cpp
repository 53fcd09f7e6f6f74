// The Trainer view's Groups panel through its commands, on a real SQLite store in a fresh data folder:
// a group is created (an empty or taken name refused beside the field), members and scenarios come
// and go, the required mode is set and lifted, and the report, the roster and a member's library
// see each change at once.
#include "game_fixture.hpp"

#include "window/model/commands.hpp"

#include <salesim/results/sqlite_store.hpp>

#include <gtest/gtest.h>

#include <cstdlib>
#include <string>
#include <vector>

using namespace salesim;
using namespace salesim::window;
namespace res = salesim::results;

namespace {

class WindowGroups : public salesim::window::testing::GameTest {
protected:
    void SetUp() override {
        GameTest::SetUp();
        ::unsetenv("SALESIM_STORE");
    }
    /// A second connection to the database: what it sees was committed.
    res::SqliteStore reopen() const { return res::SqliteStore(dir / "results.db", res::Access::ReadOnly); }
    /// The group's member names and assigned scenario ids, as a second connection reads them.
    std::vector<std::string> members_of(const std::string& group) const {
        const res::SqliteStore store = reopen();
        std::vector<std::string> out;
        for (const res::Trainee& t : store.members(store.find_group(group)->id)) out.push_back(t.name);
        return out;
    }
    std::vector<std::string> assigned_to(const std::string& group) const {
        const res::SqliteStore store = reopen();
        return store.assigned_scenarios(store.find_group(group)->id);
    }
};

}  // namespace

TEST_F(WindowGroups, AGroupIsCreatedAndAnEmptyOrTakenNameIsRefusedBesideTheField) {
    Game g = make();
    ASSERT_TRUE(g.results().available()) << g.results().problem();
    UiState ui;
    ui.trainer.new_group = "   ";
    apply(g, ui, cmd::CreateGroup{ui.trainer.new_group}, 1);
    EXPECT_EQ(ui.trainer.group_error, g.strings().tr("trainer.group_name_empty"));
    EXPECT_TRUE(ui.error.empty()) << ui.error;
    EXPECT_TRUE(reopen().groups().empty());

    ui.trainer.new_group = "  Class 9A ";
    apply(g, ui, cmd::CreateGroup{ui.trainer.new_group}, 1);
    EXPECT_TRUE(ui.trainer.group_error.empty()) << ui.trainer.group_error;
    EXPECT_TRUE(ui.trainer.new_group.empty());
    EXPECT_EQ(ui.trainer.group, "Class 9A");  // the panel shows the new group
    ASSERT_EQ(reopen().groups().size(), 1u);
    EXPECT_EQ(reopen().groups()[0].name, "Class 9A");

    ui.trainer.new_group = "Class 9A";
    apply(g, ui, cmd::CreateGroup{ui.trainer.new_group}, 1);
    EXPECT_EQ(ui.trainer.group_error, g.strings().fmt("trainer.group_name_taken", {{"name", "Class 9A"}}));
    EXPECT_EQ(ui.trainer.new_group, "Class 9A");  // kept, to be changed
    EXPECT_TRUE(ui.error.empty()) << ui.error;
    EXPECT_EQ(reopen().groups().size(), 1u);

    apply(g, ui, cmd::CreateGroup{"Bad\x1b[31m"}, 1);
    EXPECT_EQ(ui.trainer.group_error, g.strings().tr("trainer.group_name_bad"));
    EXPECT_EQ(reopen().groups().size(), 1u);
}

TEST_F(WindowGroups, MembersAreAddedAndRemovedAndTheRosterFollows) {
    Game g = make();
    UiState ui;
    g.results().create_trainee("Anna", "", "");
    g.results().create_trainee("Bea", "", "");
    apply(g, ui, cmd::CreateGroup{"Team North"}, 1);
    apply(g, ui, cmd::RefreshReport{}, 1);
    ASSERT_TRUE(g.results().roster());
    EXPECT_TRUE(g.results().roster()->find("Team North")->members.empty());
    EXPECT_EQ(g.results().roster()->trainees.size(), 2u);

    apply(g, ui, cmd::AddMember{"Team North", "Bea"}, 1);
    apply(g, ui, cmd::AddMember{"Team North", "Anna"}, 1);
    apply(g, ui, cmd::AddMember{"Team North", "Anna"}, 1);  // already in: nothing changes
    ASSERT_TRUE(ui.error.empty()) << ui.error;
    EXPECT_EQ(members_of("Team North"), (std::vector<std::string>{"Anna", "Bea"}));
    // The report and the roster are read again when next shown.
    EXPECT_TRUE(g.results().report_stale(ui.trainer.filter));
    apply(g, ui, cmd::RefreshReport{}, 1);
    EXPECT_EQ(g.results().roster()->find("Team North")->members.size(), 2u);
    ASSERT_TRUE(g.results().report());
    ASSERT_EQ(g.results().report()->groups.size(), 1u);
    EXPECT_EQ(g.results().report()->groups[0].members, (std::vector<std::string>{"Anna", "Bea"}));

    apply(g, ui, cmd::RemoveMember{"Team North", "Anna"}, 1);
    apply(g, ui, cmd::RemoveMember{"Team North", "Anna"}, 1);  // not in any more: nothing changes
    ASSERT_TRUE(ui.error.empty()) << ui.error;
    EXPECT_EQ(members_of("Team North"), (std::vector<std::string>{"Bea"}));

    // A trainee or group that is not there (gone meanwhile) is said in the error dialog.
    apply(g, ui, cmd::AddMember{"Team North", "Nobody"}, 1);
    EXPECT_NE(ui.error.find("Nobody"), std::string::npos) << ui.error;
    ui.error.clear();
    apply(g, ui, cmd::AddMember{"Team South", "Bea"}, 1);
    EXPECT_NE(ui.error.find("Team South"), std::string::npos) << ui.error;
}

TEST_F(WindowGroups, ScenariosAreAssignedInOrderAndAMembersLibraryListsThem) {
    Game g = make();
    UiState ui;
    g.results().create_trainee("Anna", "", "");
    apply(g, ui, cmd::CreateGroup{"Team North"}, 1);
    apply(g, ui, cmd::AddMember{"Team North", "Anna"}, 1);
    apply(g, ui, cmd::PickProfile{"Anna"}, 1);
    EXPECT_TRUE(g.progress().assigned.empty());

    apply(g, ui, cmd::AssignScenario{"Team North", "chairs-agency"}, 1);
    apply(g, ui, cmd::AssignScenario{"Team North", "bike-shop"}, 1);
    apply(g, ui, cmd::AssignScenario{"Team North", "chairs-agency"}, 1);  // already: stays first
    ASSERT_TRUE(ui.error.empty()) << ui.error;
    EXPECT_EQ(assigned_to("Team North"), (std::vector<std::string>{"chairs-agency", "bike-shop"}));
    // The member's library sees them without a restart.
    EXPECT_EQ(g.progress().assigned, (std::vector<std::string>{"chairs-agency", "bike-shop"}));

    apply(g, ui, cmd::UnassignScenario{"Team North", "chairs-agency"}, 1);
    apply(g, ui, cmd::UnassignScenario{"Team North", "chairs-agency"}, 1);
    ASSERT_TRUE(ui.error.empty()) << ui.error;
    EXPECT_EQ(assigned_to("Team North"), (std::vector<std::string>{"bike-shop"}));
    EXPECT_EQ(g.progress().assigned, (std::vector<std::string>{"bike-shop"}));
    apply(g, ui, cmd::RefreshReport{}, 1);
    EXPECT_EQ(g.results().roster()->find("Team North")->scenarios, (std::vector<std::string>{"bike-shop"}));
}

TEST_F(WindowGroups, TheRequiredModeIsSetAndLifted) {
    Game g = make();
    UiState ui;
    g.results().create_trainee("Anna", "", "");
    apply(g, ui, cmd::CreateGroup{"Exam class"}, 1);
    apply(g, ui, cmd::AddMember{"Exam class", "Anna"}, 1);
    apply(g, ui, cmd::PickProfile{"Anna"}, 1);
    apply(g, ui, cmd::SetGroupMode{"Exam class", Mode::Assessment}, 1);
    ASSERT_TRUE(ui.error.empty()) << ui.error;
    EXPECT_EQ(reopen().find_group("Exam class")->mode, Mode::Assessment);
    EXPECT_EQ(g.mode_for(Mode::Guided), Mode::Assessment);
    EXPECT_EQ(g.required_mode_group()->name, "Exam class");

    apply(g, ui, cmd::SetGroupMode{"Exam class", std::nullopt}, 1);
    EXPECT_FALSE(reopen().find_group("Exam class")->mode);
    EXPECT_EQ(g.mode_for(Mode::Guided), Mode::Guided);
    EXPECT_FALSE(g.required_mode_group());
}
