// Domain ids: every enum round-trips through the ids used in files and in sales-theory.md.
#include "salesim/domain.hpp"

#include "salesim/text.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

using namespace salesim;

namespace {

std::string read_all(const std::string& path) {
    std::ifstream in(path);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

template <typename E, std::size_t N, typename Parse>
void expect_round_trip(const std::array<E, N>& all, Parse parse) {
    for (E e : all) {
        auto back = parse(to_string(e));
        ASSERT_TRUE(back.has_value()) << to_string(e);
        EXPECT_EQ(*back, e);
    }
    EXPECT_FALSE(parse("no-such-id").has_value());
}

}  // namespace

TEST(Domain, IdsRoundTrip) {
    expect_round_trip(all_stages, parse_stage);
    expect_round_trip(all_methods, parse_method);
    expect_round_trip(all_techniques, parse_technique);
    expect_round_trip(all_objection_kinds, parse_objection_kind);
    expect_round_trip(all_verdicts, parse_verdict);
}

TEST(Domain, TheoryNamesEveryStageMethodAndTechniqueById) {
    // The ids are the ones the theory uses, e.g. "(`yes_but`)".
    const std::string theory = read_all(SALESIM_SOURCE_DIR "/../shared/domain/sales-theory.md");
    if (theory.empty()) GTEST_SKIP() << "the theory text is not beside this checkout";
    for (Stage s : all_stages)
        EXPECT_NE(theory.find("`" + std::string(to_string(s)) + "`"), std::string::npos);
    for (Method m : all_methods)
        EXPECT_NE(theory.find("`" + std::string(to_string(m)) + "`"), std::string::npos);
    for (Technique t : all_techniques)
        EXPECT_NE(theory.find("`" + std::string(to_string(t)) + "`"), std::string::npos);
}

TEST(Domain, StagesAreInProcessOrder) {
    EXPECT_EQ(stage_number(Stage::Prospecting), 1);
    EXPECT_EQ(stage_number(Stage::Objections), 5);
    EXPECT_EQ(stage_number(Stage::FollowUp), 7);
    EXPECT_EQ(all_stages.size(), 7u);
    EXPECT_EQ(all_methods.size(), 6u);
    EXPECT_EQ(all_techniques.size(), 11u);
}

TEST(Text, FallsBackFromMissingLanguage) {
    Text t("Hello", "Hei");
    EXPECT_EQ(t.get("fi"), "Hei");
    EXPECT_EQ(t.get("sv"), "Hello");
    Text any("Liisa");
    EXPECT_EQ(any.get("fi"), "Liisa");
    EXPECT_TRUE(any.has("fi"));
    EXPECT_FALSE(t.has("sv"));
    EXPECT_EQ(Text().get("en"), "");
}

TEST(Text, SubstitutesEveryPlaceholder) {
    EXPECT_EQ(substitute("{buyer} says hi to {buyer}", "buyer", "Liisa"), "Liisa says hi to Liisa");
    EXPECT_EQ(substitute("{x}", "x", "{x}"), "{x}");
    EXPECT_EQ(substitute("none", "x", "y"), "none");
}
