#pragma once
// Detached Ed25519 signatures (RFC 8032), checked with OpenSSL's EVP interface: what
// vouches for a release manifest that `wasisdk update` fetched (docs/manifest-signing.md
// has the openssl commands that make them). No crypto of our own: key parsing, the
// curve and the check are OpenSSL's.
#include "model/release_source.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace wasisdk {

// Ed25519 signatures are 64 bytes (RFC 8032 5.1.6); anything else is no signature.
inline constexpr std::size_t kEd25519SignatureBytes = 64;

// The name of the first key in `keys` under which `signature` is a valid signature of
// `message`, or nullopt when none is. Throws Error naming the key when a key is not an
// Ed25519 public key in PEM (a trust setting that can never verify anything is a
// mistake to report, not a failed check).
std::optional<std::string> verify_signature(std::string_view message, std::string_view signature,
                                            const std::vector<TrustedKey> &keys);

} // namespace wasisdk
