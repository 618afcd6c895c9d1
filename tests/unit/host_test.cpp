#include "base/host.h"

#include <algorithm>
#include <cstdlib>
#include <gtest/gtest.h>

using namespace wasisdk;

TEST(Host, DetectedHostIsKnown) {
    unsetenv("WASISDK_HOST");
    auto host = detect_host();
    const auto &known = known_hosts();
    EXPECT_NE(std::find(known.begin(), known.end(), host), known.end()) << host;
}

TEST(Host, EnvironmentOverrides) {
    setenv("WASISDK_HOST", "arm64-macos", 1);
    EXPECT_EQ(detect_host(), "arm64-macos");
    unsetenv("WASISDK_HOST");
}
