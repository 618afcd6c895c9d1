#pragma once
// Reads what an SDK tree offers (docs/sdk-releases.md: detect from the tree, not the
// number), at install time: the driver's probe (exec_path/sdk_facts.h: the sysroot's
// triples, wasm-component-ld) plus what only install records: the clang and its version,
// resource dir, builtins, cfg files, libc.so. Runs the tree's clang once if it can.
// Throws Error when the tree's paths do not fit the driver's buffers.
#include "model/manifest.h"
#include "model/receipt.h"

#include <filesystem>

namespace wasisdk {

TreeFacts probe_tree(const std::filesystem::path &root, ArtifactKind kind);

} // namespace wasisdk
