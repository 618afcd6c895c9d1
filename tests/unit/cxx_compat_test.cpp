// The C++ compat archives (store/cxx_compat.h) on small trees whose libraries Debian's
// clang 19 and llvm-ar 19 make (packaging/deps-debian.sh --test installs them): which
// triples get one, which kind, and the rule that none is built where the SDK's own
// libraries define __cxa_thread_atexit or cannot be read.
#include "base/ar_index.h"
#include "base/fs_util.h"
#include "base/process.h"
#include "model/receipt.h"
#include "store/cxx_compat.h"

#include <fstream>
#include <gtest/gtest.h>

using namespace wasisdk;

namespace {

const std::string kLlvm = "/usr/lib/llvm-19/bin/";

class CompatTree : public ::testing::Test {
  protected:
    void SetUp() override {
        for (const char *tool : {"clang", "llvm-ar"})
            ASSERT_TRUE(fs::exists(kLlvm + tool))
                << kLlvm + tool << " is required (packaging/deps-debian.sh --test installs it)";
        dir_ = make_temp_dir(fs::temp_directory_path(), "wasisdk-compat-");
        tree_ = dir_ / "sdk";
        fs::create_directories(tree_ / "bin");
        fs::create_symlink(kLlvm + "clang", tree_ / "bin/clang");
        fs::create_symlink(kLlvm + "llvm-ar", tree_ / "bin/llvm-ar");
        object("has",
               "int __cxa_thread_atexit(void (*f)(void *), void *o, void *d) { return 0; }\n");
        object("lacks", "int __cxa_guard_acquire(long long *g) { return 0; }\n");
    }
    void TearDown() override { remove_all_quiet(dir_); }

    void object(const std::string &name, const std::string &text) {
        std::ofstream(dir_ / (name + ".c")) << text;
        auto r =
            run_capture({kLlvm + "clang", "--target=wasm32-wasi", "-c",
                         (dir_ / (name + ".c")).string(), "-o", (dir_ / (name + ".o")).string()});
        ASSERT_EQ(r.exit_code, 0) << r.output;
    }

    // lib/<relative> in the sysroot, an archive of object `which` ("has" or "lacks");
    // `flags` "rcS" makes one without an index.
    void library(const std::string &relative, const std::string &which,
                 const std::string &flags = "rcs") {
        fs::path a = tree_ / "share/wasi-sysroot/lib" / relative;
        fs::create_directories(a.parent_path());
        auto r =
            run_capture({kLlvm + "llvm-ar", flags, a.string(), (dir_ / (which + ".o")).string()});
        ASSERT_EQ(r.exit_code, 0) << r.output;
    }

    // Every kind of triple, as trees of different eras and builds lay them out.
    void every_kind() {
        for (const char *t : {"wasm32-wasip1", "wasm32-wasip1-threads"}) {
            library(std::string(t) + "/libc++.a", "lacks");
            library(std::string(t) + "/libc++abi.a", "lacks");
            library(std::string(t) + "/libc.a", "lacks");
        }
        library("wasm32-wasi/libc++.a", "lacks");
        library("wasm32-wasi/libc++abi.a", "has"); // wasi-sdk 32+
        // 33+: one runtime per exception mode; one of them defining it is enough to keep
        // the archive out (it would replace that one).
        library("wasm32-wasip2/noeh/libc++abi.a", "lacks");
        library("wasm32-wasip2/eh/libc++abi.a", "has");
        library("wasm32-wasi-threads/libc++abi.a", "lacks", "rcS"); // no index
        library("wasm32-wasip3/libc++abi.a", "lacks");              // no wrapper serves it
        fs::create_directories(tree_ / "share/wasi-sysroot/lib/wasm32-unknown-c-only");
        library("wasm32-unknown-c-only/libc.a", "lacks");
    }

    fs::path dir_, tree_;
};

std::vector<std::pair<std::string, std::string>> states(const std::vector<CompatEntry> &entries) {
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto &e : entries)
        out.emplace_back(e.triple, e.thread_atexit);
    return out;
}

} // namespace

TEST_F(CompatTree, SurveyDecidesEachTripleFromItsLibraries) {
    every_kind();
    auto entries = survey_cxx_compat(tree_);
    EXPECT_EQ(states(entries), (std::vector<std::pair<std::string, std::string>>{
                                   {"wasm32-wasi", "sdk"},
                                   {"wasm32-wasi-threads", "unknown"},
                                   {"wasm32-wasip1", "fallback"},
                                   {"wasm32-wasip1-threads", "explained"},
                                   {"wasm32-wasip2", "sdk"},
                               }));
    EXPECT_EQ(entries[0].detail, "share/wasi-sysroot/lib/wasm32-wasi/libc++abi.a");
    EXPECT_EQ(entries[1].detail, "share/wasi-sysroot/lib/wasm32-wasi-threads/libc++abi.a: has no "
                                 "symbol index (llvm-ranlib adds one)");
    EXPECT_EQ(entries[4].detail, "share/wasi-sysroot/lib/wasm32-wasip2/eh/libc++abi.a");
    // libc.a counts too: a libc that defines it keeps the archive out as well.
    library("wasm32-wasip1/libc.a", "has");
    EXPECT_EQ(survey_thread_atexit(tree_, "wasm32-wasip1").thread_atexit, "sdk");
}

