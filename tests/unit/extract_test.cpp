// Extraction through libarchive, with archives written by libarchive in the test.
#include "base/error.h"
#include "base/fs_util.h"
#include "install/extract.h"

#include <archive.h>
#include <archive_entry.h>
#include <fstream>
#include <gtest/gtest.h>
#include <sys/stat.h>

using namespace wasisdk;

namespace {

struct Entry {
    std::string name;
    std::string data;
    unsigned type = AE_IFREG;
    unsigned mode = 0644;
    std::string link;     // symlink target
    std::string hardlink; // hardlink target
};

enum class Format { tar_gz, tar_xz, tar_zst, zip };

void write_archive(const fs::path &path, const std::vector<Entry> &entries,
                   Format format = Format::tar_gz) {
    archive *a = archive_write_new();
    switch (format) {
    case Format::tar_gz:
        archive_write_add_filter_gzip(a);
        break;
    case Format::tar_xz:
        archive_write_add_filter_xz(a);
        break;
    case Format::tar_zst:
        archive_write_add_filter_zstd(a);
        break;
    case Format::zip:
        break;
    }
    if (format == Format::zip)
        archive_write_set_format_zip(a);
    else
        archive_write_set_format_pax_restricted(a);
    ASSERT_EQ(archive_write_open_filename(a, path.c_str()), ARCHIVE_OK);
    for (const Entry &e : entries) {
        archive_entry *ae = archive_entry_new();
        archive_entry_set_pathname(ae, e.name.c_str());
        archive_entry_set_filetype(ae, e.type);
        archive_entry_set_perm(ae, e.mode);
        archive_entry_set_size(ae, static_cast<la_int64_t>(e.data.size()));
        if (!e.link.empty())
            archive_entry_set_symlink(ae, e.link.c_str());
        if (!e.hardlink.empty())
            archive_entry_set_hardlink(ae, e.hardlink.c_str());
        archive_write_header(a, ae);
        if (!e.data.empty())
            archive_write_data(a, e.data.data(), e.data.size());
        archive_entry_free(ae);
    }
    archive_write_close(a);
    archive_write_free(a);
}

class ExtractTest : public ::testing::Test {
  protected:
    void SetUp() override {
        root_ = make_temp_dir(fs::temp_directory_path(), "wasisdk-extract-");
        dest_ = root_ / "dest";
        fs::create_directories(dest_);
    }
    void TearDown() override { remove_all_quiet(root_); }
    std::string error_of(const std::vector<Entry> &entries) {
        write_archive(root_ / "a.tar.gz", entries);
        try {
            extract_archive(root_ / "a.tar.gz", dest_);
        } catch (const Error &e) {
            return e.what();
        }
        return "no error";
    }
    fs::path root_, dest_;
};

} // namespace

