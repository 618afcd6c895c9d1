// The driver's use-case (exec_path/wrapper_call.h) on real trees with a fake
// environment: the decisions driver/main.c used to make itself, and which were tested
// only end to end (pkg-config's triple, WASI_SDK_PATH without HOME, the loop guard, the
// self-exec guard, +SPEC, when the triple's directory is read).
#include "base/fs_util.h"
#include "exec_path_cxx/wrapper_call.h"

#include <cstdlib>
#include <fstream>
#include <gtest/gtest.h>
#include <unistd.h>

using namespace wasisdk;
using Args = std::vector<std::string>;
using Env = std::map<std::string, std::string>;

namespace {

class WrapperCallTest : public ::testing::Test {
  protected:
    void SetUp() override {
        root_ = make_temp_dir(fs::temp_directory_path(), "wasisdk-call-");
        tree_ = root_ / "tree";
        home_ = root_ / "home";
        make_sdk(tree_, {"wasm32-wasip1"});
        fs::create_directories(root_ / "work");
    }
    void TearDown() override { remove_all_quiet(root_); }

    void touch(const fs::path &path, const std::string &text = "") {
        fs::create_directories(path.parent_path());
        std::ofstream(path) << text;
    }
    // A tree with bin/clang, bin/clang++ and these sysroot triples, each with libc.a,
    // libc++.a and its headers, and the long-double library.
    void make_sdk(const fs::path &tree, const Args &triples) {
        for (const char *tool : {"clang", "clang++", "llvm-ar"}) {
            touch(tree / "bin" / tool, "#!/bin/sh\n");
            fs::permissions(tree / "bin" / tool, fs::perms::owner_all);
        }
        for (const auto &t : triples) {
            const fs::path s = tree / "share/wasi-sysroot";
            touch(s / "lib" / t / "libc.a");
            touch(s / "lib" / t / "libc++.a");
            touch(s / "lib" / t / "libc-printscan-long-double.a");
            fs::create_directories(s / "include" / t / "c++/v1");
        }
    }
    void install(const std::string &name) {
        touch(home_ / "toolchains" / name / "receipt.json", "{}");
        make_sdk(home_ / "toolchains" / name / "sdk", {"wasm32-wasip1"});
    }
    PreparedCall call(const std::string &wrapper, const Args &args, const Env &env,
                      std::optional<std::string> self = std::nullopt) {
        return prepare_call({wrapper, args, std::nullopt, (root_ / "work").string(), env, self});
    }
    Env sdk_path_env() const {
        return {{"WASI_SDK_PATH", tree_.string()}, {"WASISDK_HOME", home_.string()}};
    }

    fs::path root_, tree_, home_;
};

} // namespace

TEST_F(WrapperCallTest, PkgConfigSearchesTheChosenTriple) {
    // An SDK with only the legacy wasm32-wasi sysroot: wasm32-wasip1's pkg-config reads
    // that triple's .pc files.
    fs::remove_all(tree_);
    make_sdk(tree_, {"wasm32-wasi"});
    PreparedCall p = call("wasm32-wasip1-pkg-config", {"--cflags", "zlib"}, sdk_path_env());
    ASSERT_TRUE(p.ok()) << p.error()->one_line();
    EXPECT_STREQ(p.c().triple, "wasm32-wasi");
    ExecPlan plan = p.plan();
    EXPECT_EQ(plan.program, "pkg-config");
    EXPECT_TRUE(plan.search_path);
    const std::string s = (tree_ / "share/wasi-sysroot").string();
    ASSERT_EQ(plan.env.size(), 2u);
    EXPECT_EQ(plan.env[1],
              (std::pair<std::string, std::string>{
                  "PKG_CONFIG_LIBDIR", s + "/lib/wasm32-wasi/pkgconfig:" + s +
                                           "/lib/pkgconfig:" + s + "/share/pkgconfig"}));
    EXPECT_EQ(plan.args, (Args{"--cflags", "zlib"}));
    // Without a sysroot for the target: the sysroot step says so.
    p = call("wasm32-wasip2-pkg-config", {"--libs", "zlib"}, sdk_path_env());
    EXPECT_EQ(p.step(), WSD_STEP_SYSROOT);
    EXPECT_EQ(p.error()->what(), tree_.string() + " has no wasm32-wasip2 sysroot (it has: "
                                                  "wasm32-wasi) and no wasm-component-ld, which "
                                                  "links wasm32-wasip2 components");
}

