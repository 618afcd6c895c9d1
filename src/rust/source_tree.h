#pragma once
// A Rust source tree (what x.py builds): found by walking up from a directory to the
// first one holding src/version beside src/bootstrap/, as bootstrap reads its version
// from <root>/src/version ("1.96.0").
#include "rust/rust_target.h"

#include <filesystem>
#include <optional>

namespace wasisdk {

struct RustSourceTree {
    std::filesystem::path root;
    std::string version; // as in src/version, trimmed
    RustRelease release; // for rust_target_name(): errors name the tree and its version
};

// nullopt when no directory from `start` up is a Rust source tree. Throws Error naming
// the file when src/version is there but holds no version.
std::optional<RustSourceTree> find_rust_source_tree(const std::filesystem::path &start);

} // namespace wasisdk
