#pragma once
// Finding wasisdk's own executables: installed, wasisdk is <prefix>/bin/wasisdk and its
// helpers are in <prefix>/libexec/wasisdk/; in the build tree all sit in one directory.
// And finding programs on PATH, as a shell (and cargo, and cc-rs) would.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace wasisdk::cli {

// Where `name` (wasisdk-core, wasisdk-driver) is expected, in search order.
std::vector<std::filesystem::path> helper_candidates(const std::string &name);
std::optional<std::filesystem::path> find_helper(const std::string &name);

// The `wasisdk` the user runs, also from within wasisdk-core (which is started in its
// place with the same arguments): <prefix>/bin/wasisdk, or the build tree's.
std::filesystem::path front_binary();

// The first executable `name` in PATH's directories, as execvp finds it.
std::optional<std::filesystem::path> find_on_path(const std::string &name);

// Whether `dir` is one of PATH's entries (the same directory, however spelled).
bool dir_on_path(const std::filesystem::path &dir);

} // namespace wasisdk::cli
