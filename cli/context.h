#pragma once
// What every command shares: the global options and the objects built from them.
#include "build_integration.h"
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

// A command: its name, one-line help and how it registers its options. The callback
// runs after parsing and returns the exit code.
struct Command {
    const char *name;
    const char *help;
    std::function<std::function<int()>(CLI::App &, Context &)> setup;
};

// One table entry per file in commands/.
Command install_command();
Command uninstall_command();
Command list_command();
Command default_command();
Command which_command();
Command show_command();
Command env_command();
Command link_command();
Command setup_command();
Command cargo_config_command();
Command rust_std_command();
Command doctor_command();
Command bootstrap_config_command();
Command completions_command();
Command gc_command();
Command mirror_command();
Command self_command();
Command help_command();
Command pin_command();
Command man_command();
Command update_command();
std::string join_targets(const std::vector<std::string> &targets);

// Fetches, verifies and caches the signed release manifest: `update` and `list
// --available --refresh` (commands/update.cpp).
RefreshOutcome refresh_release_list(const Context &ctx);
void report_refresh(const Context &ctx, const RefreshOutcome &outcome);

// install --trust github-digest: GitHub's digest for each requested artifact that no
// manifest pins, added to `manifest` (github_digest.cpp; model/github_release.h).
void add_github_digests(const Context &ctx, Manifest &manifest,
                        const std::vector<InstallRequest> &requests, const std::string &host);

// Creates or repairs the wrapper links and CMake files (commands/setup.cpp).
void ensure_wrappers(const Context &ctx, bool report);

// When $WASISDK_HOME/bin is not on PATH: the command that puts it there in the user's
// shell ($SHELL: sh, bash, zsh, fish, pwsh), e.g. `eval "$(wasisdk env)"`, and the file
// that keeps it for new shells (commands/setup.cpp). nullopt when PATH holds it.
struct PathHint {
    std::string command;
    std::string rc_file;
};
std::optional<PathHint> path_hint(const Context &ctx);
// The hint as the lines `install` and `setup` end with.
std::string path_hint_text(const Context &ctx, const PathHint &hint);

// --target and --link, shared by env and cargo-config.
void add_target_options(CLI::App &app, std::string &target, std::string &link);
const TargetSpec &require_target(const std::string &name);
LinkMode parse_link_mode(const std::string &mode);

// --rustc PATH, as env, cargo-config, doctor and rust-std take it; `what` ends the help
// ("The rustc to check"). Unset: the rustc cargo runs (rust/cargo_target.h: $RUSTC, else
// rustc on PATH), which rustc_in_use resolves.
void add_rustc_option(CLI::App &app, std::string &rustc, const std::string &what);
RustcChoice rustc_in_use(const std::string &option);

} // namespace wasisdk::cli
