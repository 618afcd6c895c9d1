#pragma once
// rust-installer components in a rustc sysroot, recorded as rust-installer and rustup
// record them so that rustup sees what wasisdk installed:
//   lib/rustlib/components              installed component names, one per line
//   lib/rustlib/manifest-<component>    its file:/dir: lines, used to uninstall
//   lib/rustlib/rust-installer-version  "3"
// The tarball's install.sh is never run. A component's files all live under
// lib/rustlib/<target>/, which appears with one rename from a stage (sysroot_lock.h):
// a failure leaves the sysroot as it was (records included), and uninstall restores it
// exactly. Every change holds the sysroot's lock; records are written in the stage and
// renamed into place, so no temporary with a guessable name is ever made in lib/rustlib.
#include "rust/sysroot_lock.h"

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace wasisdk {

std::vector<std::string> installed_components(const std::filesystem::path &sysroot);

// Takes the sysroot's lock (telling `note` why it waits, when it does) and puts right
// what a killed command left there: deletes stale stages, after finishing an uninstall
// that had already moved its files out.
SysrootLock lock_sysroot(const std::filesystem::path &sysroot,
                         const std::function<void(const std::string &)> &note);

// The same cleanup for read-only commands, only when a killed command left a stage or
// the lock file and nobody holds the lock: never fails, never waits, and writes nothing
// to a sysroot that has neither.
void tidy_sysroot(const std::filesystem::path &sysroot) noexcept;

// Installs `component` (e.g. rust-std-wasm32-wasi) from an unpacked rust-installer tree
// (the directory holding `components` and `rust-installer-version`) that lies inside
// `stage`: the listed files are moved, not copied. Returns the number of files installed.
// Throws Error when the tree is malformed, names a path outside lib/rustlib/<target>/ or
// anything but files and directories, or the target directory exists unrecorded.
std::size_t install_rust_component(const SysrootLock &lock, const SysrootStage &stage,
                                   const std::filesystem::path &unpacked,
                                   const std::string &component);

// Removes what manifest-<component> lists and the records. Throws Error when the
// component is not recorded.
void uninstall_rust_component(const SysrootLock &lock, const std::string &component);

} // namespace wasisdk
