#pragma once
// The distribution's own WASI toolchain as SDKs (store/system_toolchain.h): what
// `wasisdk link --system`, `install --or-system` and `doctor` say and do with it.
#include "context.h"

#include <string>
#include <vector>

namespace wasisdk::cli {

struct SystemLinkRequest {
    std::string name; // empty: system-llvm<N> for each LLVM major linked
    int llvm = 0;     // 0: every LLVM major whose pieces are complete
    bool force = false;
    bool make_default = false;
};

// Registers views of the system's toolchains, the most complete (then the newest) first,
// so that it becomes the default when there is none, and says what each lacks. Throws Error
// (not_found) naming the packages to install when no LLVM major has the pieces. Returns the names.
std::vector<std::string> link_system_toolchains(const Context &ctx,
                                                const SystemLinkRequest &request);

// An install that could not reach its server (`network`): with `link_instead`
// (--or-system), says so in one line and links the system's toolchains; otherwise
// rethrows it, pointing at them when there are some. Returns the exit code.
int offline_fallback(const Context &ctx, const Unreachable &network, bool link_instead,
                     bool make_default);

// "system-llvm19": the name a view of LLVM `major` gets unless the user names it.
std::string system_sdk_name(int major);

// doctor's checks for the system toolchain: of the active SDK's view (`receipt` has
// `system`; `view` is its tree), or of what the system offers when no SDK is active
// (`receipt` null).
struct SystemCheck {
    std::string name, status, detail, fix;
};
std::vector<SystemCheck> system_checks(const Receipt *receipt, const std::filesystem::path &view);

} // namespace wasisdk::cli
