#pragma once
// The bootstrap.toml (formerly config.toml) settings for building rustc with WASI
// targets (rust.md): [build] target, [rust] lld = true (the target's documentation
// requires LLD), and per target wasi-root plus the C compilers and archiver.
#include <filesystem>
#include <string>
#include <vector>

namespace wasisdk {

struct BootstrapTarget {
    std::string triple;
    std::filesystem::path wasi_root; // <sdk>/share/wasi-sysroot
    std::filesystem::path cc, cxx, ar;
};

struct BootstrapConfig {
    std::string host; // the build machine's Rust triple, kept in [build] target
    std::vector<BootstrapTarget> targets;
};

// The fragment as TOML text.
std::string render_bootstrap_fragment(const BootstrapConfig &config);

// `existing` (a bootstrap.toml, possibly empty) with the fragment merged in: build.target
// gains the targets (keeping the user's), rust.lld is set, target.<triple> tables get
// the keys; every other setting is kept (comments are not: TOML is re-serialised).
// Throws Error naming `origin` when `existing` is not valid TOML.
std::string merge_bootstrap_config(const std::string &existing, const std::string &origin,
                                   const BootstrapConfig &config);

// The Rust triple of a wasisdk host name ("x86_64-linux" -> "x86_64-unknown-linux-gnu").
std::string rust_host_triple(const std::string &host);

} // namespace wasisdk
