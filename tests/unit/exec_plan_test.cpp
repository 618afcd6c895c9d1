// The driver's flag table: every target x every SDK era x user-given flags -> the exact
// command. SDKs are described as data (what their trees offer), one per era of
// docs/sdk-releases.md.
#include "base/error.h"
#include "base/text.h"
#include "exec_path/cxx_compat.h"
#include "exec_path/emulations.h"
#include "exec_path_cxx/exec_plan.h"

#include <algorithm>
#include <cstring>
#include <gtest/gtest.h>

using namespace wasisdk;
using Args = std::vector<std::string>;

namespace {

SdkFacts era(const std::string &name, const std::vector<std::string> &triples, bool component_ld) {
    return describe_sdk("/sdk", "wasi-sdk " + name, triples, component_ld);
}

// Releases up to 19 know only wasm32-wasi; 20-21 add wasm32-wasi-threads; 22-33 have
// every name; 34 drops wasm32-wasi and wasm32-wasi-threads.
const SdkFacts kEra19 = era("19.0", {"wasm32-wasi"}, false);
const SdkFacts kEra21 = era("21.0", {"wasm32-wasi", "wasm32-wasi-threads"}, false);
const SdkFacts kEra25 = era("25.0",
                            {"wasm32-wasi", "wasm32-wasip1", "wasm32-wasip2",
                             "wasm32-wasip1-threads", "wasm32-wasi-threads"},
                            true);
const SdkFacts kEra34 =
    era("34.0", {"wasm32-wasip1", "wasm32-wasip2", "wasm32-wasip1-threads", "wasm32-wasip3"}, true);

TripleFacts full_libs(bool exceptions = false) {
    TripleFacts f{};
    f.cxx_headers = true;
    f.libcxx = true;
    f.exceptions = exceptions;
    for (const char *lib :
         {"wasi-emulated-mman", "wasi-emulated-signal", "wasi-emulated-process-clocks",
          "wasi-emulated-getpid", "c-printscan-long-double"})
        f.emulation_libraries |= emulation_library_bit(lib);
    return f;
}

Role role(const std::string &wrapper) {
    auto r = role_from_program_name(wrapper);
    EXPECT_TRUE(r) << wrapper;
    return *r;
}

std::string triple_for(const char *target, const SdkFacts &sdk) {
    try {
        return choose_triple(*find_target(target), sdk);
    } catch (const Error &e) {
        return "error";
    }
}

Args plan(const std::string &wrapper, const SdkFacts &sdk, const Args &args,
          const Emulations &emulations = {}, TripleFacts tf = full_libs()) {
    Role r = role(wrapper);
    std::string triple = choose_triple(*r.target, sdk);
    return plan_exec(r, sdk, triple, tf, args, emulations).args;
}

std::string error_of(const std::string &wrapper, const SdkFacts &sdk, const Args &args,
                     TripleFacts tf = full_libs()) {
    try {
        plan(wrapper, sdk, args, {}, tf);
    } catch (const Error &e) {
        return e.one_line();
    }
    return "no error";
}

} // namespace

TEST(Roles, FromWrapperNames) {
    EXPECT_STREQ(role("wasm32-wasip1-clang").target->name, "wasm32-wasip1");
    EXPECT_EQ(role("/home/u/.wasisdk/bin/wasm32-wasip1-clang++").tool->kind, WSD_TOOL_CXX);
    EXPECT_EQ(role("wasm32-wasip1-threads-clang").tool->kind, WSD_TOOL_CC);
    EXPECT_STREQ(role("wasm32-wasip1-threads-clang").target->name, "wasm32-wasip1-threads");
    EXPECT_EQ(role("wasm32-wasi-c++").tool->kind, WSD_TOOL_CXX);
    EXPECT_EQ(role("wasm32-wasip2-cc").tool->kind, WSD_TOOL_CC);
    EXPECT_STREQ(role("wasm32-wasip1-ar").tool->program, "llvm-ar");
    EXPECT_STREQ(role("wasm32-wasip1-ranlib").tool->program, "llvm-ranlib");
    EXPECT_STREQ(role("wasm32-wasip1-wasm-ld").tool->program, "wasm-ld");
    EXPECT_EQ(role("wasm32-wasip1-pkg-config").tool->kind, WSD_TOOL_PKG_CONFIG);
    EXPECT_STREQ(role("wasm-ld").target->name, "wasm32-wasip1");
    EXPECT_FALSE(role_from_program_name("wasisdk-driver"));
    EXPECT_FALSE(role_from_program_name("wasm32-unknown-clang"));
    EXPECT_FALSE(role_from_program_name("clang"));
    EXPECT_EQ(all_wrapper_names().size(), 4u * 12u);
    EXPECT_EQ(role("wasm32-wasip1-gcc").tool->kind, WSD_TOOL_CC);
    EXPECT_EQ(role("wasm32-wasip1-g++").tool->kind, WSD_TOOL_CXX);
}

