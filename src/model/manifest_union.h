#pragma once
// The releases wasisdk offers once `wasisdk update` has fetched a signed release
// manifest (docs/manifest-signing.md): the built-in manifest's, plus what the refreshed
// one adds. A pin compiled into the binary always wins:
//  - a release, or an artifact (kind and host), only the refreshed manifest lists is
//    added;
//  - an artifact both list keeps the built-in entry when that has a sha256; when it has
//    none, the refreshed entry (with its sha256) takes its place;
//  - a refreshed sha256 that differs from a built-in pin is an Error naming both hashes,
//    their `source` fields and the manifests they are from.
#include "model/manifest.h"

#include <string>

namespace wasisdk {

// `fix` is the way out the caller offers for a disagreement (at `update`: nothing was
// cached; later: update again, or remove the cached manifest).
Manifest merge_release_manifests(const Manifest &built_in, const Manifest &refreshed,
                                 const std::string &fix);

} // namespace wasisdk
