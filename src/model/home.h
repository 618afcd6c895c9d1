#pragma once
// The layout of $WASISDK_HOME (docs/architecture.md has the picture); the names are
// exec_path/home_layout.h's, which the driver reads too:
//   default                  name of the default SDK (one line)
//   toolchains/<name>/       one installed or linked SDK:
//       receipt.json         what was installed, from where, and what the tree offers
//       sdk/                 the SDK tree (a symlink for `wasisdk link`)
//       compat/<triple>/     C++ compat archives (exec_path/cxx_compat.h)
//   sysroots/<version>/      `--component sysroot` installs (same shape)
//   builtins/<version>/      `--component builtins` installs (same shape)
//   downloads/<sha256>       verified archives, the download cache
//   downloads/*.part         partial downloads, resumed with HTTP Range
//   tmp/                     extraction and removal in progress; stale after a crash
//   bin/                     wasisdk's own links (driver wrappers)
//   prefix/<target>/         where CMake installs wasm libraries by default, and finds them
//   release-manifest/        the signed release manifest `wasisdk update` fetched
//                            (store/release_manifest_cache.h)
//   .lock                    held by every command that changes the home
// Every change to toolchains/ is a rename, so a crash leaves the old or the new state.
#include "exec_path/home_layout.h"
#include "model/manifest.h"
#include "model/version.h"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace wasisdk {

namespace fs = std::filesystem;

struct Home {
    fs::path root;

    fs::path install_area(ArtifactKind kind) const;
    // <area>/<name>. Throws Error unless `name` follows the install-name rule
    // (exec_path/install_name.h), so no path made from a name leaves its area.
    fs::path install_dir(ArtifactKind kind, const std::string &name) const;
    fs::path toolchain_dir(const std::string &name) const {
        return install_dir(ArtifactKind::sdk, name);
    }
    fs::path downloads() const { return root / WSD_HOME_DOWNLOADS; }
    fs::path tmp() const { return root / WSD_HOME_TMP; }
    fs::path bin() const { return root / WSD_HOME_BIN; }
    fs::path lock_file() const { return root / WSD_HOME_LOCK; }
    fs::path default_file() const { return root / WSD_HOME_DEFAULT; }
    fs::path release_manifest_dir() const { return root / WSD_HOME_RELEASE_MANIFEST; }
    fs::path cmake_dir() const { return root / WSD_HOME_CMAKE; }
    fs::path prefix() const { return root / WSD_HOME_PREFIX; }

    // Names of the installs of `kind` that are complete (have a receipt), sorted.
    std::vector<std::string> installed(ArtifactKind kind) const;

    // The default SDK's name, if one is set.
    std::optional<std::string> default_sdk() const;
};

// The install-name rule (exec_path/install_name.h): whether `name` may name an install.
bool valid_install_name(const std::string &name);

// Throws Error(usage) naming `what` (e.g. "--from's version") unless `name` is valid.
void require_install_name(const std::string &name, const std::string &what);

// Tree and receipt inside an install directory.
inline fs::path tree_of(const fs::path &install_dir) {
    return install_dir / WSD_INSTALL_TREE;
}
inline fs::path receipt_of(const fs::path &install_dir) {
    return install_dir / WSD_INSTALL_RECEIPT;
}

// --home, else WASISDK_HOME, else $HOME/.wasisdk. Throws when none can be determined.
Home resolve_home(const std::optional<std::string> &flag);

} // namespace wasisdk
