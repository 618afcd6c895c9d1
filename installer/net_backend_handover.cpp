// net_backend.h for the lightweight `wasisdk`: hands the command to wasisdk-core.
#include "base/error.h"
#include "net_backend.h"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <unistd.h>
#include <vector>

namespace wasisdk::cli {

namespace {

std::vector<char *> saved_argv;

[[noreturn]] void hand_over() {
    namespace fs = std::filesystem;
    std::error_code ec;
    fs::path self = fs::read_symlink("/proc/self/exe", ec);
    // Installed: <prefix>/bin/wasisdk and <prefix>/libexec/wasisdk/wasisdk-core.
    // Build tree: both in the same directory.
    std::vector<fs::path> candidates = {
        self.parent_path().parent_path() / "libexec" / "wasisdk" / "wasisdk-core",
        self.parent_path() / "wasisdk-core",
    };
    for (const auto &core : candidates) {
        if (::access(core.c_str(), X_OK) != 0)
            continue;
        saved_argv[0] = const_cast<char *>(core.c_str());
        ::execv(core.c_str(), saved_argv.data());
        throw Error("cannot run " + core.string() + ": " + std::strerror(errno),
                    "reinstall wasisdk");
    }
    throw Error("wasisdk-core is missing (looked for " + candidates[0].string() + ")",
                "reinstall wasisdk");
}

} // namespace

void remember_command_line(int argc, char **argv) {
    saved_argv.assign(argv, argv + argc);
    saved_argv.push_back(nullptr);
}

void require_net() { hand_over(); }

std::vector<InstallOutcome> net_install(const Store &, FetchOptions, bool, const Manifest &,
                                        const std::vector<InstallRequest> &,
                                        const InstallOptions &) {
    hand_over();
}

std::string net_fetch_text(const std::string &, const FetchOptions &) { hand_over(); }

} // namespace wasisdk::cli
