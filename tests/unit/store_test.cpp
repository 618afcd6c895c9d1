// The store's transactions (store/store.h, store/staged_install.h) in a real temporary
// home: what a commit leaves behind on success and on failure, how the default is
// repaired, that `link` and the default file share one name rule, and that every
// command says "not installed" with one message.
#include "base/error.h"
#include "base/fs_util.h"
#include "exec_path/active_sdk.h"
#include "model/active_sdk.h"
#include "store/staged_install.h"
#include "store/store.h"

#include <gtest/gtest.h>

#include <fstream>

using namespace wasisdk;

namespace {

class StoreTest : public ::testing::Test {
  protected:
    void SetUp() override {
        root_ = make_temp_dir(fs::temp_directory_path(), "wasisdk-store-");
        store_.emplace(Home{root_ / "home"},
                       Reporter{[](const std::string &) {}, [](const std::string &) {},
                                [](const std::string &) {}});
        // A tree `link` accepts: bin/clang that answers --version as clang does.
        tree_ = root_ / "tree";
        fs::create_directories(tree_ / "bin");
        std::ofstream(tree_ / "bin/clang") << "#!/bin/sh\necho 'clang version 19.1.7'\n";
        fs::permissions(tree_ / "bin/clang", fs::perms::owner_all);
    }
    void TearDown() override { remove_all_quiet(root_); }

    const Home &home() const { return store_->home(); }
    Store &store() { return *store_; }

    // An install committed the one way installs are: staged, then committed.
    bool stage_and_commit(const std::string &name, const std::string &content,
                          StagedInstall::Default d = StagedInstall::Default::if_unset) {
        FileLock lock = store().begin_change();
        StagedInstall staged(store(), ArtifactKind::sdk, name, "install-");
        fs::create_directories(staged.tree());
        std::ofstream(staged.tree() / "content") << content;
        return staged.commit(Receipt{}, d);
    }
    std::string content_of(const std::string &name) {
        std::ifstream in(tree_of(home().toolchain_dir(name)) / "content");
        return std::string(std::istreambuf_iterator<char>(in), {});
    }
    std::vector<std::string> tmp_entries() {
        std::vector<std::string> out;
        std::error_code ec;
        for (const auto &e : fs::directory_iterator(home().tmp(), ec))
            out.push_back(e.path().filename().string());
        return out;
    }
    void write_default(const std::string &text) {
        std::ofstream(home().default_file(), std::ios::binary) << text;
    }
    // What `fn` threw, as the one line a user sees.
    template <class F> std::string error_of(F &&fn) {
        try {
            fn();
        } catch (const Error &e) {
            return e.one_line();
        }
        return "no error";
    }

