#pragma once
// `wasisdk mirror DIR`: the artifacts of chosen releases and hosts, downloaded and
// verified into DIR at the paths their URLs have relative to the manifest's base_url
// (wasi-sdk-22/wasi-sdk-22.0-linux.tar.gz for the built-in manifest), plus
// DIR/manifest.json listing them with relative URLs and no base_url. So any static web
// server serving DIR at URL works both as `--dist-server URL` (with the manifest the
// mirror was made from) and as `--manifest URL/manifest.json`, and so does DIR on disk
// (`--manifest DIR/manifest.json`). A file already in DIR is hashed, not downloaded
// again: re-running fetches only what is missing or damaged.
#include "model/fetch_options.h"
#include "model/manifest.h"
#include "rust/rustc_probe.h"
#include "store/store.h"

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace wasisdk {

struct MirrorRequest {
    std::vector<std::string> versions;     // specs (22, 25.0, latest); empty: every release
    std::vector<std::string> hosts;        // hosts whose sdk artifacts to take (sysroot and
                                           // builtins serve every host and are always taken)
    bool sdks = true;                      // false: rust-std only
    std::vector<std::string> rust_targets; // rust-std for these (rustc's names), if any
    RustcInfo rustc;
    std::string rust_dist_server;
};

struct MirrorResult {
    std::size_t fetched = 0; // downloaded by this run
    std::size_t present = 0; // already in DIR with the right sha256
    std::uint64_t fetched_bytes = 0;
    std::size_t unpinned = 0; // left out: no pinned sha256 to verify them with
    std::size_t listed = 0;   // artifacts in DIR/manifest.json
    std::size_t rust_fetched = 0, rust_present = 0;
    std::string rust_channel_manifest; // under DIR, when rust-std was mirrored
};

// The path under DIR for an artifact: its URL relative to `base_url`, percent-escapes
// decoded, or <version>/<file name> for a URL outside base_url. Throws Error for a path
// segment that could leave DIR or that a web server would not serve as written.
std::string mirror_path(const Artifact &artifact, const std::string &version,
                        const std::string &base_url);

// rust-std for `targets` (this rustc's names) of `rustc`'s release, from Rust's dist
// server `dist_server`, laid out as that server lays it out (dist/channel-rust-1.63.0.toml,
// dist/2022-08-11/rust-std-....tar.xz), so DIR's URL serves as `rust-std install
// --rust-dist-server`. The channel manifest is checked against its .sha256, then stored
// with the mirrored packages' URLs made relative to it (and a new .sha256): every other
// package it lists keeps its original URL.
struct RustStdMirrorResult {
    std::string channel_manifest; // its path under DIR
    std::size_t fetched = 0;
    std::size_t present = 0;
};

RustStdMirrorResult mirror_rust_std(const std::filesystem::path &dir, const RustcInfo &rustc,
                                    const std::vector<std::string> &targets,
                                    const std::string &dist_server, const FetchOptions &fetch,
                                    const Reporter &report);

// The SDK releases (unless !request.sdks), then rust-std (if request.rust_targets).
MirrorResult mirror_releases(const Manifest &manifest, const std::filesystem::path &dir,
                             const MirrorRequest &request, const FetchOptions &fetch,
                             const Reporter &report);

} // namespace wasisdk
