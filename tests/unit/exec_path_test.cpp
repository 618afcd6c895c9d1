// The C exec path on real directories and at its limits: the probe of an SDK tree, the
// default setting, long command lines and paths that do not fit.
#include "base/error.h"
#include "base/fs_util.h"
#include "exec_path_cxx/exec_plan.h"
#include "model/home.h"

#include <fstream>
#include <gtest/gtest.h>

using namespace wasisdk;

namespace {

class TempTree : public ::testing::Test {
  protected:
    void SetUp() override { root_ = make_temp_dir(fs::temp_directory_path(), "wasisdk-c-"); }
    void TearDown() override { remove_all_quiet(root_); }
    void touch(const fs::path &relative, const std::string &text = "") {
        fs::create_directories((root_ / relative).parent_path());
        std::ofstream(root_ / relative) << text;
    }
    fs::path root_;
};

} // namespace

TEST_F(TempTree, ProbeReadsWhatTheTreeOffers) {
    const std::string lib = "share/wasi-sysroot/lib/";
    touch(lib + "wasm32-wasi/libc.a");
    touch(lib + "wasm32-wasip1/libc.a");
    touch(lib + "wasm32-wasip1/libwasi-emulated-mman.a");
    touch(lib + "wasm32-wasip1/libc-printscan-long-double.a");
    touch(lib + "wasm32-wasip1/eh/libc++.a");
    touch(lib + "wasm32-wasip2/libc.a");
    touch(lib + "pkgconfig/zlib.pc"); // not a triple
    fs::create_directories(root_ / "share/wasi-sysroot/include/wasm32-wasip1/c++/v1");
    touch("bin/wasm-component-ld");

    SdkFacts sdk = probe_sdk(root_, "test sdk");
    EXPECT_STREQ(sdk.label, "test sdk");
    EXPECT_EQ(sdk.sysroot, (root_ / "share/wasi-sysroot").string());
    ASSERT_EQ(sdk.triple_count, 3u);
    EXPECT_STREQ(sdk.triples[0], "wasm32-wasi"); // sorted
    EXPECT_STREQ(sdk.triples[1], "wasm32-wasip1");
    EXPECT_STREQ(sdk.triples[2], "wasm32-wasip2");
    EXPECT_TRUE(sdk.component_ld);

    TripleFacts p1 = probe_triple(sdk, "wasm32-wasip1");
    EXPECT_TRUE(p1.cxx_headers);
    EXPECT_TRUE(p1.exceptions);
    EXPECT_TRUE(p1.libcxx); // eh/libc++.a counts
    EXPECT_EQ(p1.emulation_libraries, emulation_library_bit("wasi-emulated-mman") |
                                          emulation_library_bit("c-printscan-long-double"));

    TripleFacts wasi = probe_triple(sdk, "wasm32-wasi");
    EXPECT_FALSE(wasi.cxx_headers);
    EXPECT_FALSE(wasi.libcxx);
    EXPECT_FALSE(wasi.exceptions);
    EXPECT_EQ(wasi.emulation_libraries, 0u);

    EXPECT_FALSE(p1.cxx_per_exception_mode);

    // 33+: libc++ per exception mode, headers under noeh/ and eh/.
    touch(lib + "wasm32-wasip2/noeh/libc++.a");
    fs::create_directories(root_ / "share/wasi-sysroot/include/wasm32-wasip2/noeh/c++/v1");
    fs::create_directories(root_ / "share/wasi-sysroot/include/wasm32-wasip2/eh/c++/v1");
    TripleFacts p2 = probe_triple(sdk, "wasm32-wasip2");
    EXPECT_TRUE(p2.cxx_headers);
    EXPECT_TRUE(p2.cxx_per_exception_mode);
    EXPECT_TRUE(p2.libcxx);
    EXPECT_FALSE(p2.exceptions); // eh/ without libc++.a is no exception runtime

    SdkFacts empty = probe_sdk(root_ / "nothing-here", "missing");
    EXPECT_EQ(empty.triple_count, 0u);
    EXPECT_FALSE(empty.component_ld);
}

TEST_F(TempTree, DefaultSettingIsOneCleanName) {
    Home home{root_};
    EXPECT_EQ(home.default_sdk(), std::nullopt); // no file
    touch("default", "  \n");
    EXPECT_EQ(home.default_sdk(), std::nullopt); // empty
    touch("default", "25.0\n");
    EXPECT_EQ(home.default_sdk(), "25.0");
    touch("default", "my-llvm\n");
    EXPECT_EQ(home.default_sdk(), "my-llvm");
    for (std::string bad : {std::string("a/b\n"), std::string("two\nlines\n"), std::string("..\n"),
                            std::string("x\0y\n", 4), std::string(300, 'x')}) {
        touch("default", bad);
        EXPECT_THROW(home.default_sdk(), Error) << bad;
    }
}

TEST(ExecPathLimits, LongCommandLinesKeepEveryArgument) {
    SdkFacts sdk = describe_sdk("/sdk", "wasi-sdk 25.0", {"wasm32-wasip1"}, false);
    std::vector<std::string> args;
    for (int i = 0; i < 500; ++i)
        args.push_back("o" + std::to_string(i) + ".o");
    args.insert(args.end(), {"-o", "a.wasm"});
    Role role = *role_from_program_name("wasm32-wasip1-clang");
    ExecPlan plan = plan_exec(role, sdk, "wasm32-wasip1", TripleFacts{}, args, {});
    ASSERT_EQ(plan.args.size(), args.size() + 2);
    EXPECT_EQ(plan.args[0], "--target=wasm32-wasip1");
    EXPECT_TRUE(std::equal(args.begin(), args.end(), plan.args.begin() + 2));
}

TEST(ExecPathLimits, PathsThatDoNotFitAreErrorsNotTruncations) {
    std::string deep = "/" + std::string(5000, 'd');
    EXPECT_THROW(describe_sdk(deep, "deep", {}, false), Error);
    EXPECT_THROW(probe_sdk(deep, "deep"), Error);
}
