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

} // namespace wasisdk
