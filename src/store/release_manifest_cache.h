#pragma once
// $WASISDK_HOME/release-manifest/: the signed release manifest `wasisdk update` fetched
// (docs/manifest-signing.md), kept so that every later command, offline included, knows
// the releases it lists:
//   wasi-sdk.json        the manifest, byte for byte as it was signed
//   wasi-sdk.json.sig    its detached Ed25519 signature
//   fetched.json         {"url": where it came from (sanitized), "fetched_at": UTC time}
// The directory is replaced as a whole: staged in tmp/release-manifest-XXXXXX, then
// swapped in with one rename (renameat2 RENAME_EXCHANGE when one exists), so a reader
// sees the old manifest with its signature or the new one with its own, never a mix,
// also after kill -9. Its contents are not trusted for being on disk: every command that
// reads them verifies the signature again (install/release_manifest.h).
#include "store/store.h"

#include <optional>
#include <string>

namespace wasisdk {

struct CachedReleaseManifest {
    std::string text;      // the manifest
    std::string signature; // raw bytes
    std::string url;       // where it was fetched from, sanitized
    std::string fetched_at;
};

// Whether the home holds one (without reading it).
bool has_cached_release_manifest(const Home &home);

// nullopt when there is none; Error naming the file when a part is missing or damaged.
std::optional<CachedReleaseManifest> read_cached_release_manifest(const Home &home);

// Replaces the cached manifest; the caller holds the home's lock (Store::begin_change).
void store_cached_release_manifest(const Store &store, const CachedReleaseManifest &cached);

} // namespace wasisdk
