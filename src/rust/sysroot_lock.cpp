#include "rust/sysroot_lock.h"

#include "base/error.h"
#include "base/fs_util.h"

#include <cerrno>
#include <climits>
#include <cstring>
#include <dirent.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdexcept>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

namespace wasisdk {

namespace {

constexpr const char *kLockName = ".wasisdk-lock";
constexpr int kSignals[] = {SIGINT, SIGTERM, SIGHUP};
constexpr std::size_t kSignalCount = sizeof kSignals / sizeof kSignals[0];

// ---- the signal handler's world: plain memory, written only while signals are held ----
char g_stage[PATH_MAX];               // the stage this process owns
char g_lock[PATH_MAX];                // the lock file it holds meanwhile
volatile sig_atomic_t g_armed = 0;    // g_stage is live and the handler installed
pthread_t g_owner;                    // the thread that works in the stage
struct sigaction g_old[kSignalCount]; // what to restore (and re-raise with)
bool g_installed[kSignalCount];       // false where the signal was ignored (nohup)

// Removes `name` in `dirfd` with system calls only (async-signal-safe: unlinkat, openat,
// getdents64, lseek, close; no allocation). Gives up below 32 levels, leaving the rest to
// the next command's stale cleanup: a real rust-std is 7 levels deep, and the handler
// runs on whatever stack the interrupted code left (1 KiB per level).
void remove_tree_at(int dirfd, const char *name, int depth) noexcept {
    if (::unlinkat(dirfd, name, 0) == 0 || errno == ENOENT)
        return;
    if (errno != EISDIR || depth > 32)
        return;
    int fd = ::openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0)
        return;
    alignas(8) char buf[1024];
    // Unlinking while reading a directory may skip entries: read it again from the start
    // until a pass finds nothing (at most 4 passes, so entries we cannot remove end it).
    for (int pass = 0; pass < 4; ++pass) {
        bool found = false;
        ::lseek(fd, 0, SEEK_SET);
        ssize_t n;
        while ((n = ::getdents64(fd, buf, sizeof buf)) > 0) {
            for (ssize_t off = 0; off < n;) {
                auto *d = reinterpret_cast<struct dirent64 *>(buf + off);
                off += d->d_reclen;
                if (std::strcmp(d->d_name, ".") == 0 || std::strcmp(d->d_name, "..") == 0)
                    continue;
                found = true;
                remove_tree_at(fd, d->d_name, depth + 1);
            }
        }
        if (!found)
            break;
    }
    ::close(fd);
    ::unlinkat(dirfd, name, AT_REMOVEDIR);
}

extern "C" void on_stop_signal(int sig) {
    if (!pthread_equal(pthread_self(), g_owner)) {
        // Another thread (a download's) caught it: the owner removes its stage, and never
        // while it is halfway through a rename (SignalsHeld).
        ::pthread_kill(g_owner, sig);
        return;
    }
    int saved = errno;
    if (g_armed) {
        g_armed = 0;
        remove_tree_at(AT_FDCWD, g_stage, 0);
        ::unlink(g_lock); // as ~SysrootLock does: the lock is still ours until we exit
    }
    // End the way the signal asked, so that a shell or CI runner sees it: restore the
    // action it had before us (the default: terminate) and raise it again; it is
    // delivered as this handler returns.
    for (std::size_t i = 0; i < kSignalCount; ++i)
        if (kSignals[i] == sig)
            ::sigaction(sig, &g_old[i], nullptr);
    ::raise(sig);
    errno = saved;
}

sigset_t stop_signals() {
    sigset_t set;
    sigemptyset(&set);
    for (int s : kSignals)
        sigaddset(&set, s);
    return set;
}

Error cannot_write(const fs::path &rustlib, int err) {
    return Error("cannot write into " + rustlib.string() + ": " + std::strerror(err),
                 "run as a user who owns that rustc, or pass --rustc for your own");
}

// The lock file, opened without following a symlink and created exclusively when absent
// (never truncated, never through a planted link); -1 with errno set.
int open_lock_file(int dirfd) {
    for (;;) {
        int fd = ::openat(dirfd, kLockName, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
        if (fd >= 0 || errno != ENOENT)
            return fd;
        fd = ::openat(dirfd, kLockName,
                      O_RDONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC, 0644);
        if (fd >= 0 || errno != EEXIST)
            return fd;
        // Another process created it between our two calls: open theirs.
    }
}

// The lock, or -1 when `wait` is false and another process holds it.
int lock_rustlib(const fs::path &rustlib, bool wait, const std::function<void()> &on_wait) {
    const fs::path lock_path = rustlib / kLockName;
    int dirfd = ::open(rustlib.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dirfd < 0 && errno == ENOENT)
        throw Error(rustlib.parent_path().parent_path().string() +
                        " has no lib/rustlib: it is not a rustc sysroot",
                    "pass --rustc for the rustc you mean");
    if (dirfd < 0)
        throw cannot_write(rustlib, errno);
    bool told = false;
    for (;;) {
        int fd = open_lock_file(dirfd);
        int err = errno;
        struct stat held {};
        if (fd >= 0 && ::fstat(fd, &held) == 0 && !S_ISREG(held.st_mode)) {
            ::close(fd);
            fd = -1;
            err = ELOOP;
        }
        if (fd < 0) {
            ::close(dirfd);
            if (err == ELOOP)
                throw Error(lock_path.string() + " is not a regular file (a symlink, fifo or "
                                                 "directory put there)",
                            "remove it: wasisdk creates that lock file itself");
            throw cannot_write(rustlib, err);
        }
        if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
            err = errno;
            if (err != EWOULDBLOCK || !wait) {
                ::close(fd);
                ::close(dirfd);
                if (err == EWOULDBLOCK)
                    return -1;
                throw Error("cannot lock " + lock_path.string() + ": " + std::strerror(err));
            }
            if (!told && on_wait)
                on_wait();
            told = true;
            while (::flock(fd, LOCK_EX) != 0) {
                if (errno != EINTR) {
                    err = errno;
                    ::close(fd);
                    ::close(dirfd);
                    throw Error("cannot lock " + lock_path.string() + ": " + std::strerror(err));
                }
            }
        }
        // The holder before us unlinks the file before it lets go: ours counts only if it
        // is still the file at the path.
        struct stat now {};
        if (::fstatat(dirfd, kLockName, &now, AT_SYMLINK_NOFOLLOW) == 0 &&
            now.st_dev == held.st_dev && now.st_ino == held.st_ino) {
            ::close(dirfd);
            return fd;
        }
        ::close(fd);
    }
}

} // namespace

