#pragma once
// What points build tools at the wrappers: the links in $WASISDK_HOME/bin, CMake
// toolchain files, cargo settings and the environment `wasisdk env --target` exports.
// Every text is made from plain values (a home, a target of exec_path_cxx/targets.h,
// cargo's target names), so that the unit tests (tests/unit/build_integration_test.cpp,
// cmake_toolchain_test.cpp) read each one back with the tool it is for; the CLI (setup,
// env, cargo-config) only prints or writes it.
#include "exec_path_cxx/targets.h"
#include "model/home.h"
#include "rust_dist/toml_edit.h"

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

namespace wasisdk {

// Creates or repairs bin/<target>-<tool> links to `driver` (and bin/wasisdk-sdk-identity,
// exec_path/sdk_identity.h) and the CMake files under share/cmake. Each link is replaced
// atomically. Returns how many links changed.
int setup_wrappers(const Home &home, const std::filesystem::path &driver);

std::filesystem::path cmake_toolchain_file(const Home &home, const TargetSpec &target);

enum class LinkMode { self_contained, external };

// Variables for a target: CC_<t>, CXX_<t>, AR_<t>, CMAKE_TOOLCHAIN_FILE, and cargo's
// CARGO_TARGET_<T>_LINKER / _RUSTFLAGS for the link mode. <t> is each of `cargo_names`,
// the spellings the rustc in use reads (rust/cargo_target.h); the values are always
// `target`'s wrappers.
std::vector<std::pair<std::string, std::string>>
target_environment(const Home &home, const TargetSpec &target,
                   const std::vector<std::string> &cargo_names, LinkMode mode);

// The .cargo/config.toml settings with the same effect: target.<t>.linker (external
// linking) and rustflags, [env] CC_<t>, CXX_<t>, AR_<t>, for each of `cargo_names`. With
// `by_name`, the wrappers are named as PATH finds them ("wasm32-wasip1-clang": cargo runs
// a linker without a '/' through PATH, as cc-rs does CC_<t>), so the file names no one's
// home; else by path.
struct CargoSetting {
    std::vector<std::string> table; // {"target", "wasm32-wasip1"}, {"env"}
    std::string key;
    TomlValue value;
};
std::vector<CargoSetting> cargo_settings(const Home &home, const TargetSpec &target,
                                         const std::vector<std::string> &cargo_names, LinkMode mode,
                                         bool by_name);

// The settings as a .cargo/config.toml section.
std::string cargo_config(const Home &home, const TargetSpec &target,
                         const std::vector<std::string> &cargo_names, LinkMode mode, bool by_name);

// "wasm32_wasip1" (upper: "WASM32_WASIP1"): a target name as cargo and the cc crate
// spell it in variable names.
std::string cargo_env_suffix(const std::string &name, bool upper);

enum class Shell { sh, fish, pwsh }; // sh: also bash, dash and zsh

// A script in `shell`'s language that exports `vars` and puts `bin` first on PATH unless
// PATH already holds it, so that running it twice leaves PATH as running it once did.
// Every value is quoted by base/quote.h; a `bin` containing ':' (PATH's separator) is
// refused, since no quoting can keep it one PATH entry.
std::string shell_script(Shell shell, const std::vector<std::pair<std::string, std::string>> &vars,
                         const std::filesystem::path &bin);

} // namespace wasisdk
