#include "base/error.h"
#include "model/manifest.h"

#include <gtest/gtest.h>

using namespace wasisdk;

static std::string error_of(const std::string &json, ManifestOptions options = {}) {
    try {
        parse_manifest(json, "m.json", options);
    } catch (const Error &e) {
        return e.what();
    }
    return "no error";
}

static const char *kGood = R"({
  "schema": 1,
  "base_url": "https://example.org/dl/",
  "future_field": true,
  "releases": [
    {"version": "22.0", "llvm": "18.1.2", "artifacts": [
      {"kind": "sdk", "host": "x86_64-linux", "url": "wasi-sdk-22/a.tar.gz",
       "sha256": "ABCDEF0123456789abcdef0123456789abcdef0123456789abcdef0123456789",
       "size": 12, "source": "a pin"},
      {"kind": "sysroot", "url": "https://mirror.example/s.tar.gz"}
    ]}
  ]
})";

TEST(Manifest, ParsesAndResolvesUrls) {
    Manifest m = parse_manifest(kGood, "m.json");
    ASSERT_EQ(m.releases.size(), 1u);
    const Release &r = m.releases[0];
    EXPECT_EQ(r.llvm, "18.1.2");
    const Artifact *sdk = r.find(ArtifactKind::sdk, "x86_64-linux");
    ASSERT_TRUE(sdk);
    EXPECT_EQ(sdk->url, "https://example.org/dl/wasi-sdk-22/a.tar.gz");
    EXPECT_EQ(sdk->sha256, "abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789");
    EXPECT_EQ(sdk->size, 12u);
    EXPECT_EQ(sdk->file_name(), "a.tar.gz");
    EXPECT_EQ(r.find(ArtifactKind::sdk, "arm64-macos"), nullptr);
    const Artifact *sysroot = r.find(ArtifactKind::sysroot, "arm64-macos");
    ASSERT_TRUE(sysroot); // host-independent
    EXPECT_EQ(sysroot->url, "https://mirror.example/s.tar.gz");
    EXPECT_FALSE(sysroot->sha256);
}

TEST(Manifest, DistServerReplacesBaseUrl) {
    ManifestOptions o;
    o.dist_server = "https://mirror.example/wasi";
    Manifest m = parse_manifest(kGood, "m.json", o);
    EXPECT_EQ(m.releases[0].artifacts[0].url, "https://mirror.example/wasi/wasi-sdk-22/a.tar.gz");
}

TEST(Manifest, ErrorsNameFileAndPath) {
    EXPECT_EQ(error_of(R"({"schema":1})"), "m.json: $: missing required field 'releases'");
    EXPECT_EQ(error_of(R"({"schema":"1","releases":[]})"), "m.json: $.schema: expected an integer");
    EXPECT_EQ(error_of(R"({"schema":1,"releases":{}})"),
              "m.json: $.releases: expected an array, found object");
    EXPECT_EQ(error_of(R"({"schema":1,"releases":[{"version":"x","artifacts":[]}]})"),
              "m.json: $.releases[0].version: 'x' is not a version (e.g. 22.0)");
    EXPECT_EQ(error_of(R"({"schema":1,"releases":[{"version":"1.0","artifacts":[]},
                                                   {"version":"1.0","artifacts":[]}]})"),
              "m.json: $.releases[1].version: duplicate version '1.0'");
    EXPECT_EQ(error_of(R"({"schema":1,"base_url":"https://x/","releases":[{"version":"1.0",
              "artifacts":[{"kind":"docs","url":"a"}]}]})"),
              "m.json: $.releases[0].artifacts[0].kind: unknown kind 'docs' (expected sdk, "
              "sysroot or builtins)");
    EXPECT_EQ(error_of(R"({"schema":1,"base_url":"https://x/","releases":[{"version":"1.0",
              "artifacts":[{"kind":"sdk","host":"x86_64-beos","url":"a"}]}]})"),
              "m.json: $.releases[0].artifacts[0].host: unknown host 'x86_64-beos'");
    EXPECT_EQ(error_of(R"({"schema":1,"base_url":"https://x/","releases":[{"version":"1.0",
              "artifacts":[{"kind":"sdk","url":"a","size":-1}]}]})"),
              "m.json: $.releases[0].artifacts[0].size: expected a non-negative integer");
    EXPECT_EQ(error_of(R"({"schema":1,"base_url":"https://x/","releases":[{"version":"1.0",
              "artifacts":[{"kind":"sdk","url":"a"},{"kind":"sdk","url":"b"}]}]})"),
              "m.json: $.releases[0].artifacts[1]: a second sdk artifact for all hosts");
    EXPECT_EQ(error_of(R"({"schema":1,"releases":[{"version":"1.0",
              "artifacts":[{"kind":"sdk","url":5}]}]})"),
              "m.json: $.releases[0].artifacts[0].url: expected a string, found number");
}

