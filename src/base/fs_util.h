#pragma once
// Filesystem helpers with the write discipline the whole project relies on:
// never write a file in place; write a sibling temporary and rename it.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <sys/types.h>

namespace wasisdk {

namespace fs = std::filesystem;

// The largest text file wasisdk reads (a manifest, receipt, TOML file): 64 MiB, 100x
// the built-in manifest, so /dev/zero or a runaway file is an error, not an OOM.
inline constexpr std::uintmax_t kMaxTextFileBytes = 64u << 20;

// Whole file as a string; nullopt if it does not exist. Only regular files are read: a
// FIFO or device is refused without blocking (opened O_NONBLOCK, checked with fstat), as
// is a file over `max_bytes`. Other I/O errors throw Error.
std::optional<std::string> read_file_if_exists(const fs::path &path,
                                               std::uintmax_t max_bytes = kMaxTextFileBytes);

// Writes `content` to a new temporary beside `path` (mkstemp: O_EXCL and an
// unpredictable name, so a planted symlink cannot redirect the write), fsyncs it and
// renames it over `path`, so readers see the old or the new file, never a torn one
// (also after kill -9). The file is made with `mode`.
void write_file_atomic(const fs::path &path, const std::string &content, mode_t mode = 0644);

// A fresh directory `parent/<prefix>XXXXXX`; parent is created if needed.
fs::path make_temp_dir(const fs::path &parent, const std::string &prefix);

// remove_all that reports nothing: for cleaning up after a failure, where the first
// error is the one worth reporting.
void remove_all_quiet(const fs::path &path) noexcept;

// A make_temp_dir directory that is deleted when this goes out of scope, on success
// (what should survive was renamed out of it first; what was swapped into it goes) and
// on every failure path alike. A crash leaves it for the next command that takes the
// home's lock (store/home_guard.h, kTempPrefixes).
class ScopedTempDir {
  public:
    ScopedTempDir(const fs::path &parent, const std::string &prefix)
        : path_(make_temp_dir(parent, prefix)) {}
    ~ScopedTempDir() { remove_all_quiet(path_); }
    ScopedTempDir(const ScopedTempDir &) = delete;
    ScopedTempDir &operator=(const ScopedTempDir &) = delete;

    const fs::path &path() const { return path_; }
    fs::path operator/(const fs::path &child) const { return path_ / child; }

  private:
    fs::path path_;
};

// Value of an environment variable, or nullopt when unset or empty.
std::optional<std::string> env_var(const char *name);

} // namespace wasisdk
