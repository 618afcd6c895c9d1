// net_backend.h for the lightweight `wasisdk`: hands the command to wasisdk-core.
#include "base/error.h"
#include "net_backend.h"
#include "program_paths.h"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <unistd.h>
#include <vector>

namespace wasisdk::cli {

namespace {

std::vector<char *> saved_argv;

[[noreturn]] void hand_over() {
    auto core = find_helper("wasisdk-core");
    if (!core)
        throw Error("wasisdk-core is missing (looked for " +
                        helper_candidates("wasisdk-core").front().string() + ")",
                    "reinstall wasisdk");
    saved_argv[0] = const_cast<char *>(core->c_str());
    ::execv(core->c_str(), saved_argv.data());
    throw Error("cannot run " + core->string() + ": " + std::strerror(errno), "reinstall wasisdk");
}

} // namespace

void remember_command_line(int argc, char **argv) {
    saved_argv.assign(argv, argv + argc);
    saved_argv.push_back(nullptr);
}

void require_core() {
    hand_over();
}

std::vector<InstallOutcome> net_install(const Store &, FetchOptions, const GlobalOptions &,
                                        const Manifest &, const std::vector<InstallRequest> &,
                                        const InstallOptions &) {
    hand_over();
}

std::vector<RustStdOutcome> net_rust_std_install(const Store &, FetchOptions, const GlobalOptions &,
                                                 const RustcInfo &,
                                                 const std::vector<std::string> &,
                                                 const std::optional<std::filesystem::path> &,
                                                 const std::string &) {
    hand_over();
}

std::string net_fetch_text(const std::string &, const FetchOptions &) {
    hand_over();
}

MirrorResult net_mirror(const Manifest &, const std::filesystem::path &, const MirrorRequest &,
                        FetchOptions, const GlobalOptions &, const Reporter &) {
    hand_over();
}

SelfUpdateOutcome net_self_update(const Store &, FetchOptions, const std::string &,
                                  const std::filesystem::path &, const std::string &, bool,
                                  const GlobalOptions &) {
    hand_over();
}

std::optional<VerifiedReleaseManifest>
net_load_cached_release_manifest(const Home &, const std::vector<TrustedKey> &,
                                 const ManifestOptions &) {
    hand_over();
}

RefreshOutcome net_refresh_release_manifest(const Store &, const FetchOptions &,
                                            const ReleaseManifestSource &, const Manifest &,
                                            const ManifestOptions &) {
    hand_over();
}

} // namespace wasisdk::cli
