// The system toolchain's rules over made-up roots: which LLVM majors count, which pieces
// are missing, the package names per distribution, and the view's shape (what is linked
// from where, and what is left out). The real packages are test_system.py's.
#include "base/error.h"
#include "base/fs_util.h"
#include "store/system_toolchain.h"

#include <fstream>
#include <gtest/gtest.h>

using namespace wasisdk;
namespace fs = std::filesystem;

namespace {

class SystemToolchain : public ::testing::Test {
  protected:
    void SetUp() override { root_ = make_temp_dir(fs::temp_directory_path(), "wasisdk-sys-"); }
    void TearDown() override { remove_all_quiet(root_); }

    // An empty file (or an os-release with `text`): the probe only looks at names.
    void file(const std::string &rel, const std::string &text = "") {
        fs::create_directories((root_ / rel).parent_path());
        std::ofstream(root_ / rel) << text;
    }

    // LLVM `v` with clang, lld, llvm, the builtins (resource dir `resource`) and libc++.
    void llvm(int v, const std::string &resource, bool cxx) {
        std::string d = "usr/lib/llvm-" + std::to_string(v);
        for (const char *tool : {"clang", "clang++", "wasm-ld", "llvm-ar"})
            file(d + "/bin/" + tool);
        file(d + "/lib/clang/" + resource + "/lib/wasi/libclang_rt.builtins-wasm32.a");
        if (cxx) {
            file(d + "/include/wasm32-wasi/c++/v1/vector");
            file(d + "/lib/wasm32-wasi/libc++.a");
            file(d + "/lib/wasm32-wasi/libc++abi.a");
        }
    }

    void wasi_libc() {
        file("usr/include/wasm32-wasi/stdio.h");
        file("usr/include/wasm32-wasi/sys/types.h");
        file("usr/lib/wasm32-wasi/libc.a");
        file("usr/lib/wasm32-wasi/crt1-command.o");
        file("usr/share/wasm32-wasi/defined-symbols.txt");
        // What Debian's libc++-19-dev-wasm32 puts into wasi-libc's directories.
        file("usr/include/wasm32-wasi/c++/v1/vector");
        file("usr/lib/wasm32-wasi/libc++.a");
    }

    fs::path root_;
};

const Distro kDebian = {"debian", "Debian GNU/Linux 12 (bookworm)", "debian"};

} // namespace

TEST_F(SystemToolchain, DistroFromOsRelease) {
    file("etc/os-release", "ID=ubuntu\nID_LIKE=debian\nPRETTY_NAME=\"Ubuntu 24.04.1 LTS\"\n");
    Distro d = detect_distro(root_);
    EXPECT_EQ(d.id, "ubuntu");
    EXPECT_EQ(d.pretty, "Ubuntu 24.04.1 LTS");
    EXPECT_EQ(d.family, "debian");
    file("etc/os-release", "ID='linuxmint'\nID_LIKE=\"ubuntu debian\"\n");
    EXPECT_EQ(detect_distro(root_).family, "debian");
    EXPECT_EQ(detect_distro(root_).pretty, "linuxmint");
    file("etc/os-release", "ID=fedora\nPRETTY_NAME=\"Fedora Linux 41\"\n");
    EXPECT_EQ(detect_distro(root_).family, "");
    fs::remove(root_ / "etc/os-release");
    file("usr/lib/os-release", "ID=debian\n");
    EXPECT_EQ(detect_distro(root_).family, "debian");
}

TEST_F(SystemToolchain, PackageNames) {
    EXPECT_EQ(install_command(kDebian, 19, {Piece::wasi_libc, Piece::builtins}),
              "apt-get install wasi-libc libclang-rt-19-dev-wasm32");
    EXPECT_EQ(install_command(kDebian, 14, {Piece::libcxx}),
              "apt-get install libc++-14-dev-wasm32 libc++abi-14-dev-wasm32");
    EXPECT_EQ(install_command(kDebian, 0, {Piece::clang, Piece::wasm_ld, Piece::libcxx}),
              "apt-get install clang lld libc++-dev-wasm32");
    EXPECT_EQ(install_command({"fedora", "Fedora Linux 41", ""}, 19, {Piece::clang}), "");
    EXPECT_EQ(install_command(kDebian, 19, {}), "");
}

TEST_F(SystemToolchain, ProbeFindsMajorsAndMissingPieces) {
    wasi_libc();
    llvm(19, "19", true);
    llvm(14, "14.0.6", false);
    fs::remove(root_ / "usr/lib/llvm-14/bin/llvm-ar");
    // libllvm15 leaves an llvm-15 directory with a library and no toolchain.
    file("usr/lib/llvm-15/lib/libLLVM-15.so.1");
    // LLVM 22 without builtins.
    file("usr/lib/llvm-22/bin/clang");
    file("usr/lib/llvm-22/bin/wasm-ld");
    SystemProbe p = probe_system(root_);
    ASSERT_EQ(p.llvms.size(), 3u);
    EXPECT_EQ(p.llvms[0].major, 22);
    EXPECT_EQ(p.llvms[1].major, 19);
    EXPECT_EQ(p.llvms[2].major, 14);
    EXPECT_FALSE(p.llvms[0].usable());
    EXPECT_EQ(describe_missing(p.llvms[0], true), "LLVM 22 lacks the wasm32 compiler-rt builtins");
    EXPECT_TRUE(p.llvms[1].usable());
    EXPECT_TRUE(p.llvms[1].missing.empty());
    EXPECT_EQ(p.llvms[1].triples, std::vector<std::string>{"wasm32-wasi"});
    EXPECT_EQ(p.llvms[2].resource_dir, root_ / "usr/lib/llvm-14/lib/clang/14.0.6");
    EXPECT_TRUE(p.llvms[2].usable());
    EXPECT_EQ(describe_missing(p.llvms[2], false),
              "LLVM 14 lacks llvm-ar and the other llvm tools and libc++ for wasm32");
    // The clang here is an empty file: it does not run, so no version.
    EXPECT_EQ(p.llvms[1].clang_version, "");
}

