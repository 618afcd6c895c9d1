// Extraction end to end (install/extract.h: the path policy, then tree_writer.h on its
// own thread): whatever entries an archive holds, in whatever order, nothing is made
// outside the destination, and no symlink left in it resolves outside.
//
// The input is not archive bytes (a mutated tar header fails its checksum, and libarchive
// fuzzes its own readers): it is a list of entries, written here into a tar with
// libarchive so that the fuzzer explores names, types and orders. Each entry: a type
// byte (mod 5: file, directory, symlink, hardlink, fifo), a name up to '\n', a link
// target up to '\n', a length byte and that many bytes of data.
#include "base/error.h"
#include "install/extract.h"

#include <algorithm>
#include <archive.h>
#include <archive_entry.h>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <system_error>
#include <unistd.h>
#include <vector>

namespace fs = std::filesystem;

namespace {

struct Entry {
    unsigned type;
    std::string name, target, data;
};

std::vector<Entry> parse(const uint8_t *data, size_t size) {
    std::vector<Entry> out;
    size_t i = 0;
    auto line = [&] {
        std::string s;
        while (i < size && data[i] != '\n')
            s += static_cast<char>(data[i++]);
        ++i;
        return s;
    };
    while (i < size && out.size() < 64) {
        static const unsigned kTypes[] = {AE_IFREG, AE_IFDIR, AE_IFLNK, AE_IFREG, AE_IFIFO};
        const unsigned pick = data[i++] % 5;
        Entry e{kTypes[pick], line(), line(), {}};
        if (pick == 3) // a hardlink: a regular entry with a link target
            e.type = ~0u;
        size_t n = i < size ? data[i++] : 0;
        n = std::min(n, size - std::min(i, size));
        e.data.assign(reinterpret_cast<const char *>(data) + std::min(i, size), n);
        i += n;
        out.push_back(std::move(e));
    }
    return out;
}

void write_tar(const fs::path &path, const std::vector<Entry> &entries) {
    archive *a = archive_write_new();
    archive_write_set_format_pax_restricted(a);
    archive_write_open_filename(a, path.c_str());
    for (const Entry &e : entries) {
        archive_entry *ae = archive_entry_new();
        archive_entry_set_pathname(ae, e.name.c_str());
        archive_entry_set_filetype(ae, e.type == ~0u ? AE_IFREG : e.type);
        archive_entry_set_perm(ae, 0755);
        if (e.type == AE_IFLNK)
            archive_entry_set_symlink(ae, e.target.c_str());
        if (e.type == ~0u)
            archive_entry_set_hardlink(ae, e.target.c_str());
        const bool data = e.type == AE_IFREG;
        archive_entry_set_size(ae, data ? static_cast<la_int64_t>(e.data.size()) : 0);
        archive_write_header(a, ae);
        if (data && !e.data.empty())
            archive_write_data(a, e.data.data(), e.data.size());
        archive_entry_free(ae);
    }
    archive_write_close(a);
    archive_write_free(a);
}

// The names directly in `dir`.
std::vector<std::string> names_in(const fs::path &dir) {
    std::vector<std::string> out;
    std::error_code ec;
    for (const auto &e : fs::directory_iterator(dir, ec))
        out.push_back(e.path().filename().string());
    return out;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    static const fs::path base = [] {
        char tmpl[] = "/tmp/fuzz-extract-XXXXXX";
        if (!::mkdtemp(tmpl))
            std::abort();
        return fs::path(tmpl);
    }();
    static const bool cleaned_at_exit = [] { // libFuzzer ends with exit()
        return std::atexit([] {
                   std::error_code ec;
                   fs::remove_all(base, ec);
               }) == 0;
    }();
    (void)cleaned_at_exit;
    // Three levels, each checked: an entry that escaped by up to three '..' lands in one.
    const fs::path outer = base / "o", middle = outer / "m", dest = middle / "dest";
    fs::remove_all(outer);
    fs::create_directories(dest);
    write_tar(outer / "a.tar", parse(data, size));

    bool extracted = true;
    try {
        wasisdk::extract_archive(outer / "a.tar", dest);
    } catch (const wasisdk::Error &) {
        extracted = false; // refused or failed: fine, as long as nothing escaped
    }
    auto only = [](const fs::path &dir, std::vector<std::string> expected) {
        auto got = names_in(dir);
        std::sort(got.begin(), got.end());
        std::sort(expected.begin(), expected.end());
        if (got != expected)
            std::abort();
    };
    only(base, {"o"});
    only(outer, {"a.tar", "m"});
    only(middle, {"dest"});
    if (extracted) {
        // The extraction's own on-disk check, redone independently: every symlink
        // resolves inside (or dangles).
        std::error_code ec;
        const fs::path real_dest = fs::canonical(dest);
        for (auto it = fs::recursive_directory_iterator(dest, ec);
             !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
            if (!it->is_symlink())
                continue;
            std::error_code rec;
            fs::path resolved = fs::canonical(it->path(), rec);
            if (rec)
                continue; // dangling
            auto rel = resolved.lexically_relative(real_dest);
            if (rel.empty() || *rel.begin() == "..")
                std::abort();
        }
    }
    return 0;
}
