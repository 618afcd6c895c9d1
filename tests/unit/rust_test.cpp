// Rust's side: rustc -vV, target names by release, channel manifests, LLVM pairing,
// bootstrap.toml merging.
#include "base/error.h"
#include "rust/cargo_target.h"
#include "rust/llvm_compat.h"
#include "rust/rust_target.h"
#include "rust/source_tree.h"
#include "rust_dist/bootstrap_config.h"
#include "rust_dist/channel_manifest.h"

#include <fstream>
#include <gtest/gtest.h>
#include <unistd.h>

using namespace wasisdk;

static RustcInfo rustc(const std::string &release, const std::string &date = "unknown") {
    return parse_rustc_vv("rustc " + release +
                          "\nbinary: rustc\ncommit-hash: unknown\n"
                          "commit-date: " +
                          date + "\nhost: x86_64-unknown-linux-gnu\nrelease: " + release +
                          "\nLLVM version: 14.0.6\n");
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
                       "available = true\nurl = \"u.gz\"\nhash = \"" +
                       h1 +
                       "\"\n"
                       "xz_url = \"u.xz\"\nxz_hash = \"" +
                       h2 + "\"\n";
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

static BootstrapConfig bootstrap_config() {
    return {"x86_64-unknown-linux-gnu",
            {{"wasm32-wasip1", "/sdk/share/wasi-sysroot", "/b/cc", "/b/cxx", "/b/ar",
              "/sdk/bin/wasm-ld"}}};
}

TEST(Bootstrap, MergeKeepsUserSettings) {
    BootstrapConfig c = bootstrap_config();
    BootstrapMerge m = merge_bootstrap_config(
        "profile = \"compiler\"\n[build]\ntarget = [\"wasm32-wasip1\"]\n[rust]\nlld = false\n"
        "[target.wasm32-wasip1]\nlinker = \"x\"\n",
        "config.toml", c);
    const std::string &merged = m.text;
    EXPECT_NE(merged.find("profile = 'compiler'"), std::string::npos) << merged;
    EXPECT_NE(merged.find("target = [ 'wasm32-wasip1' ]"), std::string::npos) << merged;
    EXPECT_NE(merged.find("lld = false"), std::string::npos) << merged;
    EXPECT_EQ(merged.find("lld = true"), std::string::npos) << merged;
    EXPECT_NE(merged.find("linker = 'x'"), std::string::npos) << merged;
    EXPECT_NE(merged.find("wasi-root = '/sdk/share/wasi-sysroot'"), std::string::npos) << merged;
    EXPECT_EQ(m.user_lld, "false");
    EXPECT_FALSE(m.lld_written);
    EXPECT_FALSE(m.toolchain_has_lld);
    EXPECT_EQ(m.kept, std::vector<std::string>{
                          "target.wasm32-wasip1.linker = 'x' (wasisdk: '/sdk/bin/wasm-ld')"});
    EXPECT_THROW(merge_bootstrap_config("build = 3\n", "config.toml", c), Error);
    EXPECT_EQ(rust_host_triple("arm64-macos"), "aarch64-apple-darwin");
}

TEST(Bootstrap, NeverReplacesAValueTheUserSet) {
    const std::string user = "[build]\ntarget = [\"aarch64-unknown-linux-gnu\"]\n"
                             "[rust]\nlld = true\n"
                             "[target.wasm32-wasip1]\nwasi-root = \"/mine/sysroot\"\n"
                             "cc = \"/mine/cc\"\ncxx = \"/mine/cxx\"\nar = \"/mine/ar\"\n";
    BootstrapMerge m = merge_bootstrap_config(user, "b.toml", bootstrap_config());
    // toml++ writes tables in key order, with literal strings.
    EXPECT_NE(m.text.find("[target.wasm32-wasip1]\nar = '/mine/ar'\ncc = '/mine/cc'\n"
                          "cxx = '/mine/cxx'\nwasi-root = '/mine/sysroot'\n"),
              std::string::npos)
        << m.text;
    // lld is on: the toolchain has rust-lld, no linker is added.
    EXPECT_NE(m.text.find("[rust]\nlld = true\n"), std::string::npos) << m.text;
    EXPECT_EQ(m.text.find("linker"), std::string::npos) << m.text;
    // Appending to build.target replaces nothing.
    EXPECT_NE(m.text.find("target = [ 'aarch64-unknown-linux-gnu', 'wasm32-wasip1' ]"),
              std::string::npos)
        << m.text;
    EXPECT_EQ(m.kept.size(), 4u);
    EXPECT_EQ(m.kept[0], "target.wasm32-wasip1.wasi-root = '/mine/sysroot' "
                         "(wasisdk: '/sdk/share/wasi-sysroot')");
    // Values equal to ours (a second run) are not worth a word.
    EXPECT_TRUE(merge_bootstrap_config(render_bootstrap_fragment(bootstrap_config()), "b.toml",
                                       bootstrap_config())
                    .kept.empty());
}

TEST(Bootstrap, ExternalLlvmConfigLeavesLldOff) {
    // Debian's own bootstrap.toml shape: the host's LLVM is the system's.
    const std::string user =
        "[target.x86_64-unknown-linux-gnu]\nllvm-config = \"/usr/bin/llvm-config-22\"\n";
    BootstrapMerge m = merge_bootstrap_config(user, "b.toml", bootstrap_config());
    EXPECT_EQ(m.text.find("lld"), std::string::npos) << m.text;
    EXPECT_FALSE(m.lld_written);
    EXPECT_EQ(m.llvm_config_host, "x86_64-unknown-linux-gnu");
    EXPECT_NE(m.text.find("[target.x86_64-unknown-linux-gnu]\nllvm-config = "
                          "'/usr/bin/llvm-config-22'\n"),
              std::string::npos)
        << m.text;
    EXPECT_NE(m.text.find("linker = '/sdk/bin/wasm-ld'"), std::string::npos) << m.text;
    EXPECT_EQ(m.linkers_written, std::vector<std::string>{"wasm32-wasip1"});

    // build.build names bootstrap's host: another machine's llvm-config does not count.
    m = merge_bootstrap_config("[build]\nbuild = \"aarch64-unknown-linux-gnu\"\n" + user, "b.toml",
                               bootstrap_config());
    EXPECT_TRUE(m.lld_written);
    EXPECT_NE(m.text.find("target = [ 'aarch64-unknown-linux-gnu', 'wasm32-wasip1' ]"),
              std::string::npos)
        << m.text;

    // The user's rust.lld = true is kept, and said to be refused by bootstrap.
    m = merge_bootstrap_config(user + "[rust]\nlld = true\n", "b.toml", bootstrap_config());
    EXPECT_TRUE(m.user_lld_refused);
    EXPECT_NE(m.text.find("[rust]\nlld = true\n"), std::string::npos) << m.text;
}

TEST(Bootstrap, RefusesShapesBootstrapRefuses) {
    auto error_of = [](const std::string &toml) {
        try {
            merge_bootstrap_config(toml, "b.toml", bootstrap_config());
        } catch (const Error &e) {
            return e.one_line();
        }
        return std::string("no error");
    };
    EXPECT_EQ(error_of("[build]\ntarget = \"wasm32-wasip1\"\n"),
              "b.toml: build.target is 'wasm32-wasip1', and bootstrap reads it as a list of "
              "target names (write it as target = [\"...\"])");
    EXPECT_EQ(error_of("[build]\ntarget = [\"wasm32-wasip1\", 1]\n"),
              "b.toml: build.target is [ 'wasm32-wasip1', 1 ], and bootstrap reads it as a list "
              "of target names (write it as target = [\"...\"])");
    EXPECT_EQ(error_of("[build]\ntarget = []\n"), "no error");
    EXPECT_EQ(error_of("rust = 1\n"), "b.toml: 'rust' is not a table (fix the file, or print the "
                                      "fragment without --write)");
    EXPECT_EQ(error_of("[target]\nwasm32-wasip1 = 1\n"),
              "b.toml: 'target.wasm32-wasip1' is not a table (fix the file, or print the "
              "fragment without --write)");
}

TEST(RustTarget, NamesBySourceTreeRelease) {
    RustRelease tree{
        {1, 96, 0}, "the Rust 1.96.0 source tree at /src", "use a source tree of Rust"};
    EXPECT_EQ(rust_target_name("wasm32-wasi", tree), "wasm32-wasip1");
    tree.version = {1, 83, 0};
    EXPECT_EQ(rust_target_name("wasm32-wasi", tree), "wasm32-wasi");
    tree.version = {1, 75, 0};
    tree.label = "the Rust 1.75.0 source tree at /src";
    EXPECT_EQ(rust_target_name("wasm32-wasip1", tree), "wasm32-wasi");
    try {
        rust_target_name("wasm32-wasip2", tree);
        FAIL();
    } catch (const Error &e) {
        EXPECT_EQ(e.one_line(), "the Rust 1.75.0 source tree at /src is too old for "
                                "wasm32-wasip2 (it needs 1.82) (use a source tree of Rust 1.82 "
                                "or later, or use wasm32-wasip1)");
    }
}

TEST(RustSourceTree, FoundUpwardFromAnyDirectoryInIt) {
    namespace fs = std::filesystem;
    fs::path root = fs::temp_directory_path() / ("wasisdk-tree-" + std::to_string(::getpid()));
    fs::create_directories(root / "src" / "bootstrap");
    fs::create_directories(root / "build" / "deep");
    { std::ofstream(root / "src" / "version") << "1.96.0\n"; }
    auto tree = find_rust_source_tree(root / "build" / "deep");
    ASSERT_TRUE(tree);
    EXPECT_EQ(tree->root, root);
    EXPECT_EQ(tree->version, "1.96.0");
    EXPECT_EQ(tree->release.version, (std::vector<unsigned>{1, 96, 0}));
    EXPECT_EQ(tree->release.label, "the Rust 1.96.0 source tree at " + root.string());
    // src/version alone is not a Rust tree (any project may have one).
    fs::remove_all(root / "src" / "bootstrap");
    EXPECT_FALSE(find_rust_source_tree(root / "build").has_value());
    fs::create_directories(root / "src" / "bootstrap");
    { std::ofstream(root / "src" / "version") << "nightly\n"; }
    EXPECT_THROW(find_rust_source_tree(root), Error);
    fs::remove_all(root);
}

// --- the names env and cargo-config export (rust/cargo_target.h) -------------------------

TEST(CargoTarget, EveryNameOfATarget) {
    using V = std::vector<std::string>;
    EXPECT_EQ(rust_target_names_of_any_release("wasm32-wasip1"),
              (V{"wasm32-wasi", "wasm32-wasip1"}));
    EXPECT_EQ(rust_target_names_of_any_release("wasm32-wasi"), (V{"wasm32-wasi", "wasm32-wasip1"}));
    EXPECT_EQ(rust_target_names_of_any_release("wasm32-wasip2"), (V{"wasm32-wasip2"}));
    EXPECT_EQ(rust_target_names_of_any_release("wasm32-wasip1-threads"),
              (V{"wasm32-wasip1-threads"}));
    EXPECT_EQ(rust_target_names_of_any_release("wasm32-unknown-unknown"),
              (V{"wasm32-unknown-unknown"}));
}

TEST(CargoTarget, RenameReasons) {
    auto reason = [](const std::string &t, const std::string &release) {
        return rust_target_rename_reason(t, rust_release(rustc(release)));
    };
    EXPECT_EQ(reason("wasm32-wasip1", "1.63.0"), "no wasm32-wasip1 before Rust 1.78");
    EXPECT_EQ(reason("wasm32-wasip1", "1.77.2"), "no wasm32-wasip1 before Rust 1.78");
    EXPECT_EQ(reason("wasm32-wasip1", "1.78.0"), "");
    EXPECT_EQ(reason("wasm32-wasi", "1.83.0"), "");
    EXPECT_EQ(reason("wasm32-wasi", "1.84.0"), "no wasm32-wasi from Rust 1.84 on");
    EXPECT_EQ(reason("wasm32-wasi", "1.96.0"), "no wasm32-wasi from Rust 1.84 on");
    EXPECT_EQ(reason("wasm32-wasip2", "1.82.0"), "");
}

TEST(CargoTarget, WhichRustc) {
    RustcChoice c = choose_rustc("/opt/rust/bin/rustc", "/usr/bin/rustc");
    EXPECT_EQ(c.program, "/opt/rust/bin/rustc");
    EXPECT_EQ(c.origin, "--rustc /opt/rust/bin/rustc");
    EXPECT_TRUE(c.given);
    c = choose_rustc("", "/usr/bin/rustc");
    EXPECT_EQ(c.program, "/usr/bin/rustc");
    EXPECT_EQ(c.origin, "RUSTC=/usr/bin/rustc");
    EXPECT_FALSE(c.given);
    for (const char *unset : {static_cast<const char *>(nullptr), ""}) {
        c = choose_rustc("", unset);
        EXPECT_EQ(c.program, "rustc");
        EXPECT_EQ(c.origin, "on PATH");
        EXPECT_FALSE(c.given);
    }
}

namespace {

// A probe that answers for one program with one release, and fails like a missing rustc
// for every other.
RustcReleaseProbe answers(const std::string &program, const std::string &release, int *calls) {
    return [=](const std::string &p) {
        ++*calls;
        if (p != program)
            throw Error("cannot run " + p + " -vV", "install Rust, or pass --rustc PATH",
                        ExitCode::not_found);
        return rustc(release);
    };
}

} // namespace

TEST(CargoTarget, NamesTheRustcInUseReads) {
    using V = std::vector<std::string>;
    int calls = 0;
    RustcChoice debian = choose_rustc("", "/usr/bin/rustc");
    auto old = answers("/usr/bin/rustc", "1.63.0", &calls);
    CargoTargetNames n = cargo_target_names("wasm32-wasip1", debian, old);
    EXPECT_EQ(n.names, (V{"wasm32-wasi"}));
    EXPECT_EQ(n.why, "rustc 1.63.0 (RUSTC=/usr/bin/rustc) knows wasm32-wasip1 as wasm32-wasi "
                     "(no wasm32-wasip1 before Rust 1.78)");
    n = cargo_target_names("wasm32-wasi", debian, old);
    EXPECT_EQ(n.names, (V{"wasm32-wasi"}));
    EXPECT_EQ(n.why, "");

    RustcChoice path = choose_rustc("", nullptr);
    auto current = answers("rustc", "1.96.0", &calls);
    n = cargo_target_names("wasm32-wasi", path, current);
    EXPECT_EQ(n.names, (V{"wasm32-wasip1"}));
    EXPECT_EQ(n.why, "rustc 1.96.0 (on PATH) knows wasm32-wasi as wasm32-wasip1 "
                     "(no wasm32-wasi from Rust 1.84 on)");
    n = cargo_target_names("wasm32-wasip1", path, current);
    EXPECT_EQ(n.names, (V{"wasm32-wasip1"}));
    EXPECT_EQ(n.why, "");
    EXPECT_EQ(calls, 4);

    // One name in every release: no rustc is asked (env stays one spawn cheaper).
    n = cargo_target_names("wasm32-wasip2", path, old);
    EXPECT_EQ(n.names, (V{"wasm32-wasip2"}));
    n = cargo_target_names("wasm32-wasip1-threads", path, old);
    EXPECT_EQ(n.names, (V{"wasm32-wasip1-threads"}));
    EXPECT_EQ(calls, 4);
}

TEST(CargoTarget, NoRustcMeansBothNamesUnlessOneWasGiven) {
    int calls = 0;
    auto none = answers("/nowhere", "1.96.0", &calls);
    CargoTargetNames n = cargo_target_names("wasm32-wasip1", choose_rustc("", nullptr), none);
    EXPECT_EQ(n.names, (std::vector<std::string>{"wasm32-wasi", "wasm32-wasip1"}));
    EXPECT_EQ(n.why, "no rustc said which name it reads for wasm32-wasip1 (cannot run rustc -vV; "
                     "set RUSTC or pass --rustc), so both wasm32-wasi and wasm32-wasip1");
    try {
        cargo_target_names("wasm32-wasip1", choose_rustc("/opt/rustc", nullptr), none);
        FAIL();
    } catch (const Error &e) {
        EXPECT_EQ(e.one_line(), "cannot run /opt/rustc -vV (install Rust, or pass --rustc PATH)");
    }
}
