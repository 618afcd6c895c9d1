#include "base/file_lock.h"

#include "base/error.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

namespace wasisdk {

FileLock FileLock::acquire(const std::filesystem::path &path,
                           const std::function<void()> &on_wait) {
    int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0)
        throw Error("cannot open lock file " + path.string() + ": " + std::strerror(errno),
                    "check that the wasisdk home is writable");
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
