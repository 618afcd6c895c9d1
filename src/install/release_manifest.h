#pragma once
// `wasisdk update` (docs/manifest-signing.md): the signed release manifest, fetched from
// a manifest root, verified, checked against the cached one and the built-in pins, and
// cached in the home (store/release_manifest_cache.h); and the cached one read back,
// verified again, for every command that lists or installs releases.
#include "model/fetch_options.h"
#include "model/manifest.h"
#include "model/release_source.h"
#include "store/store.h"

#include <optional>
#include <string>
#include <vector>

namespace wasisdk {

struct ReleaseManifestSource {
    std::string root;             // the directory serving wasi-sdk.json and its .sig
    std::vector<TrustedKey> keys; // built in, plus --manifest-key
};

struct VerifiedReleaseManifest {
    Manifest manifest;      // origin: "signed release manifest <url> (generated <time>)"
    std::string url;        // of wasi-sdk.json, sanitized
    std::string key;        // the name of the key that verified it
    std::string fetched_at; // when this home fetched it (UTC)
};

// The home's cached manifest, its signature checked again with `keys` (the home is disk,
// not a trust anchor: a build without the key that signed it, or a damaged file, must
// not be believed), parsed with `options` (dist_server, allow_http). nullopt when the
// home has none; Error when it does not verify or parse.
std::optional<VerifiedReleaseManifest>
load_cached_release_manifest(const Home &home, const std::vector<TrustedKey> &keys,
                             ManifestOptions options);

struct RefreshOutcome {
    VerifiedReleaseManifest current;
    std::string previous_generated; // "" when nothing usable was cached
    bool changed = false;           // false: the root serves what is cached
    std::vector<std::string> added; // its releases that the built-in manifest lacks
};

// Fetches <root>/wasi-sdk.json and <root>/wasi-sdk.json.sig and caches them when:
//  - the signature verifies with one of source.keys;
//  - the manifest parses and has a `generated` time;
//  - that time is not older than the cached manifest's (older: refused as a rollback;
//    the same time with other bytes: refused too, as a publisher's mistake);
//  - it agrees with every pin of `built_in` (model/manifest_union.h).
// Any refusal is an Error and leaves the cached manifest as it was.
RefreshOutcome refresh_release_manifest(const Store &store, const FetchOptions &fetch,
                                        const ReleaseManifestSource &source,
                                        const Manifest &built_in, ManifestOptions options);

} // namespace wasisdk
