#pragma once
// Writes a stream of archive entries, already checked against the path policy
// (archive_policy/path_policy.h), into a directory wasisdk made, never following a
// symlink: every directory of an entry's path is opened from the one above it with
// O_NOFOLLOW, so a symlink the archive created earlier (or anything else not a real
// directory) in a path stops the extraction instead of redirecting a write.
//
// Why not libarchive's archive_write_disk: with ARCHIVE_EXTRACT_SECURE_SYMLINKS it opens
// every directory of every entry's path again (27,154 openat, 24,428 fstatat and 5,814
// umask for the 2,906 entries of a 249 MB SDK, `strace -c`); the writer below keeps the
// open directories of the previous entry's path (tar lists a directory's entries
// together) and makes about four system calls per file: openat, write, futimens, close.
//
// Semantics, as tar's and libarchive's (without ARCHIVE_EXTRACT_PERM/OWNER):
//  - modes are the entry's permission bits under the process umask (the kernel applies
//    it); directories a path needs but the archive does not list are made 0755 & ~umask;
//  - a later entry of the same name replaces an earlier file, symlink or hardlink; a
//    directory listed twice keeps its contents and takes the later mode; an entry that
//    would replace a directory with something else is refused;
//  - data blocks carry offsets: a gap becomes a hole, and a file shorter than its size
//    is extended to it;
//  - modification times are restored (directories' when the writer is closed, since
//    creating their entries changes them).
// Errors throw TreeWriteError; the caller names the archive and the entry.
#include <cstdint>
#include <ctime>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace wasisdk {

struct TreeEntry {
    enum class Type { file, directory, symlink, hardlink };
    Type type = Type::file;
    std::string path;              // sanitised and relative (sanitize_entry_path)
    std::string target;            // symlink: its text; hardlink: the sanitised path it links to
    std::uint32_t mode = 0644;     // permission bits (sanitize_mode), before the umask
    std::optional<timespec> mtime; // as the archive says; unset: the time of writing
    std::uint64_t size = 0;        // file: its length, holes at the end included
};

// `refused`: the archive asks for something the policy forbids (a write through a
// symlink, a directory replaced); otherwise the system failed (`why` is strerror's text:
// "No space left on device").
struct TreeWriteError : std::runtime_error {
    TreeWriteError(bool refused, const std::string &why)
        : std::runtime_error(why), refused(refused) {}
    bool refused;
};

class TreeWriter {
  public:
    // Paths deeper than this are refused: each level holds one open directory (the
    // deepest entry of a wasi-sdk 25 tree has 10 components; the default limit on open
    // files is 1,024).
    static constexpr std::size_t kMaxDepth = 128;

    // `root` must be a directory (not a symlink). Throws TreeWriteError.
    explicit TreeWriter(const std::filesystem::path &root);
    ~TreeWriter();
    TreeWriter(const TreeWriter &) = delete;
    TreeWriter &operator=(const TreeWriter &) = delete;

    // Creates the entry; a file stays open for write() until finish().
    void begin(const TreeEntry &entry);
    // Appends the file's data at `offset` (bytes from the start of the file).
    void write(const char *data, std::size_t size, std::uint64_t offset);
    // Completes the entry begun last (a file: its length, time, close).
    void finish();
    // Restores the directories' times. Call once, after the last entry.
    void close();

  private:
    int parent_of(const std::string &path, std::string &leaf);
    int open_directory(int parent, const std::string &name, const std::string &shown, bool create);
    void clear_for(int parent, const std::string &leaf, const std::string &path);
    void make_directory(int parent, const std::string &leaf, const TreeEntry &entry);

    int root_ = -1;
    // The open directories of the last parent path, outermost first, with their names.
    std::vector<std::pair<std::string, int>> open_;
    int file_ = -1;
    std::uint64_t written_ = 0;          // the open file's length so far
    std::uint64_t size_ = 0;             // and the length it must have
    std::optional<timespec> file_mtime_; // and its time
    std::vector<std::pair<std::string, timespec>> directory_times_;
    unsigned umask_ = 022;
};

} // namespace wasisdk
