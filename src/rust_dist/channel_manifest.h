#pragma once
// Rust's channel manifests (manifest v2, TOML): where the rust-std package for a target
// is and its sha256. Prefers zst, then xz, then gz, as rustup does.
#include "rust/rustc_probe.h"

#include <string>
#include <string_view>

namespace wasisdk {

struct RustStdPackage {
    std::string version; // pkg.rust-std.version
    std::string url;
    std::string sha256;
};

// <server>/dist/channel-rust-<release>.toml for stable releases,
// <server>/dist/<commit-date>/channel-rust-<channel>.toml for beta and nightly.
// Throws Error when a beta/nightly rustc does not say its commit date.
std::string channel_manifest_url(const std::string &server, const RustcInfo &rustc);

// Throws Error naming `origin` for malformed TOML, a missing package, or
// `available = false`.
RustStdPackage find_rust_std(std::string_view toml_text, const std::string &origin,
                             const std::string &target);

// The hash in a `.sha256` file ("<hex>  <name>"); throws Error when there is none.
std::string parse_sha256_file(const std::string &text, const std::string &origin);

} // namespace wasisdk
