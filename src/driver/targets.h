#pragma once
// The targets the wrappers serve and the tools each wrapper name stands for.
// Wrapper names are `<target>-<tool>`, e.g. wasm32-wasip1-clang, wasm32-wasi-ar. Names
// end in -clang/-clang++ on purpose: rustc picks the linker flavour from the linker's
// file name and drives a name ending in "clang" like a C compiler (rust.md).
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace wasisdk {

struct TargetSpec {
    const char *name;
    // Sysroot triples that can serve this target, best first: an old SDK knows only
    // wasm32-wasi, a new one (34+) only wasm32-wasip1 (sdk-releases.md).
    std::vector<const char *> triples;
    bool threads = false;        // -pthread and shared-memory link flags
    bool component = false;      // links through wasm-component-ld (wasip2)
    const char *needs = "";      // what an SDK lacking it should be, for the error
};

const std::vector<TargetSpec> &target_table();
const TargetSpec *find_target(std::string_view name);

enum class Tool { cc, cxx, ar, ranlib, nm, strip, wasm_ld, pkg_config };

struct ToolSpec {
    const char *suffix;  // in the wrapper name, after "<target>-"
    Tool tool;
    const char *program; // in the SDK's bin/ (pkg-config: the host's, from PATH)
};

const std::vector<ToolSpec> &tool_table();

struct Role {
    const TargetSpec *target = nullptr;
    const ToolSpec *tool = nullptr;
};

// "wasm32-wasip1-clang++" -> {wasm32-wasip1, clang++}. Plain "wasm-ld" means
// wasm32-wasip1's wasm-ld. nullopt for names the driver does not serve.
std::optional<Role> role_from_program_name(std::string_view argv0);

// Every wrapper name `wasisdk setup` links, e.g. for bin/.
std::vector<std::string> all_wrapper_names();

} // namespace wasisdk
