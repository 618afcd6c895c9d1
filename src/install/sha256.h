#pragma once
// Streaming sha256 (OpenSSL EVP), fed while bytes arrive so that verification costs no
// second pass over a download.
#include <cstddef>
#include <filesystem>
#include <memory>
#include <string>

namespace wasisdk {

class Sha256 {
  public:
    Sha256();
    ~Sha256();
    Sha256(const Sha256 &) = delete;
    Sha256 &operator=(const Sha256 &) = delete;

    void update(const void *data, std::size_t size);
    void reset();
    std::string hex_digest(); // finishes; call reset() before reuse

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

// Hash of a whole file, read in 1 MiB blocks. Throws Error on I/O errors.
std::string sha256_file(const std::filesystem::path &path);

std::string sha256_string(const std::string &data);

// A sha256 that something vouched for, and what: a manifest's pin, GitHub's API, a
// published .sha256 file ("" when the caller has nothing to name).
struct PinnedSha256 {
    std::string sha256;
    std::string from;
};

// The one check of bytes against their pin, for downloads, `install --from` files and
// channel manifests alike. Throws Error
//   "sha256 mismatch for <what>: expected <sha256> (from <from>), got <actual>"
// with `fix` (what became of the bytes, and what to do). `show_actual` false leaves out
// ", got ...": the hash of a local file a manifest named (file:///etc/shadow) would turn
// public CI logs into an oracle for it.
void check_sha256(const std::string &what, const PinnedSha256 &pin, const std::string &actual,
                  const std::string &fix, bool show_actual = true);

} // namespace wasisdk
