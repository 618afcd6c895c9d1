#pragma once
// Where `wasisdk update` fetches the signed release manifest, and the public keys it must
// be signed with (docs/manifest-signing.md). Both are build-time settings, the CMake
// cache variables WASISDK_MANIFEST_ROOT (a URL) and WASISDK_MANIFEST_KEYS (PEM files),
// compiled in by cmake/embed_release_source.cmake. Both are empty by default: the project
// has no signing key and no manifest server yet, and a URL that does not exist would only
// make every `update` fail. At run time WASISDK_MANIFEST_ROOT / --manifest-root names a
// root and WASISDK_MANIFEST_KEY / --manifest-key one more key to trust.
#include <string>
#include <string_view>
#include <vector>

namespace wasisdk {

struct TrustedKey {
    std::string name; // for messages: "built-in key 1 (release-2026.pem)", or the file's path
    std::string pem;  // an Ed25519 public key, PEM (openssl pkey -pubout)
};

// "" when this build has no root.
std::string_view built_in_manifest_root();
std::vector<TrustedKey> built_in_manifest_keys();

// What a manifest root serves: the manifest (same schema as manifests/wasi-sdk.json,
// with `generated`) and its detached Ed25519 signature, 64 raw bytes as
// `openssl pkeyutl -sign -rawin` writes them.
inline constexpr const char *kReleaseManifestFile = "wasi-sdk.json";
inline constexpr const char *kReleaseSignatureFile = "wasi-sdk.json.sig";

} // namespace wasisdk
