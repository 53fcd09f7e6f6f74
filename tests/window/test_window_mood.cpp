// The portrait's expression follows the bands of the buyer's readiness, trust and patience.
#include "window/model/mood.hpp"

#include <gtest/gtest.h>

using namespace salesim;
using namespace salesim::window;

TEST(WindowMood, ExpressionFollowsTheSignalBands) {
    // {trust, interest, patience, readiness}, close_at 70: cold below 50, warming 50..69, ready 70+.
    EXPECT_EQ(expression_for({50, 45, 70, 20}, 70), Expression::Neutral);
    EXPECT_EQ(expression_for({70, 70, 70, 40}, 70), Expression::Neutral);  // trusting but still cold
    EXPECT_EQ(expression_for({59, 40, 60, 60}, 70), Expression::Neutral);  // warming, trust not high
    EXPECT_EQ(expression_for({60, 40, 60, 50}, 70), Expression::Happy);    // warming with high trust
    EXPECT_EQ(expression_for({30, 40, 60, 70}, 70), Expression::Happy);    // ready to buy
    EXPECT_EQ(expression_for({30, 40, 60, 69}, 70), Expression::Neutral);
    EXPECT_EQ(expression_for({30, 40, 60, 80}, 90), Expression::Neutral);    // the scenario's close_at counts
    EXPECT_EQ(expression_for({24, 40, 70, 90}, 70), Expression::Sceptical);  // low trust outweighs readiness
    EXPECT_EQ(expression_for({25, 40, 70, 10}, 70), Expression::Neutral);
    EXPECT_EQ(expression_for({80, 80, 24, 60}, 70), Expression::Annoyed);  // low patience, warming
    EXPECT_EQ(expression_for({80, 80, 24, 90}, 70), Expression::Annoyed);
    EXPECT_EQ(expression_for({80, 80, 24, 49}, 70), Expression::Leaving);  // low patience, nothing keeps them
    EXPECT_EQ(expression_for({10, 50, 25, 10}, 70), Expression::Sceptical);
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
