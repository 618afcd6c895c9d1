#include "archive_policy/path_policy.h"

#include <gtest/gtest.h>

using namespace wasisdk;

static std::string refused(const char *raw) {
    std::string why;
    EXPECT_FALSE(sanitize_entry_path(raw, why)) << raw;
    return why;
}

TEST(PathPolicy, NormalisesHarmlessNames) {
    std::string why;
    EXPECT_EQ(sanitize_entry_path("./wasi-sdk-22.0//bin/./clang", why), "wasi-sdk-22.0/bin/clang");
    EXPECT_EQ(sanitize_entry_path("top/", why), "top");
    EXPECT_EQ(sanitize_entry_path("a..b/c", why), "a..b/c");
}

TEST(PathPolicy, RefusesEscapes) {
    EXPECT_EQ(refused("../x"), "'..' in path");
    EXPECT_EQ(refused("top/../../x"), "'..' in path");
    EXPECT_EQ(refused("/etc/passwd"), "absolute path");
    EXPECT_EQ(refused("top\\..\\x"), "backslash in name");
    EXPECT_EQ(refused("C:/x"), "drive letter in name");
    EXPECT_EQ(refused(""), "empty name");
    EXPECT_EQ(refused("./"), "name is only '.'");
    std::string with_nul("a\0b", 3);
    std::string why;
    EXPECT_FALSE(sanitize_entry_path(with_nul, why));
    EXPECT_EQ(why, "NUL byte in name");
}

TEST(PathPolicy, SymlinkTargets) {
    std::string why;
    EXPECT_TRUE(symlink_target_inside("top/bin/clang++", "clang", why));
    EXPECT_TRUE(symlink_target_inside("top/bin/x", "../lib/y", why));
    EXPECT_TRUE(symlink_target_inside("top/bin/x", "../../top", why));
    EXPECT_FALSE(symlink_target_inside("top/bin/x", "../../..", why));
    EXPECT_EQ(why, "symlink points outside the archive");
    EXPECT_FALSE(symlink_target_inside("top/x", "/etc/passwd", why));
    EXPECT_EQ(why, "symlink to an absolute path");
    EXPECT_FALSE(symlink_target_inside("x", "..", why));
    EXPECT_FALSE(symlink_target_inside("top/x", "", why));
}

TEST(PathPolicy, ModesLoseSpecialBits) {
    EXPECT_EQ(sanitize_mode(06755), 0755u);
    EXPECT_EQ(sanitize_mode(01777), 0777u);
    EXPECT_EQ(sanitize_mode(0644), 0644u);
}
