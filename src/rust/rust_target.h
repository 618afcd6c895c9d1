#pragma once
// The name a given rustc knows for a requested WASI target (rust.md):
//   wasm32-wasip1          stable in 1.78; before that the target is wasm32-wasi
//   wasm32-wasi            removed in 1.84; from then on it is wasm32-wasip1
//   wasm32-wasip1-threads  (the 2024 name) from 1.78
//   wasm32-wasip2          tier 2 from 1.82
#include "rust/rustc_probe.h"

#include <string>

namespace wasisdk {

// Throws Error (usage) for unknown targets and (not_found) for a rustc too old.
std::string rust_target_name(const std::string &requested, const RustcInfo &rustc);

} // namespace wasisdk
