// The CMake toolchain files setup_wrappers writes (build_integration/build_integration.h),
// included by a real `cmake -P` as a project's configure would include them. A fake
// driver stands behind the wrapper links and answers the two questions the file asks
// (--wasisdk-print-sdk, -print-file-name=libc.a), and logs each call; find_library and
// find_path then run against directories laid out as a user's prefixes.
// tests/integration/test_quoting.py includes wasm32-wasip1's file from `wasisdk setup`
// under a hostile home and compares eight variables; test_second_step.py builds and finds
// a real library with a real SDK. Here: every target of the table, each find-root rule on
// its own (what is found, from where, and what is not), the shared-library switch, the
// two failures' messages, and hostile paths in every value the file sets.
#include "base/fs_util.h"
#include "base/process.h"
#include "build_integration/build_integration.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <map>

using namespace wasisdk;

namespace {

// Logs "<program name> <args>" and answers as wasisdk-driver does; FAKE_DRIVER_ERROR and
// FAKE_DRIVER_LIBC_ERROR make the SDK or the sysroot question fail with that line, as a
// wrapper does whose SDK changed or lacks the target's sysroot.
const char *kFakeDriver = R"(#!/bin/sh
printf '%s\n' "${0##*/} $*" >> "$FAKE_DRIVER_LOG"
for arg in "$@"; do
  case "$arg" in
  --wasisdk-print-sdk)
    if [ -n "$FAKE_DRIVER_ERROR" ]; then printf '%s\n' "$FAKE_DRIVER_ERROR" >&2; exit 2; fi
    printf '%s\n%s\n' "$FAKE_DRIVER_SDK" "$FAKE_DRIVER_ORIGIN"; exit 0 ;;
  -print-file-name=libc.a)
    if [ -n "$FAKE_DRIVER_LIBC_ERROR" ]; then printf '%s\n' "$FAKE_DRIVER_LIBC_ERROR" >&2; exit 3; fi
    printf '%s\n' "$FAKE_DRIVER_LIBC"; exit 0 ;;
  esac
done
exit 9
)";

// What a configure leaves: the variables the check script wrote, byte for byte.
struct Configured {
    ProcessResult process;
    std::map<std::string, std::string> vars;
    std::string log; // the fake driver's calls
};

class ToolchainTest : public ::testing::Test {
  protected:
    void SetUp() override {
        driver_ = root_ / "fake driver";
        std::ofstream(driver_) << kFakeDriver;
        fs::permissions(driver_, fs::perms::owner_all);
        origin_ = root_ / ".wasi-sdk-version";
        std::ofstream(origin_) << "25\n";
    }

    // A home whose wrappers lead to the fake driver; `name` is its last component.
    Home home(const std::string &name) {
        Home h{root_ / name};
        setup_wrappers(h, driver_);
        return h;
    }

    // <dir>/share/wasi-sysroot with lib/<triple>/libc.a; returns the libc.a.
    fs::path sysroot(const std::string &dir, const std::string &triple) {
        fs::path lib = root_ / dir / "share/wasi-sysroot/lib" / triple;
        fs::create_directories(lib);
        std::ofstream(lib / "libc.a") << "!<arch>\n";
        return lib / "libc.a";
    }

