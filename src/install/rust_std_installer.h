#pragma once
// `wasisdk rust-std install`: rust-std for WASI targets into any rustc's sysroot, straight
// from Rust's channel manifests (checked against their .sha256), with the download,
// verification and cache machinery of SDK installs.
#include "model/fetch_options.h"
#include "rust/rustc_probe.h"
#include "store/store.h"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace wasisdk {

// The channel manifest gives no size, so a rust-std download gets a cap rather than an
// exact size: 512 MiB is 24x rustup's 21.3 MiB download of rust-std for wasm32-wasip1,
// and more than a real rust-std unpacked (129 MiB), so even an uncompressed tarball fits.
inline constexpr std::uint64_t kRustStdMaxDownload = 512ull << 20;

struct RustStdOutcome {
    std::string target; // the name this rustc knows
    bool already_installed = false;
    std::size_t files = 0;
    bool verified = false;
};

// `targets` are names this rustc knows (rust_target_name). With `from_file`, that
// tarball is installed (for one target) instead of downloading.
std::vector<RustStdOutcome> install_rust_std(const Store &store, const FetchOptions &fetch,
                                             const RustcInfo &rustc,
                                             const std::vector<std::string> &targets,
                                             const std::optional<std::filesystem::path> &from_file,
                                             const std::string &dist_server);

} // namespace wasisdk