TEST_F(WrapperCallTest, WasiSdkPathWorksWithoutAHome) {
    // A container without HOME or WASISDK_HOME: WASI_SDK_PATH alone names the SDK.
    PreparedCall p =
        call("wasm32-wasip1-clang", {"-c", "a.c"}, {{"WASI_SDK_PATH", tree_.string()}});
    ASSERT_TRUE(p.ok()) << p.error()->one_line();
    EXPECT_STREQ(p.c().home, "");
    EXPECT_EQ(p.plan().program, (tree_ / "bin/clang").string());
    // Without it, no home is an error that says how to set one...
    p = call("wasm32-wasip1-clang", {"-c", "a.c"}, {});
    EXPECT_EQ(p.step(), WSD_STEP_ACTIVE_SDK);
    EXPECT_EQ(p.error()->one_line(), "cannot find the wasisdk home: HOME is not set (set "
                                     "WASISDK_HOME or pass --home DIR)");
    // ... and so is a +SPEC, which names an installed SDK, with WASI_SDK_PATH set.
    p = call("wasm32-wasip1-clang", {"+25", "-c", "a.c"}, {{"WASI_SDK_PATH", tree_.string()}});
    EXPECT_EQ(p.step(), WSD_STEP_ACTIVE_SDK);
    EXPECT_EQ(p.error()->what(), std::string("cannot find the wasisdk home: HOME is not set"));
}

TEST_F(WrapperCallTest, PlusSpecPicksAnInstalledSdkForOneCall) {
    install("25.0");
    PreparedCall p = call("wasm32-wasip1-clang", {"+25", "-c", "a.c"}, sdk_path_env());
    ASSERT_TRUE(p.ok()) << p.error()->one_line();
    EXPECT_STREQ(p.c().spec, "25");
    EXPECT_STREQ(p.c().active.name, "25.0"); // beats WASI_SDK_PATH
    EXPECT_EQ(p.c().active.rule, WSD_RULE_EXPLICIT_REQUEST);
    EXPECT_EQ(p.plan().program, (home_ / "toolchains/25.0/sdk/bin/clang").string());
    EXPECT_EQ(p.plan().args.back(), "a.c");
    const auto args = p.plan().args; // plan() returns a copy: one vector for both ends
    EXPECT_EQ(std::count(args.begin(), args.end(), "+25"), 0);
    // Only as the first argument, and "+" alone is an argument like any other.
    p = call("wasm32-wasip1-clang", {"-c", "+25"}, sdk_path_env());
    EXPECT_EQ(p.c().spec, nullptr);
    EXPECT_EQ(p.plan().args.back(), "+25");
    p = call("wasm32-wasip1-clang", {"+", "-c"}, sdk_path_env());
    EXPECT_EQ(p.c().spec, nullptr);
    // A version that is not installed.
    p = call("wasm32-wasip1-clang", {"+30", "-c", "a.c"}, sdk_path_env());
    EXPECT_EQ(p.step(), WSD_STEP_ACTIVE_SDK);
    EXPECT_EQ(p.error()->one_line(),
              "wasi-sdk 30 (from +30) is not installed (run: wasisdk install 30)");
    // --wasisdk-expect= is taken out wherever it is, before +SPEC is looked for.
    p = call("wasm32-wasip1-clang", {"--wasisdk-expect=25.0", "+25", "-c", "a.c"}, sdk_path_env());
    ASSERT_TRUE(p.ok()) << p.error()->one_line();
    EXPECT_STREQ(p.c().expected, "25.0");
    EXPECT_EQ(p.plan().args.size(), 4u); // --target, --sysroot, -c, a.c
    // --wasisdk-print-sdk alone plans nothing.
    p = call("wasm32-wasip1-clang", {"+25", "--wasisdk-print-sdk"}, sdk_path_env());
    ASSERT_TRUE(p.ok());
    EXPECT_EQ(p.c().action, WSD_ACTION_PRINT_SDK);
}

TEST_F(WrapperCallTest, LoopGuardCountsNestedWrappers) {
    PreparedCall p = call("wasm32-wasip1-clang", {"-c", "a.c"}, sdk_path_env());
    EXPECT_STREQ(p.c().depth, "1");
    Env env = sdk_path_env();
    env["WASISDK_WRAPPER_DEPTH"] = "3";
    EXPECT_STREQ(call("wasm32-wasip1-clang", {"-c", "a.c"}, env).c().depth, "4");
    env["WASISDK_WRAPPER_DEPTH"] = "8";
    p = call("wasm32-wasip1-clang", {"-c", "a.c"}, env);
    EXPECT_EQ(p.step(), WSD_STEP_PROGRAM);
    EXPECT_EQ(p.error()->one_line(),
              "the wrapper ran itself 8 times: " + (tree_ / "bin/clang").string() +
                  " runs a wasisdk wrapper again (point the SDK at a real clang: a wasi-sdk's "
                  "bin/ must not call wasisdk's wrappers)");
}

