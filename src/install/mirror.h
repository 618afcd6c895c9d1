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
#include "store/store.h"

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace wasisdk {

struct MirrorRequest {
    std::vector<std::string> versions; // specs (22, 25.0, latest); empty: every release
    std::vector<std::string> hosts;    // hosts whose sdk artifacts to take (sysroot and
                                       // builtins serve every host and are always taken)
};

struct MirrorResult {
    std::size_t fetched = 0;  // downloaded by this run
    std::size_t present = 0;  // already in DIR with the right sha256
    std::uint64_t fetched_bytes = 0;
    std::size_t unpinned = 0; // left out: no pinned sha256 to verify them with
    std::size_t listed = 0;   // artifacts in DIR/manifest.json
};

// The path under DIR for an artifact: its URL relative to `base_url`, percent-escapes
// decoded, or <version>/<file name> for a URL outside base_url. Throws Error for a path
// segment that could leave DIR or that a web server would not serve as written.
std::string mirror_path(const Artifact &artifact, const std::string &version,
                        const std::string &base_url);

MirrorResult mirror_releases(const Manifest &manifest, const std::filesystem::path &dir,
                             const MirrorRequest &request, const FetchOptions &fetch,
                             const Reporter &report);

} // namespace wasisdk
