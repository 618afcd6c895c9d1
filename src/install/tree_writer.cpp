#include "install/tree_writer.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace wasisdk {

namespace fs = std::filesystem;

namespace {

constexpr int kDirectoryFlags = O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC;

[[noreturn]] void fail_errno(const std::string &what) {
    throw TreeWriteError(false,
                         what.empty() ? std::strerror(errno) : what + ": " + std::strerror(errno));
}

[[noreturn]] void refuse(const std::string &why) {
    throw TreeWriteError(true, why);
}

// The type of `leaf` in `parent` without following it; 0 when absent.
mode_t type_of(int parent, const std::string &leaf) {
    struct stat st {};
    if (::fstatat(parent, leaf.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0)
        return 0;
    return st.st_mode & S_IFMT;
}

// The path's components ("a/b/c" -> a, b, c); the path is sanitised, so none is empty.
std::vector<std::string> split_path(const std::string &path) {
    std::vector<std::string> parts;
    std::size_t start = 0;
    while (true) {
        auto slash = path.find('/', start);
        parts.push_back(path.substr(start, slash - start));
        if (slash == std::string::npos)
            return parts;
        start = slash + 1;
    }
}

timespec times_or_now(const std::optional<timespec> &mtime) {
    return mtime ? *mtime : timespec{0, UTIME_NOW};
}

} // namespace

TreeWriter::TreeWriter(const fs::path &root) {
    root_ = ::open(root.c_str(), kDirectoryFlags);
    if (root_ < 0)
        fail_errno(root.string());
    // The process's umask, read once: the kernel applies it to every mode below, and
    // a directory listed twice needs it for fchmodat (libarchive asks for it twice per
    // entry). Set back at once; nothing else runs on another thread while it is changed.
    umask_ = ::umask(022);
    ::umask(umask_);
}

TreeWriter::~TreeWriter() {
    if (file_ >= 0)
        ::close(file_);
    for (auto &[name, fd] : open_)
        ::close(fd);
    if (root_ >= 0)
        ::close(root_);
}

// Opens `name` in `parent` as a directory, never through a symlink; with `create`, makes
// it first when it is missing (a path the archive does not list). `shown` names it in
// errors.
int TreeWriter::open_directory(int parent, const std::string &name, const std::string &shown,
                               bool create) {
    int fd = ::openat(parent, name.c_str(), kDirectoryFlags);
    if (fd < 0 && errno == ENOENT && create) {
        if (::mkdirat(parent, name.c_str(), 0755) != 0 && errno != EEXIST)
            fail_errno("cannot create directory '" + shown + "'");
        fd = ::openat(parent, name.c_str(), kDirectoryFlags);
    }
    if (fd >= 0)
        return fd;
    int err = errno;
    if (err == ELOOP || err == ENOTDIR) {
        if (type_of(parent, name) == S_IFLNK)
            refuse("'" + shown + "' is a symlink, and nothing is written through one");
        refuse("'" + shown + "' is not a directory");
    }
    errno = err;
    fail_errno("cannot open directory '" + shown + "'");
}

// The open directory that holds `path`, and its last component in `leaf`. Reuses the
// directories of the previous call's path as far as the two paths agree.
int TreeWriter::parent_of(const std::string &path, std::string &leaf) {
    auto parts = split_path(path);
    leaf = parts.back();
    parts.pop_back();
    if (parts.size() > kMaxDepth)
        refuse("nested more than " + std::to_string(kMaxDepth) + " directories deep");
    std::size_t same = 0;
    while (same < open_.size() && same < parts.size() && open_[same].first == parts[same])
        ++same;
    while (open_.size() > same) {
        ::close(open_.back().second);
        open_.pop_back();
    }
    std::string shown;
    for (std::size_t i = 0; i < parts.size(); ++i) {
        shown += (i ? "/" : "") + parts[i];
        if (i < same)
            continue;
        int parent = open_.empty() ? root_ : open_.back().second;
        open_.emplace_back(parts[i], open_directory(parent, parts[i], shown, true));
    }
    return open_.empty() ? root_ : open_.back().second;
}

// Makes room for a new `leaf`: an earlier file, symlink or hardlink of that name goes
// (the later entry wins, as with tar); a directory is refused.
void TreeWriter::clear_for(int parent, const std::string &leaf, const std::string &path) {
    mode_t type = type_of(parent, leaf);
    if (type == S_IFDIR)
        refuse("'" + path + "' would replace a directory");
    if (type != 0 && ::unlinkat(parent, leaf.c_str(), 0) != 0)
        fail_errno("cannot replace '" + path + "'");
}

void TreeWriter::make_directory(int parent, const std::string &leaf, const TreeEntry &entry) {
    if (::mkdirat(parent, leaf.c_str(), entry.mode) != 0) {
        if (errno != EEXIST)
            fail_errno("");
        mode_t type = type_of(parent, leaf);
        if (type == S_IFDIR) { // listed again, or made for an earlier entry's path
            // Through a descriptor opened without following links: fchmodat would
            // follow one put there since type_of looked.
            int fd = open_directory(parent, leaf, entry.path, false);
            int rc = ::fchmod(fd, entry.mode & ~umask_);
            int err = errno;
            ::close(fd);
            errno = err;
            if (rc != 0)
                fail_errno("");
        } else {
            clear_for(parent, leaf, entry.path);
            if (::mkdirat(parent, leaf.c_str(), entry.mode) != 0)
                fail_errno("");
        }
    }
    if (entry.mtime)
        directory_times_.emplace_back(entry.path, *entry.mtime);
}

void TreeWriter::begin(const TreeEntry &entry) {
    std::string leaf;
    int parent = parent_of(entry.path, leaf);
    switch (entry.type) {
    case TreeEntry::Type::directory:
        make_directory(parent, leaf, entry);
        return;
    case TreeEntry::Type::symlink:
        if (::symlinkat(entry.target.c_str(), parent, leaf.c_str()) != 0) {
            if (errno != EEXIST)
                fail_errno("");
            clear_for(parent, leaf, entry.path);
            if (::symlinkat(entry.target.c_str(), parent, leaf.c_str()) != 0)
                fail_errno("");
        }
        if (const timespec times[2] = {{0, UTIME_NOW}, times_or_now(entry.mtime)};
            ::utimensat(parent, leaf.c_str(), times, AT_SYMLINK_NOFOLLOW) != 0)
            fail_errno("");
        return;
    case TreeEntry::Type::hardlink: {
        // The target's directories are opened apart from the cached ones (which belong
        // to the new name's path), none created: the target must already be written.
        auto parts = split_path(entry.target);
        std::string target_leaf = parts.back();
        parts.pop_back();
        std::vector<int> opened;
        int target_parent = root_;
        std::string shown;
        try {
            for (const auto &part : parts) {
                shown += (shown.empty() ? "" : "/") + part;
                target_parent = open_directory(target_parent, part, shown, false);
                opened.push_back(target_parent);
            }
            if (::linkat(target_parent, target_leaf.c_str(), parent, leaf.c_str(), 0) != 0) {
                if (errno != EEXIST)
                    fail_errno("hardlink to '" + entry.target + "'");
                clear_for(parent, leaf, entry.path);
                if (::linkat(target_parent, target_leaf.c_str(), parent, leaf.c_str(), 0) != 0)
                    fail_errno("hardlink to '" + entry.target + "'");
            }
        } catch (...) {
            for (int fd : opened)
                ::close(fd);
            throw;
        }
        for (int fd : opened)
            ::close(fd);
        return;
    }
    case TreeEntry::Type::file:
        break;
    }
    constexpr int kCreate = O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC;
    file_ = ::openat(parent, leaf.c_str(), kCreate, entry.mode);
    if (file_ < 0 && errno == EEXIST) {
        clear_for(parent, leaf, entry.path);
        file_ = ::openat(parent, leaf.c_str(), kCreate, entry.mode);
    }
    if (file_ < 0)
        fail_errno("");
    written_ = 0;
    size_ = entry.size;
    file_mtime_ = entry.mtime;
}

void TreeWriter::write(const char *data, std::size_t size, std::uint64_t offset) {
    if (file_ < 0)
        refuse("data outside a file entry");
    if (offset != written_) {
        // A gap (a sparse entry's hole) is skipped; data never goes backwards in an
        // archive read front to back.
        if (offset < written_ || ::lseek(file_, static_cast<off_t>(offset), SEEK_SET) < 0)
            refuse("data out of order");
        written_ = offset;
    }
    while (size > 0) {
        ssize_t n = ::write(file_, data, size);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            fail_errno("");
        }
        data += n;
        size -= static_cast<std::size_t>(n);
        written_ += static_cast<std::uint64_t>(n);
    }
}

void TreeWriter::finish() {
    if (file_ < 0)
        return;
    int fd = file_;
    file_ = -1;
    const timespec times[2] = {{0, UTIME_NOW}, times_or_now(file_mtime_)};
    bool ok = (written_ >= size_ || ::ftruncate(fd, static_cast<off_t>(size_)) == 0) &&
              (!file_mtime_ || ::futimens(fd, times) == 0);
    int err = errno;
    // close() reports what a delayed write could not do (NFS, quotas).
    if (::close(fd) != 0 && ok) {
        ok = false;
        err = errno;
    }
    if (!ok) {
        errno = err;
        fail_errno("");
    }
}

void TreeWriter::close() {
    finish();
    for (auto &[name, fd] : open_)
        ::close(fd);
    open_.clear();
    for (const auto &[path, mtime] : directory_times_) {
        const timespec times[2] = {{0, UTIME_NOW}, mtime};
        // Every directory of the path is one this writer made (never a symlink: those
        // were refused in any path), so the relative lookup from root_ stays inside.
        if (::utimensat(root_, path.c_str(), times, AT_SYMLINK_NOFOLLOW) != 0)
            fail_errno("'" + path + "'");
    }
    directory_times_.clear();
}

} // namespace wasisdk
