// The option keys: 1–9, 0, then letters without the play screen's own shortcuts; a key that no
// button shows chooses nothing.
#include "window/model/option_keys.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string>

using namespace salesim::window;

TEST(WindowOptionKeys, DigitsFirstThenZeroThenLettersWithoutTheHintKey) {
    EXPECT_EQ(option_key(0), '1');
    EXPECT_EQ(option_key(8), '9');
    EXPECT_EQ(option_key(9), '0');
    EXPECT_EQ(option_key(10), 'a');
    EXPECT_EQ(option_key(16), 'g');
    EXPECT_EQ(option_key(17), 'i');  // h is the hint
    EXPECT_EQ(option_key_label(10), "A");
    EXPECT_EQ(option_key_label(9), "0");
    EXPECT_EQ(option_key_label(2), "3");
}

TEST(WindowOptionKeys, ElevenClosesEachHaveTheirOwnKey) {
    std::set<char> keys;
    for (std::size_t i = 0; i < 11; ++i) {
        const char k = option_key(i);
        ASSERT_NE(k, '\0');
        EXPECT_TRUE(keys.insert(k).second) << "key " << k << " given twice";
        EXPECT_EQ(option_for_key(k, 11), i);
    }
}

TEST(WindowOptionKeys, AKeyNoButtonShowsChoosesNothing) {
    EXPECT_EQ(option_for_key('4', 3), std::nullopt);
    EXPECT_EQ(option_for_key('0', 9), std::nullopt);
    EXPECT_EQ(option_for_key('0', 10), std::size_t{9});
    EXPECT_EQ(option_for_key('b', 11), std::nullopt);
    EXPECT_EQ(option_for_key('h', 30), std::nullopt);
    EXPECT_EQ(option_for_key('\n', 11), std::nullopt);
    EXPECT_EQ(option_for_key('\0', 11), std::nullopt);
}

TEST(WindowOptionKeys, OtherReservedLettersAreSkippedToo) {
    EXPECT_EQ(option_key(10, "ab"), 'c');
    EXPECT_EQ(option_for_key('a', 12, "ab"), std::nullopt);
    EXPECT_EQ(option_for_key('d', 12, "ab"), std::size_t{11});
}

TEST(WindowOptionKeys, TheKeysRunOutAfterTheAlphabet) {
    // 9 digits, 0 and the 24 letters other than h (hint) and r (read aloud again).
    EXPECT_NE(option_key(33), '\0');
    EXPECT_EQ(option_key(34), '\0');
    EXPECT_EQ(option_key_label(34), "");
    for (std::size_t i = 0; i < 34; ++i) EXPECT_NE(option_key(i), 'r') << i;
}
