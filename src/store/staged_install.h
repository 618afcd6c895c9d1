#pragma once
// One install being made: the single way an SDK, sysroot or builtins tree enters the
// home, for `install`, `link` and `link --system` alike (vcpkg-tool's shape: extract
// into a sibling `.partial`, then rename). The steps:
//   1. stage    the caller fills tree(), inside a fresh directory in tmp/, and probes it
//               with probe(), which for an SDK starts building its C++ compat archives
//   2. receipt  commit() takes those archives, then writes receipt.json
//   3. commit   one rename makes dir() <area>/<name> (an install already there is swapped
//               out atomically and deleted: Store::commit)
//   4. default  for an SDK, when asked, or when the home has no usable default
// A failure anywhere before 3 leaves the home as it was: the directory in tmp/ is
// deleted on every way out of this object (ScopedTempDir), and a crash leaves it to the
// next command that takes the lock.
#include "base/fs_util.h"
#include "model/receipt.h"
#include "store/store.h"
#include "tree_probe/tree_probe.h"

#include <filesystem>
#include <future>
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

    // Step 1's probe of `root` (tree(), or where a linked tree is), for the receipt.
    // For an SDK, the compat archives (store/cxx_compat.h) are built from `root` on
    // another thread meanwhile: each is a clang and an llvm-ar run, the probe two clang
    // runs, and they overlap on two cores (~40 ms of an install's ~1.1 s,
    // bench/install.sh).
    TreeFacts probe(const std::filesystem::path &root);

    enum class Default {
        leave,    // sysroot and builtins installs: the default names SDKs only
        if_unset, // when the home has no default, or one whose install is gone
        make,     // --default
    };

    // Steps 2 to 4. Fills the receipt's name, component and installed_at; `receipt.tree`
    // is probe()'s. Returns whether the install became the default.
    bool commit(Receipt receipt, Default make_default);

  private:
    const Store &store_;
    ArtifactKind kind_;
    std::string name_;
    ScopedTempDir work_;
    // After work_: a build still running is waited for before its directory goes.
    std::future<std::vector<CompatEntry>> compat_;
};

} // namespace wasisdk
