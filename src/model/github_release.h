#pragma once
// `install --trust github-digest` (docs/manifest-signing.md, "GitHub's digests"): for an
// artifact no manifest pins, GitHub's REST API "Get a release by tag name"
//   GET <api>/repos/WebAssembly/wasi-sdk/releases/tags/wasi-sdk-<N>
// lists the release's assets, each with `name`, `browser_download_url` and, for assets
// uploaded since GitHub's change of 2025-06-03 ("Releases now expose digests for release
// assets"), `digest`: "sha256:<hex>", computed by GitHub on upload (null for older
// assets, which were not backfilled). A weaker source of trust than a pin: it proves
// the bytes are what was uploaded to the release, not who uploaded them.
#include "model/manifest.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace wasisdk {

// GitHub's API, unless WASISDK_GITHUB_API names another root (tests, GitHub Enterprise).
inline constexpr const char *kGithubApi = "https://api.github.com";
inline constexpr const char *kWasiSdkRepo = "WebAssembly/wasi-sdk";

struct GithubAsset {
    std::string name;
    std::string url;                   // browser_download_url
    std::optional<std::string> sha256; // from `digest`, lower-case hex; none when null
};

// The tag of release `version`: wasi-sdk-<its first number> (every release since 16;
// manifests/SOURCES.md). Throws Error(usage) for a version that is no N or N.0, whose
// tag is not known.
std::string github_release_tag(const std::string &version);

// <api>/repos/WebAssembly/wasi-sdk/releases/tags/<tag>
std::string github_release_url(const std::string &api_root, const std::string &tag);

// The assets of a "Get a release" response. Throws Error naming `origin` and the JSON
// path when it is not that shape. A digest that is not "sha256:<64 hex>" counts as none.
std::vector<GithubAsset> parse_github_release(std::string_view text, const std::string &origin);

// The file name of release `version`'s artifact of `kind` for `host`, as wasi-sdk names
// them since 23 (sdk) and 26 (libclang_rt): wasi-sdk-35.0-x86_64-linux.tar.gz,
// wasi-sysroot-35.0.tar.gz, libclang_rt-35.0.tar.gz (manifests/SOURCES.md). For a
// release no manifest lists, that naming is what wasisdk looks for among the assets.
std::string github_asset_name(ArtifactKind kind, const std::string &version,
                              const std::string &host);

} // namespace wasisdk