TEST(Triples, EveryTargetOnEveryEra) {
    struct Row {
        const char *target;
        const char *era19, *era21, *era25, *era34;
    };
    const Row rows[] = {
        {"wasm32-wasip1", "wasm32-wasi", "wasm32-wasi", "wasm32-wasip1", "wasm32-wasip1"},
        // The legacy name compiles for wasm32-wasip1 wherever the sysroot has it: clang 22
        // warns that wasm32-wasi is deprecated (driver.md).
        {"wasm32-wasi", "wasm32-wasi", "wasm32-wasi", "wasm32-wasip1", "wasm32-wasip1"},
        {"wasm32-wasip1-threads", "error", "wasm32-wasi-threads", "wasm32-wasip1-threads",
         "wasm32-wasip1-threads"},
        {"wasm32-wasip2", "error", "error", "wasm32-wasip2", "wasm32-wasip2"},
    };
    for (const Row &r : rows) {
        EXPECT_EQ(triple_for(r.target, kEra19), r.era19) << r.target;
        EXPECT_EQ(triple_for(r.target, kEra21), r.era21) << r.target;
        EXPECT_EQ(triple_for(r.target, kEra25), r.era25) << r.target;
        EXPECT_EQ(triple_for(r.target, kEra34), r.era34) << r.target;
    }
}

TEST(Plan, CompileAndLinkOnEachEra) {
    const Args sysroot = {"--sysroot=/sdk/share/wasi-sysroot"};
    EXPECT_EQ(plan("wasm32-wasip1-clang", kEra19, {"-c", "a.c"}),
              (Args{"--target=wasm32-wasi", sysroot[0], "-c", "a.c"}));
    EXPECT_EQ(plan("wasm32-wasip1-clang", kEra25, {"a.c", "-o", "a.wasm"}),
              (Args{"--target=wasm32-wasip1", sysroot[0], "a.c", "-o", "a.wasm"}));
    EXPECT_EQ(plan("wasm32-wasi-clang", kEra34, {"-c", "a.c"}),
              (Args{"--target=wasm32-wasip1", sysroot[0], "-c", "a.c"}));
}

TEST(Plan, ThreadsAddPthreadAndSharedMemoryAtLinkOnly) {
    EXPECT_EQ(plan("wasm32-wasip1-threads-clang", kEra21, {"-c", "a.c"}),
              (Args{"--target=wasm32-wasi-threads", "--sysroot=/sdk/share/wasi-sysroot", "-pthread",
                    "-c", "a.c"}));
    EXPECT_EQ(
        plan("wasm32-wasip1-threads-clang", kEra25, {"a.o", "-o", "a.wasm"}),
        (Args{"--target=wasm32-wasip1-threads", "--sysroot=/sdk/share/wasi-sysroot", "-pthread",
              "a.o", "-o", "a.wasm", "-Wl,--import-memory", "-Wl,--export-memory"}));
    // Given by the user: not repeated.
    EXPECT_EQ(
        plan("wasm32-wasip1-threads-clang", kEra25, {"-pthread", "a.o", "-Wl,--import-memory"}),
        (Args{"--target=wasm32-wasip1-threads", "--sysroot=/sdk/share/wasi-sysroot", "-pthread",
              "a.o", "-Wl,--import-memory", "-Wl,--export-memory"}));
}

