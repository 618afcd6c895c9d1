#pragma once
// The targets the wrappers serve and the tools each wrapper name stands for: the C++
// face of exec_path/targets.h (the driver's own table), for the installer's wrapper
// links, `env`, `cargo-config` and CMake toolchain files.
#include "exec_path/targets.h"

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace wasisdk {

using TargetSpec = wsd_target; // name, triples (NULL-terminated), threads, component, needs
using ToolSpec = wsd_tool;     // suffix, kind, program
using Role = wsd_role;         // target, tool

std::span<const TargetSpec> target_table();
const TargetSpec *find_target(std::string_view name);
std::span<const ToolSpec> tool_table();

// The sysroot triples that can serve `target`, best first.
std::vector<std::string> target_triples(const TargetSpec &target);

// "wasm32-wasip1-clang++" -> {wasm32-wasip1, clang++}. Plain "wasm-ld" means
// wasm32-wasip1's wasm-ld. nullopt for names the driver does not serve.
std::optional<Role> role_from_program_name(std::string_view argv0);

// Every wrapper name `wasisdk setup` links, e.g. for bin/.
std::vector<std::string> all_wrapper_names();

} // namespace wasisdk
