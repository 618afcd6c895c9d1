#include "base/fs_util.h"

#include "base/error.h"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace wasisdk {

// POSIX reads rather than ifstream: the driver reads small files on every compile, and
// iostreams would put their locale machinery into its start-up.
std::optional<std::string> read_file_if_exists(const fs::path &path, std::uintmax_t max_bytes) {
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0) {
        if (errno == ENOENT || errno == ENOTDIR)
            return std::nullopt;
        throw Error("cannot read " + path.string() + ": " + std::strerror(errno));
    }
    struct stat st;
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        ::close(fd);
        throw Error("cannot read " + path.string() + ": not a regular file",
                    "give the path of a file (not a FIFO, device or directory)");
    }
    std::string data;
    char buf[8192];
    while (true) {
        ssize_t n = ::read(fd, buf, sizeof buf);
        if (n > 0) {
            data.append(buf, static_cast<std::size_t>(n));
            if (data.size() > max_bytes) {
                ::close(fd);
                throw Error("cannot read " + path.string() + ": larger than " +
                                std::to_string(max_bytes >> 20) + " MiB",
                            "check that this is the file you meant");
            }
        } else if (n == 0) {
            break;
        } else if (errno != EINTR) {
            int err = errno;
            ::close(fd);
            throw Error("cannot read " + path.string() + ": " + std::strerror(err));
        }
    }
    ::close(fd);
    return data;
}

void write_file_atomic(const fs::path &path, const std::string &content, mode_t mode) {
    std::string tmp_name = path.string() + ".tmp.XXXXXX";
    int fd = ::mkostemp(tmp_name.data(), O_CLOEXEC);
    const fs::path tmp = tmp_name;
    if (fd < 0)
        throw Error("cannot write " + path.string() + ": " + std::strerror(errno),
                    "check that the directory exists and is writable");
    ::fchmod(fd, mode); // mkostemp makes 0600
    const char *p = content.data();
    std::size_t left = content.size();
    while (left > 0) {
        ssize_t n = ::write(fd, p, left);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            int err = errno;
            ::close(fd);
            ::unlink(tmp.c_str());
            throw Error("cannot write " + path.string() + ": " + std::strerror(err),
                        "free some disk space and try again");
        }
        p += n;
        left -= static_cast<std::size_t>(n);
    }
    if (::fsync(fd) != 0 || ::close(fd) != 0) {
        int err = errno;
        ::unlink(tmp.c_str());
        throw Error("cannot write " + path.string() + ": " + std::strerror(err),
                    "free some disk space and try again");
    }
    if (::rename(tmp.c_str(), path.c_str()) != 0) {
        int err = errno;
        ::unlink(tmp.c_str());
        throw Error("cannot write " + path.string() + ": " + std::strerror(err));
    }
}

fs::path make_temp_dir(const fs::path &parent, const std::string &prefix) {
    std::error_code ec;
    fs::create_directories(parent, ec);
    std::string templ = (parent / (prefix + "XXXXXX")).string();
    if (::mkdtemp(templ.data()) == nullptr)
        throw Error("cannot create a temporary directory in " + parent.string() + ": " +
                        std::strerror(errno),
                    "check that it is writable and the disk is not full");
    return templ;
}

void remove_all_quiet(const fs::path &path) noexcept {
    std::error_code ec;
    fs::remove_all(path, ec);
}

std::optional<std::string> env_var(const char *name) {
    const char *v = std::getenv(name);
    if (v == nullptr || *v == '\0')
        return std::nullopt;
    return std::string(v);
}

} // namespace wasisdk
