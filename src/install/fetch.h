#pragma once
// Downloads with libcurl, in the shape vcpkg-tool and rustup use: bytes go to a `.part`
// file that later runs resume with HTTP Range; the sha256 is computed as bytes arrive;
// a verified file is renamed into the download cache (downloads/<sha256>) and a
// mismatching one is deleted. Transient failures (connection errors, timeouts, 5xx, a
// body cut short) are retried with backoff; 404 and hash mismatches are not.
#include "install/progress.h"
#include "model/fetch_options.h"

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace wasisdk {

struct DownloadRequest {
    std::string url;
    std::optional<std::string> sha256; // nullopt: unverified (caller allowed it)
    std::optional<std::uint64_t> size;
    std::string label; // shown in progress and errors
    // Without `size`: the most this download may take (FetchOptions::max_unknown_size
    // when unset, e.g. when the caller knows no tighter bound).
    std::optional<std::uint64_t> max_size = std::nullopt;
    std::string sha256_from = {}; // what vouched for `sha256`, named when it mismatches
};

struct DownloadResult {
    std::filesystem::path file; // downloads/<sha256>
    std::string sha256;         // what the bytes hashed to
    std::uint64_t size = 0;
    bool from_cache = false;
};

// Downloads every request concurrently into `cache_dir`. A request whose sha256 is
// already in the cache (and still hashes right) is not downloaded. Throws Error for
// the first request that failed, after the others have finished.
std::vector<DownloadResult> download_all(const std::vector<DownloadRequest> &requests,
                                         const std::filesystem::path &cache_dir,
                                         const FetchOptions &options);

// A small document (a manifest) fetched into memory, for https/http/file URLs.
std::string fetch_text(const std::string &url, const FetchOptions &options);

} // namespace wasisdk
