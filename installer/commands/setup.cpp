// wasisdk setup: creates or repairs the wrapper links in $WASISDK_HOME/bin and the CMake
// toolchain files, and prints the line that puts the wrappers on PATH.
#include "base/error.h"
#include "base/fs_util.h"
#include "build_integration.h"
#include "context.h"
#include "helpers.h"

#include <cstdio>

namespace wasisdk::cli {

void ensure_wrappers(const Context &ctx, bool report) {
    auto driver = find_helper("wasisdk-driver");
    if (!driver)
        throw Error("wasisdk-driver is missing (looked for " +
                        helper_candidates("wasisdk-driver").front().string() + ")",
                    "reinstall wasisdk");
    Home home = ctx.home();
    int changed = setup_wrappers(home, *driver);
    if (report)
        ctx.note(std::to_string(changed) + " wrapper links updated in " + home.bin().string());
}

Command setup_command() {
    return {"setup", "Create or repair the wrappers (wasm32-wasip1-clang, ...) and CMake files",
            [](CLI::App &, Context &ctx) -> std::function<int()> {
                return [&ctx] {
                    ensure_wrappers(ctx, true);
                    std::string bin = ctx.home().bin().string();
                    std::string path = env_var("PATH").value_or("");
                    if ((":" + path + ":").find(":" + bin + ":") == std::string::npos)
                        std::fputs(shell_script(Shell::sh, {}, bin).c_str(), stdout);
                    return 0;
                };
            }};
}

} // namespace wasisdk::cli
