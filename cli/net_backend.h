#pragma once
// The work that needs the network and archive stack (libcurl, libarchive, OpenSSL).
//
// Loading that stack costs ~6 ms per start (44 shared libraries, measured), which would
// make every `wasisdk env`, `show` or no-op `install` slow. So the CLI is built twice
// from the same sources: `wasisdk`, which does not link the stack and, when a command
// needs it, replaces itself (execv, same arguments) with `wasisdk-core`, which does.
// Commands call these functions before changing anything, so the hand-over is
// invisible: wasisdk-core runs the whole command again from the start.
#include "context.h"
#include "install/install_releases.h"
#include "install/mirror.h"
#include "install/release_manifest.h"
#include "install/rust_std_installer.h"
#include "install/self_update.h"
#include "model/fetch_options.h"

#include <string>
#include <vector>

namespace wasisdk::cli {

// Keeps argv for the hand-over; called first thing in main().
void remember_command_line(int argc, char **argv);

// In `wasisdk`: replaces the process with wasisdk-core. In wasisdk-core: nothing.
void require_core();

// `global` says how to show progress (--quiet, --progress).
std::vector<InstallOutcome> net_install(const Store &store, FetchOptions fetch,
                                        const GlobalOptions &global, const Manifest &manifest,
                                        const std::vector<InstallRequest> &requests,
                                        const InstallOptions &options);

std::vector<RustStdOutcome> net_rust_std_install(const Store &store, FetchOptions fetch,
                                                 const GlobalOptions &global,
                                                 const RustcInfo &rustc,
                                                 const std::vector<std::string> &targets,
                                                 const std::optional<std::filesystem::path> &from,
                                                 const std::string &dist_server);

std::string net_fetch_text(const std::string &url, const FetchOptions &fetch);

MirrorResult net_mirror(const Manifest &manifest, const std::filesystem::path &dir,
                        const MirrorRequest &request, FetchOptions fetch,
                        const GlobalOptions &options, const Reporter &report);

SelfUpdateOutcome net_self_update(const Store &store, FetchOptions fetch, const std::string &root,
                                  const std::filesystem::path &install_dir,
                                  const std::string &running_version, bool force,
                                  const GlobalOptions &options);

// The signed release manifest (install/release_manifest.h): checking a signature needs
// OpenSSL, so even reading the cached one runs in wasisdk-core.
std::optional<VerifiedReleaseManifest>
net_load_cached_release_manifest(const Home &home, const std::vector<TrustedKey> &keys,
                                 const ManifestOptions &options);

RefreshOutcome net_refresh_release_manifest(const Store &store, const FetchOptions &fetch,
                                            const ReleaseManifestSource &source,
                                            const Manifest &built_in,
                                            const ManifestOptions &options);

} // namespace wasisdk::cli
