#pragma once
// One wrapper call, prepared exactly as the driver prepares it: the C++ face of
// exec_path/wrapper_call.h (whose comment lists the decisions), for `doctor`, the tests
// and the fuzzer. The environment can be a fake one: the call reads nothing else from
// the process's environment.
#include "base/error.h"
#include "exec_path/wrapper_call.h"
#include "exec_path_cxx/exec_plan.h"

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace wasisdk {

struct WrapperCall {
    std::string wrapper;             // argv[0], e.g. "wasm32-wasip1-clang"
    std::vector<std::string> args;   // argv[1...]
    std::optional<std::string> home; // nullopt: WASISDK_HOME, else $HOME/.wasisdk
    std::string cwd;                 // where the pin-file search starts
    // The environment the call sees; nullopt: the process's.
    std::optional<std::map<std::string, std::string>> env;
    std::optional<std::string> self; // this executable, which the program must not be
};

// The outcome: the C values as the driver holds them, and the error as a value (the
// call's own failures are what `doctor` and the tests look at, not exceptions).
class PreparedCall {
  public:
    bool ok() const { return !error_; }
    const std::optional<Error> &error() const { return error_; }
    // The step that failed, or WSD_STEP_READY; the fields of earlier steps are filled.
    wsd_call_step step() const { return c_->step; }
    const wsd_prepared_call &c() const { return *c_; }
    // The command to run (ok() only).
    ExecPlan plan() const { return to_exec_plan(c_->plan); }

  private:
    friend PreparedCall prepare_call(const WrapperCall &call);
    PreparedCall() = default;
    struct State; // the C struct (~50 KB) and the strings it points into
    std::shared_ptr<State> state_;
    const wsd_prepared_call *c_ = nullptr; // in state_
    std::optional<Error> error_;
};

// Throws Error only for a wrapper name the driver does not serve.
PreparedCall prepare_call(const WrapperCall &call);

} // namespace wasisdk
