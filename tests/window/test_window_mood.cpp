// The portrait's expression follows the buyer's trust, interest and patience.
#include "window/model/mood.hpp"

#include <gtest/gtest.h>

using namespace salesim;
using namespace salesim::window;

TEST(WindowMood, ExpressionFollowsTheBuyer) {
    EXPECT_EQ(expression_for({70, 70, 70, 40}), Expression::Happy);
    EXPECT_EQ(expression_for({50, 45, 70, 20}), Expression::Neutral);
    EXPECT_EQ(expression_for({25, 40, 70, 10}), Expression::Sceptical);
    EXPECT_EQ(expression_for({50, 50, 30, 10}), Expression::Annoyed);
    EXPECT_EQ(expression_for({10, 50, 60, 10}), Expression::Annoyed);
    EXPECT_EQ(expression_for({80, 80, 10, 90}), Expression::Leaving);  // patience gone outweighs warmth
    EXPECT_EQ(expression_for({50, 40, 60, 80}), Expression::Happy);    // ready to buy
}

TEST(WindowMood, FacesDifferAndSmileOnlyWhenHappy) {
    for (const Expression a : all_expressions) {
        const FaceShape f = face_for(a);
        EXPECT_EQ(f.mouth_curve > 0.5f, a == Expression::Happy) << to_string(a);
        for (const Expression b : all_expressions) {
            if (a == b) continue;
            const FaceShape g = face_for(b);
            const bool same = f.mouth_curve == g.mouth_curve && f.brow_tilt == g.brow_tilt &&
                              f.eye_open == g.eye_open && f.gaze_x == g.gaze_x && f.brow_asym == g.brow_asym;
            EXPECT_FALSE(same) << to_string(a) << " looks like " << to_string(b);
        }
    }
    EXPECT_GT(face_for(Expression::Leaving).gaze_x, 0.5f);
    EXPECT_LT(face_for(Expression::Annoyed).brow_tilt, 0.0f);
}