TEST(Plan, UserFlagsWinAndAreNotDuplicated) {
    EXPECT_EQ(plan("wasm32-wasip1-clang", kEra25, {"--target=wasm32-wasip2", "-c", "a.c"}),
              (Args{"--sysroot=/sdk/share/wasi-sysroot", "--target=wasm32-wasip2", "-c", "a.c"}));
    EXPECT_EQ(plan("wasm32-wasip1-clang", kEra25, {"-target", "wasm32-wasi", "-c", "a.c"}),
              (Args{"--sysroot=/sdk/share/wasi-sysroot", "-target", "wasm32-wasi", "-c", "a.c"}));
    EXPECT_EQ(plan("wasm32-wasip1-clang", kEra25, {"--sysroot=/mine", "-c", "a.c"}),
              (Args{"--target=wasm32-wasip1", "--sysroot=/mine", "-c", "a.c"}));
    EXPECT_EQ(plan("wasm32-wasip1-clang", kEra25, {"--sysroot", "/mine", "-c", "a.c"}),
              (Args{"--target=wasm32-wasip1", "--sysroot", "/mine", "-c", "a.c"}));
}

TEST(Plan, CxxExceptionsFollowTheSdk) {
    EXPECT_EQ(plan("wasm32-wasip1-clang++", kEra25, {"-c", "a.cpp"}),
              (Args{"--target=wasm32-wasip1", "--sysroot=/sdk/share/wasi-sysroot",
                    "-fno-exceptions", "-c", "a.cpp"}));
    EXPECT_EQ(plan("wasm32-wasip1-clang++", kEra25, {"-fno-exceptions", "-c", "a.cpp"}),
              (Args{"--target=wasm32-wasip1", "--sysroot=/sdk/share/wasi-sysroot",
                    "-fno-exceptions", "-c", "a.cpp"}));
    // An SDK with an exception runtime (33+): nothing added.
    EXPECT_EQ(plan("wasm32-wasip1-clang++", kEra34, {"-c", "a.cpp"}, {}, full_libs(true)),
              (Args{"--target=wasm32-wasip1", "--sysroot=/sdk/share/wasi-sysroot", "-c", "a.cpp"}));
    EXPECT_EQ(error_of("wasm32-wasip1-clang++", kEra25, {"-fexceptions", "-c", "a.cpp"}),
              "wasi-sdk 25.0 has no C++ exception runtime for wasm32-wasip1 (build with "
              "-fno-exceptions, or use wasi-sdk 33 or later)");
}

TEST(Plan, CxxOnAnSdkWithLibcxxPerExceptionMode) {
    // 33+: include/<triple>/{eh,noeh}/c++/v1 and lib/<triple>/{eh,noeh}/; the wrapper names
    // the directory clang >= 23 would pick, after the user's flags.
    TripleFacts dual = full_libs(true);
    dual.cxx_per_exception_mode = true;
    const std::string s = "/sdk/share/wasi-sysroot";
    EXPECT_EQ(plan("wasm32-wasip1-clang++", kEra34, {"-I", "inc", "-c", "a.cpp"}, {}, dual),
              (Args{"--target=wasm32-wasip1", "--sysroot=" + s, "-I", "inc", "-c", "a.cpp",
                    "-isystem" + s + "/include/wasm32-wasip1/noeh/c++/v1"}));
    EXPECT_EQ(plan("wasm32-wasi-clang++", kEra34, {"a.o", "-o", "a.wasm"}, {}, dual),
              (Args{"--target=wasm32-wasip1", "--sysroot=" + s, "a.o", "-o", "a.wasm",
                    "-isystem" + s + "/include/wasm32-wasip1/noeh/c++/v1",
                    "-L" + s + "/lib/wasm32-wasip1/noeh"}));
    EXPECT_EQ(plan("wasm32-wasip1-clang++", kEra34, {"-fwasm-exceptions", "a.cpp"}, {}, dual),
              (Args{"--target=wasm32-wasip1", "--sysroot=" + s, "-fwasm-exceptions", "a.cpp",
                    "-isystem" + s + "/include/wasm32-wasip1/eh/c++/v1",
                    "-L" + s + "/lib/wasm32-wasip1/eh"}));
    // The user's -nostdinc++ / -nostdlib++ turn clang's own directories off: ours too.
    EXPECT_EQ(
        plan("wasm32-wasip1-clang++", kEra34, {"-nostdinc++", "-nostdlib++", "a.cpp"}, {}, dual),
        (Args{"--target=wasm32-wasip1", "--sysroot=" + s, "-nostdinc++", "-nostdlib++", "a.cpp"}));
    // Without eh/libc++.a (Debian-built trees): noeh, -fno-exceptions, and -fwasm-exceptions
    // is refused like -fexceptions.
    dual.exceptions = false;
    EXPECT_EQ(plan("wasm32-wasip1-clang++", kEra34, {"-c", "a.cpp"}, {}, dual),
              (Args{"--target=wasm32-wasip1", "--sysroot=" + s, "-fno-exceptions", "-c", "a.cpp",
                    "-isystem" + s + "/include/wasm32-wasip1/noeh/c++/v1"}));
    EXPECT_EQ(error_of("wasm32-wasip1-clang++", kEra34, {"-fwasm-exceptions", "-c", "a.cpp"}, dual),
              "wasi-sdk 34.0 has no C++ exception runtime for wasm32-wasip1 (build with "
              "-fno-exceptions, or use wasi-sdk 33 or later)");
    // C compiles never get the C++ directories.
    EXPECT_EQ(plan("wasm32-wasip1-clang", kEra34, {"a.c"}, {}, dual),
              (Args{"--target=wasm32-wasip1", "--sysroot=" + s, "a.c"}));
}

