#pragma once
// The exact command a wrapper runs: the C++ face of exec_path/exec_plan.h (whose
// comment has the rules), for `env`, `doctor`, the tests and the fuzzer. Errors the C
// code reports are thrown as wasisdk::Error.
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
    // Variables to set unless the user's environment already has them.
    std::vector<std::pair<std::string, std::string>> env;
    bool search_path = false;
};

// The sysroot triple that serves `target` on this SDK. Throws Error when none does.
std::string choose_triple(const TargetSpec &target, const SdkFacts &sdk);

// WASISDK_EMULATE: comma-separated names (mman, signal, process-clocks, getpid,
// long-double), each once, in order. Throws Error for unknown names.
std::vector<std::string> parse_emulations(std::string_view value);

// Whether this compiler command line links.
bool command_links(const std::vector<std::string> &args);

ExecPlan plan_exec(const Role &role, const SdkFacts &sdk, const std::string &triple,
                   const TripleFacts &triple_facts, const std::vector<std::string> &user_args,
                   const std::vector<std::string> &emulations);

} // namespace wasisdk
