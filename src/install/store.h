#pragma once
// The store's transactions: install, uninstall, link, default. Every one takes the
// home's lock, works in tmp/ and makes its change visible with a single rename, so a
// crash at any point leaves the old state or the complete new one; the next command
// that takes the lock deletes what a crashed one left in tmp/.
#include "install/fetch.h"
#include "model/home.h"
#include "model/manifest.h"
#include "model/receipt.h"

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace wasisdk {

struct InstallRequest {
    std::string spec; // "22", "22.0", "latest"
    ArtifactKind kind = ArtifactKind::sdk;
};

struct InstallOptions {
    std::optional<std::filesystem::path> from_file; // an archive already on disk
    bool force = false;                              // reinstall what is installed
    bool allow_unverified = false;                   // artifacts without a pinned sha256
    bool make_default = false;
    std::string host; // which host's SDK to fetch
};

struct InstallOutcome {
    std::string name;
    ArtifactKind kind = ArtifactKind::sdk;
    bool already_installed = false;
    bool became_default = false;
};

// Where the store reports what it does. Notes are suppressed by --quiet, warnings not.
struct Reporter {
    std::function<void(const std::string &)> note;
    std::function<void(const std::string &)> warn;
};

class Store {
  public:
    Store(Home home, FetchOptions fetch, Reporter reporter)
        : home_(std::move(home)), fetch_(std::move(fetch)), report_(std::move(reporter)) {}

    const Home &home() const { return home_; }

    // The installed name a request already has, without reading any manifest; nullopt
    // for "latest" (what latest means needs the manifest) and for what is not installed.
    std::optional<std::string> already_installed(const InstallRequest &request) const;

    std::vector<InstallOutcome> install(const Manifest &manifest,
                                        const std::vector<InstallRequest> &requests,
                                        const InstallOptions &options);

    // Returns the removed install's name.
    std::string uninstall(const std::string &spec, ArtifactKind kind);

    void link(const std::string &name, const std::filesystem::path &dir, bool force);

    // Sets the default SDK; returns its installed name.
    std::string set_default(const std::string &spec);

  private:
    struct Planned;

    void prepare_home() const;
    void clean_stale_temporaries() const;
    Planned plan(const Manifest &manifest, const InstallRequest &request,
                 const InstallOptions &options) const;
    void commit(const std::filesystem::path &staged, const std::filesystem::path &target) const;
    void update_default_after_install(const std::string &name, bool requested, bool &became);

    Home home_;
    FetchOptions fetch_;
    Reporter report_;
};

// "2026-11-24T15:00:00Z"
std::string utc_timestamp();

} // namespace wasisdk