    // `cmake -P` of: include(the target's toolchain file), `extra`, then every variable
    // of `vars` written to a file. The file is included through a link: CMake's include()
    // reads a '\' in a file name as a directory separator (test_quoting.py says more).
    Configured configure(const Home &h, const std::string &target, const fs::path &libc,
                         const std::vector<std::string> &vars,
                         const std::vector<std::string> &defines = {},
                         const std::string &extra = "", const std::string &error = "",
                         const std::string &libc_error = "") {
        fs::path out = make_temp_dir(root_.path(), "out-");
        fs::path link = out / "toolchain.cmake";
        fs::create_symlink(h.root / "share/cmake" / (target + ".cmake"), link);
        std::string script = "include(\"${TC}\")\n" + extra;
        for (const auto &v : vars)
            script += "file(WRITE \"${OUT}/" + v + "\" \"${" + v + "}\")\n";
        std::ofstream(out / "check.cmake") << script;
        std::vector<std::string> argv = {"env",
                                         "FAKE_DRIVER_LOG=" + (out / "log").string(),
                                         "FAKE_DRIVER_SDK=test-sdk",
                                         "FAKE_DRIVER_ORIGIN=" + origin_.string(),
                                         "FAKE_DRIVER_LIBC=" + libc.string(),
                                         "FAKE_DRIVER_ERROR=" + error,
                                         "FAKE_DRIVER_LIBC_ERROR=" + libc_error,
                                         WASISDK_CMAKE,
                                         "-DTC=" + link.string(),
                                         "-DOUT=" + out.string()};
        argv.insert(argv.end(), defines.begin(), defines.end());
        argv.push_back("-P");
        argv.push_back((out / "check.cmake").string());
        Configured c{run_capture(argv), {}, read_file_if_exists(out / "log").value_or("")};
        for (const auto &v : vars)
            if (auto value = read_file_if_exists(out / v))
                c.vars[v] = *value;
        return c;
    }

    ScopedTempDir root_{fs::temp_directory_path(), "wasisdk-cmake-"};
    fs::path driver_, origin_;
};

std::string bin(const Home &h, const std::string &target, const std::string &tool) {
    return (h.root / "bin" / (target + "-" + tool)).string();
}

TEST_F(ToolchainTest, EveryTargetBuildsForWasiWithItsOwnWrappers) {
    Home h = home("home a b");
    const std::vector<std::string> vars = {"CMAKE_SYSTEM_NAME",
                                           "CMAKE_SYSTEM_PROCESSOR",
                                           "CMAKE_C_COMPILER",
                                           "CMAKE_CXX_COMPILER",
                                           "CMAKE_ASM_COMPILER",
                                           "CMAKE_AR",
                                           "CMAKE_RANLIB",
                                           "CMAKE_C_COMPILER_AR",
                                           "CMAKE_CXX_COMPILER_RANLIB",
                                           "PKG_CONFIG_EXECUTABLE",
                                           "CMAKE_SYSROOT",
                                           "CMAKE_LIBRARY_ARCHITECTURE",
                                           "CMAKE_INSTALL_PREFIX",
                                           "CMAKE_MODULE_PATH",
                                           "THREADS_PREFER_PTHREAD_FLAG",
                                           "WASISDK_CONFIGURED_SDK",
                                           "CMAKE_FIND_ROOT_PATH_MODE_PROGRAM",
                                           "CMAKE_FIND_ROOT_PATH_MODE_LIBRARY",
                                           "CMAKE_FIND_ROOT_PATH_MODE_INCLUDE",
                                           "CMAKE_FIND_ROOT_PATH_MODE_PACKAGE"};
    for (const TargetSpec &t : target_table()) {
        SCOPED_TRACE(t.name);
        std::string name = t.name, triple = target_triples(t).front();
        EXPECT_EQ(cmake_toolchain_file(h, t), h.root / "share/cmake" / (name + ".cmake"));
        // The sysroot and its triple come from the wrapper's answer, whatever the target.
        fs::path libc = sysroot("sdk " + name, triple);
        Configured c = configure(h, name, libc, vars);
        ASSERT_EQ(c.process.exit_code, 0) << c.process.output;
        std::string expect = ";--wasisdk-expect=test-sdk";
        EXPECT_EQ(c.vars,
                  (std::map<std::string, std::string>{
                      {"CMAKE_SYSTEM_NAME", "WASI"},
                      {"CMAKE_SYSTEM_PROCESSOR", "wasm32"},
                      {"CMAKE_C_COMPILER", bin(h, name, "clang") + expect},
                      {"CMAKE_CXX_COMPILER", bin(h, name, "clang++") + expect},
                      {"CMAKE_ASM_COMPILER", bin(h, name, "clang") + expect},
                      {"CMAKE_AR", bin(h, name, "ar")},
                      {"CMAKE_RANLIB", bin(h, name, "ranlib")},
                      {"CMAKE_C_COMPILER_AR", bin(h, name, "ar")},
                      {"CMAKE_CXX_COMPILER_RANLIB", bin(h, name, "ranlib")},
                      {"PKG_CONFIG_EXECUTABLE", bin(h, name, "pkg-config")},
                      {"CMAKE_SYSROOT", (root_ / ("sdk " + name) / "share/wasi-sysroot").string()},
                      {"CMAKE_LIBRARY_ARCHITECTURE", triple},
                      {"CMAKE_INSTALL_PREFIX", (h.root / "prefix" / name).string()},
                      {"CMAKE_MODULE_PATH", (h.root / "share/cmake").string()},
                      {"THREADS_PREFER_PTHREAD_FLAG", t.threads ? "ON" : ""},
                      {"WASISDK_CONFIGURED_SDK", "test-sdk"},
                      {"CMAKE_FIND_ROOT_PATH_MODE_PROGRAM", "NEVER"},
                      {"CMAKE_FIND_ROOT_PATH_MODE_LIBRARY", "ONLY"},
                      {"CMAKE_FIND_ROOT_PATH_MODE_INCLUDE", "ONLY"},
                      {"CMAKE_FIND_ROOT_PATH_MODE_PACKAGE", "ONLY"}}));
        // Both questions go to this target's own C wrapper; the sysroot question already
        // carries the SDK the build is configured for, so a changed SDK stops there too.
        EXPECT_EQ(c.log, name + "-clang --wasisdk-print-sdk\n" + name +
                             "-clang --wasisdk-expect=test-sdk -print-file-name=libc.a\n");
    }
}

