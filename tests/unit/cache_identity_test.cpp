// What compiler caches see of the SDK (exec_path/sdk_identity.h, prefix_map.h): the
// receipt scan that names an installed SDK by its artifacts, the identity of installed,
// linked and unmanaged trees, the line written ahead of sccache's -E output, and the
// prefix maps added when compiling with debug info.
#include "base/fs_util.h"
#include "exec_path/prefix_map.h"
#include "exec_path/sdk_identity.h"
#include "exec_path_cxx/exec_plan.h"
#include "model/receipt.h"

#include <fcntl.h>
#include <fstream>
#include <gtest/gtest.h>
#include <unistd.h>

using namespace wasisdk;
using Args = std::vector<std::string>;

namespace {

const std::string kSha1(64, 'a'), kSha2 = std::string(63, '0') + "f";

wsd_receipt_digest scan(const std::string &json) {
    wsd_receipt_digest d;
    EXPECT_TRUE(wsd_scan_receipt(json.data(), json.size(), &d)) << json;
    return d;
}

std::vector<std::string> hashes(const wsd_receipt_digest &d) {
    return {d.sha256, d.sha256 + d.count};
}

std::string receipt(const std::vector<std::string> &shas, bool linked) {
    Receipt r;
    r.name = "25.0";
    r.component = "sdk";
    r.linked = linked;
    for (const auto &s : shas)
        r.artifacts.push_back({"sdk", "https://example.invalid/\"sha256\": \"" + kSha2 + "\"", s,
                               true, "manifest", 1});
    return receipt_to_json(r);
}

std::string identity(const fs::path &home, const wsd_active_sdk &active) {
    char text[WSD_IDENTITY_MAX];
    EXPECT_TRUE(wsd_sdk_identity(home.c_str(), &active, text, sizeof text));
    return text;
}

wsd_active_sdk active_sdk(const std::string &name, const fs::path &root) {
    wsd_active_sdk a{};
    snprintf(a.name, sizeof a.name, "%s", name.c_str());
    snprintf(a.root, sizeof a.root, "%s", root.c_str());
    return a;
}

class IdentityTree : public ::testing::Test {
  protected:
    void SetUp() override {
        root_ = make_temp_dir(fs::temp_directory_path(), "wasisdk-id-");
        unsetenv("WASISDK_EMULATE"); // part of the identity: set only where a test says so
    }
    void TearDown() override { remove_all_quiet(root_); }
    void write(const fs::path &relative, const std::string &text) {
        fs::create_directories((root_ / relative).parent_path());
        std::ofstream(root_ / relative) << text;
    }
    fs::path root_;
};

} // namespace

TEST(ReceiptScan, ReadsEachArtifactsSha256AsTheReceiptWritesIt) {
    auto d = scan(receipt({kSha1, kSha2}, false));
    EXPECT_EQ(hashes(d), (std::vector<std::string>{kSha1, kSha2})); // not the one in the URL
    EXPECT_FALSE(d.linked);
    EXPECT_TRUE(scan(receipt({}, true)).linked);
    EXPECT_EQ(scan(receipt({}, true)).count, 0u);
}

