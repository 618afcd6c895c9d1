#pragma once
// The download cache, downloads/ in a home, and what `wasisdk gc` may delete from it.
//
// Layout (written by install/fetch.cpp):
//   <sha256>                      a verified artifact, named by the hash of its bytes
//   <sha256>.part                 a partial download of a pinned artifact (resumed by Range)
//   url-<32 hex>.part             a partial download of an unpinned one
//   <key>.part.validator          the ETag or Last-Modified an unpinned .part resumes with
//
// Policy (docs/architecture.md, "The download cache"): `install` keeps the archive of
// what it installs, so `install --force`, `uninstall` then `install`, and a CI cache of
// the home work offline; `gc` deletes the archives that no receipt and no recorded
// rust-std install names, partial downloads untouched for a day (kStalePartAge), and
// nothing else: a name it does not know is left alone.
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <set>
#include <string>
#include <vector>

namespace wasisdk {

// A .part untouched this long belongs to a download nobody is going to resume: an
// interrupted install is normally re-run within minutes, and a day covers a night.
inline constexpr std::chrono::hours kStalePartAge{24};

enum class CacheEntryKind { artifact, partial, validator, other };

struct CacheEntry {
    std::filesystem::path path;
    std::string name;
    CacheEntryKind kind = CacheEntryKind::other;
    bool regular = false; // a regular file (anything else is never read or followed)
    std::uint64_t bytes = 0;
    std::filesystem::file_time_type modified{};
};

// What downloads/ holds, from lstat (links are never followed). Empty when it is missing.
std::vector<CacheEntry> scan_download_cache(const std::filesystem::path &dir);

// One thing gc removes, and why.
struct GcItem {
    std::filesystem::path path;
    std::uint64_t bytes = 0;
    std::string why;
};

// The entries of `entries` that gc removes: artifacts whose sha256 is not in `needed`,
// partial downloads (and their validators) older than kStalePartAge at `now`, and
// validators whose .part is gone. Pure, so tests give it any clock.
std::vector<GcItem> plan_cache_gc(const std::vector<CacheEntry> &entries,
                                  const std::set<std::string> &needed,
                                  std::filesystem::file_time_type now);

// Bytes under `path` (a file, or a directory walked without following links).
std::uint64_t bytes_under(const std::filesystem::path &path) noexcept;

} // namespace wasisdk