    fs::path root_, tree_;
    std::optional<Store> store_;
};

// --- commit ---------------------------------------------------------------------

TEST_F(StoreTest, CommitMakesTheInstallWithItsReceiptAndLeavesNothingInTmp) {
    EXPECT_TRUE(stage_and_commit("22.0", "first")); // the home had no default
    EXPECT_EQ(content_of("22.0"), "first");
    const Receipt r = read_receipt(receipt_of(home().toolchain_dir("22.0")));
    EXPECT_EQ(r.name, "22.0");
    EXPECT_EQ(r.component, "sdk");
    EXPECT_FALSE(r.installed_at.empty());
    ASSERT_TRUE(r.cxx_compat); // checked (no sysroot: nothing to add)
    EXPECT_TRUE(r.cxx_compat->empty());
    EXPECT_EQ(home().installed(ArtifactKind::sdk), std::vector<std::string>{"22.0"});
    EXPECT_EQ(home().default_sdk(), "22.0");
    EXPECT_EQ(tmp_entries(), std::vector<std::string>{});
}

TEST_F(StoreTest, AFailureBeforeTheCommitLeavesTheHomeAsItWas) {
    {
        FileLock lock = store().begin_change();
        try {
            StagedInstall staged(store(), ArtifactKind::sdk, "22.0", "install-");
            fs::create_directories(staged.tree());
            EXPECT_EQ(tmp_entries().size(), 1u); // the work in progress, in tmp/
            throw Error("extraction failed");
        } catch (const Error &) {
        }
    }
    EXPECT_EQ(tmp_entries(), std::vector<std::string>{});
    EXPECT_TRUE(home().installed(ArtifactKind::sdk).empty());
    EXPECT_FALSE(fs::exists(home().toolchain_dir("22.0")));
    EXPECT_EQ(home().default_sdk(), std::nullopt);
}

TEST_F(StoreTest, CommitOverAnInstallSwapsItAndDeletesTheOld) {
    stage_and_commit("22.0", "old");
    EXPECT_FALSE(stage_and_commit("22.0", "new")); // the default was already 22.0
    EXPECT_EQ(content_of("22.0"), "new");
    EXPECT_EQ(tmp_entries(), std::vector<std::string>{});
}

TEST_F(StoreTest, CommitNeverReplacesADirectoryThatIsNotAnInstall) {
    fs::create_directories(home().toolchain_dir("22.0"));
    std::ofstream(home().toolchain_dir("22.0") / "precious.txt") << "mine";
    EXPECT_EQ(error_of([&] { stage_and_commit("22.0", "new"); }),
              home().toolchain_dir("22.0").string() +
                  " exists and is not a wasisdk install: not replaced (move it out of the "
                  "wasisdk home)");
    EXPECT_TRUE(fs::exists(home().toolchain_dir("22.0") / "precious.txt"));
    EXPECT_EQ(tmp_entries(), std::vector<std::string>{});
}

TEST_F(StoreTest, SysrootInstallsNeverTouchTheDefault) {
    FileLock lock = store().begin_change();
    StagedInstall staged(store(), ArtifactKind::sysroot, "22.0", "install-");
    fs::create_directories(staged.tree());
    EXPECT_FALSE(staged.commit(Receipt{}, StagedInstall::Default::make));
    EXPECT_EQ(home().installed(ArtifactKind::sysroot), std::vector<std::string>{"22.0"});
    EXPECT_EQ(read_receipt(receipt_of(home().install_dir(ArtifactKind::sysroot, "22.0"))).component,
              "sysroot");
    EXPECT_EQ(home().default_sdk(), std::nullopt);
}

// --- the default ----------------------------------------------------------------

TEST_F(StoreTest, ADefaultNamingAnUninstalledSdkIsRepaired) {
    stage_and_commit("22.0", "x");
    write_default("25.0\n"); // dangling: 25.0 was removed by hand
    EXPECT_TRUE(store().update_default_after_install("22.0", false));
    EXPECT_EQ(home().default_sdk(), "22.0");
}

TEST_F(StoreTest, ACorruptDefaultIsAnErrorUntilAnInstallRepairsIt) {
    stage_and_commit("22.0", "x");
    for (const std::string &corrupt : {std::string("my sdk\n"), std::string("22.0\n25.0\n"),
                                       std::string("22.0\0x", 6), std::string("../../etc\n")}) {
        write_default(corrupt);
        EXPECT_EQ(error_of([&] { home().default_sdk(); }),
                  "the default setting " + home().default_file().string() +
                      " is corrupt (set it again: wasisdk default <version>)");
        EXPECT_TRUE(store().update_default_after_install("22.0", false));
        EXPECT_EQ(home().default_sdk(), "22.0");
    }
}

TEST_F(StoreTest, AUsableDefaultStaysUnlessAsked) {
    stage_and_commit("22.0", "x");
    EXPECT_FALSE(stage_and_commit("25.0", "y"));
    EXPECT_EQ(home().default_sdk(), "22.0");
    EXPECT_TRUE(stage_and_commit("26.0", "z", StagedInstall::Default::make));
    EXPECT_EQ(home().default_sdk(), "26.0");
}

TEST_F(StoreTest, UninstallingTheDefaultMovesItToTheNewestLeft) {
    stage_and_commit("22.0", "x");
    stage_and_commit("25.0", "y");
    store().set_default("22");
    EXPECT_EQ(store().uninstall("22", ArtifactKind::sdk), "22.0");
    EXPECT_EQ(home().default_sdk(), "25.0");
    EXPECT_EQ(store().uninstall("25.0", ArtifactKind::sdk), "25.0");
    EXPECT_EQ(home().default_sdk(), std::nullopt);
    EXPECT_EQ(tmp_entries(), std::vector<std::string>{});
}

// --- one name rule for `link` and the default file --------------------------------

TEST_F(StoreTest, LinkRefusesANameTheDefaultFileCouldNotHold) {
    EXPECT_EQ(error_of([&] { store().link("my sdk", tree_, false); }),
              "the link name 'my sdk' cannot name an install (use 1 to 64 letters, digits and "
              ". _ + -, starting with a letter or digit, without '..')");
    EXPECT_TRUE(home().installed(ArtifactKind::sdk).empty());
    EXPECT_FALSE(fs::exists(home().default_file()));
}

TEST_F(StoreTest, WhatLinkAcceptsTheDefaultFileReadsBack) {
    // Each name either fails at `link`, or is linked, becomes the default of the empty
    // home, and reads back from <home>/default: never accepted by one and corrupt to the
    // other (issue 12: "my sdk" was).
    const std::vector<std::string> names = {"opt",
                                            "opt-2.x_y+z",
                                            "22-custom",
                                            "20.0+threads",
                                            "my sdk",
                                            "café",
                                            ".hidden",
                                            "a..b",
                                            "a/b",
                                            "$(id)",
                                            "-x",
                                            std::string(64, 'a'),
                                            std::string(65, 'a')};
    for (const std::string &name : names) {
        SCOPED_TRACE(name);
        const bool linked = error_of([&] { store().link(name, tree_, false); }) == "no error";
        EXPECT_EQ(linked, valid_install_name(name));
        if (!linked)
            continue;
        EXPECT_EQ(home().default_sdk(), name);
        char read[WSD_NAME_MAX];
        wsd_error err;
        ASSERT_TRUE(wsd_read_default(home().root.c_str(), read, sizeof read, &err)) << err.what;
        EXPECT_EQ(read, name);
        store().uninstall(name, ArtifactKind::sdk);
    }
}

// --- one lookup, one message ------------------------------------------------------

TEST_F(StoreTest, EveryCommandSaysNotInstalledTheSameWay) {
    stage_and_commit("22.0", "x");
    const std::string name_msg = "wasi-sdk opt is not installed (use a version such as 25 or an "
                                 "installed name (wasisdk list), or register a tree: wasisdk "
                                 "link opt DIR)";
    EXPECT_EQ(error_of([&] { store().uninstall("opt", ArtifactKind::sdk); }), name_msg);
    EXPECT_EQ(error_of([&] { store().set_default("opt"); }), name_msg);
    // install: not installed, and no version to install either (the spec's parser says so)
    EXPECT_EQ(store().already_installed({"opt", ArtifactKind::sdk}), std::nullopt);
    EXPECT_EQ(error_of([&] { lookup_installed(home(), ArtifactKind::sdk, "opt"); }), name_msg);

    const std::string version_msg = "wasi-sdk 30 is not installed (run: wasisdk install 30)";
    EXPECT_EQ(error_of([&] { store().uninstall("30", ArtifactKind::sdk); }), version_msg);
    EXPECT_EQ(error_of([&] { store().set_default("30"); }), version_msg);
    EXPECT_EQ(store().already_installed({"30", ArtifactKind::sdk}), std::nullopt); // installable

    EXPECT_EQ(error_of([&] { store().uninstall("22", ArtifactKind::sysroot); }),
              "wasi-sdk 22 sysroot is not installed (run: wasisdk install 22 --component "
              "sysroot)");
    try {
        store().uninstall("opt", ArtifactKind::sdk);
    } catch (const Error &e) {
        EXPECT_EQ(e.code(), ExitCode::not_found);
    }
}

TEST_F(StoreTest, EveryCommandFindsAnInstallTheSameWay) {
    stage_and_commit("22.0", "x");
    stage_and_commit("22.1", "y");
    store().link("opt", tree_, false);
    EXPECT_EQ(store().already_installed({"22", ArtifactKind::sdk}), "22.1"); // the newest 22
    EXPECT_EQ(store().already_installed({"22.0", ArtifactKind::sdk}), "22.0");
    EXPECT_EQ(store().already_installed({"opt", ArtifactKind::sdk}), "opt");
    EXPECT_EQ(store().already_installed({"latest", ArtifactKind::sdk}), std::nullopt);
    EXPECT_EQ(store().set_default("22"), "22.1");
    EXPECT_EQ(resolve_active_sdk(home(), {std::nullopt, root_}).name, "22.1"); // the driver's
    EXPECT_EQ(store().uninstall("opt", ArtifactKind::sdk), "opt");
    EXPECT_TRUE(fs::exists(tree_ / "bin/clang")); // a linked tree is only forgotten
}

} // namespace
