#pragma once
// The home's wrapper links and CMake files, and the PATH line that makes them reachable.
#include "context.h"

#include <string>
#include <vector>

namespace wasisdk::cli {

// Creates or repairs the wrapper links and CMake files (commands/setup.cpp).
void ensure_wrappers(const Context &ctx, bool report);

// When $WASISDK_HOME/bin is not on PATH: the command that puts it there in the user's
// shell ($SHELL: sh, bash, zsh, fish, pwsh), e.g. `eval "$(wasisdk env)"`, and the file
// that keeps it for new shells (commands/setup.cpp). nullopt when PATH holds it.
struct PathHint {
    std::string command;
    std::string rc_file;
};
std::optional<PathHint> path_hint(const Context &ctx);
// The hint as the lines `install` and `setup` end with.
std::string path_hint_text(const Context &ctx, const PathHint &hint);

} // namespace wasisdk::cli
