// The SDK a CMake build directory was configured for (exec_path/configured_sdk.h): the
// argument the wrappers take out, the key that names an SDK in a command line, and the
// one-line stop when another SDK is active, with the command that configures the build
// again as it was configured.
#include "base/fs_util.h"
#include "exec_path/configured_sdk.h"

#include <fstream>
#include <gtest/gtest.h>
#include <unistd.h>

using namespace wasisdk;

namespace {

std::vector<std::string> after_take(std::vector<std::string> args, std::string *taken) {
    std::vector<char *> argv;
    for (auto &a : args)
        argv.push_back(a.data());
    argv.push_back(nullptr);
    int argc = static_cast<int>(args.size());
    const char *value = wsd_take_expected_sdk(argv.data(), &argc);
    *taken = value ? value : "(none)";
    EXPECT_EQ(argv[argc], nullptr) << "argv stays NULL-terminated";
    return {argv.begin(), argv.begin() + argc};
}

wsd_active_sdk sdk(const std::string &name, const std::string &root, wsd_rule rule,
                   const std::string &origin) {
    wsd_active_sdk a{};
    snprintf(a.name, sizeof a.name, "%s", name.c_str());
    snprintf(a.root, sizeof a.root, "%s", root.c_str());
    snprintf(a.origin, sizeof a.origin, "%s", origin.c_str());
    a.rule = rule;
    return a;
}

std::string key(const wsd_active_sdk &a) {
    char out[WSD_SDK_KEY_MAX];
    EXPECT_TRUE(wsd_sdk_key(&a, out, sizeof out));
    return out;
}

// Runs the check from `cwd` (the directory a compile runs in), restoring the old one.
std::string stop_line(const std::string &expected, const wsd_active_sdk &a, const fs::path &cwd) {
    char old[4096];
    EXPECT_NE(getcwd(old, sizeof old), nullptr);
    EXPECT_EQ(chdir(cwd.c_str()), 0);
    wsd_error err{};
    const bool same = wsd_check_expected_sdk(expected.c_str(), &a, &err);
    EXPECT_EQ(chdir(old), 0);
    EXPECT_FALSE(same);
    EXPECT_EQ(err.code, WSD_USAGE);
    return std::string(err.what) + " (" + err.fix + ")";
}

const wsd_active_sdk kPinned20 =
    sdk("20.0", "/h/toolchains/20.0/sdk", WSD_RULE_PIN_FILE, "/p/.wasi-sdk-version");

} // namespace

TEST(ConfiguredSdk, TheFlagIsTakenOutWhereverItIs) {
    std::string taken;
    // CMake puts it first; sccache's preprocessor run moves the input file ahead of it.
    EXPECT_EQ(after_take({"clang", "--wasisdk-expect=25.0", "-c", "a.c"}, &taken),
              (std::vector<std::string>{"clang", "-c", "a.c"}));
    EXPECT_EQ(taken, "25.0");
    EXPECT_EQ(after_take({"clang", "a.c", "-E", "--wasisdk-expect=/opt/my%20sdk"}, &taken),
              (std::vector<std::string>{"clang", "a.c", "-E"}));
    EXPECT_EQ(taken, "/opt/my%20sdk");
    EXPECT_EQ(after_take({"clang", "-", "", "--wasisdk-expected", "-c"}, &taken),
              (std::vector<std::string>{"clang", "-", "", "--wasisdk-expected", "-c"}));
    EXPECT_EQ(taken, "(none)");
}

TEST(ConfiguredSdk, KeyIsTheNameOrTheTreePathAsOneWord) {
    EXPECT_EQ(key(kPinned20), "20.0");
    EXPECT_EQ(
        key(sdk("system-llvm19", "/h/toolchains/system-llvm19/sdk", WSD_RULE_DEFAULT_SDK, "")),
        "system-llvm19");
    // A tree outside the store: its path, trailing slashes dropped, and every byte a shell,
    // make, ninja or a CMake list would read as syntax written as %XX.
    EXPECT_EQ(key(sdk("", "/opt/wasi-sdk-25.0/", WSD_RULE_ENV_SDK_PATH, "WASI_SDK_PATH")),
              "/opt/wasi-sdk-25.0");
    EXPECT_EQ(key(sdk("", "/o/a b;$(x)'%\n\xc3\xa9", WSD_RULE_ENV_SDK_PATH, "")),
              "/o/a%20b%3B%24%28x%29%27%25%0A%C3%A9");
}

TEST(ConfiguredSdk, TheSameSdkPasses) {
    wsd_error err{};
    EXPECT_TRUE(wsd_check_expected_sdk("20.0", &kPinned20, &err));
    auto tree = sdk("", "/o/a b/", WSD_RULE_ENV_SDK_PATH, "WASI_SDK_PATH");
    EXPECT_TRUE(wsd_check_expected_sdk("/o/a%20b", &tree, &err));
    EXPECT_FALSE(wsd_check_expected_sdk("/o/a b", &tree, &err)); // keys are compared, not paths
}

TEST(ConfiguredSdk, AnotherSdkStopsWithTheCommandThatConfiguresTheBuildAgain) {
    fs::path root = make_temp_dir(fs::temp_directory_path(), "wasisdk-cfg-");
    fs::path build = root / "my build";
    fs::create_directories(build / "CMakeFiles/app.dir"); // make runs compiles down here
    std::ofstream(build / "CMakeCache.txt")
        << "# comment\n"
           "CMAKE_GENERATOR_EXTRA:INTERNAL=no\n"
           "CMAKE_GENERATOR:INTERNAL=Unix Makefiles\n"
           "CMAKE_TOOLCHAIN_FILE:FILEPATH=/h/share/cmake/wasm32-wasip1.cmake\n";
    EXPECT_EQ(stop_line("25.0", kPinned20, build / "CMakeFiles/app.dir"),
              "this build was configured for wasi-sdk 25.0, but wasi-sdk 20.0 is active now "
              "(pinned by /p/.wasi-sdk-version) (to build with it, configure this build from "
              "scratch: cmake --fresh -G 'Unix Makefiles' --toolchain "
              "/h/share/cmake/wasm32-wasip1.cmake '" +
                  build.string() +
                  "', with your -D options; to keep wasi-sdk 25.0, make it active again)");

    // An unmanaged tree on either side, a variable that chose it, and no build directory.
    auto tree = sdk("", "/opt/sdk", WSD_RULE_ENV_SDK_PATH, "WASI_SDK_PATH");
    EXPECT_EQ(stop_line("25.0", tree, root),
              "this build was configured for wasi-sdk 25.0, but the SDK at /opt/sdk is active "
              "now (set by WASI_SDK_PATH) (to build with it, configure the build from scratch "
              "(cmake --fresh); to keep wasi-sdk 25.0, make it active again)");
    auto by_env = sdk("25.0", "/h/toolchains/25.0/sdk", WSD_RULE_ENV_SDK_VERSION, "WASISDK_SDK");
    const std::string what = "this build was configured for the SDK at /opt/sdk, but wasi-sdk "
                             "25.0 is active now (set by WASISDK_SDK) (";
    EXPECT_EQ(stop_line("/opt/sdk", by_env, root).substr(0, what.size()), what);
    remove_all_quiet(root);
}
