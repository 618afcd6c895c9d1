// The active-SDK order, with a real temporary home and the environment set per case.
#include "base/error.h"
#include "base/fs_util.h"
#include "model/active_sdk.h"

#include <cstdlib>
#include <fstream>
#include <gtest/gtest.h>

using namespace wasisdk;

class ActiveSdkTest : public ::testing::Test {
  protected:
    void SetUp() override {
        root_ = make_temp_dir(fs::temp_directory_path(), "wasisdk-active-");
        home_.root = root_ / "home";
        work_ = root_ / "work" / "sub";
        fs::create_directories(work_);
        for (const char *v : {"WASI_SDK_PATH", "WASISDK_SDK"})
            unsetenv(v);
        install("22.0");
        install("25.0");
        std::ofstream(home_.default_file()) << "22.0\n";
    }
    void TearDown() override {
        for (const char *v : {"WASI_SDK_PATH", "WASISDK_SDK"})
            unsetenv(v);
        remove_all_quiet(root_);
    }
    void install(const std::string &name) {
        fs::path dir = home_.toolchain_dir(name);
        fs::create_directories(tree_of(dir));
        std::ofstream(receipt_of(dir)) << "{}";
    }
    ActiveSdk resolve() { return resolve_active_sdk(home_, {std::nullopt, work_}); }

    fs::path root_, work_;
    Home home_;
};

TEST_F(ActiveSdkTest, DefaultIsLast) {
    ActiveSdk a = resolve();
    EXPECT_EQ(a.rule, ActiveRule::default_sdk);
    EXPECT_EQ(a.name, "22.0");
    EXPECT_EQ(a.root, tree_of(home_.toolchain_dir("22.0")));
}

TEST_F(ActiveSdkTest, PinFileFromAParentDirectory) {
    std::ofstream(root_ / "work" / ".wasi-sdk-version") << "25\n";
    ActiveSdk a = resolve();
    EXPECT_EQ(a.rule, ActiveRule::pin_file);
    EXPECT_EQ(a.origin, (root_ / "work" / ".wasi-sdk-version").string());
    EXPECT_EQ(a.name, "25.0");
}

TEST_F(ActiveSdkTest, EmptyPinFileSaysWhatToWrite) {
    std::ofstream(root_ / "work" / ".wasi-sdk-version") << " \n\n";
    try {
        resolve();
        FAIL();
    } catch (const Error &e) {
        EXPECT_EQ(e.code(), ExitCode::not_found);
        EXPECT_EQ(e.one_line(), (root_ / "work" / ".wasi-sdk-version").string() +
                                    " is empty (write a version such as 22 into it, or delete it)");
    }
}

TEST_F(ActiveSdkTest, PinFileUsesItsFirstLine) {
    std::ofstream(root_ / "work" / ".wasi-sdk-version") << "  25  \n# comment\n";
    EXPECT_EQ(resolve().name, "25.0");
}

TEST_F(ActiveSdkTest, EnvVersionBeatsPinFile) {
    std::ofstream(root_ / "work" / ".wasi-sdk-version") << "25\n";
    setenv("WASISDK_SDK", "22", 1);
    ActiveSdk a = resolve();
    EXPECT_EQ(a.rule, ActiveRule::env_sdk_version);
    EXPECT_EQ(a.name, "22.0");
}

TEST_F(ActiveSdkTest, SdkPathBeatsEverything) {
    setenv("WASISDK_SDK", "22", 1);
    setenv("WASI_SDK_PATH", root_.c_str(), 1);
    ActiveSdk a = resolve();
    EXPECT_EQ(a.rule, ActiveRule::env_sdk_path);
    EXPECT_EQ(a.root, root_);
    EXPECT_EQ(a.name, "");
}

TEST_F(ActiveSdkTest, SdkPathIntoTheStoreKeepsTheName) {
    setenv("WASI_SDK_PATH", tree_of(home_.toolchain_dir("25.0")).c_str(), 1);
    EXPECT_EQ(resolve().name, "25.0");
}

TEST_F(ActiveSdkTest, SdkPathWithTrailingSlashIntoTheStoreKeepsTheName) {
    setenv("WASI_SDK_PATH", (tree_of(home_.toolchain_dir("25.0")).string() + "/").c_str(), 1);
    EXPECT_EQ(resolve().name, "25.0");
}

TEST_F(ActiveSdkTest, RelativeSdkPathIsMadeAbsolute) {
    fs::path cwd = fs::current_path();
    fs::current_path(root_);
    setenv("WASI_SDK_PATH", "work", 1);
    ActiveSdk a = resolve();
    fs::current_path(cwd);
    EXPECT_EQ(a.root, root_ / "work");
    EXPECT_EQ(a.requested, "work");
}

TEST_F(ActiveSdkTest, ExactInstalledNameNeedsNoVersionSyntax) {
    install("my-llvm");
    setenv("WASISDK_SDK", "my-llvm", 1);
    EXPECT_EQ(resolve().name, "my-llvm");
    setenv("WASISDK_SDK", "../25.0", 1); // never a path out of toolchains/
    EXPECT_THROW(resolve(), Error);
}