// The find-root rules as a user meets them (docs/driver.md, "CMake"): libraries and
// headers in the sysroot's lib/<triple> and include/<triple>, in the home's prefix, and
// in each prefix the user names; never in a directory outside those roots; programs on
// the host. Each of these directories holds lib<name>.a, found by find_library(<name>).
const struct {
    const char *dir, *lib;
} kPrefixes[] = {{"user prefix", "user"},
                 {"pkg root", "pkg"},
                 {"staging", "staged"},
                 {"given root", "given"},
                 {"host", "host"}};

class FindTest : public ToolchainTest {
  protected:
    void SetUp() override {
        ToolchainTest::SetUp();
        h_ = home("home a b");
        libc_ = sysroot("sdk", "wasm32-wasip1");
        sys_ = root_ / "sdk/share/wasi-sysroot";
        prefix_ = h_.root / "prefix/wasm32-wasip1";
        touch(sys_ / "lib/wasm32-wasip1/libm.a");
        touch(sys_ / "include/wasm32-wasip1/stdio.h");
        touch(prefix_ / "lib/libdefault.a");
        for (const auto &p : kPrefixes)
            touch(dir(p.dir) / "lib" / ("lib" + std::string(p.lib) + ".a"));
    }

    static void touch(const fs::path &file) {
        fs::create_directories(file.parent_path());
        std::ofstream(file) << "x";
    }
    fs::path dir(const char *name) const { return root_ / name; }
    std::string lib(const char *name, const char *lib) const {
        return (dir(name) / "lib" / ("lib" + std::string(lib) + ".a")).string();
    }

    // What each find_* call found ("NOTFOUND" for nothing), and the two settings. The
    // host's library is searched with a PATHS hint naming its directory.
    std::map<std::string, std::string> find(const std::vector<std::string> &defines) {
        std::string extra = "include(Platform/WASI)\nfind_library(LIB_m m)\n"
                            "find_library(LIB_default default)\nfind_path(INC_stdio stdio.h)\n"
                            "find_program(PROG_sh sh)\n";
        std::vector<std::string> vars = {"LIB_m",   "LIB_default",          "INC_stdio",
                                         "PROG_sh", "CMAKE_FIND_ROOT_PATH", "CMAKE_INSTALL_PREFIX"};
        for (const auto &p : kPrefixes) {
            extra += "find_library(LIB_" + std::string(p.lib) + " " + p.lib + " PATHS \"" +
                     (dir(p.dir) / "lib").string() + "\")\n";
            vars.push_back("LIB_" + std::string(p.lib));
        }
        Configured c = configure(h_, "wasm32-wasip1", libc_, vars, defines, extra);
        EXPECT_EQ(c.process.exit_code, 0) << c.process.output;
        for (auto &[k, v] : c.vars)
            if (v.ends_with("-NOTFOUND"))
                v = "NOTFOUND";
        return c.vars;
    }