TEST_F(CompatTree, BuildsArchivesOnlyWhereTheSymbolIsMissing) {
    every_kind();
    const fs::path install = dir_ / "install";
    fs::create_directories(install);
    auto entries = build_cxx_compat(tree_, install, "wasi-sdk test");
    ASSERT_EQ(entries.size(), 5u);
    for (const auto &e : entries) {
        const fs::path archive = install / "compat" / e.triple / "libwasisdk-compat.a";
        const bool built = e.thread_atexit == "fallback" || e.thread_atexit == "explained";
        EXPECT_EQ(fs::exists(archive), built) << e.triple;
        EXPECT_EQ(e.archive, built ? "compat/" + e.triple + "/libwasisdk-compat.a" : "")
            << e.triple;
        if (built) {
            EXPECT_TRUE(read_ar_index(archive).defines("__cxa_thread_atexit")) << e.triple;
            // Only the archive: the source and object it was made from are gone.
            EXPECT_EQ(std::distance(fs::directory_iterator(archive.parent_path()), {}), 1)
                << e.triple;
        }
    }
    // The threads archive's definition calls a function named by the message, which the
    // link then reports; the single-threaded one calls __cxa_atexit.
    auto nm = [&](const std::string &triple) {
        return run_capture({kLlvm + "llvm-nm", "-u",
                            (install / "compat" / triple / "libwasisdk-compat.a").string()})
            .output;
    };
    EXPECT_NE(nm("wasm32-wasip1").find("U __cxa_atexit"), std::string::npos);
    EXPECT_NE(nm("wasm32-wasip1-threads")
                  .find("U wasisdk: thread_local variables with destructors cannot link for "
                        "wasm32-wasip1-threads with wasi-sdk test: its libc++abi has no "
                        "__cxa_thread_atexit, and __cxa_atexit cannot run destructors per thread "
                        "(use an SDK whose libc++abi has it)"),
              std::string::npos)
        << nm("wasm32-wasip1-threads");
    EXPECT_EQ(describe_compat(entries[3], "wasi-sdk test"),
              "wasi-sdk test's C++ runtime has no __cxa_thread_atexit for wasm32-wasip1-threads: "
              "thread_local variables with destructors will not link there (with threads, "
              "__cxa_atexit cannot stand in for it)");
    EXPECT_EQ(describe_compat(entries[2], "wasi-sdk test"), "");
}

TEST_F(CompatTree, AFailedBuildLeavesNothingAndSaysWhy) {
    library("wasm32-wasip1/libc++abi.a", "lacks");
    fs::remove(tree_ / "bin/clang");
    const fs::path install = dir_ / "install";
    fs::create_directories(install);
    auto entries = build_cxx_compat(tree_, install, "wasi-sdk test");
    ASSERT_EQ(entries.size(), 1u);
    EXPECT_EQ(entries[0].thread_atexit, "failed");
    EXPECT_EQ(entries[0].detail, (tree_ / "bin/clang").string() + " does not run");
    EXPECT_FALSE(fs::exists(install / "compat"));
    EXPECT_EQ(
        describe_compat(entries[0], "wasi-sdk test"),
        "wasi-sdk test's C++ runtime has no __cxa_thread_atexit for wasm32-wasip1 and building "
        "wasisdk's fallback failed (" +
            (tree_ / "bin/clang").string() +
            " does not run): thread_local variables with destructors will not link there; run "
            "wasisdk setup to try again");
}

TEST(CompatReceipt, RoundTripsAndTellsOldReceiptsApart) {
    fs::path dir = make_temp_dir(fs::temp_directory_path(), "wasisdk-receipt-");
    Receipt r;
    r.name = "25.0";
    write_file_atomic(dir / "receipt.json", receipt_to_json(r));
    EXPECT_FALSE(read_receipt(dir / "receipt.json").cxx_compat); // made before wasisdk checked
    r.cxx_compat = std::vector<CompatEntry>{
        {"wasm32-wasip1", "fallback", "compat/wasm32-wasip1/libwasisdk-compat.a", ""},
        {"wasm32-wasi", "failed", "", "clang: error"}};
    write_file_atomic(dir / "receipt.json", receipt_to_json(r));
    auto back = read_receipt(dir / "receipt.json").cxx_compat;
    ASSERT_TRUE(back);
    ASSERT_EQ(back->size(), 2u);
    EXPECT_EQ((*back)[0].archive, "compat/wasm32-wasip1/libwasisdk-compat.a");
    EXPECT_EQ((*back)[1].detail, "clang: error");
    remove_all_quiet(dir);
}
