// The writer under extraction (install/tree_writer.h): what it makes on disk, and what
// it refuses, entry by entry without an archive.
#include "base/fs_util.h"
#include "install/tree_writer.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

using namespace wasisdk;
using Type = TreeEntry::Type;

namespace {

class TreeWriterTest : public ::testing::Test {
  protected:
    void SetUp() override {
        root_ = make_temp_dir(fs::temp_directory_path(), "wasisdk-tree-writer-");
        dest_ = root_ / "dest";
        fs::create_directories(dest_);
        old_umask_ = ::umask(022);
    }
    void TearDown() override {
        ::umask(old_umask_);
        remove_all_quiet(root_);
    }
    static void file(TreeWriter &w, const std::string &path, const std::string &data,
                     std::uint32_t mode = 0644) {
        w.begin({Type::file, path, {}, mode, std::nullopt, data.size()});
        w.write(data.data(), data.size(), 0);
        w.finish();
    }
    // The message of the TreeWriteError that `write` throws, with "refused: " in front
    // when the policy refused (rather than the system failing).
    template <class F> std::string error_of(F write) {
        try {
            TreeWriter w(dest_);
            write(w);
            w.close();
        } catch (const TreeWriteError &e) {
            return (e.refused ? "refused: " : "") + std::string(e.what());
        }
        return "no error";
    }
    static mode_t mode_of(const fs::path &p) {
        struct stat st {};
        EXPECT_EQ(::lstat(p.c_str(), &st), 0) << p;
        return st.st_mode & 07777;
    }
    static struct timespec mtime_of(const fs::path &p) {
        struct stat st {};
        EXPECT_EQ(::lstat(p.c_str(), &st), 0) << p;
        return st.st_mtim;
    }
    fs::path root_, dest_;
    mode_t old_umask_ = 022;
};

} // namespace

