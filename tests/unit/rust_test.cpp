// Rust's side: rustc -vV, target names by release, channel manifests, LLVM pairing,
// bootstrap.toml merging.
#include "base/error.h"
#include "rust/bootstrap_config.h"
#include "rust/channel_manifest.h"
#include "rust/llvm_compat.h"
#include "rust/rust_target.h"

#include <gtest/gtest.h>

using namespace wasisdk;

static RustcInfo rustc(const std::string &release, const std::string &date = "unknown") {
    return parse_rustc_vv("rustc " + release + "\nbinary: rustc\ncommit-hash: unknown\n"
                          "commit-date: " + date + "\nhost: x86_64-unknown-linux-gnu\nrelease: " +
                          release + "\nLLVM version: 14.0.6\n");
}

TEST(Rustc, ParsesVv) {
    RustcInfo r = rustc("1.63.0");
    EXPECT_EQ(r.release, "1.63.0");
    EXPECT_EQ(r.channel, "stable");
    EXPECT_EQ(r.host, "x86_64-unknown-linux-gnu");
    EXPECT_EQ(r.llvm_version, "14.0.6");
    EXPECT_EQ(r.version, (std::vector<unsigned>{1, 63, 0}));
    EXPECT_EQ(rustc("1.80.0-beta.3").channel, "beta");
    EXPECT_EQ(rustc("1.82.0-nightly").channel, "nightly");
}

TEST(Rustc, TargetNamesByRelease) {
    EXPECT_EQ(rust_target_name("wasm32-wasip1", rustc("1.63.0")), "wasm32-wasi");
    EXPECT_EQ(rust_target_name("wasm32-wasip1", rustc("1.78.0")), "wasm32-wasip1");
    EXPECT_EQ(rust_target_name("wasm32-wasi", rustc("1.83.0")), "wasm32-wasi");
    EXPECT_EQ(rust_target_name("wasm32-wasi", rustc("1.84.0")), "wasm32-wasip1");
    EXPECT_EQ(rust_target_name("wasm32-wasip2", rustc("1.82.0")), "wasm32-wasip2");
    EXPECT_EQ(rust_target_name("wasm32-wasip1-threads", rustc("1.78.0")), "wasm32-wasip1-threads");
    try {
        rust_target_name("wasm32-wasip2", rustc("1.63.0"));
        FAIL();
    } catch (const Error &e) {
        EXPECT_EQ(e.one_line(), "rustc 1.63.0 is too old for wasm32-wasip2 (it needs 1.82) "
                                "(upgrade Rust to 1.82 or later, or use wasm32-wasip1)");
    }
    EXPECT_THROW(rust_target_name("wasm32-unknown-unknown", rustc("1.80.0")), Error);
}

TEST(ChannelManifest, Urls) {
    EXPECT_EQ(channel_manifest_url("https://static.rust-lang.org/", rustc("1.63.0")),
              "https://static.rust-lang.org/dist/channel-rust-1.63.0.toml");
    EXPECT_EQ(channel_manifest_url("https://m", rustc("1.82.0-nightly", "2024-08-01")),
              "https://m/dist/2024-08-01/channel-rust-nightly.toml");
    EXPECT_THROW(channel_manifest_url("https://m", rustc("1.82.0-beta.1")), Error);
}

TEST(ChannelManifest, PrefersZstThenXzThenGz) {
    const std::string h1(64, 'a'), h2(64, 'b'), h3(64, 'c');
    std::string toml = "[pkg.rust-std]\nversion = \"1.63.0\"\n[pkg.rust-std.target.wasm32-wasi]\n"
                       "available = true\nurl = \"u.gz\"\nhash = \"" + h1 + "\"\n"
                       "xz_url = \"u.xz\"\nxz_hash = \"" + h2 + "\"\n";
    auto p = find_rust_std(toml, "m.toml", "wasm32-wasi");
    EXPECT_EQ(p.url, "u.xz");
    EXPECT_EQ(p.sha256, h2);
    toml += "zst_url = \"u.zst\"\nzst_hash = \"" + h3 + "\"\n";
    EXPECT_EQ(find_rust_std(toml, "m.toml", "wasm32-wasi").url, "u.zst");
}

