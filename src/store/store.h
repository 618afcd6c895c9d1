#pragma once
// The store's transactions that need no network: uninstall, link, default, and the
// primitives an install commits with. Every change takes the home's lock, works in tmp/
// and becomes visible with a single rename, so a crash at any point leaves the old state
// or the complete new one; the next command that takes the lock deletes what a crashed
// one left in tmp/. (Downloads and extraction live in install/install_releases.h.)
#include "base/file_lock.h"
#include "model/home.h"
#include "model/manifest.h"
#include "model/receipt.h"
#include "store/system_toolchain.h"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace wasisdk {

struct InstallRequest {
    std::string spec; // "22", "22.0", "latest"
    ArtifactKind kind = ArtifactKind::sdk;
};

// Where the store reports what it does. Notes are suppressed by --quiet, warnings
// never; details appear with --verbose only.
struct Reporter {
    std::function<void(const std::string &)> note;
    std::function<void(const std::string &)> warn;
    std::function<void(const std::string &)> detail;
};

class Store {
  public:
    Store(Home home, Reporter reporter) : home_(std::move(home)), report_(std::move(reporter)) {}

    const Home &home() const { return home_; }
    const Reporter &report() const { return report_; }

    // The installed name a request already has (model/active_sdk.h's lookup), without
    // reading any manifest; nullopt for "latest" (what latest means needs the manifest)
    // and for what is not installed.
    std::optional<std::string> already_installed(const InstallRequest &request) const;

    // Returns the removed install's name.
    std::string uninstall(const std::string &spec, ArtifactKind kind);

    void link(const std::string &name, const std::filesystem::path &dir, bool force);

    // Registers a view of the system's LLVM `llvm` (system_toolchain.h) as SDK `name`.
    // An SDK of that name is replaced when it is such a view too (the packages may have
    // changed since), otherwise only with `force`. Returns whether it became the default.
    bool link_system(const std::string &name, const SystemProbe &probe, const SystemLlvm &llvm,
                     bool force, bool make_default);

    // Sets the default SDK; returns its installed name.
    std::string set_default(const std::string &spec);

    // `wasisdk setup`: brings every installed SDK's C++ compat archives
    // (store/cxx_compat.h) in line with its tree: builds them for receipts made before
    // wasisdk checked, retries failed builds, and rebuilds where a tree that is not
    // ours (`link`, `link --system`) changed. Returns the names it changed.
    std::vector<std::string> repair_cxx_compat() const;

    // --- primitives for transactions (the installer uses these) ---

    // Creates the home, takes its lock and deletes stale temporaries. Hold the result
    // for as long as the change runs. `removed`, when given, receives each temporary
    // deleted and its size in bytes (for `wasisdk gc`).
    using Removed = std::vector<std::pair<std::filesystem::path, std::uint64_t>>;
    FileLock begin_change(Removed *removed = nullptr) const;

    // wasisdk's own temporaries in tmp/ (kTempPrefixes). With the lock held, none of
    // them belongs to a live command.
    std::vector<std::filesystem::path> own_temporaries() const;

    // Makes `staged` (a directory with receipt.json and sdk/) visible as `target` with
    // one rename; an existing target is swapped out atomically and deleted.
    void commit(const std::filesystem::path &staged, const std::filesystem::path &target) const;

    // Builds the C++ compat archives for SDK `name`'s `tree` into `staged` (the install
    // directory being made) and tells the user what they should know (describe_compat).
    // Returns the receipt's entries.
    std::vector<CompatEntry> add_cxx_compat(const std::filesystem::path &tree,
                                            const std::filesystem::path &staged,
                                            const std::string &name) const;
    // The telling part of add_cxx_compat, for entries built elsewhere.
    void report_cxx_compat(const std::vector<CompatEntry> &entries, const std::string &name) const;

    // After installing SDK `name`: makes it the default when asked, or when there is no
    // usable default. Returns whether it became the default.
    bool update_default_after_install(const std::string &name, bool requested) const;

  private:
    void clean_stale_temporaries(Removed *removed) const;

    Home home_;
    Reporter report_;
};

// "2026-11-24T15:00:00Z"
std::string utc_timestamp();

// "wasi-sdk 25.0": how messages name the SDK installed as `name`.
std::string sdk_label(const std::string &name);

} // namespace wasisdk
