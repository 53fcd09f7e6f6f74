// The play modes' ids: every mode round-trips, anything else is refused.
#include "salesim/mode.hpp"

#include <gtest/gtest.h>

using namespace salesim;

TEST(Mode, EveryModeRoundTripsThroughItsId) {
    for (const Mode m : all_modes) EXPECT_EQ(parse_mode(to_string(m)), m);
    EXPECT_EQ(to_string(Mode::Guided), "guided");
    EXPECT_EQ(to_string(Mode::Practice), "practice");
    EXPECT_EQ(to_string(Mode::Assessment), "assessment");
    EXPECT_EQ(mode_ids(), "guided, practice, assessment");
}

TEST(Mode, UnknownIdsAreRefused) {
    EXPECT_FALSE(parse_mode(""));
    EXPECT_FALSE(parse_mode("Guided"));
    EXPECT_FALSE(parse_mode("exam"));
    EXPECT_FALSE(parse_mode("any"));
}

TEST(Mode, WhatEachModeShows) {
    EXPECT_TRUE(shows_meters(Mode::Guided));
    EXPECT_FALSE(shows_meters(Mode::Practice));
    EXPECT_FALSE(shows_meters(Mode::Assessment));
    EXPECT_TRUE(shows_feedback(Mode::Practice));
    EXPECT_FALSE(shows_feedback(Mode::Assessment));
    EXPECT_TRUE(allows_hints(Mode::Practice));
    EXPECT_FALSE(allows_hints(Mode::Assessment));
}
