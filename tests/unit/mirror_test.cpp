// Where `wasisdk mirror` puts an artifact (install/mirror.h), and how a manifest without
// base_url resolves relative URLs (model/manifest.h).
#include "base/error.h"
#include "install/mirror.h"

#include <gtest/gtest.h>

using namespace wasisdk;

namespace {

Artifact at(const std::string &url) {
    return Artifact{ArtifactKind::sdk, "x86_64-linux", url};
}

const std::string kBase = "https://github.com/WebAssembly/wasi-sdk/releases/download/";

TEST(MirrorPath, KeepsThePathBelowBaseUrlSoDistServerWorks) {
    EXPECT_EQ(mirror_path(at(kBase + "wasi-sdk-22/wasi-sdk-22.0-linux.tar.gz"), "22.0", kBase),
              "wasi-sdk-22/wasi-sdk-22.0-linux.tar.gz");
    EXPECT_EQ(mirror_path(at(kBase + "wasi-sdk-33/wasi-sysroot-33.0%2Bm.tar.gz"), "33.0", kBase),
              "wasi-sdk-33/wasi-sysroot-33.0+m.tar.gz");
}

TEST(MirrorPath, AnUrlOutsideBaseUrlGoesUnderItsVersion) {
    EXPECT_EQ(mirror_path(at("https://other.example/x/sdk.tar.gz?token=1"), "25.0", kBase),
              "25.0/sdk.tar.gz");
}

TEST(MirrorPath, RefusesNamesThatLeaveTheDirectory) {
    for (const char *rel : {"..%2Fetc/passwd", "%2E%2E/x.tar.gz", "a/.hidden", "a%2Fb/c", "a//b",
                            "a/b%5Cc", "a/b%00c"}) {
        try {
            mirror_path(at(kBase + rel), "1.0", kBase);
            ADD_FAILURE() << rel << " was accepted";
        } catch (const Error &e) {
            EXPECT_NE(
                std::string(e.what()).find("is not a file or directory name a mirror can hold"),
                std::string::npos)
                << e.what();
        }
    }
}

TEST(ManifestLocation, RelativeUrlsResolveAgainstTheManifestsDirectory) {
    ManifestOptions mo;
    mo.location = "https://mirror.example/wasi/manifest.json?sig=abc";
    Manifest m = parse_manifest(R"({"schema":1,"releases":[{"version":"22.0","artifacts":[
        {"kind":"sdk","host":"x86_64-linux","url":"wasi-sdk-22/a.tar.gz"}]}]})",
                                "m.json", mo);
    EXPECT_EQ(m.releases[0].artifacts[0].url, "https://mirror.example/wasi/wasi-sdk-22/a.tar.gz");
    EXPECT_EQ(file_url("/tmp/my mirror/manifest.json"), "file:///tmp/my%20mirror/manifest.json");
}

} // namespace