TEST(Plan, CxxNeedsLibcxx) {
    TripleFacts no_cxx = full_libs();
    no_cxx.libcxx = false;
    EXPECT_EQ(error_of("wasm32-wasip1-clang++", kEra25, {"a.cpp", "-o", "a.wasm"}, no_cxx),
              "wasi-sdk 25.0 has no C++ library (libc++.a) for wasm32-wasip1 (install a "
              "wasi-sdk release (they ship libc++))");
    // Compiling only needs the headers.
    EXPECT_EQ(error_of("wasm32-wasip1-clang++", kEra25, {"-c", "a.cpp"}, no_cxx), "no error");
    no_cxx.cxx_headers = false;
    EXPECT_EQ(error_of("wasm32-wasip1-clang++", kEra25, {"-c", "a.cpp"}, no_cxx),
              "wasi-sdk 25.0 has no C++ headers for wasm32-wasip1 (install a wasi-sdk release "
              "(they ship libc++), or compile as C)");
}

TEST(Plan, AnSdkWithoutASysrootSaysSo) {
    SdkFacts bare = era("clang-only", {}, false);
    EXPECT_EQ(triple_for("wasm32-wasip1", bare), "error");
    try {
        choose_triple(*find_target("wasm32-wasip1"), bare);
        FAIL();
    } catch (const Error &e) {
        EXPECT_EQ(e.one_line(), "wasi-sdk clang-only has no wasm32-wasip1 sysroot (it has: none) "
                                "(install a complete wasi-sdk (wasisdk install latest))");
    }
}

TEST(Plan, Wasip2NeedsComponentLinkerToLinkOnly) {
    SdkFacts no_ld = kEra25;
    no_ld.component_ld = false;
    // 25.0 as released has wasm-component-ld: a 25.0 tree without it was not unpacked
    // from the release, and "install 22 or later" would be no news to its user.
    EXPECT_EQ(error_of("wasm32-wasip2-clang", no_ld, {"a.c", "-o", "a.wasm"}),
              "wasi-sdk 25.0 has no wasm-component-ld, which links wasm32-wasip2 components "
              "(the wasi-sdk 25.0 release ships what this tree lacks: reinstall it (wasisdk "
              "install --force 25.0), or put a wasm-component-ld in /sdk/bin)");
    EXPECT_EQ(error_of("wasm32-wasip2-clang", no_ld, {"-c", "a.c"}), "no error");
    // An older release lacks the sysroot and the linker: both are named, compiling or not.
    EXPECT_EQ(error_of("wasm32-wasip2-clang", kEra19, {"-c", "a.c"}),
              "wasi-sdk 19.0 has no wasm32-wasip2 sysroot (it has: wasm32-wasi) and no "
              "wasm-component-ld, which links wasm32-wasip2 components (install wasi-sdk 22 or "
              "later (wasisdk install latest), or build for wasm32-wasip1)");
}