TEST(Manifest, SchemesAndHttp) {
    EXPECT_EQ(error_of(R"({"schema":1,"base_url":"http://example.com/","releases":[]})"),
              "m.json: $.base_url: plain http is refused for example.com (use https, or "
              "--allow-http)");
    ManifestOptions allow;
    allow.allow_http = true;
    EXPECT_EQ(error_of(R"({"schema":1,"base_url":"http://example.com/","releases":[]})", allow),
              "no error");
    EXPECT_EQ(error_of(R"({"schema":1,"base_url":"http://127.0.0.1:8080/","releases":[]})"),
              "no error");
    EXPECT_EQ(error_of(R"({"schema":1,"base_url":"http://[::1]:8080/","releases":[]})"),
              "no error");
    EXPECT_EQ(error_of(R"({"schema":1,"base_url":"file:///srv/mirror/","releases":[]})"),
              "no error");
    EXPECT_EQ(check_url_scheme("ftp://x/y", false),
              "unsupported URL scheme in 'ftp://x/y' (use https, http or file)");
    EXPECT_NE(check_url_scheme("http://127.0.0.1.evil.com/", false), "");
}

TEST(Manifest, NewerSchemaAndBadJson) {
    EXPECT_EQ(error_of(R"({"schema":2,"releases":[]})"),
              "m.json: manifest schema 2 is newer than this wasisdk understands (1)");
    EXPECT_EQ(error_of("{"), "m.json: invalid JSON: parse error at line 1, column 2: syntax error while parsing object key - "
                             "unexpected end of input; expected string literal");
}

TEST(Manifest, NumberTooLargeIsAnErrorNotACrash) {
    // Found by fuzz/fuzz_manifest: nlohmann throws out_of_range, not parse_error, here.
    std::string e = error_of(R"({"schema":1,"releases":[{"version":"1.0","artifacts":[
        {"kind":"sdk","url":"https://x/a","size":1e999}]}]})");
    EXPECT_EQ(e.rfind("m.json: invalid JSON: ", 0), 0u) << e;
}

TEST(Manifest, EmbeddedManifestCoversEveryRelease) {
    Manifest m = parse_manifest(embedded_manifest_text(), "built-in manifest");
    ASSERT_EQ(m.releases.size(), 18u); // 16 .. 33
    for (const Release &r : m.releases) {
        EXPECT_TRUE(r.find(ArtifactKind::sdk, "x86_64-linux")) << r.version;
        EXPECT_TRUE(r.find(ArtifactKind::sysroot, "x86_64-linux")) << r.version;
        EXPECT_TRUE(r.find(ArtifactKind::builtins, "x86_64-linux")) << r.version;
        EXPECT_FALSE(r.llvm.empty()) << r.version;
        for (const Artifact &a : r.artifacts) {
            if (a.sha256) {
                EXPECT_FALSE(a.source.empty()) << "a sha256 without its source: " << a.url;
            }
        }
    }
    // Era rules from sdk-releases.md.
    EXPECT_EQ(m.find("22.0")->find(ArtifactKind::sdk, "x86_64-windows")->file_name(),
              "wasi-sdk-22.0.m-mingw64.tar.gz");
    EXPECT_EQ(m.find("21.0")->find(ArtifactKind::sdk, "x86_64-linux")->file_name(),
              "wasi-sdk-21.0-linux.tar.gz");
    EXPECT_EQ(m.find("23.0")->find(ArtifactKind::sdk, "arm64-linux")->file_name(),
              "wasi-sdk-23.0-arm64-linux.tar.gz");
    EXPECT_EQ(m.find("22.0")->find(ArtifactKind::sdk, "arm64-linux"), nullptr);
    EXPECT_EQ(m.find("25.0")->find(ArtifactKind::builtins, "x86_64-linux")->file_name(),
              "libclang_rt.builtins-wasm32-wasi-25.0.tar.gz");
    EXPECT_EQ(m.find("26.0")->find(ArtifactKind::builtins, "x86_64-linux")->file_name(),
              "libclang_rt-26.0.tar.gz");
    EXPECT_TRUE(m.find("33.0")->find(ArtifactKind::sdk, "riscv64-linux"));
    EXPECT_EQ(m.find("32.0")->find(ArtifactKind::sdk, "riscv64-linux"), nullptr);
    EXPECT_EQ(m.find("22.0")->find(ArtifactKind::sdk, "x86_64-linux")->url,
              "https://github.com/WebAssembly/wasi-sdk/releases/download/wasi-sdk-22/"
              "wasi-sdk-22.0-linux.tar.gz");
}
