#include "base/error.h"
#include "model/version.h"

#include <gtest/gtest.h>

using namespace wasisdk;

TEST(Version, ParsesNumbersAndSuffix) {
    auto v = parse_version("34.0-rc.2");
    ASSERT_TRUE(v);
    EXPECT_EQ(v->numbers, (std::vector<unsigned>{34, 0}));
    EXPECT_EQ(v->suffix, "-rc.2");
    EXPECT_FALSE(v->stable());
    EXPECT_TRUE(parse_version("20.0+threads"));
    EXPECT_TRUE(parse_version("22")->stable());
}

TEST(Version, RejectsNonVersions) {
    for (const char *bad : {"", "latest", "v22", "22.", "22x", ".5", "1234567"})
        EXPECT_FALSE(parse_version(bad)) << bad;
}

TEST(Version, OrdersNumericallyWithPrereleasesFirst) {
    auto less = [](const char *a, const char *b) {
        return version_less(*parse_version(a), *parse_version(b));
    };
    EXPECT_TRUE(less("9.0", "10.0"));
    EXPECT_TRUE(less("22.0", "22.1"));
    EXPECT_TRUE(less("34.0-rc.2", "34.0"));
    EXPECT_FALSE(less("34.0", "34.0-rc.2"));
    EXPECT_TRUE(less("22", "22.1"));
}

TEST(VersionSpec, MatchesNewestOfMajor) {
    std::vector<std::string> have = {"21.0", "22.0", "22.1", "23.0", "34.0-rc.2", "20.0+threads"};
    EXPECT_EQ(match_version(parse_version_spec("22"), have), "22.1");
    EXPECT_EQ(match_version(parse_version_spec("22.0"), have), "22.0");
    EXPECT_EQ(match_version(parse_version_spec("latest"), have), "23.0");
    EXPECT_EQ(match_version(parse_version_spec("34.0-rc.2"), have), "34.0-rc.2");
    EXPECT_EQ(match_version(parse_version_spec("20"), have), std::nullopt);
    EXPECT_EQ(match_version(parse_version_spec("20.0+threads"), have), "20.0+threads");
    EXPECT_EQ(match_version(parse_version_spec("99"), have), std::nullopt);
}

TEST(VersionSpec, BadSpecIsAUsageError) {
    try {
        parse_version_spec("newest");
        FAIL();
    } catch (const Error &e) {
        EXPECT_EQ(e.code(), ExitCode::usage);
        EXPECT_EQ(e.one_line(), "'newest' is not a wasi-sdk version (use a number such as 22, an "
                                "exact version such as 22.0, or latest)");
    }
}