TEST_F(ActiveSdkTest, ExplicitRequestBeatsSdkPath) {
    setenv("WASI_SDK_PATH", root_.c_str(), 1);
    ActiveSdk a = resolve_active_sdk(home_, {std::string("25"), work_});
    EXPECT_EQ(a.rule, ActiveRule::explicit_request);
    EXPECT_EQ(a.name, "25.0");
}

TEST_F(ActiveSdkTest, MissingVersionNamesTheRuleAndTheFix) {
    setenv("WASISDK_SDK", "30", 1);
    try {
        resolve();
        FAIL();
    } catch (const Error &e) {
        EXPECT_EQ(e.code(), ExitCode::not_found);
        EXPECT_EQ(e.one_line(),
                  "wasi-sdk 30 (from WASISDK_SDK) is not installed (run: wasisdk install 30)");
    }
}

TEST_F(ActiveSdkTest, MissingNameSuggestsLinkNotInstall) {
    setenv("WASISDK_SDK", "my-llvm", 1);
    try {
        resolve();
        FAIL();
    } catch (const Error &e) {
        EXPECT_EQ(e.code(), ExitCode::not_found);
        EXPECT_EQ(e.one_line(), "wasi-sdk my-llvm (from WASISDK_SDK) is not installed (use a "
                                "version such as 25 or an installed name (wasisdk list), or "
                                "register a tree: wasisdk link my-llvm DIR)");
    }
}

TEST_F(ActiveSdkTest, IncompleteInstallIsInvisible) {
    // A directory without a receipt is what a crash mid-install could leave: never used.
    fs::create_directories(tree_of(home_.toolchain_dir("33.0")));
    EXPECT_EQ(home_.installed(ArtifactKind::sdk), (std::vector<std::string>{"22.0", "25.0"}));
    setenv("WASISDK_SDK", "33", 1);
    EXPECT_THROW(resolve(), Error);
}

TEST_F(ActiveSdkTest, NothingInstalled) {
    Home empty{root_ / "empty"};
    try {
        resolve_active_sdk(empty, {std::nullopt, work_});
        FAIL();
    } catch (const Error &e) {
        EXPECT_EQ(e.one_line(), "no wasi-sdk is installed (run: wasisdk install latest)");
    }
}

TEST(Home, FlagThenWasisdkHomeThenHome) {
    const char *saved_home = std::getenv("HOME");
    const char *saved_wasisdk = std::getenv("WASISDK_HOME");
    std::string home = saved_home ? saved_home : "", wasisdk = saved_wasisdk ? saved_wasisdk : "";
    setenv("HOME", "/home/u", 1);
    unsetenv("WASISDK_HOME");
    EXPECT_EQ(resolve_home(std::nullopt).root, fs::path("/home/u/.wasisdk"));
    setenv("WASISDK_HOME", "/opt/w", 1);
    EXPECT_EQ(resolve_home(std::nullopt).root, fs::path("/opt/w"));
    EXPECT_EQ(resolve_home(std::string("/elsewhere")).root, fs::path("/elsewhere"));
    setenv("WASISDK_HOME", ("/" + std::string(5000, 'h')).c_str(), 1);
    EXPECT_THROW(resolve_home(std::nullopt), Error); // too long: an error, not a truncation
    unsetenv("WASISDK_HOME");
    unsetenv("HOME");
    try {
        resolve_home(std::nullopt);
        FAIL();
    } catch (const Error &e) {
        EXPECT_EQ(e.code(), ExitCode::usage);
        EXPECT_EQ(e.one_line(), "cannot find the wasisdk home: HOME is not set (set "
                                "WASISDK_HOME or pass --home DIR)");
    }
    if (saved_home)
        setenv("HOME", home.c_str(), 1);
    if (saved_wasisdk)
        setenv("WASISDK_HOME", wasisdk.c_str(), 1);
}

// One phrase for why an SDK is active (wsd_active_reason), whichever rule chose it: the
// driver's messages, show, list and doctor all print this.
TEST_F(ActiveSdkTest, TheReasonIsOnePhraseNamingTheFileThatDecided) {
    EXPECT_EQ(active_reason(resolve()), "the default " + home_.default_file().string());
    std::ofstream(root_ / "work" / ".wasi-sdk-version") << "25\n";
    EXPECT_EQ(active_reason(resolve()),
              "pinned by " + (root_ / "work" / ".wasi-sdk-version").string());
    setenv("WASISDK_SDK", "22", 1);
    EXPECT_EQ(active_reason(resolve()), "set by WASISDK_SDK");
    setenv("WASI_SDK_PATH", tree_of(home_.toolchain_dir("25.0")).c_str(), 1);
    EXPECT_EQ(active_reason(resolve()), "set by WASI_SDK_PATH");
    EXPECT_EQ(active_reason(resolve_active_sdk(home_, {std::string("25"), work_})),
              "requested on the command line");
}
