#pragma once
// Runs a helper program (e.g. `clang --version`) and captures its output. Used at
// install time and by `doctor`, never on the driver's exec path.
//
// posix_spawn rather than Boost.Process: this is the only spawning the project needs,
// it is 60 lines, and Boost.Process 1.74 would add Boost.Filesystem to the link and
// seconds of compile time to every file that includes it.
#include <string>
#include <vector>

namespace wasisdk {

struct ProcessResult {
    int exit_code = -1; // -1 when the program could not be started or was killed
    std::string output; // stdout and stderr, interleaved
};

ProcessResult run_capture(const std::vector<std::string> &argv);

} // namespace wasisdk
