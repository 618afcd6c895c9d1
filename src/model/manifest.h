#pragma once
// The release manifest: which wasi-sdk releases exist, their artifacts per host, and
// the sha256 of each where one is known. The format is a contract with users and
// mirrors (docs/manifest-format.md); every parse error names the file and the JSON
// path of the bad field.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace wasisdk {

enum class ArtifactKind { sdk, sysroot, builtins };

// Who vouches for an artifact's sha256 (docs/manifest-signing.md, "Sources of trust"): a
// manifest's pin (the built-in manifest, --manifest, or a signed release manifest that
// `wasisdk update` fetched), or, only with `install --trust github-digest`, the digest
// GitHub computed when the asset was uploaded: it proves the bytes are the ones in the
// release, not who put them there.
enum class HashTrust { pin, github_digest };

const char *to_string(ArtifactKind kind);
std::optional<ArtifactKind> artifact_kind_from_string(std::string_view s);

struct Artifact {
    ArtifactKind kind = ArtifactKind::sdk;
    std::optional<std::string> host;   // none for host-independent artifacts
    std::string url;                   // absolute, after applying base_url
    std::string base_url;              // its manifest's base_url (mirror paths keep what follows)
    std::optional<std::string> sha256; // lower-case hex
    std::optional<std::uint64_t> size;
    std::string source; // where the sha256 was published
    HashTrust trust = HashTrust::pin;
    std::string pinned_by; // the manifest (or API URL) the sha256 came from

    // The file name at the end of the URL, percent-escapes decoded: wasi-sdk-22.0-linux.tar.gz,
    // or wasi-sysroot-33.0+m.tar.gz for .../wasi-sysroot-33.0%2Bm.tar.gz.
    std::string file_name() const;
};

struct Release {
    std::string version;
    std::string llvm;
    std::vector<Artifact> artifacts;

    // The artifact of `kind` for `host` (host-independent artifacts match any host).
    const Artifact *find(ArtifactKind kind, const std::string &host) const;
    // Hosts that have an artifact of `kind`, for "this release has ..." messages.
    std::vector<std::string> hosts_for(ArtifactKind kind) const;
};

struct Manifest {
    static constexpr int kSchema = 1;
    std::string origin; // "built-in manifest", a path or a URL: named in errors
    std::string base_url;
    // When the manifest was made, "2026-07-21T00:00:00Z" (UTC, this form only, so that
    // text order is time order); "" when it does not say. A signed release manifest
    // must have it: `wasisdk update` refuses one older than the one it has (a rollback).
    std::string generated;
    std::vector<Release> releases;

    const Release *find(const std::string &version) const;
    std::vector<std::string> versions() const;
};

struct ManifestOptions {
    std::optional<std::string> dist_server; // replaces base_url (mirrors)
    bool allow_http = false;                // plain http beyond loopback
    // Whether the manifest itself came from this machine (built in, or --manifest FILE).
    // A manifest fetched from a server may not name file:// URLs: it could make wasisdk
    // read (and a mismatch print the hash of) any local file, /etc/shadow included.
    bool local = true;
    // Where the manifest was read from, as a URL (file:// for a file): when it has no
    // base_url, relative artifact URLs are relative to its directory, as a browser
    // resolves links. So a directory holding manifest.json and the archives beside it
    // (`wasisdk mirror`) works from any static web server or from disk.
    std::optional<std::string> location;
};

Manifest parse_manifest(std::string_view text, const std::string &origin,
                        const ManifestOptions &options = {});

// The manifest compiled into the binary (generated from manifests/wasi-sdk.json).
std::string_view embedded_manifest_text();

// Checks that `url` uses a scheme we fetch from: https, file, or http to a loopback
// address (or anywhere with allow_http); schemes are case-insensitive (RFC 3986 3.1).
// Returns an error message (with the URL sanitized), empty when fine.
std::string check_url_scheme(const std::string &url, bool allow_http);

bool is_sha256_hex(std::string_view s);

// Whether `s` is a UTC time in the one form manifests use: 2026-07-21T00:00:00Z.
bool is_utc_time(std::string_view s);

// Seconds since the epoch of such a time; nullopt when `s` is not one.
std::optional<long long> utc_time_seconds(std::string_view s);

// file:///abs/path with every byte other than unreserved characters and '/'
// percent-encoded (RFC 8089, RFC 3986 2.3).
std::string file_url(const std::string &absolute_path);

// `url` up to and including its last '/' (query and fragment dropped): the base that
// relative references in the document at `url` resolve against.
std::string directory_url(const std::string &url);

} // namespace wasisdk
