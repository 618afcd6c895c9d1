// The dist server's SHA256SUMS as `wasisdk self update` reads it (install/self_update.h).
#include "base/error.h"
#include "install/self_update.h"

#include <gtest/gtest.h>

using namespace wasisdk;

namespace {

const std::string kHex(64, 'a');

TEST(DistIndex, ReadsSha256sumLinesAndSkipsOtherFiles) {
    auto entries = parse_dist_index(kHex + "  wasisdk-0.2.0-x86_64-linux.tar.gz\n" + kHex +
                                        " *wasisdk-0.2.0-arm64-linux.tar.gz\n" + kHex +
                                        "  wasisdk_0.2.0_amd64.deb\n\n",
                                    "SHA256SUMS");
    ASSERT_EQ(entries.size(), 2u);
    EXPECT_EQ(entries[0].version, "0.2.0");
    EXPECT_EQ(entries[0].host, "x86_64-linux");
    EXPECT_EQ(entries[1].host, "arm64-linux");
    EXPECT_EQ(entries[1].file, "wasisdk-0.2.0-arm64-linux.tar.gz");
}

TEST(DistIndex, NamesTheBadLine) {
    try {
        parse_dist_index(kHex + "  wasisdk-0.2.0-x86_64-linux.tar.gz\nxyz  wasisdk-1-x.tar.gz\n",
                         "https://d/SHA256SUMS");
        FAIL() << "accepted";
    } catch (const Error &e) {
        EXPECT_EQ(e.one_line(), "https://d/SHA256SUMS line 2: not a sha256 in 'xyz  "
                                "wasisdk-1-x.tar.gz' (the dist server's SHA256SUMS is damaged; "
                                "check WASISDK_UPDATE_ROOT)");
    }
    EXPECT_THROW(parse_dist_index(kHex + "  wasisdk-0.2.0-vax-vms.tar.gz\n", "S"), Error);
}

} // namespace
