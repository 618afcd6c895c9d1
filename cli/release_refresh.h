#pragma once
// The release list beyond the built-in manifest: the signed manifest `update` fetches
// and GitHub's digests for `install --trust github-digest`.
#include "context.h"

#include <string>
#include <vector>

namespace wasisdk::cli {

// Fetches, verifies and caches the signed release manifest: `update` and `list
// --available --refresh` (commands/update.cpp).
RefreshOutcome refresh_release_list(const Context &ctx);
void report_refresh(const Context &ctx, const RefreshOutcome &outcome);

// install --trust github-digest: GitHub's digest for each requested artifact that no
// manifest pins, added to `manifest` (github_digest.cpp; model/github_release.h).
void add_github_digests(const Context &ctx, Manifest &manifest,
                        const std::vector<InstallRequest> &requests, const std::string &host);

} // namespace wasisdk::cli
