#pragma once
// Filesystem helpers with the write discipline the whole project relies on:
// never write a file in place; write a sibling temporary and rename it.
#include <filesystem>
#include <optional>
#include <string>

namespace wasisdk {

namespace fs = std::filesystem;

// Whole file as a string; nullopt if it does not exist. Other I/O errors throw Error.
std::optional<std::string> read_file_if_exists(const fs::path &path);

// Writes `content` to a temporary beside `path`, fsyncs it and renames it over `path`,
// so readers see the old or the new file, never a torn one (also after kill -9).
void write_file_atomic(const fs::path &path, const std::string &content);

// A fresh directory `parent/<prefix>XXXXXX`; parent is created if needed.
fs::path make_temp_dir(const fs::path &parent, const std::string &prefix);

// remove_all that reports nothing: for cleaning up after a failure, where the first
// error is the one worth reporting.
void remove_all_quiet(const fs::path &path) noexcept;

// Value of an environment variable, or nullopt when unset or empty.
std::optional<std::string> env_var(const char *name);

} // namespace wasisdk