TEST(Plan, ATreeLackingWhatItsReleaseShipsIsToldToReinstallIt) {
    // As make-sdk.sh builds 33.0 from Debian: no wasip2 wasi-libc, no wasm-component-ld,
    // no threads sysroot.
    SdkFacts debian = era("33.0", {"wasm32-wasi", "wasm32-wasip1"}, false);
    const std::string reinstall = "(the wasi-sdk 33.0 release ships what this tree lacks: "
                                  "reinstall it (wasisdk install --force 33.0), or build for "
                                  "wasm32-wasip1)";
    EXPECT_EQ(error_of("wasm32-wasip2-clang", debian, {"a.c", "-o", "a.wasm"}),
              "wasi-sdk 33.0 has no wasm32-wasip2 sysroot (it has: wasm32-wasi, wasm32-wasip1) "
              "and no wasm-component-ld, which links wasm32-wasip2 components " +
                  reinstall);
    EXPECT_EQ(error_of("wasm32-wasip1-threads-clang", debian, {"-c", "a.c"}),
              "wasi-sdk 33.0 has no wasm32-wasip1-threads sysroot (it has: wasm32-wasi, "
              "wasm32-wasip1) " +
                  reinstall);
    // 20 had threads; 19 did not. A tree of no known release (WASI_SDK_PATH, a linked
    // name) is told the release that has it.
    EXPECT_EQ(error_of("wasm32-wasip1-threads-clang", kEra19, {"-c", "a.c"}),
              "wasi-sdk 19.0 has no wasm32-wasip1-threads sysroot (it has: wasm32-wasi) "
              "(install wasi-sdk 20 or later (wasisdk install latest), or build for "
              "wasm32-wasip1)");
    SdkFacts unnamed = describe_sdk("/opt/sdk", "/opt/sdk", {"wasm32-wasip1"}, false);
    EXPECT_EQ(unnamed.release, 0u);
    EXPECT_EQ(error_of("wasm32-wasip2-clang", unnamed, {"-c", "a.c"}),
              "/opt/sdk has no wasm32-wasip2 sysroot (it has: wasm32-wasip1) and no "
              "wasm-component-ld, which links wasm32-wasip2 components (install wasi-sdk 22 or "
              "later (wasisdk install latest), or build for wasm32-wasip1)");
    EXPECT_EQ(era("20.0+threads", {}, false).release, 20u);
    EXPECT_EQ(era("opt", {}, false).release, 0u);
}

TEST(Plan, EmulationsDefineWhenCompilingAndLinkLibrariesLast) {
    auto emus = parse_emulations("mman,long-double,mman");
    EXPECT_EQ(emulation_names(emus), (std::vector<std::string>{"mman", "long-double"}));
    EXPECT_EQ(plan("wasm32-wasip1-clang", kEra25, {"-c", "a.c"}, emus),
              (Args{"--target=wasm32-wasip1", "--sysroot=/sdk/share/wasi-sysroot",
                    "-D_WASI_EMULATED_MMAN", "-c", "a.c"}));
    EXPECT_EQ(plan("wasm32-wasip1-clang", kEra25, {"a.c", "-o", "a.wasm"}, emus),
              (Args{"--target=wasm32-wasip1", "--sysroot=/sdk/share/wasi-sysroot",
                    "-D_WASI_EMULATED_MMAN", "a.c", "-o", "a.wasm", "-lwasi-emulated-mman",
                    "-lc-printscan-long-double"}));
    TripleFacts old = full_libs();
    old.emulation_libraries &= ~emulation_library_bit("wasi-emulated-getpid");
    try {
        plan("wasm32-wasip1-clang", kEra19, {"-c", "a.c"}, parse_emulations("getpid"), old);
        FAIL();
    } catch (const Error &e) {
        EXPECT_EQ(e.one_line(), "WASISDK_EMULATE=getpid: wasi-sdk 19.0 has no "
                                "libwasi-emulated-getpid.a for wasm32-wasi (remove it from "
                                "WASISDK_EMULATE, or use an SDK whose wasi-libc has it)");
    }
    EXPECT_THROW(parse_emulations("mman,threads"), Error);
}

TEST(Plan, LinkDetection) {
    EXPECT_TRUE(command_links({"a.c"}));
    EXPECT_TRUE(command_links({"a.o", "b.o", "-o", "x.wasm"}));
    EXPECT_FALSE(command_links({"-c", "a.c"}));
    EXPECT_FALSE(command_links({"-E", "a.c"}));
    EXPECT_FALSE(command_links({"-MM", "a.c"}));
    EXPECT_FALSE(command_links({"--version"}));
    EXPECT_FALSE(command_links({"-o", "x.wasm"})); // no input: nothing to link
    EXPECT_FALSE(command_links({"-I", "include", "-D", "X"}));
}