TEST_F(TreeWriterTest, WritesFilesDirectoriesAndLinksWithModesAndTimes) {
    const timespec t1{1'600'000'000, 123'000'000}, t2{1'500'000'000, 0}, t3{1'400'000'000, 0};
    TreeWriter w(dest_);
    w.begin({Type::directory, "top", {}, 0750, t1, 0});
    w.begin({Type::directory, "top/bin", {}, 0755, t2, 0});
    w.begin({Type::file, "top/bin/clang", {}, 0755, t3, 10});
    w.write("#!/bin/sh\n", 10, 0);
    w.finish();
    w.begin({Type::symlink, "top/bin/clang++", "clang", 0777, t3, 0});
    w.begin({Type::hardlink, "top/bin/cc", "top/bin/clang", 0, std::nullopt, 0});
    w.begin({Type::file, "top/share/doc/readme", {}, 0600, std::nullopt, 0}); // dirs implied
    w.finish();
    w.close();

    EXPECT_EQ(read_file_if_exists(dest_ / "top/bin/clang"), "#!/bin/sh\n");
    EXPECT_EQ(mode_of(dest_ / "top/bin/clang"), 0755u);
    EXPECT_EQ(mode_of(dest_ / "top"), 0750u);
    EXPECT_EQ(mode_of(dest_ / "top/share"), 0755u); // made for a path: 0755 under the umask
    EXPECT_EQ(fs::read_symlink(dest_ / "top/bin/clang++"), "clang");
    EXPECT_TRUE(fs::equivalent(dest_ / "top/bin/cc", dest_ / "top/bin/clang"));
    // Directory times are set last, after their entries were made.
    EXPECT_EQ(mtime_of(dest_ / "top").tv_sec, t1.tv_sec);
    EXPECT_EQ(mtime_of(dest_ / "top").tv_nsec, t1.tv_nsec);
    EXPECT_EQ(mtime_of(dest_ / "top/bin").tv_sec, t2.tv_sec);
    EXPECT_EQ(mtime_of(dest_ / "top/bin/clang").tv_sec, t3.tv_sec);
    EXPECT_EQ(mtime_of(dest_ / "top/bin/clang++").tv_sec, t3.tv_sec); // the link's own
}

TEST_F(TreeWriterTest, TheUmaskApplies) {
    ::umask(077);
    TreeWriter w(dest_);
    file(w, "a/f", "x", 0755);
    w.begin({Type::directory, "a", {}, 0755, std::nullopt, 0}); // listed after its file
    w.close();
    EXPECT_EQ(mode_of(dest_ / "a/f"), 0700u);
    EXPECT_EQ(mode_of(dest_ / "a"), 0700u);
}

TEST_F(TreeWriterTest, ADirectoryListedAgainKeepsItsFilesAndTakesTheLaterMode) {
    TreeWriter w(dest_);
    w.begin({Type::directory, "d", {}, 0755, std::nullopt, 0});
    file(w, "d/f", "x");
    w.begin({Type::directory, "d", {}, 0711, std::nullopt, 0});
    w.close();
    EXPECT_EQ(read_file_if_exists(dest_ / "d/f"), "x");
    EXPECT_EQ(mode_of(dest_ / "d"), 0711u);
}

TEST_F(TreeWriterTest, TheLaterEntryOfANameWins) {
    TreeWriter w(dest_);
    file(w, "dup", "first");
    file(w, "dup", "second");
    w.begin({Type::symlink, "link", "dup", 0777, std::nullopt, 0});
    file(w, "link", "a file now"); // replaces the link, not written through it
    file(w, "was_file", "x");
    w.begin({Type::directory, "was_file", {}, 0755, std::nullopt, 0});
    w.close();
    EXPECT_EQ(read_file_if_exists(dest_ / "dup"), "second");
    EXPECT_FALSE(fs::is_symlink(dest_ / "link"));
    EXPECT_EQ(read_file_if_exists(dest_ / "link"), "a file now");
    EXPECT_TRUE(fs::is_directory(dest_ / "was_file"));
}

TEST_F(TreeWriterTest, NothingIsWrittenThroughASymlink) {
    fs::create_directories(root_ / "outside");
    // A link the archive made, pointing inside the tree: still never a path to write by.
    EXPECT_EQ(error_of([](TreeWriter &w) {
                  w.begin({Type::directory, "top/real", {}, 0755, std::nullopt, 0});
                  w.begin({Type::symlink, "top/l", "real", 0777, std::nullopt, 0});
                  file(w, "top/l/x", "x");
              }),
              "refused: 'top/l' is a symlink, and nothing is written through one");
    EXPECT_FALSE(fs::exists(dest_ / "top/real/x"));
    // One already in the directory (wasisdk makes it empty; this one is planted).
    fs::create_directory_symlink(root_ / "outside", dest_ / "planted");
    EXPECT_EQ(error_of([](TreeWriter &w) { file(w, "planted/deep/x", "x"); }),
              "refused: 'planted' is a symlink, and nothing is written through one");
    EXPECT_EQ(error_of([](TreeWriter &w) {
                  w.begin({Type::hardlink, "h", "planted/f", 0, std::nullopt, 0});
              }),
              "refused: 'planted' is a symlink, and nothing is written through one");
    EXPECT_TRUE(fs::is_empty(root_ / "outside"));
    // A file in the path is no directory.
    EXPECT_EQ(error_of([](TreeWriter &w) {
                  file(w, "plain", "x");
                  file(w, "plain/x", "x");
              }),
              "refused: 'plain' is not a directory");
}

TEST_F(TreeWriterTest, ADirectoryIsNeverReplaced) {
    EXPECT_EQ(error_of([](TreeWriter &w) {
                  file(w, "d/f", "x");
                  file(w, "d", "x");
              }),
              "refused: 'd' would replace a directory");
    EXPECT_EQ(read_file_if_exists(dest_ / "d/f"), "x");
}

TEST_F(TreeWriterTest, GapsBecomeHolesAndTheSizeIsKept) {
    TreeWriter w(dest_);
    w.begin({Type::file, "sparse", {}, 0644, std::nullopt, 12});
    w.write("ab", 2, 0);
    w.write("cd", 2, 6); // four bytes of hole
    w.finish();          // and four more at the end
    w.close();
    EXPECT_EQ(read_file_if_exists(dest_ / "sparse"), std::string("ab\0\0\0\0cd\0\0\0\0", 12));
    EXPECT_EQ(error_of([](TreeWriter &w) {
                  w.begin({Type::file, "f", {}, 0644, std::nullopt, 4});
                  w.write("ab", 2, 2);
                  w.write("ab", 2, 0);
              }),
              "refused: data out of order");
}

TEST_F(TreeWriterTest, AHardlinkNeedsItsTargetWrittenFirst) {
    std::string e = error_of([](TreeWriter &w) {
        w.begin({Type::hardlink, "h", "not/yet", 0, std::nullopt, 0});
    });
    EXPECT_EQ(e, "cannot open directory 'not': No such file or directory");
    e = error_of([](TreeWriter &w) { w.begin({Type::hardlink, "h", "nope", 0, std::nullopt, 0}); });
    EXPECT_EQ(e, "hardlink to 'nope': No such file or directory");
}

TEST_F(TreeWriterTest, DepthIsBounded) {
    std::string deep;
    for (std::size_t i = 0; i <= TreeWriter::kMaxDepth; ++i)
        deep += "d/";
    EXPECT_EQ(error_of([&](TreeWriter &w) { file(w, deep + "f", "x"); }),
              "refused: nested more than 128 directories deep");
    std::string ok;
    for (std::size_t i = 0; i < TreeWriter::kMaxDepth; ++i)
        ok += "d/";
    EXPECT_EQ(error_of([&](TreeWriter &w) { file(w, ok + "f", "x"); }), "no error");
    EXPECT_EQ(read_file_if_exists(dest_ / (ok + "f")), "x");
}

TEST_F(TreeWriterTest, TheRootMustBeADirectoryNotALink) {
    fs::create_directory_symlink(dest_, root_ / "link");
    try {
        TreeWriter w(root_ / "link");
        FAIL() << "opened a symlink as the root";
    } catch (const TreeWriteError &e) {
        EXPECT_FALSE(e.refused);
        EXPECT_NE(std::string(e.what()).find("link"), std::string::npos) << e.what();
    }
}