TEST_F(ExtractTest, ExtractsFilesModesAndInTreeLinks) {
    write_archive(root_ / "a.tar.xz",
                  {{"top/", "", AE_IFDIR, 0755},
                   {"top/bin/clang", "#!/bin/sh\n", AE_IFREG, 0755},
                   {"top/bin/clang++", "", AE_IFLNK, 0777, "clang"},
                   {"top/share/f", "data", AE_IFREG, 0644}},
                  Format::tar_xz);
    extract_archive(root_ / "a.tar.xz", dest_);
    fs::path top = single_top_directory(dest_);
    EXPECT_EQ(top, dest_ / "top");
    EXPECT_EQ(read_file_if_exists(top / "share/f"), "data");
    EXPECT_TRUE(fs::is_symlink(top / "bin/clang++"));
    EXPECT_EQ(fs::read_symlink(top / "bin/clang++"), "clang");
    struct stat st {};
    ASSERT_EQ(::stat((top / "bin/clang").c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0755u);
}

TEST_F(ExtractTest, ZstdAndZip) {
    for (auto [name, format] : {std::pair{"a.tar.zst", Format::tar_zst}, {"a.zip", Format::zip}}) {
        fs::path dest = root_ / (std::string(name) + ".d");
        fs::create_directories(dest);
        write_archive(root_ / name, {{"top/bin/clang", "#!/bin/sh\n", AE_IFREG, 0755}}, format);
        extract_archive(root_ / name, dest);
        EXPECT_EQ(read_file_if_exists(dest / "top/bin/clang"), "#!/bin/sh\n") << name;
        struct stat st {};
        ASSERT_EQ(::stat((dest / "top/bin/clang").c_str(), &st), 0);
        EXPECT_EQ(st.st_mode & 0777, 0755u) << name;
    }
}

TEST_F(ExtractTest, SeveralTopEntriesAreKeptAsIs) {
    write_archive(root_ / "a.tar.gz", {{"a", "1"}, {"b", "2"}});
    extract_archive(root_ / "a.tar.gz", dest_);
    EXPECT_EQ(single_top_directory(dest_), dest_);
}

TEST_F(ExtractTest, RefusesWithEntryName) {
    EXPECT_EQ(error_of({{"top/../../x", "x"}}),
              "a.tar.gz: refusing entry 'top/../../x': '..' in path");
    EXPECT_EQ(error_of({{"top/l", "", AE_IFLNK, 0777, "/etc"}}),
              "a.tar.gz: refusing entry 'top/l': symlink to an absolute path");
    EXPECT_EQ(
        error_of({{"top/fifo", "", AE_IFIFO}}),
        "a.tar.gz: refusing entry 'top/fifo': device, fifo or socket entries are not allowed");
    EXPECT_FALSE(fs::exists(root_ / "x"));
}

TEST_F(ExtractTest, SetuidIsDropped) {
    write_archive(root_ / "a.tar.gz", {{"top/x", "x", AE_IFREG, 04755}});
    extract_archive(root_ / "a.tar.gz", dest_);
    struct stat st {};
    ASSERT_EQ(::stat((dest_ / "top/x").c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 07777, 0755u);
}

TEST_F(ExtractTest, EntryCountLimit) {
    std::vector<Entry> many;
    for (int i = 0; i < 20; ++i)
        many.push_back({"top/f" + std::to_string(i), "x"});
    write_archive(root_ / "a.tar.gz", many);
    ExtractLimits limits;
    limits.max_entries = 10;
    try {
        extract_archive(root_ / "a.tar.gz", dest_, limits);
        FAIL();
    } catch (const Error &e) {
        EXPECT_EQ(std::string(e.what()), "a.tar.gz: more than 10 entries");
    }
}

TEST_F(ExtractTest, DamagedArchive) {
    std::ofstream(root_ / "bad.tar.gz") << "this is not an archive at all";
    try {
        extract_archive(root_ / "bad.tar.gz", dest_);
        FAIL();
    } catch (const Error &e) {
        EXPECT_NE(std::string(e.what()).find("bad.tar.gz"), std::string::npos) << e.what();
    }
}

TEST_F(ExtractTest, HardlinksAndDuplicates) {
    write_archive(root_ / "a.tar.gz", {{"top/bin/clang", "#!/bin/sh\n", AE_IFREG, 0755},
                                       {"top/bin/cc", "", AE_IFREG, 0755, "", "top/bin/clang"},
                                       {"top/dup", "first"},
                                       {"top/dup", "second"}});
    extract_archive(root_ / "a.tar.gz", dest_);
    EXPECT_TRUE(fs::equivalent(dest_ / "top/bin/cc", dest_ / "top/bin/clang"));
    EXPECT_EQ(read_file_if_exists(dest_ / "top/dup"), "second");
}

TEST_F(ExtractTest, NothingIsWrittenThroughALinkOfTheArchive) {
    // The link itself stays inside; writing by it is what is refused (as libarchive's
    // SECURE_SYMLINKS did), with the archive and the entry named.
    EXPECT_EQ(error_of({{"top/real/", "", AE_IFDIR, 0755},
                        {"top/l", "", AE_IFLNK, 0777, "real"},
                        {"top/l/x", "x"}}),
              "a.tar.gz: refusing entry 'top/l/x': 'top/l' is a symlink, and nothing is "
              "written through one");
    EXPECT_FALSE(fs::exists(dest_ / "top/real/x"));
    EXPECT_EQ(error_of({{"top/f", "x"}, {"top/f/g", "x"}}),
              "a.tar.gz: refusing entry 'top/f/g': 'top/f' is not a directory");
}
