#include "install/release_manifest.h"

#include "base/doc_path.h"
#include "base/error.h"
#include "base/text.h"
#include "install/fetch.h"
#include "install/signature.h"
#include "model/manifest_union.h"
#include "store/release_manifest_cache.h"

#include <algorithm>
#include <cctype>

namespace wasisdk {

namespace {

bool is_file_url(const std::string &url) {
    std::string scheme = url.substr(0, std::min<std::size_t>(url.size(), 7));
    std::transform(scheme.begin(), scheme.end(), scheme.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return scheme == "file://";
}

std::string key_names(const std::vector<TrustedKey> &keys) {
    std::string out;
    for (const auto &k : keys)
        out += (out.empty() ? "" : ", ") + k.name;
    return out;
}

// Parses a verified manifest; `url` is where it was fetched from (relative artifact URLs
// resolve against its directory). Only a manifest from this machine may name file://
// artifacts, as for --manifest.
Manifest parse_verified(const std::string &text, const std::string &url, ManifestOptions options) {
    options.local = is_file_url(url);
    options.location = url;
    Manifest m = parse_manifest(text, "signed release manifest " + sanitize_url(url), options);
    if (m.generated.empty())
        throw Error("the signed release manifest " + sanitize_url(url) +
                        " has no `generated` time, so a rollback to an older one could not be "
                        "told apart",
                    "its publisher must add one (see " + doc_reference("manifest-signing.md") +
                        ")");
    // Named with its time in every message and receipt: which list vouched for a hash.
    for (Release &r : m.releases)
        for (Artifact &a : r.artifacts)
            if (a.sha256)
                a.pinned_by = m.origin + " (generated " + m.generated + ")";
    m.origin += " (generated " + m.generated + ")";
    return m;
}

// A cached manifest, verified again with `keys`.
VerifiedReleaseManifest verify_cached(const Home &home, const CachedReleaseManifest &cached,
                                      const std::vector<TrustedKey> &keys,
                                      const ManifestOptions &options) {
    const std::string where = (home.release_manifest_dir() / kReleaseManifestFile).string();
    const std::string dir = home.release_manifest_dir().string();
    if (keys.empty())
        throw Error(where + " cannot be verified: this wasisdk trusts no manifest key",
                    "set WASISDK_MANIFEST_KEY to the public key it was signed with, or remove " +
                        dir);
    auto key = verify_signature(cached.text, cached.signature, keys);
    if (!key)
        throw Error(where + " is not signed by a key this wasisdk trusts (" + key_names(keys) + ")",
                    "set WASISDK_MANIFEST_KEY to the key it was signed with, run wasisdk update, "
                    "or remove " +
                        dir);
    return {parse_verified(cached.text, cached.url, options), cached.url, *key, cached.fetched_at};
}

} // namespace

std::optional<VerifiedReleaseManifest>
load_cached_release_manifest(const Home &home, const std::vector<TrustedKey> &keys,
                             ManifestOptions options) {
    auto cached = read_cached_release_manifest(home);
    if (!cached)
        return std::nullopt;
    return verify_cached(home, *cached, keys, options);
}

RefreshOutcome refresh_release_manifest(const Store &store, const FetchOptions &fetch,
                                        const ReleaseManifestSource &source,
                                        const Manifest &built_in, ManifestOptions options) {
    std::string root = source.root;
    while (root.ends_with("/"))
        root.pop_back();
    if (auto problem = check_url_scheme(root + "/", fetch.allow_http); !problem.empty())
        throw Error("manifest root " + sanitize_url(root) + ": " + problem,
                    "give WASISDK_MANIFEST_ROOT (--manifest-root) an https URL", ExitCode::usage);
    if (source.keys.empty())
        throw Error("no key to verify the release manifest of " + sanitize_url(root) + " with",
                    "set WASISDK_MANIFEST_KEY (--manifest-key) to its publisher's public key "
                    "file (see " +
                        doc_reference("manifest-signing.md") + ")",
                    ExitCode::usage);
    const std::string url = root + "/" + kReleaseManifestFile;
    const std::string text = fetch_text(url, fetch);
    const std::string signature = fetch_text(root + "/" + kReleaseSignatureFile, fetch);
    const std::string fix = "nothing was cached; the releases wasisdk knew stay as they were";
    auto key = verify_signature(text, signature, source.keys);
    if (!key)
        throw Error("the signature of " + sanitize_url(url) + " does not verify with " +
                        (source.keys.size() == 1 ? "the trusted key (" : "any trusted key (") +
                        key_names(source.keys) + ")",
                    fix + "; check WASISDK_MANIFEST_ROOT and WASISDK_MANIFEST_KEY");
    RefreshOutcome out;
    out.current = {parse_verified(text, url, options), sanitize_url(url), *key, utc_timestamp()};
    const Manifest &fresh = out.current.manifest;
    // Also before it is cached: a list that disagrees with a pin is never stored.
    merge_release_manifests(built_in, fresh, fix);

    FileLock lock = store.begin_change();
    std::optional<VerifiedReleaseManifest> previous;
    std::string previous_text;
    try {
        if (auto cached = read_cached_release_manifest(store.home())) {
            previous = verify_cached(store.home(), *cached, source.keys, options);
            previous_text = cached->text;
        }
    } catch (const Error &e) {
        store.report().warn("the cached release manifest is replaced: " + e.one_line());
    }
    if (previous) {
        out.previous_generated = previous->manifest.generated;
        if (fresh.generated < out.previous_generated)
            throw Error(sanitize_url(url) + " was generated " + fresh.generated +
                            ", before the cached release manifest (" + out.previous_generated +
                            "): refused as a rollback",
                        "the cached one stays in use; if the publisher really went back, remove " +
                            store.home().release_manifest_dir().string() + " and update again");
        if (fresh.generated == out.previous_generated && text != previous_text)
            throw Error(sanitize_url(url) + " differs from the cached release manifest but has " +
                            "the same generated time (" + fresh.generated + ")",
                        "the cached one stays in use; a new manifest needs a later time: tell "
                        "its publisher");
    }
    out.changed = !previous || text != previous_text;
    for (const Release &r : fresh.releases)
        if (!built_in.find(r.version))
            out.added.push_back(r.version);
    store_cached_release_manifest(store,
                                  {text, signature, sanitize_url(url), out.current.fetched_at});
    return out;
}

} // namespace wasisdk