TEST(ChannelManifest, Errors) {
    auto error_of = [](const std::string &toml, const char *target) {
        try {
            find_rust_std(toml, "m.toml", target);
        } catch (const Error &e) {
            return std::string(e.what());
        }
        return std::string("no error");
    };
    EXPECT_EQ(error_of("[pkg.rust-std.target.wasm32-wasi]\navailable = false\n", "wasm32-wasi"),
              "m.toml: pkg.rust-std.target.wasm32-wasi is not available (available = false)");
    EXPECT_EQ(error_of("[pkg.rust-std]\n", "wasm32-wasip2"),
              "m.toml: no pkg.rust-std.target.wasm32-wasip2 (this Rust release has no rust-std "
              "for wasm32-wasip2)");
    EXPECT_EQ(error_of("[pkg.rust-std.target.wasm32-wasi]\navailable = true\nurl = \"x\"\n"
                       "hash = \"nothex\"\n",
                       "wasm32-wasi"),
              "m.toml: pkg.rust-std.target.wasm32-wasi.hash: expected 64 hexadecimal characters");
    EXPECT_EQ(error_of("[pkg\n", "wasm32-wasi").rfind("m.toml:1:", 0), 0u);
    // Found by fuzz/fuzz_channel_manifest: toml++ 3.3.0 reaches __builtin_unreachable()
    // on U+039E in whitespace position; non-ASCII manifests never reach it.
    EXPECT_EQ(error_of("[pkg.rust-std.\xce\x9erget]\n", "wasm32-wasi"),
              "m.toml:1: byte 14 is not ASCII, and Rust's channel manifests are");
    EXPECT_EQ(parse_sha256_file(std::string(64, 'A') + "  channel-rust-1.63.0.toml\n", "x"),
              std::string(64, 'a'));
    EXPECT_THROW(parse_sha256_file("<html>404</html>", "x"), Error);
}

TEST(LlvmCompat, MeasuredPairs) {
    EXPECT_EQ(external_link_compat("14.0.6", "14.0.6"), LinkCompat::same_llvm);
    EXPECT_EQ(external_link_compat("14.0.6", "19.1.7"), LinkCompat::known_failure);
    EXPECT_EQ(external_link_compat("19.1.5", "20.1.8"), LinkCompat::untested);
    EXPECT_EQ(external_link_compat("20.1.1", "19.1.5"), LinkCompat::untested);
}

TEST(Bootstrap, MergeKeepsUserSettings) {
    BootstrapConfig c{"x86_64-unknown-linux-gnu",
                      {{"wasm32-wasip1", "/sdk/share/wasi-sysroot", "/b/cc", "/b/cxx", "/b/ar"}}};
    std::string merged = merge_bootstrap_config(
        "profile = \"compiler\"\n[build]\ntarget = [\"wasm32-wasip1\"]\n[rust]\nlld = false\n"
        "[target.wasm32-wasip1]\nlinker = \"x\"\n",
        "config.toml", c);
    EXPECT_NE(merged.find("profile = 'compiler'"), std::string::npos) << merged;
    EXPECT_NE(merged.find("target = [ 'wasm32-wasip1' ]"), std::string::npos) << merged;
    EXPECT_NE(merged.find("lld = true"), std::string::npos) << merged;
    EXPECT_NE(merged.find("linker = 'x'"), std::string::npos) << merged;
    EXPECT_NE(merged.find("wasi-root = '/sdk/share/wasi-sysroot'"), std::string::npos) << merged;
    EXPECT_THROW(merge_bootstrap_config("build = 3\n", "config.toml", c), Error);
    EXPECT_EQ(rust_host_triple("arm64-macos"), "aarch64-apple-darwin");
}