TEST(Plan, BinutilsAndPkgConfig) {
    Role ar = role("wasm32-wasip1-ar");
    ExecPlan p = plan_exec(ar, kEra25, "", {}, {"rcs", "libx.a", "x.o"}, {});
    EXPECT_EQ(p.program, "/sdk/bin/llvm-ar");
    EXPECT_EQ(p.args, (Args{"rcs", "libx.a", "x.o"}));
    Role pc = role("wasm32-wasip1-pkg-config");
    p = plan_exec(pc, kEra19, "wasm32-wasi", {}, {"--cflags", "zlib"}, {});
    EXPECT_TRUE(p.search_path);
    EXPECT_EQ(p.program, "pkg-config");
    ASSERT_EQ(p.env.size(), 2u);
    EXPECT_EQ(p.env[0], (std::pair<std::string, std::string>{"PKG_CONFIG_SYSROOT_DIR",
                                                             "/sdk/share/wasi-sysroot"}));
    EXPECT_EQ(p.env[1].second, "/sdk/share/wasi-sysroot/lib/wasm32-wasi/pkgconfig:"
                               "/sdk/share/wasi-sysroot/lib/pkgconfig:"
                               "/sdk/share/wasi-sysroot/share/pkgconfig");
}

// Issue 10.4: wasm-ld only warns about -shared without a shared libc, so configure
// scripts believed shared libraries work; the wrapper refuses it on such SDKs.
TEST(Plan, SharedNeedsASharedLibc) {
    EXPECT_EQ(error_of("wasm32-wasip1-clang", kEra25, {"-shared", "a.o", "-o", "liba.so"}),
              "wasi-sdk 25.0 has no shared libc (lib/wasm32-wasip1/libc.so) for -shared: wasm "
              "shared libraries need wasi-sdk 30 or later (build static libraries (e.g. "
              "./configure --disable-shared))");
    EXPECT_EQ(error_of("wasm32-wasip1-clang", kEra25, {"-shared", "-c", "a.c"}), "no error");
}

// Issue 10.8: WASISDK_EMULATE=setjmp gives wasi-libc's setjmp/longjmp their flags where
// the sysroot has libsetjmp.a, and names what is missing where it has not.
TEST(Plan, SetjmpEmulation) {
    TripleFacts tf = full_libs();
    tf.emulation_libraries |= emulation_library_bit("setjmp");
    Args compile =
        plan("wasm32-wasip1-clang", kEra25, {"-c", "lua.c"}, parse_emulations("setjmp"), tf);
    EXPECT_NE(std::find(compile.begin(), compile.end(), "-wasm-enable-sjlj"), compile.end());
    EXPECT_EQ(std::find(compile.begin(), compile.end(), "-lsetjmp"), compile.end());
    Args link = plan("wasm32-wasip1-clang", kEra25, {"lua.o", "-o", "lua.wasm"},
                     parse_emulations("setjmp"), tf);
    EXPECT_EQ(link.back(), "-lsetjmp");
    try {
        plan("wasm32-wasip1-clang", kEra25, {"-c", "lua.c"}, parse_emulations("setjmp"),
             full_libs());
        FAIL() << "no error";
    } catch (const Error &e) {
        EXPECT_EQ(e.one_line(),
                  "WASISDK_EMULATE=setjmp: wasi-sdk 25.0 has no libsetjmp.a for "
                  "wasm32-wasip1 (remove it from WASISDK_EMULATE, or use an SDK whose "
                  "wasi-libc has it (wasi-libc has had libsetjmp.a since 2023; Debian "
                  "12's 2022 wasi-libc has not))");
    }
}

TEST(Emulations, LongDoubleIndexNamesLongDouble) {
    EXPECT_STREQ(wsd_emulations[WSD_EMULATION_LONG_DOUBLE].name, "long-double");
    EXPECT_TRUE(wsd_wants_default_long_double(nullptr));
    EXPECT_TRUE(wsd_wants_default_long_double("1"));
    EXPECT_FALSE(wsd_wants_default_long_double("0"));
    wsd_emulation_list list{};
    wsd_add_long_double(&list, false);
    EXPECT_EQ(list.count, 0u);
    wsd_add_long_double(&list, true);
    wsd_add_long_double(&list, true);
    ASSERT_EQ(list.count, 1u);
    EXPECT_EQ(list.items[0], static_cast<std::size_t>(WSD_EMULATION_LONG_DOUBLE));
}

