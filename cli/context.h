#pragma once
// What every command shares: the global options and the objects built from them.
#include "install/release_manifest.h"
#include "model/active_sdk.h"
#include "model/fetch_options.h"
#include "model/home.h"
#include "model/manifest.h"
#include "model/receipt.h"
#include "rust/cargo_target.h"
#include "store/store.h"

#include <CLI/CLI.hpp>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace wasisdk::cli {

inline constexpr const char *kWasisdkVersion = "0.1.0";

// The version of every --json document's shape (docs/cli.md, "JSON output"): raised
// when a field changes meaning or goes away, not when one is added.
inline constexpr int kJsonSchema = 1;

struct GlobalOptions {
    std::string home;
    bool quiet = false;
    bool verbose = false;
    bool json = false;
    std::string manifest;    // --manifest / WASISDK_MANIFEST
    std::string dist_server; // --dist-server / WASISDK_DIST_SERVER
    std::string cacert;      // --cacert / WASISDK_CA_BUNDLE
    bool allow_http = false;
    std::string progress = "auto"; // --progress / WASISDK_PROGRESS: auto, always, never
    std::string manifest_root;     // --manifest-root / WASISDK_MANIFEST_ROOT
    std::string manifest_key;      // --manifest-key / WASISDK_MANIFEST_KEY
};

// The releases commands offer (docs/manifest-signing.md): --manifest alone when given,
// else the built-in manifest merged with the signed release manifest `wasisdk update`
// cached in the home (model/manifest_union.h).
struct ReleaseList {
    Manifest manifest;
    std::optional<VerifiedReleaseManifest> refreshed; // what was merged in, if anything
};

class Context {
  public:
    GlobalOptions options;

    Home home() const;
    FetchOptions fetch_options() const;
    Manifest load_manifest() const { return load_release_list().manifest; }
    ReleaseList load_release_list() const;
    ManifestOptions manifest_options() const;
    // --manifest-root, else the build's (model/release_source.h); "" when neither.
    std::string manifest_root() const;
    // The build's keys, plus --manifest-key's file (an Error when it is missing).
    std::vector<TrustedKey> trusted_keys() const;
    Store make_store() const;
    Reporter reporter() const;

    // The active SDK (active_sdk.h's order) and, for managed ones, its receipt.
    ActiveSdk active_sdk() const;
    std::optional<Receipt> receipt_of_active(const ActiveSdk &sdk) const;

    // One JSON document on stdout: `doc` with "schema" added.
    void print_json(nlohmann::json doc) const;

    // Messages on stderr: notes are silenced by --quiet, warnings are not.
    void note(const std::string &text) const;
    void warn(const std::string &text) const;
    void detail(const std::string &text) const;
};

} // namespace wasisdk::cli
