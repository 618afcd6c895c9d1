#pragma once
// The name a given Rust release knows for a requested WASI target (rust.md), one table
// (rust_target.cpp) for an installed rustc (rust-std, doctor) and a source tree
// (bootstrap-config):
//   wasm32-wasip1          stable in 1.78; before that the target is wasm32-wasi
//   wasm32-wasi            removed in 1.84; from then on it is wasm32-wasip1
//   wasm32-wasip1-threads  (the 2024 name) from 1.78
//   wasm32-wasip2          tier 2 from 1.82
#include "rust/rustc_probe.h"

#include <string>
#include <vector>

namespace wasisdk {

// A Rust release as the name rule sees it, and how its errors name it and fix it.
struct RustRelease {
    std::vector<unsigned> version; // {1, 83, 0}
    std::string label;             // "rustc 1.63.0", "the Rust 1.83.0 source tree at /src/rust"
    std::string upgrade;           // "upgrade Rust to": the fix reads "<upgrade> 1.82 or later"
};

// Throws Error (usage) for unknown targets and (not_found) for a release too old.
std::string rust_target_name(const std::string &requested, const RustRelease &release);

// The same for an installed rustc ("rustc <release>", "upgrade Rust to").
std::string rust_target_name(const std::string &requested, const RustcInfo &rustc);

} // namespace wasisdk
