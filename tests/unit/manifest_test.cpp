#include "base/error.h"
#include "model/manifest.h"

#include <algorithm>
#include <gtest/gtest.h>
#include <map>
#include <set>

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
    Artifact plus;
    plus.url = "https://x/wasi-sdk-33/wasi-sysroot-33.0%2Bm.tar.gz?x=1";
    EXPECT_EQ(plus.file_name(), "wasi-sysroot-33.0+m.tar.gz");
    plus.url = "https://x/100%-done%2"; // not escapes: kept
    EXPECT_EQ(plus.file_name(), "100%-done%2");
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
    EXPECT_EQ(error_of("{"), "m.json: invalid JSON: parse error at line 1, column 2: syntax error "
                             "while parsing object key - "
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
    ASSERT_EQ(m.releases.size(), 19u); // 16 .. 34
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
    // Era rules from docs/sdk-releases.md.
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

// The naming rules of docs/sdk-releases.md ("Asset names by era"), restated here
// so that the built-in manifest is checked against the documentation and the tags' build
// scripts, not against the generator that wrote it. {v} is N.0, {host} the host name,
// {os} the pre-23 OS word of kLegacyOs.
struct Era {
    int first, last;
    const char *sdk, *sysroot, *builtins;
    std::set<std::string> hosts; // the `artifact:` matrix of the tag's CI workflow
};
// One era per block reads better than one field per line.
// clang-format off
static const std::vector<Era> kEras = {
    {16, 22, "wasi-sdk-{v}-{os}.tar.gz", "wasi-sysroot-{v}.tar.gz",
     "libclang_rt.builtins-wasm32-wasi-{v}.tar.gz",
     {"x86_64-linux", "x86_64-macos", "x86_64-windows"}},
    {23, 25, "wasi-sdk-{v}-{host}.tar.gz", "wasi-sysroot-{v}.tar.gz",
     "libclang_rt.builtins-wasm32-wasi-{v}.tar.gz",
     {"x86_64-linux", "arm64-linux", "x86_64-macos", "arm64-macos", "x86_64-windows"}},
    {26, 32, "wasi-sdk-{v}-{host}.tar.gz", "wasi-sysroot-{v}.tar.gz", "libclang_rt-{v}.tar.gz",
     {"x86_64-linux", "arm64-linux", "x86_64-macos", "arm64-macos", "x86_64-windows",
      "arm64-windows"}},
    {33, 34, "wasi-sdk-{v}-{host}.tar.gz", "wasi-sysroot-{v}.tar.gz", "libclang_rt-{v}.tar.gz",
     {"x86_64-linux", "arm64-linux", "x86_64-macos", "arm64-macos", "x86_64-windows",
      "arm64-windows", "riscv64-linux"}},
};
// clang-format on
static const std::map<std::string, std::string> kLegacyOs = {
    {"x86_64-linux", "linux"}, {"x86_64-macos", "macos"}, {"x86_64-windows", "mingw"}};
// Published names that break their era's rule. 22: the Windows archive says ".m" where
// its top directory says "wasi-sdk-22.0+m". 33: the sysroot and compiler-rt were built
// after an LLVM patch had modified the source tree, so version.py said "33.0+m".
static const std::map<std::string, std::string> kExceptions = {
    {"22.0 sdk x86_64-windows", "wasi-sdk-22.0.m-mingw64.tar.gz"},
    {"33.0 sysroot", "wasi-sysroot-33.0+m.tar.gz"},
    {"33.0 builtins", "libclang_rt-33.0+m.tar.gz"},
};

static std::string substitute(std::string pattern, const std::string &key,
                              const std::string &value) {
    for (auto at = pattern.find(key); at != std::string::npos; at = pattern.find(key))
        pattern.replace(at, key.size(), value);
    return pattern;
}

TEST(Manifest, EmbeddedAssetNamesFollowTheirEra) {
    Manifest m = parse_manifest(embedded_manifest_text(), "built-in manifest");
    const std::string base = "https://github.com/WebAssembly/wasi-sdk/releases/download/";
    for (const Release &r : m.releases) {
        int n = std::stoi(r.version);
        ASSERT_EQ(r.version, std::to_string(n) + ".0") << "an odd tag needs its own rule";
        auto era = std::find_if(kEras.begin(), kEras.end(),
                                [n](const Era &e) { return e.first <= n && n <= e.last; });
        ASSERT_NE(era, kEras.end()) << r.version << " has no naming era";
        std::set<std::string> sdk_hosts;
        for (const Artifact &a : r.artifacts) {
            std::string what = r.version + " " + to_string(a.kind);
            std::string name;
            if (a.kind == ArtifactKind::sdk) {
                ASSERT_TRUE(a.host) << what << " without a host";
                what += " " + *a.host;
                sdk_hosts.insert(*a.host);
                name = substitute(substitute(era->sdk, "{host}", *a.host), "{os}",
                                  kLegacyOs.count(*a.host) ? kLegacyOs.at(*a.host) : "?");
            } else {
                EXPECT_FALSE(a.host) << what << " is the same file for every host";
                name = a.kind == ArtifactKind::sysroot ? era->sysroot : era->builtins;
            }
            name = substitute(name, "{v}", r.version);
            if (auto e = kExceptions.find(what); e != kExceptions.end())
                name = e->second;
            EXPECT_EQ(a.file_name(), name) << what;
            // '+' reaches GitHub percent-encoded: a literal '+' in a path is ambiguous.
            EXPECT_EQ(a.url,
                      base + "wasi-sdk-" + std::to_string(n) + "/" + substitute(name, "+", "%2B"))
                << what;
        }
        EXPECT_EQ(sdk_hosts, era->hosts) << r.version << ": hosts built by that tag";
        EXPECT_TRUE(r.find(ArtifactKind::sysroot, "x86_64-linux")) << r.version;
        EXPECT_TRUE(r.find(ArtifactKind::builtins, "x86_64-linux")) << r.version;
    }
}
