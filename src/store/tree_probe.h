#pragma once
// Reads what an SDK tree offers (sdk-releases.md: detect from the tree, not the
// number): the clang and its version, resource dir, sysroot targets, builtins, cfg
// files, wasm-component-ld. Runs the tree's clang once if it can (install time only).
#include "model/manifest.h"
#include "model/receipt.h"

#include <filesystem>

namespace wasisdk {

TreeFacts probe_tree(const std::filesystem::path &root, ArtifactKind kind);

} // namespace wasisdk