TEST_F(SystemToolchain, WithoutWasiLibcNothingIsUsable) {
    llvm(19, "19", false);
    SystemProbe p = probe_system(root_);
    ASSERT_EQ(p.llvms.size(), 1u);
    EXPECT_FALSE(p.llvms[0].usable());
    EXPECT_EQ(describe_missing(p.llvms[0], true), "LLVM 19 lacks wasi-libc");
}

TEST_F(SystemToolchain, ViewLinksEachEntryAndTakesLibcxxFromItsOwnLlvm) {
    wasi_libc();
    llvm(19, "19", true);
    llvm(14, "14.0.6", false);
    SystemProbe p = probe_system(root_);
    fs::path home = make_temp_dir(fs::temp_directory_path(), "wasisdk-view-");
    for (const auto &l : p.llvms) {
        fs::path v = home / std::to_string(l.major);
        make_system_view(p, l, "system-llvm" + std::to_string(l.major), v);
        const std::string llvm_dir = (root_ / ("usr/lib/llvm-" + std::to_string(l.major))).string();
        EXPECT_EQ(fs::read_symlink(v / "bin/clang"), llvm_dir + "/bin/clang");
        EXPECT_EQ(fs::read_symlink(v / "bin/ar"), llvm_dir + "/bin/llvm-ar");
        EXPECT_FALSE(fs::exists(v / "bin/llvm-nm")) << "a tool the LLVM lacks is left out";
        fs::path s = v / "share/wasi-sysroot";
        EXPECT_TRUE(fs::is_directory(fs::symlink_status(s / "include/wasm32-wasi")));
        EXPECT_EQ(fs::read_symlink(s / "include/wasm32-wasi/stdio.h"),
                  root_ / "usr/include/wasm32-wasi/stdio.h");
        EXPECT_EQ(fs::read_symlink(s / "include/wasm32-wasi/sys"),
                  root_ / "usr/include/wasm32-wasi/sys");
        EXPECT_EQ(fs::read_symlink(s / "lib/wasm32-wasi/libc.a"),
                  root_ / "usr/lib/wasm32-wasi/libc.a");
        EXPECT_EQ(fs::read_symlink(s / "share/wasm32-wasi"), root_ / "usr/share/wasm32-wasi");
        // clang does not run here, so it cannot link wasm32-wasip1: no alias.
        EXPECT_FALSE(fs::exists(s / "lib/wasm32-wasip1"));
        if (l.major == 19) {
            EXPECT_EQ(fs::read_symlink(s / "include/wasm32-wasi/c++"),
                      llvm_dir + "/include/wasm32-wasi/c++");
            EXPECT_EQ(fs::read_symlink(s / "lib/wasm32-wasi/libc++.a"),
                      llvm_dir + "/lib/wasm32-wasi/libc++.a");
            EXPECT_EQ(system_limits(l, v),
                      (std::vector<std::string>{"no wasm32-wasip1-threads sysroot (no threads)",
                                                "no wasm32-wasip2 libc",
                                                "libc++ without exceptions (the wrappers add "
                                                "-fno-exceptions)"}));
        } else {
            // LLVM 19's libc++ in wasi-libc's directories is not LLVM 14's.
            EXPECT_FALSE(fs::exists(fs::symlink_status(s / "include/wasm32-wasi/c++")));
            EXPECT_FALSE(fs::exists(fs::symlink_status(s / "lib/wasm32-wasi/libc++.a")));
            EXPECT_EQ(system_limits(l, v).back(), "no libc++ (C only)");
        }
        auto version = read_file_if_exists(v / "VERSION");
        ASSERT_TRUE(version);
        EXPECT_EQ(version->substr(0, version->find('\n')), "system-llvm" + std::to_string(l.major));
        EXPECT_NE(version->find("llvm-version: " + std::to_string(l.major) + "\n"),
                  std::string::npos);
    }
    remove_all_quiet(home);
}

TEST_F(SystemToolchain, AViewOfAnIncompleteLlvmIsRefusedWithThePackages) {
    llvm(19, "19", false);
    SystemProbe p = probe_system(root_);
    p.distro = kDebian;
    fs::path home = make_temp_dir(fs::temp_directory_path(), "wasisdk-view-");
    try {
        make_system_view(p, p.llvms[0], "x", home / "v");
        FAIL() << "no error";
    } catch (const Error &e) {
        EXPECT_EQ(e.one_line(), "LLVM 19 lacks wasi-libc (apt-get install wasi-libc)");
    }
    EXPECT_FALSE(fs::exists(home / "v"));
    remove_all_quiet(home);
}
