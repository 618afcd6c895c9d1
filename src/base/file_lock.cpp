#include "base/file_lock.h"

#include "base/error.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

namespace wasisdk {

FileLock FileLock::acquire(const std::filesystem::path &path,
                           const std::function<void()> &on_wait) {
    // O_NOFOLLOW: a lock file planted as a symlink would make us create or open a file
    // anywhere (as root, anywhere at all); it must be a regular file of our own.
    int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK, 0600);
    if (fd < 0)
        throw Error("cannot open lock file " + path.string() + ": " +
                        (errno == ELOOP ? std::string("it is a symlink") : std::strerror(errno)),
                    errno == ELOOP ? "remove it: wasisdk makes its own lock files"
                                   : "check that the directory is writable");
    struct stat st;
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        ::close(fd);
        throw Error("the lock file " + path.string() + " is not a regular file",
                    "remove it: wasisdk makes its own lock files");
    }
    if (::flock(fd, LOCK_EX | LOCK_NB) == 0)
        return FileLock(fd);
    if (errno != EWOULDBLOCK) {
        int err = errno;
        ::close(fd);
        throw Error("cannot lock " + path.string() + ": " + std::strerror(err));
    }
    if (on_wait)
        on_wait();
    while (::flock(fd, LOCK_EX) != 0) {
        if (errno != EINTR) {
            int err = errno;
            ::close(fd);
            throw Error("cannot lock " + path.string() + ": " + std::strerror(err));
        }
    }
    return FileLock(fd);
}

FileLock::~FileLock() {
    if (fd_ >= 0)
        ::close(fd_); // closing releases the flock
}

} // namespace wasisdk
