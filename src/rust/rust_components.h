#pragma once
// rust-installer components in a rustc sysroot, recorded as rust-installer and rustup
// record them so that rustup sees what wasisdk installed:
//   lib/rustlib/components              installed component names, one per line
//   lib/rustlib/manifest-<component>    its file:/dir: lines, used to uninstall
//   lib/rustlib/rust-installer-version  "3"
// The tarball's install.sh is never run. A component's files all live under
// lib/rustlib/<target>/, which appears with one rename: a failure leaves the sysroot as
// it was, and uninstall restores it exactly.
#include <filesystem>
#include <string>
#include <vector>

namespace wasisdk {

std::vector<std::string> installed_components(const std::filesystem::path &sysroot);

// Installs `component` (e.g. rust-std-wasm32-wasi) from an unpacked rust-installer tree
// (the directory holding `components` and `rust-installer-version`). Returns the number
// of files installed. Throws Error when the tree is malformed, names a path outside
// lib/rustlib/<target>/, or the target directory already exists.
std::size_t install_rust_component(const std::filesystem::path &unpacked,
                                   const std::filesystem::path &sysroot,
                                   const std::string &component);

// Removes what manifest-<component> lists and the records. Throws Error when the
// component is not recorded.
void uninstall_rust_component(const std::filesystem::path &sysroot, const std::string &component);

} // namespace wasisdk
