#include "base/text.h"

#include <gtest/gtest.h>

using namespace wasisdk;

TEST(Text, TrimAndSplit) {
    EXPECT_EQ(trim("  22.0\n"), "22.0");
    EXPECT_EQ(trim(" \t"), "");
    EXPECT_EQ(split("a,b,,c", ','), (std::vector<std::string>{"a", "b", "", "c"}));
}

TEST(Text, EditDistance) {
    EXPECT_EQ(edit_distance("install", "instal"), 1u);
    EXPECT_EQ(edit_distance("", "abc"), 3u);
    EXPECT_EQ(edit_distance("kitten", "sitting"), 3u);
    // A swap of neighbours is one edit (Levenshtein counts two).
    EXPECT_EQ(edit_distance("lsit", "list"), 1u);
    EXPECT_EQ(edit_distance("shwo", "show"), 1u);
    EXPECT_EQ(edit_distance("ab", "ba"), 1u);
    // Optimal string alignment: no substring is edited twice ("ca" -> "abc" is 3).
    EXPECT_EQ(edit_distance("ca", "abc"), 3u);
}

TEST(Text, ClosestMatchOnlyForPlausibleTypos) {
    std::vector<std::string> commands = {"install", "uninstall", "list", "show", "env"};
    EXPECT_EQ(closest_match("instal", commands), "install");
    EXPECT_EQ(closest_match("lst", commands), "list");
    EXPECT_EQ(closest_match("lsit", commands), "list");
    EXPECT_EQ(closest_match("shwo", commands), "show");
    EXPECT_EQ(closest_match("frobnicate", commands), "");
}

TEST(Text, HumanBytes) {
    EXPECT_EQ(human_bytes(999), "999 B");
    EXPECT_EQ(human_bytes(70'100'000), "70.1 MB");
}

TEST(Text, PercentDecodeKeepsWhatIsNotAnEscape) {
    EXPECT_EQ(percent_decode("wasi-sysroot-33.0%2Bm.tar.gz"), "wasi-sysroot-33.0+m.tar.gz");
    EXPECT_EQ(percent_decode("a%2fb%2F"), "a/b/");
    EXPECT_EQ(percent_decode("100%"), "100%");
    EXPECT_EQ(percent_decode("%zz%4"), "%zz%4");
}
