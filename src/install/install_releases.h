#pragma once
// `wasisdk install`: plan each request against the manifest, download every artifact at
// once (verified as bytes arrive), then for each: extract into tmp/, probe the tree,
// write the receipt, and commit with one rename (store/store.h).
#include "model/fetch_options.h"
#include "model/manifest.h"
#include "store/store.h"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace wasisdk {

struct InstallOptions {
    std::optional<std::filesystem::path> from_file; // an archive already on disk
    bool force = false;                             // reinstall what is installed
    bool allow_unverified = false;                  // artifacts without a pinned sha256
    bool make_default = false;
    std::string host; // which host's SDK to fetch
};

struct InstallOutcome {
    std::string name;
    ArtifactKind kind = ArtifactKind::sdk;
    bool already_installed = false;
    bool became_default = false;
};

std::vector<InstallOutcome> install_releases(const Store &store, const FetchOptions &fetch,
                                             const Manifest &manifest,
                                             const std::vector<InstallRequest> &requests,
                                             const InstallOptions &options);

} // namespace wasisdk
