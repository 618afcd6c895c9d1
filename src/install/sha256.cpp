#include "install/sha256.h"

#include "base/error.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <openssl/evp.h>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

namespace wasisdk {

struct Sha256::Impl {
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    ~Impl() { EVP_MD_CTX_free(ctx); }
};

Sha256::Sha256() : impl_(std::make_unique<Impl>()) {
    reset();
}
Sha256::~Sha256() = default;

void Sha256::reset() {
    EVP_DigestInit_ex(impl_->ctx, EVP_sha256(), nullptr);
}

void Sha256::update(const void *data, std::size_t size) {
    EVP_DigestUpdate(impl_->ctx, data, size);
}

std::string Sha256::hex_digest() {
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    EVP_DigestFinal_ex(impl_->ctx, md, &len);
    static const char digits[] = "0123456789abcdef";
    std::string hex;
    for (unsigned i = 0; i < len; ++i) {
        hex += digits[md[i] >> 4];
        hex += digits[md[i] & 15];
    }
    return hex;
}

std::string sha256_file(const std::filesystem::path &path) {
    // O_NONBLOCK + fstat: only a regular file is hashed; a FIFO would block forever.
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    struct stat st;
    if (fd >= 0 && (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode))) {
        ::close(fd);
        throw Error("cannot read " + path.string() + ": not a regular file");
    }
    std::FILE *f = fd >= 0 ? ::fdopen(fd, "rb") : nullptr;
    if (!f)
        throw Error("cannot read " + path.string() + ": " + std::strerror(errno));
    Sha256 h;
    std::vector<char> buf(1 << 20);
    std::size_t n;
    while ((n = std::fread(buf.data(), 1, buf.size(), f)) > 0)
        h.update(buf.data(), n);
    bool failed = std::ferror(f);
    std::fclose(f);
    if (failed)
        throw Error("cannot read " + path.string());
    return h.hex_digest();
}

std::string sha256_string(const std::string &data) {
    Sha256 h;
    h.update(data.data(), data.size());
    return h.hex_digest();
}

void check_sha256(const std::string &what, const PinnedSha256 &pin, const std::string &actual,
                  const std::string &fix, bool show_actual) {
    if (actual == pin.sha256)
        return;
    throw Error("sha256 mismatch for " + what + ": expected " + pin.sha256 +
                    (pin.from.empty() ? "" : " (from " + pin.from + ")") +
                    (show_actual ? ", got " + actual : std::string()),
                fix);
}

} // namespace wasisdk
