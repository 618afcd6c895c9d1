#pragma once
// The name a given Rust release knows for a requested WASI target (rust.md), one table
// (rust_target.cpp) for an installed rustc (rust-std, doctor, and the names env and
// cargo-config export: rust/cargo_target.h) and a source tree (bootstrap-config):
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
RustRelease rust_release(const RustcInfo &rustc);

// Why `release` calls `requested` by another name ("no wasm32-wasip1 before Rust 1.78",
// "no wasm32-wasi from Rust 1.84 on"); empty when it calls it `requested`. Throws as
// rust_target_name does.
std::string rust_target_rename_reason(const std::string &requested, const RustRelease &release);

// Every name `requested` has in some Rust release, oldest first: {"wasm32-wasi",
// "wasm32-wasip1"} for both wasm32-wasip1 and wasm32-wasi, one name for the others (and
// for a name the table does not know). For tools that cannot ask the rustc in use.
std::vector<std::string> rust_target_names_of_any_release(const std::string &requested);

} // namespace wasisdk
