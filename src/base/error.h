#pragma once
// One error type for everything a user can cause or fix. It carries the fix as a
// separate sentence so that the top-level handler can print one line:
//   wasisdk: error: <what> (<fix>)
#include <stdexcept>
#include <string>

struct wsd_error;

namespace wasisdk {

// Documented exit codes (docs/cli.md).
enum class ExitCode : int {
    ok = 0,
    failure = 1,   // the operation failed (network, verification, filesystem)
    usage = 2,     // the command line was wrong
    not_found = 3, // the requested SDK/version/tool does not exist
};

class Error : public std::runtime_error {
  public:
    explicit Error(std::string what, std::string fix = {}, ExitCode code = ExitCode::failure)
        : std::runtime_error(std::move(what)), fix_(std::move(fix)), code_(code) {}

    const std::string &fix() const { return fix_; }
    ExitCode code() const { return code_; }

    // "<what> (<fix>)" or "<what>": the single line shown to users.
    std::string one_line() const;

  private:
    std::string fix_;
    ExitCode code_;
};

// What a function of the C exec path (src/exec_path/) reported, as an Error value.
Error error_of(const wsd_error &err);
// Throws it.
[[noreturn]] void throw_error(const wsd_error &err);

} // namespace wasisdk