    Home h_;
    fs::path libc_, sys_, prefix_;
};

TEST_F(FindTest, WithoutOptionsTheSysrootAndTheHomesPrefixAndNothingElse) {
    auto found = find({});
    EXPECT_EQ(found["LIB_m"], (sys_ / "lib/wasm32-wasip1/libm.a").string());
    EXPECT_EQ(found["INC_stdio"], (sys_ / "include/wasm32-wasip1").string());
    EXPECT_EQ(found["LIB_default"], (prefix_ / "lib/libdefault.a").string());
    // Not even with the directory named as a hint: it is searched under the roots only.
    for (const auto &p : kPrefixes)
        EXPECT_EQ(found["LIB_" + std::string(p.lib)], "NOTFOUND") << p.lib;
    EXPECT_EQ(found["CMAKE_FIND_ROOT_PATH"], prefix_.string());
    // wasm files never go to the host's /usr/local.
    EXPECT_EQ(found["CMAKE_INSTALL_PREFIX"], prefix_.string());
    // Programs run on the build machine: found outside every root.
    EXPECT_TRUE(fs::path(found["PROG_sh"]).is_absolute()) << found["PROG_sh"];
    EXPECT_FALSE(found["PROG_sh"].starts_with(root_.path().string())) << found["PROG_sh"];
}

TEST_F(FindTest, EveryPrefixTheUserNamesIsARootAndNothingElseIs) {
    auto found = find({"-DCMAKE_PREFIX_PATH=" + dir("user prefix").string(),
                       "-DPKG_ROOT=" + dir("pkg root").string(),
                       "-DCMAKE_STAGING_PREFIX=" + dir("staging").string(),
                       "-DCMAKE_FIND_ROOT_PATH=" + dir("given root").string(),
                       // named twice: searched once
                       "-DZLIB_ROOT=" + dir("user prefix").string(),
                       // a relative <Pkg>_ROOT, and CMake's own *_ROOT: not prefixes
                       "-DREL_ROOT=host", "-DCMAKE_HOST_ROOT=" + dir("host").string()});
    for (const auto &p : kPrefixes)
        EXPECT_EQ(found["LIB_" + std::string(p.lib)],
                  std::string(p.lib) == "host" ? "NOTFOUND" : lib(p.dir, p.lib))
            << p.lib;
    EXPECT_EQ(found["LIB_default"], (prefix_ / "lib/libdefault.a").string());
    EXPECT_EQ(found["LIB_m"], (sys_ / "lib/wasm32-wasip1/libm.a").string());
    // The roots given on the command line first (appended to, not replaced).
    EXPECT_EQ(found["CMAKE_FIND_ROOT_PATH"], dir("given root").string() + ";" + prefix_.string() +
                                                 ";" + dir("user prefix").string() + ";" +
                                                 dir("staging").string() + ";" +
                                                 dir("pkg root").string());
}

TEST_F(FindTest, AnInstallPrefixTheUserGivesIsKeptAndTheHomesPrefixStillSearched) {
    auto found = find({"-DCMAKE_INSTALL_PREFIX=" + dir("staging").string()});
    EXPECT_EQ(found["CMAKE_INSTALL_PREFIX"], dir("staging").string());
    EXPECT_EQ(found["LIB_default"], (prefix_ / "lib/libdefault.a").string());
}

