#pragma once
// The bootstrap.toml (formerly config.toml) settings for building rustc with WASI
// targets (rust.md), merged the way x.py reads them (bootstrap 1.96,
// src/bootstrap/src/core/config/): [build] target gains the targets; [rust] lld = true
// only where bootstrap accepts it; per target wasi-root (bootstrap copies libc.a,
// crt1-command.o and crt1-reactor.o from <wasi-root>/lib/<target>), cc, cxx, ar, and
// the SDK's wasm-ld as linker when the toolchain gets no rust-lld. A value the user set
// is never replaced.
#include <filesystem>
#include <string>
#include <vector>

namespace wasisdk {

struct BootstrapTarget {
    std::string triple;
    std::filesystem::path wasi_root; // <sdk>/share/wasi-sysroot
    std::filesystem::path cc, cxx, ar;
    std::filesystem::path wasm_ld; // <sdk>/bin/wasm-ld; empty when the SDK has none
};

struct BootstrapConfig {
    std::string host; // this machine's Rust triple; bootstrap's unless build.build says
    std::vector<BootstrapTarget> targets;
};

// What a merge wrote and what it left alone, for the command to say.
struct BootstrapMerge {
    std::string text; // the whole bootstrap.toml
    bool lld_written = false;
    std::string user_lld; // rust.lld as the file had it ("false"), kept; empty: unset
    // The host whose [target.<host>] llvm-config is an external LLVM: bootstrap 1.96
    // panics at config parse on rust.lld = true with it ("Cannot enable LLD with
    // `rust.lld = true` when using external llvm-config", config.rs), so lld is left off.
    std::string llvm_config_host;
    bool user_lld_refused = false;  // the user's own rust.lld = true next to that llvm-config
    bool toolchain_has_lld = false; // rust.lld = true after the merge
    std::vector<std::string> linkers_written; // targets given linker = their wasm_ld
    // "target.wasm32-wasip1.cc = '/x' (wasisdk: '/y')": the user's, kept.
    std::vector<std::string> kept;
};

// The fragment for an empty bootstrap.toml, as TOML text.
std::string render_bootstrap_fragment(const BootstrapConfig &config);

// `existing` (a bootstrap.toml, possibly empty) with the settings merged in; every other
// setting is kept (comments are not: TOML is re-serialised). Throws Error naming
// `origin` when `existing` is not valid TOML or build/rust/target/build.target have
// shapes bootstrap would refuse.
BootstrapMerge merge_bootstrap_config(const std::string &existing, const std::string &origin,
                                      const BootstrapConfig &config);

// The Rust triple of a wasisdk host name ("x86_64-linux" -> "x86_64-unknown-linux-gnu").
std::string rust_host_triple(const std::string &host);

} // namespace wasisdk