TEST(Plan, CxxLinksTakeTheCompatArchiveWhereTheInstallHasOne) {
    // exec_path/cxx_compat.h: <install>/compat/<triple>/libwasisdk-compat.a, after the
    // user's arguments (before clang's -lc++abi), on C++ links only.
    SdkFacts sdk = kEra25;
    std::strcpy(sdk.install_dir, "/home/u/.wasisdk/toolchains/25.0");
    const std::string archive =
        "/home/u/.wasisdk/toolchains/25.0/compat/wasm32-wasip1/libwasisdk-compat.a";
    const std::string s = "--sysroot=/sdk/share/wasi-sysroot";
    TripleFacts tf = full_libs();
    tf.cxx_compat = true;
    EXPECT_EQ(
        plan("wasm32-wasip1-clang++", sdk, {"a.o", "-o", "a.wasm"}, {}, tf),
        (Args{"--target=wasm32-wasip1", s, "-fno-exceptions", "a.o", "-o", "a.wasm", archive}));
    // The C wrapper linking the C++ runtime by hand (the cc crate, Makefiles).
    EXPECT_EQ(plan("wasm32-wasip1-clang", sdk, {"a.o", "-lc++", "-lc++abi"}, {}, tf),
              (Args{"--target=wasm32-wasip1", s, "a.o", "-lc++", "-lc++abi", archive}));
    EXPECT_EQ(plan("wasm32-wasip1-clang", sdk, {"a.o", "-l", "c++"}, {}, tf),
              (Args{"--target=wasm32-wasip1", s, "a.o", "-l", "c++", archive}));
    // -nostdlib++ keeps libc, which the fallback calls; -nostdlib and -nodefaultlibs do not.
    EXPECT_EQ(
        plan("wasm32-wasip1-clang++", sdk, {"-nostdlib++", "a.o"}, {}, tf),
        (Args{"--target=wasm32-wasip1", s, "-fno-exceptions", "-nostdlib++", "a.o", archive}));
    for (const char *flag : {"-nostdlib", "-nodefaultlibs"})
        EXPECT_EQ(plan("wasm32-wasip1-clang++", sdk, {flag, "a.o"}, {}, tf),
                  (Args{"--target=wasm32-wasip1", s, "-fno-exceptions", flag, "a.o"}));
    // Not on compiles, not on C links, not where the install has no archive.
    EXPECT_EQ(plan("wasm32-wasip1-clang++", sdk, {"-c", "a.cpp"}, {}, tf),
              (Args{"--target=wasm32-wasip1", s, "-fno-exceptions", "-c", "a.cpp"}));
    EXPECT_EQ(plan("wasm32-wasip1-clang", sdk, {"a.o", "-o", "a.wasm"}, {}, tf),
              (Args{"--target=wasm32-wasip1", s, "a.o", "-o", "a.wasm"}));
    tf.cxx_compat = false;
    EXPECT_EQ(plan("wasm32-wasip1-clang++", sdk, {"a.o"}, {}, tf),
              (Args{"--target=wasm32-wasip1", s, "-fno-exceptions", "a.o"}));
    // The triple the wrapper chose names the directory (21: wasm32-wasi).
    SdkFacts old = kEra21;
    std::strcpy(old.install_dir, "/h/toolchains/21.0");
    tf.cxx_compat = true;
    EXPECT_EQ(plan("wasm32-wasip1-clang++", old, {"a.o"}, {}, tf).back(),
              "/h/toolchains/21.0/compat/wasm32-wasi/libwasisdk-compat.a");
}

TEST(Plan, CxxRuntimeLinks) {
    auto links_cxx = [](wsd_tool_kind tool, const Args &args) {
        auto c = c_strings(args);
        wsd_command command;
        wsd_read_command(c.data(), c.size(), &command);
        return wsd_links_cxx_runtime(tool, &command);
    };
    EXPECT_TRUE(links_cxx(WSD_TOOL_CXX, {}));
    EXPECT_TRUE(links_cxx(WSD_TOOL_CC, {"a.o", "-lc++abi"}));
    EXPECT_TRUE(links_cxx(WSD_TOOL_CC, {"a.o", "-l", "c++"}));
    EXPECT_FALSE(links_cxx(WSD_TOOL_CC, {"a.o", "-lc", "-lcxx", "-l"}));
    EXPECT_FALSE(links_cxx(WSD_TOOL_CC, {"a.o", "-o", "-lc++"})); // an output file's name
}