// Platform/WASI.cmake (setup writes it beside the toolchain files): wasm has shared
// libraries only where the sysroot ships libc.so (wasi-sdk 30 and later).
TEST_F(FindTest, SharedLibrariesOnlyWhereTheSysrootHasALibcSo) {
    touch(prefix_ / "lib/libdyn.so");
    std::string extra = "include(Platform/WASI)\n"
                        "get_property(SHARED GLOBAL PROPERTY TARGET_SUPPORTS_SHARED_LIBS)\n"
                        "find_library(LIB_dyn dyn)\n";
    std::vector<std::string> vars = {"SHARED", "CMAKE_FIND_LIBRARY_SUFFIXES", "LIB_dyn",
                                     "CMAKE_EXECUTABLE_SUFFIX"};
    Configured c = configure(h_, "wasm32-wasip1", libc_, vars, {}, extra);
    ASSERT_EQ(c.process.exit_code, 0) << c.process.output;
    EXPECT_EQ(c.vars["SHARED"], "FALSE");
    EXPECT_EQ(c.vars["CMAKE_FIND_LIBRARY_SUFFIXES"], ".a");
    EXPECT_EQ(c.vars["LIB_dyn"], "LIB_dyn-NOTFOUND");
    EXPECT_EQ(c.vars["CMAKE_EXECUTABLE_SUFFIX"], ".wasm");

    touch(sys_ / "lib/wasm32-wasip1/libc.so");
    c = configure(h_, "wasm32-wasip1", libc_, vars, {}, extra);
    ASSERT_EQ(c.process.exit_code, 0) << c.process.output;
    EXPECT_EQ(c.vars["SHARED"], "TRUE");
    EXPECT_EQ(c.vars["CMAKE_FIND_LIBRARY_SUFFIXES"], ".a;.so"); // static first
    EXPECT_EQ(c.vars["LIB_dyn"], (prefix_ / "lib/libdyn.so").string());
}

// The file that chose the SDK (a pin, the home's default) becomes a configure
// dependency, once per configure however often CMake reads the toolchain file.
TEST_F(ToolchainTest, TheFileThatChoseTheSdkIsAConfigureDependencyOnce) {
    Home h = home("home");
    std::string extra = "include(\"${TC}\")\n"
                        "get_property(DEPENDS DIRECTORY PROPERTY CMAKE_CONFIGURE_DEPENDS)\n";
    Configured c =
        configure(h, "wasm32-wasip1", sysroot("sdk", "wasm32-wasip1"), {"DEPENDS"}, {}, extra);
    ASSERT_EQ(c.process.exit_code, 0) << c.process.output;
    EXPECT_EQ(c.vars["DEPENDS"], origin_.string());
}

// A wrapper that would run another SDK than the build was configured for says so in one
// line (exec_path/configured_sdk.h); CMake must print that line whole, not rewrapped.
TEST_F(ToolchainTest, TheWrappersRefusalIsPrintedAsItsOneLine) {
    Home h = home("home");
    std::string line = "wasm32-wasip1-clang: error: this build was configured for wasi-sdk "
                       "25.0, but wasi-sdk 16.0 is active now (pinned by /p/.wasi-sdk-version) "
                       "(to build with it, configure this build from scratch)";
    Configured c = configure(h, "wasm32-wasip1", sysroot("sdk", "wasm32-wasip1"),
                             {"CMAKE_C_COMPILER"}, {}, "", line);
    EXPECT_NE(c.process.exit_code, 0);
    EXPECT_NE(c.process.output.find("\n   " + line + "\n"), std::string::npos) << c.process.output;
    EXPECT_EQ(c.vars.count("CMAKE_C_COMPILER"), 0u); // stopped at the include
}

