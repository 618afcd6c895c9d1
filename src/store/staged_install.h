#pragma once
// One install being made: the single way an SDK, sysroot or builtins tree enters the
// home, for `install`, `link` and `link --system` alike (vcpkg-tool's shape: extract
// into a sibling `.partial`, then rename). The steps:
//   1. stage    the caller fills tree(), inside a fresh directory in tmp/
//   2. receipt  commit() builds an SDK's C++ compat archives, then writes receipt.json
//   3. commit   one rename makes dir() <area>/<name> (an install already there is swapped
//               out atomically and deleted: Store::commit)
//   4. default  for an SDK, when asked, or when the home has no usable default
// A failure anywhere before 3 leaves the home as it was: the directory in tmp/ is
// deleted on every way out of this object (ScopedTempDir), and a crash leaves it to the
// next command that takes the lock.
#include "base/fs_util.h"
#include "model/receipt.h"
#include "store/store.h"

#include <filesystem>
#include <string>

namespace wasisdk {

class StagedInstall {
  public:
    // Hold the home's lock (Store::begin_change) for the object's whole life.
    // `temp_prefix` is one of kTempPrefixes ("install-", "link-").
    StagedInstall(const Store &store, ArtifactKind kind, std::string name,
                  const std::string &temp_prefix);

    // Room for work that is not part of the install (an archive unpacked), deleted with
    // the rest.
    std::filesystem::path scratch(const std::string &name) const { return work_ / name; }
    // The install directory being made, and the tree inside it that step 1 fills.
    std::filesystem::path dir() const { return work_ / "staged"; }
    std::filesystem::path tree() const { return tree_of(dir()); }
    // <area>/<name>, where commit() puts it.
    std::filesystem::path target() const;

    enum class Default {
        leave,    // sysroot and builtins installs: the default names SDKs only
        if_unset, // when the home has no default, or one whose install is gone
        make,     // --default
    };

    // Steps 2 to 4. Fills the receipt's name, component and installed_at; `receipt.tree`
    // is the caller's probe. Returns whether the install became the default.
    bool commit(Receipt receipt, Default make_default);

  private:
    const Store &store_;
    ArtifactKind kind_;
    std::string name_;
    ScopedTempDir work_;
};

} // namespace wasisdk
