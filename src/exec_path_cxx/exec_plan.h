#pragma once
// The exact command a wrapper runs: the C++ face of exec_path/exec_plan.h (whose
// comment has the rules), for `env`, `doctor`, the tests and the fuzzer. It holds the
// C values (the emulation list, the command as read) rather than copies of them. Errors
// the C code reports are thrown as wasisdk::Error.
#include "exec_path/compiler_args.h"
#include "exec_path/emulations.h"
#include "exec_path/exec_plan.h"
#include "exec_path_cxx/sdk_facts.h"
#include "exec_path_cxx/targets.h"

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace wasisdk {

struct ExecPlan {
    std::string program;           // absolute, or a name searched on PATH (search_path)
    std::vector<std::string> args; // without argv[0]
    // Variables to set unless the user's environment already has them.
    std::vector<std::pair<std::string, std::string>> env;
    bool search_path = false;
};

// WASISDK_EMULATE's list: indices into wsd_emulations, each once, in order.
using Emulations = wsd_emulation_list;

// The sysroot triple that serves `target` on this SDK. Throws Error when none does.
std::string choose_triple(const TargetSpec &target, const SdkFacts &sdk);

// WASISDK_EMULATE: comma-separated names (mman, signal, process-clocks, getpid,
// long-double, setjmp), each once, in order. Throws Error for unknown names.
Emulations parse_emulations(std::string_view value);

// The emulations' names, in order.
std::vector<std::string> emulation_names(const Emulations &emulations);

// Whether this compiler command line links.
bool command_links(const std::vector<std::string> &args);

// The command wsd_plan_exec makes, copied out of a C plan.
ExecPlan to_exec_plan(const wsd_plan &plan);

ExecPlan plan_exec(const Role &role, const SdkFacts &sdk, const std::string &triple,
                   const TripleFacts &triple_facts, const std::vector<std::string> &user_args,
                   const Emulations &emulations = {});

} // namespace wasisdk
