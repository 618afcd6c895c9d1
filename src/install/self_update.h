#pragma once
// wasisdk updating and removing itself, for installs made by packaging/install.sh.
//
// The dist server (WASISDK_UPDATE_ROOT, else the one install.sh recorded; the project
// publishes no binaries of its own yet, so there is no built-in default) serves
//   SHA256SUMS                              "<sha256>  wasisdk-<version>-<host>.tar.gz"
//   wasisdk-<version>-<host>.tar.gz         the portable tarball (cpack, docs/architecture.md)
// and install.sh lays an install out as
//   $WASISDK_HOME/libexec/wasisdk/          wasisdk, wasisdk-core, wasisdk-driver, lib/*.so*,
//                                           INSTALL-RECORD (what `self uninstall` removes)
//   $WASISDK_HOME/bin/wasisdk               -> ../libexec/wasisdk/wasisdk
// so that all three executables and their libraries are one directory, replaced by one
// rename (renameat2 RENAME_EXCHANGE): a command sees the old set or the new, never a mix.
#include "model/fetch_options.h"
#include "store/self_install.h"
#include "store/store.h"

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace wasisdk {

struct DistEntry {
    std::string sha256;
    std::string version; // 0.2.0
    std::string host;    // x86_64-linux
    std::string file;    // wasisdk-0.2.0-x86_64-linux.tar.gz
};

// Parses SHA256SUMS; throws Error naming `origin` and the line for a line that is not
// "<64 hex>  wasisdk-<version>-<host>.tar.gz".
std::vector<DistEntry> parse_dist_index(std::string_view text, const std::string &origin);

// The host this binary was built for (x86_64-linux, arm64-linux, ...).
std::string own_host();

struct SelfUpdateOutcome {
    std::string from_version;
    std::string to_version;
    bool updated = false;
};

// Checks the dist server at `root` and, when it offers another version for own_host()
// (a newer one, or any with `force`), downloads it into the home's tmp/, verifies its
// sha256 from SHA256SUMS (fetched over https, or http to loopback), unpacks it, runs
// its wasisdk-core --version, and swaps it with `install_dir` in one rename. Anything
// failing before the swap leaves the running install as it was.
SelfUpdateOutcome self_update(const Store &store, const FetchOptions &fetch,
                              const std::string &root, const std::filesystem::path &install_dir,
                              const std::string &running_version, bool force);

} // namespace wasisdk
