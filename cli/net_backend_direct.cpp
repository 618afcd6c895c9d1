// net_backend.h for wasisdk-core: does the work.
#include "install/fetch.h"
#include "install/progress.h"
#include "net_backend.h"

namespace wasisdk::cli {

namespace {

std::unique_ptr<Progress> progress_for(const GlobalOptions &options) {
    // main() has checked the value (auto, always, never).
    auto when = progress_when_from_string(options.progress).value_or(ProgressWhen::automatic);
    return make_progress(choose_progress_style(when, options.quiet));
}

} // namespace

void remember_command_line(int, char **) {}

void require_core() {}

std::vector<InstallOutcome> net_install(const Store &store, FetchOptions fetch,
                                        const GlobalOptions &global, const Manifest &manifest,
                                        const std::vector<InstallRequest> &requests,
                                        const InstallOptions &options) {
    auto progress = progress_for(global);
    fetch.progress = progress.get();
    return install_releases(store, fetch, manifest, requests, options);
}

std::vector<RustStdOutcome> net_rust_std_install(const Store &store, FetchOptions fetch,
                                                 const GlobalOptions &options,
                                                 const RustcInfo &rustc,
                                                 const std::vector<std::string> &targets,
                                                 const std::optional<std::filesystem::path> &from,
                                                 const std::string &dist_server) {
    auto progress = progress_for(options);
    fetch.progress = progress.get();
    return install_rust_std(store, fetch, rustc, targets, from, dist_server);
}

std::string net_fetch_text(const std::string &url, const FetchOptions &fetch) {
    return fetch_text(url, fetch);
}

MirrorResult net_mirror(const Manifest &manifest, const std::filesystem::path &dir,
                        const MirrorRequest &request, FetchOptions fetch,
                        const GlobalOptions &options, const Reporter &report) {
    auto progress = progress_for(options);
    fetch.progress = progress.get();
    return mirror_releases(manifest, dir, request, fetch, report);
}

SelfUpdateOutcome net_self_update(const Store &store, FetchOptions fetch, const std::string &root,
                                  const std::filesystem::path &install_dir,
                                  const std::string &running_version, bool force,
                                  const GlobalOptions &options) {
    auto progress = progress_for(options);
    fetch.progress = progress.get();
    return self_update(store, fetch, root, install_dir, running_version, force);
}

std::optional<VerifiedReleaseManifest>
net_load_cached_release_manifest(const Home &home, const std::vector<TrustedKey> &keys,
                                 const ManifestOptions &options) {
    return load_cached_release_manifest(home, keys, options);
}

RefreshOutcome net_refresh_release_manifest(const Store &store, const FetchOptions &fetch,
                                            const ReleaseManifestSource &source,
                                            const Manifest &built_in,
                                            const ManifestOptions &options) {
    return refresh_release_manifest(store, fetch, source, built_in, options);
}

} // namespace wasisdk::cli