TEST(ReceiptScan, TakesOnlyWellFormedValuesOfTheKey) {
    EXPECT_EQ(scan(R"({"sha256":")" + kSha1 + R"("})").count, 1u); // compact JSON
    EXPECT_EQ(scan(R"({"sha256": "ABC"})").count, 0u);             // not 64 hex digits
    EXPECT_EQ(scan(R"({"sha256": ")" + std::string(64, 'A') + R"("})").count, 0u); // uppercase
    EXPECT_EQ(scan(R"({"url": "sha256", "x": ")" + kSha1 + R"("})").count, 0u);    // a value
    EXPECT_EQ(scan(R"({"a": "\"sha256\": \")" + kSha1 + R"(\""})").count, 0u);     // escaped
    EXPECT_FALSE(scan(R"({"linked": false, "x": "linked: true"})").linked);
    // An escaped backslash before a closing quote: the string ends there.
    EXPECT_EQ(scan(R"({"a": "x\\", "sha256": ")" + kSha1 + R"("})").count, 1u);
    wsd_receipt_digest d;
    for (const std::string cut : {R"({"sha256": "abc)", R"({"a": "x\)"})
        EXPECT_FALSE(wsd_scan_receipt(cut.data(), cut.size(), &d)) << cut;
}

TEST_F(IdentityTree, AnInstalledSdkIsNamedByItsArtifactsWhereverItIs) {
    write("a/toolchains/25.0/receipt.json", receipt({kSha1}, false));
    write("b/toolchains/25.0/receipt.json", receipt({kSha1}, false));
    write("b/toolchains/other/receipt.json", receipt({kSha2}, false));
    auto a = identity(root_ / "a", active_sdk("25.0", root_ / "a/toolchains/25.0/sdk"));
    EXPECT_EQ(a, "wasisdk-sdk-identity 1\nsdk sha256:" + kSha1 + "\n");
    // Another home with the same archive installed: the same identity (a shared cache hits).
    EXPECT_EQ(identity(root_ / "b", active_sdk("25.0", root_ / "b/toolchains/25.0/sdk")), a);
    EXPECT_EQ(identity(root_ / "b", active_sdk("other", root_ / "b/toolchains/other/sdk")),
              "wasisdk-sdk-identity 1\nsdk sha256:" + kSha2 + "\n");
}

TEST_F(IdentityTree, ATreeWasisdkDidNotUnpackIsNamedByItsPathAndClang) {
    write("opt/sdk/bin/clang", "v1");
    write("home/toolchains/opt/receipt.json", receipt({}, true));
    fs::create_directories(root_ / "home/toolchains/opt");
    fs::create_directory_symlink(root_ / "opt/sdk", root_ / "home/toolchains/opt/sdk");
    const fs::path real = fs::canonical(root_ / "opt/sdk");
    auto linked = identity(root_ / "home", active_sdk("opt", root_ / "home/toolchains/opt/sdk"));
    EXPECT_EQ(linked.rfind("wasisdk-sdk-identity 1\nsdk tree " + real.string() + "\nclang ", 0), 0u)
        << linked;
    EXPECT_NE(linked.find("\nbin mtime "), std::string::npos) << linked;
    // WASI_SDK_PATH pointing at the same tree: no name, the same identity.
    EXPECT_EQ(identity(root_ / "home", active_sdk("", root_ / "opt/sdk")), linked);
    // A new clang renamed into its place (another inode: both exist at once): another identity.
    write("opt/sdk/bin/clang.new", "v2");
    fs::rename(root_ / "opt/sdk/bin/clang.new", root_ / "opt/sdk/bin/clang");
    EXPECT_NE(identity(root_ / "home", active_sdk("opt", root_ / "home/toolchains/opt/sdk")),
              linked);
}

TEST_F(IdentityTree, EmulationsArePartOfIt) {
    write("h/toolchains/25.0/receipt.json", receipt({kSha1}, false));
    setenv("WASISDK_EMULATE", "mman,signal", 1);
    auto with = identity(root_ / "h", active_sdk("25.0", root_ / "h/toolchains/25.0/sdk"));
    unsetenv("WASISDK_EMULATE");
    EXPECT_EQ(with, "wasisdk-sdk-identity 1\nsdk sha256:" + kSha1 + "\nemulate mman,signal\n");
}

TEST_F(IdentityTree, TheLineAheadOfPreprocessorOutputIsANullDirective) {
    const fs::path out = root_ / "line";
    int fd = ::open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    ASSERT_GE(fd, 0);
    EXPECT_TRUE(wsd_write_identity_line(fd, "wasisdk-sdk-identity 1\nsdk tree /x*/y\\z\x01\n"));
    ::close(fd);
    EXPECT_EQ(read_file_if_exists(out),
              "# /* wasisdk-sdk-identity 1; sdk tree /x\\2a/y\\5cz\\01 */\n");
}

TEST(SccachePreprocessing, OnlyPreprocessingToStandardOutput) {
    auto check = [](const Args &args) {
        std::vector<const char *> c;
        for (const auto &a : args)
            c.push_back(a.c_str());
        wsd_command command;
        wsd_read_command(c.data(), c.size(), &command);
        return wsd_preprocesses_to_stdout(&command);
    };
    // sccache 0.4 runs `<compiler> -x c -E -P -fminimize-whitespace <input> <flags>`.
    EXPECT_TRUE(check({"-x", "c", "-E", "-P", "-fminimize-whitespace", "t.c", "-O2"}));
    EXPECT_TRUE(check({"-E", "t.c", "-MD", "-MF", "t.d"}));
    EXPECT_FALSE(check({"-c", "t.c", "-o", "t.o"}));
    EXPECT_FALSE(check({"-E", "t.c", "-o", "t.i"}));
    EXPECT_FALSE(check({"-E", "t.c", "-ot.i"}));
    EXPECT_FALSE(check({"-E", "-M", "t.c"})); // make rules on stdout
    EXPECT_FALSE(check({"-E", "-MM", "t.c"}));
}

TEST(PrefixMaps, OnlyWithDebugInfoAndBeforeTheUsersFlags) {
    const SdkFacts sdk = describe_sdk("/sdk", "wasi-sdk 25.0", {"wasm32-wasip1"}, true);
    auto plan = [&](const Args &args) {
        Role role = *role_from_program_name("wasm32-wasip1-clang");
        return plan_exec(role, sdk, "wasm32-wasip1", {}, args, {}).args;
    };
    const std::string sysroot = "--sysroot=/sdk/share/wasi-sysroot";
    EXPECT_EQ(plan({"-c", "a.c"}), (Args{"--target=wasm32-wasip1", sysroot, "-c", "a.c"}));
    EXPECT_EQ(plan({"-g", "-c", "a.c"}),
              (Args{"--target=wasm32-wasip1", sysroot, "-ffile-prefix-map=/sdk=/wasi-sdk", "-g",
                    "-c", "a.c"}));
    EXPECT_EQ(plan({"-gline-tables-only", "-c", "a.c", "-ffile-prefix-map=/sdk=/mine"}),
              (Args{"--target=wasm32-wasip1", sysroot, "-ffile-prefix-map=/sdk=/wasi-sdk",
                    "-gline-tables-only", "-c", "a.c", "-ffile-prefix-map=/sdk=/mine"}));
    EXPECT_EQ(plan({"-g0", "-c", "a.c"}),
              (Args{"--target=wasm32-wasip1", sysroot, "-g0", "-c", "a.c"}));
}

TEST_F(IdentityTree, PrefixMapsNameTheTreeAlsoAsTheKernelResolvesIt) {
    fs::create_directories(root_ / "real/sdk");
    fs::create_directory_symlink(root_ / "real/sdk", root_ / "link");
    const SdkFacts sdk = describe_sdk(root_ / "link", "linked", {"wasm32-wasip1"}, true);
    Role role = *role_from_program_name("wasm32-wasip1-clang");
    auto args = plan_exec(role, sdk, "wasm32-wasip1", {}, {"-g", "-c", "a.c"}, {}).args;
    const std::string real = fs::canonical(root_ / "real/sdk").string();
    EXPECT_EQ(Args(args.begin() + 2, args.begin() + 4),
              (Args{"-ffile-prefix-map=" + (root_ / "link").string() + "=/wasi-sdk",
                    "-ffile-prefix-map=" + real + "=/wasi-sdk"}));
}

namespace {
// The input the one pass over the arguments (compiler_args.h) takes as preprocessed output.
std::string preprocessed_input(const Args &args) {
    std::vector<const char *> c;
    for (const auto &a : args)
        c.push_back(a.c_str());
    wsd_command command;
    wsd_read_command(c.data(), c.size(), &command);
    return command.preprocessed_input ? command.preprocessed_input : "(none)";
}
} // namespace

TEST(DistccPreprocessed, TheInputThatIsPreprocessedOutput) {
    // distccd runs its helper's compiler as `<compiler> <flags> -c /tmp/distccd_*.i -o ...`.
    EXPECT_EQ(preprocessed_input({"-O2", "-c", "/tmp/distccd_1.i", "-o", "/tmp/d.o"}),
              "/tmp/distccd_1.i");
    EXPECT_EQ(preprocessed_input({"-c", "x.ii"}), "x.ii");
    EXPECT_EQ(preprocessed_input({"-E", "t.c", "-o", "t.i"}), "(none)");  // an output
    EXPECT_EQ(preprocessed_input({"-c", "t.c", "-MF", "t.i"}), "(none)"); // an option's value
    EXPECT_EQ(preprocessed_input({"-c", "t.c", "-o", "t.o"}), "(none)");
    EXPECT_EQ(preprocessed_input({"-c", "t.inc"}), "(none)");
}

TEST_F(IdentityTree, APreprocessedFileIsCompiledOnlyByTheSdkThatPreprocessedIt) {
    write("h/toolchains/25.0/receipt.json", receipt({kSha1}, false));
    write("h/toolchains/other/receipt.json", receipt({kSha2}, false));
    const auto ours = identity(root_ / "h", active_sdk("25.0", root_ / "h/toolchains/25.0/sdk"));
    const auto theirs =
        identity(root_ / "h", active_sdk("other", root_ / "h/toolchains/other/sdk"));
    auto preprocessed = [&](const std::string &id, const std::string &name) {
        const fs::path file = root_ / name;
        int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        EXPECT_GE(fd, 0);
        if (!id.empty()) {
            EXPECT_TRUE(wsd_write_identity_line(fd, id.c_str()));
        }
        EXPECT_EQ(::write(fd, "int f(void);\n", 13), 13);
        ::close(fd);
        return file;
    };
    wsd_error err{};
    EXPECT_TRUE(wsd_check_preprocessed(preprocessed(ours, "same.i").c_str(), ours.c_str(),
                                       "wasi-sdk 25.0", &err));
    // The client's emulations only shaped its preprocessing: not compared.
    setenv("WASISDK_EMULATE", "mman", 1);
    const auto emulating =
        identity(root_ / "h", active_sdk("25.0", root_ / "h/toolchains/25.0/sdk"));
    unsetenv("WASISDK_EMULATE");
    EXPECT_TRUE(wsd_check_preprocessed(preprocessed(emulating, "emulated.i").c_str(), ours.c_str(),
                                       "wasi-sdk 25.0", &err));
    // Another SDK's output: refused, naming both by their first artifact.
    const auto other = preprocessed(theirs, "other.i");
    EXPECT_FALSE(wsd_check_preprocessed(other.c_str(), ours.c_str(), "wasi-sdk 25.0", &err));
    EXPECT_EQ(std::string(err.what),
              other.string() +
                  " was preprocessed with another SDK (sdk sha256:" + kSha2.substr(0, 12) +
                  "...) than this machine's wasi-sdk "
                  "25.0 (sdk sha256:" +
                  kSha1.substr(0, 12) + "...)");
    EXPECT_NE(std::string(err.fix).find("+<version>"), std::string::npos);
    // Nothing to compare: no line, a linked tree on either side, a forged line.
    EXPECT_TRUE(
        wsd_check_preprocessed(preprocessed("", "plain.i").c_str(), ours.c_str(), "x", &err));
    const std::string tree = "wasisdk-sdk-identity 1\nsdk tree /opt/sdk\nclang 1:2\n";
    EXPECT_TRUE(
        wsd_check_preprocessed(preprocessed(tree, "tree.i").c_str(), ours.c_str(), "x", &err));
    EXPECT_TRUE(wsd_check_preprocessed(other.c_str(), tree.c_str(), "x", &err));
    EXPECT_TRUE(wsd_check_preprocessed(
        preprocessed("wasisdk-sdk-identity 1\nsdk sha256:\x1b[31m\n", "forged.i").c_str(),
        ours.c_str(), "x", &err));
    EXPECT_TRUE(wsd_check_preprocessed((root_ / "missing.i").c_str(), ours.c_str(), "x", &err));
}
