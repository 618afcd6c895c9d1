#pragma once
// Finding wasisdk's own executables: installed, wasisdk is <prefix>/bin/wasisdk and its
// helpers are in <prefix>/libexec/wasisdk/; in the build tree all sit in one directory.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace wasisdk::cli {

// Where `name` (wasisdk-core, wasisdk-driver) is expected, in search order.
std::vector<std::filesystem::path> helper_candidates(const std::string &name);
std::optional<std::filesystem::path> find_helper(const std::string &name);

} // namespace wasisdk::cli