SysrootLock SysrootLock::acquire(const fs::path &sysroot, const std::function<void()> &on_wait) {
    return SysrootLock(sysroot, lock_rustlib(sysroot / "lib" / "rustlib", true, on_wait));
}

std::optional<SysrootLock> SysrootLock::try_acquire(const fs::path &sysroot) noexcept {
    try {
        int fd = lock_rustlib(sysroot / "lib" / "rustlib", false, {});
        if (fd >= 0)
            return SysrootLock(sysroot, fd);
    } catch (...) {
    }
    return std::nullopt;
}

fs::path SysrootLock::file(const fs::path &sysroot) {
    return sysroot / "lib" / "rustlib" / kLockName;
}

SysrootLock::SysrootLock(SysrootLock &&other) noexcept
    : sysroot_(std::move(other.sysroot_)), fd_(other.fd_) {
    other.fd_ = -1;
}

SysrootLock::~SysrootLock() {
    if (fd_ < 0)
        return;
    ::unlink((rustlib() / kLockName).c_str()); // while still held: see acquire
    ::close(fd_);
}

std::vector<fs::path> stages_in(const fs::path &rustlib) {
    std::vector<fs::path> out;
    std::error_code ec;
    for (auto it = fs::directory_iterator(rustlib, ec); !ec && it != fs::directory_iterator();
         it.increment(ec)) {
        std::string name = it->path().filename().string();
        if ((name.starts_with(kStagePrefix) || name.starts_with(kRemovePrefix)) &&
            it->symlink_status(ec).type() == fs::file_type::directory)
            out.push_back(it->path());
    }
    return out;
}

SysrootStage::SysrootStage(const SysrootLock &lock, const char *prefix) {
    if (g_armed)
        throw std::logic_error("one sysroot stage at a time");
    std::string templ = (lock.rustlib() / (std::string(prefix) + "XXXXXX")).string();
    const std::string lock_file = SysrootLock::file(lock.sysroot()).string();
    if (templ.size() >= sizeof g_stage || lock_file.size() >= sizeof g_lock)
        throw Error(lock.rustlib().string() + ": path too long for a stage");
    // The handler never sees a stage half made: signals wait until it is recorded.
    SignalsHeld held;
    if (::mkdtemp(templ.data()) == nullptr)
        throw Error("cannot create a directory in " + lock.rustlib().string() + ": " +
                        std::strerror(errno),
                    "check free space and that you may write to that sysroot");
    path_ = templ;
    std::memcpy(g_stage, templ.c_str(), templ.size() + 1);
    std::memcpy(g_lock, lock_file.c_str(), lock_file.size() + 1);
    g_owner = ::pthread_self();
    struct sigaction sa {};
    sa.sa_handler = on_stop_signal;
    sa.sa_mask = stop_signals(); // a second signal waits until the stage is gone
    for (std::size_t i = 0; i < kSignalCount; ++i) {
        ::sigaction(kSignals[i], nullptr, &g_old[i]);
        g_installed[i] = g_old[i].sa_handler != SIG_IGN; // nohup: keep ignoring SIGHUP
        if (g_installed[i])
            ::sigaction(kSignals[i], &sa, nullptr);
    }
    g_armed = 1;
}

SysrootStage::~SysrootStage() {
    // Still armed while removing: a signal now finishes the removal, then ends the process.
    remove_all_quiet(path_);
    SignalsHeld held;
    g_armed = 0;
    for (std::size_t i = 0; i < kSignalCount; ++i)
        if (g_installed[i])
            ::sigaction(kSignals[i], &g_old[i], nullptr);
}

SignalsHeld::SignalsHeld() {
    sigset_t set = stop_signals();
    ::pthread_sigmask(SIG_BLOCK, &set, &old_);
}

SignalsHeld::~SignalsHeld() {
    ::pthread_sigmask(SIG_SETMASK, &old_, nullptr);
}

} // namespace wasisdk