// Where the sysroot question fails: the wrapper's own line, else what failed and the
// command that shows why, each as one line.
TEST_F(ToolchainTest, NoSysrootIsSaidInOneLine) {
    Home h = home("home");
    fs::path libc = sysroot("sdk", "wasm32-wasip1");
    std::string line = "wasm32-wasip1-clang: error: this SDK has no wasm32-wasip1 sysroot "
                       "(the fix the driver names)";
    Configured c = configure(h, "wasm32-wasip1", libc, {"CMAKE_SYSROOT"}, {}, "", "", line);
    EXPECT_NE(c.process.exit_code, 0);
    EXPECT_NE(c.process.output.find("\n   " + line + "\n"), std::string::npos) << c.process.output;
    // clang prints the bare name when it finds no such file, and says nothing.
    c = configure(h, "wasm32-wasip1", "libc.a", {"CMAKE_SYSROOT"});
    EXPECT_NE(c.process.exit_code, 0);
    EXPECT_NE(c.process.output.find("\n   " + bin(h, "wasm32-wasip1", "clang") +
                                    " -print-file-name=libc.a found no libc.a (check: "
                                    "wasisdk show)\n"),
              std::string::npos)
        << c.process.output;
    EXPECT_EQ(c.vars.count("CMAKE_SYSROOT"), 0u);
}

// Every path goes in as a bracket argument (base/quote.h): a home and a sysroot holding
// CMake's quoting and reference syntax come back byte for byte, and nothing in them runs
// (each holds code that would write OUT-PWNED beside the output directory). CMake itself
// stores a FILEPATH cache entry with '/' for every '\' (cmCacheManager::AddCacheEntry).
TEST_F(ToolchainTest, HostilePathsComeBackAsTheyAreAndRunNothing) {
    const std::string hostile = "a b \" ' \\ \\\" $ ${OUT} $ENV{HOME} @OUT@ ; # ( ) ]] ]=] [[ "
                                "\")\nfile(WRITE \"${OUT}-PWNED\" x)\n#]=]\n"
                                "file(WRITE ${OUT}-PWNED x) \xD0\x91 \n end";
    Home h = home("home " + hostile);
    fs::path libc = sysroot("sdk " + hostile, "wasm32-wasip1");
    const std::vector<std::string> vars = {
        "CMAKE_MODULE_PATH",          "CMAKE_C_COMPILER",      "CMAKE_AR",
        "CMAKE_CXX_COMPILER_AR",      "PKG_CONFIG_EXECUTABLE", "CMAKE_SYSROOT",
        "CMAKE_LIBRARY_ARCHITECTURE", "WASISDK_PREFIX",        "CMAKE_INSTALL_PREFIX",
        "CMAKE_FIND_ROOT_PATH"};
    Configured c = configure(h, "wasm32-wasip1", libc, vars);
    ASSERT_EQ(c.process.exit_code, 0) << c.process.output;
    auto cached = [](std::string s) {
        std::replace(s.begin(), s.end(), '\\', '/');
        return s;
    };
    std::string prefix = (h.root / "prefix/wasm32-wasip1").string();
    EXPECT_EQ(
        c.vars,
        (std::map<std::string, std::string>{
            {"CMAKE_MODULE_PATH", (h.root / "share/cmake").string()},
            {"CMAKE_C_COMPILER", bin(h, "wasm32-wasip1", "clang") + ";--wasisdk-expect=test-sdk"},
            {"CMAKE_AR", cached(bin(h, "wasm32-wasip1", "ar"))},
            {"CMAKE_CXX_COMPILER_AR", cached(bin(h, "wasm32-wasip1", "ar"))},
            {"PKG_CONFIG_EXECUTABLE", cached(bin(h, "wasm32-wasip1", "pkg-config"))},
            {"CMAKE_SYSROOT", (root_ / ("sdk " + hostile) / "share/wasi-sysroot").string()},
            {"CMAKE_LIBRARY_ARCHITECTURE", "wasm32-wasip1"},
            {"WASISDK_PREFIX", prefix},
            {"CMAKE_INSTALL_PREFIX", cached(prefix)},
            {"CMAKE_FIND_ROOT_PATH", prefix}}));
    std::vector<std::string> ran;
    for (const auto &entry : fs::recursive_directory_iterator(root_.path()))
        if (entry.path().filename().string().ends_with("-PWNED"))
            ran.push_back(entry.path().string());
    EXPECT_EQ(ran, std::vector<std::string>{});
}

} // namespace