TEST_F(WrapperCallTest, RefusesToRunItself) {
    // WASI_SDK_PATH at a tree whose clang is this executable (wasisdk's own bin/).
    const fs::path self = root_ / "wasisdk-driver";
    touch(self);
    fs::remove(tree_ / "bin/clang");
    fs::create_symlink(self, tree_ / "bin/clang");
    fs::permissions(self, fs::perms::owner_all);
    PreparedCall p = call("wasm32-wasip1-clang", {"-c", "a.c"}, sdk_path_env(), self.string());
    EXPECT_EQ(p.step(), WSD_STEP_PROGRAM);
    EXPECT_EQ(p.error()->one_line(), (tree_ / "bin/clang").string() +
                                         " is this wrapper itself (point WASI_SDK_PATH at a "
                                         "wasi-sdk tree, not at wasisdk's bin/)");
    // Another program is fine; a missing one is named.
    EXPECT_TRUE(call("wasm32-wasip1-clang++", {"-c", "a.c"}, sdk_path_env(), self.string()).ok());
    fs::remove(tree_ / "bin/clang++");
    p = call("wasm32-wasip1-clang++", {"-c", "a.c"}, sdk_path_env());
    EXPECT_EQ(p.error()->what(), tree_.string() + " has no clang++ in " + tree_.string() + "/bin");
}

TEST_F(WrapperCallTest, TheTriplesDirectoryIsReadOnlyWhereItMatters) {
    // Plain C compiles skip it; C++, links (the default long-double library) and
    // WASISDK_EMULATE read it.
    EXPECT_FALSE(
        call("wasm32-wasip1-clang", {"-c", "a.c"}, sdk_path_env()).c().triple_facts.libcxx);
    EXPECT_TRUE(
        call("wasm32-wasip1-clang++", {"-c", "a.c"}, sdk_path_env()).c().triple_facts.libcxx);
    PreparedCall link = call("wasm32-wasip1-clang", {"a.o", "-o", "a.wasm"}, sdk_path_env());
    EXPECT_TRUE(link.c().triple_facts.libcxx);
    EXPECT_EQ(link.plan().args.back(), "-lc-printscan-long-double");
    Env env = sdk_path_env();
    env["WASISDK_LONG_DOUBLE"] = "0";
    EXPECT_EQ(call("wasm32-wasip1-clang", {"a.o", "-o", "a.wasm"}, env).plan().args.back(),
              "a.wasm");
    env["WASISDK_EMULATE"] = "long-double";
    EXPECT_EQ(call("wasm32-wasip1-clang", {"a.o"}, env).plan().args.back(),
              "-lc-printscan-long-double"); // asked for by name, 0 or not
    env["WASISDK_EMULATE"] = "threads";
    PreparedCall bad = call("wasm32-wasip1-clang", {"-c", "a.c"}, env);
    EXPECT_EQ(bad.step(), WSD_STEP_COMMAND);
    EXPECT_EQ(bad.error()->what(), std::string("WASISDK_EMULATE names 'threads'"));
}

TEST_F(WrapperCallTest, ReadsOnlyTheEnvironmentItIsGiven) {
    // The process's environment says otherwise; the call's wins, and is not kept.
    ::setenv("WASISDK_EMULATE", "nonsense", 1);
    ::setenv("WASI_SDK_PATH", "/nonexistent", 1);
    PreparedCall p = call("wasm32-wasip1-clang", {"-c", "a.c"}, sdk_path_env());
    ::unsetenv("WASISDK_EMULATE");
    ::unsetenv("WASI_SDK_PATH");
    ASSERT_TRUE(p.ok()) << p.error()->one_line();
    EXPECT_EQ(p.plan().program, (tree_ / "bin/clang").string());
    EXPECT_EQ(wsd_env("WASISDK_EMULATE"), nullptr); // the process's again
}

TEST_F(WrapperCallTest, BinutilsNeitherChooseATripleNorReadTheirArguments) {
    PreparedCall p = call("wasm32-wasip1-ar", {"rcs", "libx.a", "-o"}, sdk_path_env());
    ASSERT_TRUE(p.ok()) << p.error()->one_line();
    EXPECT_EQ(p.c().triple, nullptr);
    EXPECT_EQ(p.plan().program, (tree_ / "bin/llvm-ar").string());
    EXPECT_EQ(p.plan().args, (Args{"rcs", "libx.a", "-o"}));
}
