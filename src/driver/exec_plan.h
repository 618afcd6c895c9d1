#pragma once
// The exact command a wrapper runs, as a pure function of the wrapper's role, what the
// SDK offers, the user's arguments and WASISDK_EMULATE. Rules:
//  - the `--target` triple is the best one the SDK's sysroot has for the target
//    (wasm32-wasip1 on an SDK with only lib/wasm32-wasi -> wasm32-wasi, and back);
//  - `--target` and `--sysroot` come first, and are left out when the user gave their
//    own: the user's flags win and nothing is duplicated;
//  - threads targets add -pthread, and at link time the shared-memory flags;
//  - WASISDK_EMULATE adds the -D_WASI_EMULATED_* defines when compiling and the
//    matching -l libraries (after the user's objects) when linking;
//  - C++ without an exception runtime in the SDK gets -fno-exceptions;
//  - what the SDK cannot serve is one Error naming the SDK, the missing piece and the fix.
#include "driver/sdk_facts.h"
#include "driver/targets.h"

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace wasisdk {

struct ExecPlan {
    std::string program;            // absolute, or a name searched on PATH (search_path)
    std::vector<std::string> args;  // without argv[0]
    // Variables to set unless the user's environment already has them (the user's
    // flags win, and so do their PKG_CONFIG_SYSROOT_DIR and PKG_CONFIG_LIBDIR).
    std::vector<std::pair<std::string, std::string>> env;
    bool search_path = false;
};

// The sysroot triple that serves `target` on this SDK. Throws Error when none does.
std::string choose_triple(const TargetSpec &target, const SdkFacts &sdk);

// WASISDK_EMULATE: comma-separated names (mman, signal, process-clocks, getpid,
// long-double). Throws Error for unknown names.
std::vector<std::string> parse_emulations(std::string_view value);

// Whether this compiler command line links (no -c, -S, -E, -fsyntax-only, -M, -MM, and
// at least one input).
bool command_links(const std::vector<std::string> &args);

ExecPlan plan_exec(const Role &role, const SdkFacts &sdk, const std::string &triple,
                   const TripleFacts &triple_facts, const std::vector<std::string> &user_args,
                   const std::vector<std::string> &emulations);

} // namespace wasisdk
