// wasisdk cargo-config [--target T] [--link self-contained|external]: the
// .cargo/config.toml section equivalent to `wasisdk env --target T`.
#include "base/error.h"
#include "build_integration.h"
#include "context.h"

#include <cstdio>

namespace wasisdk::cli {

Command cargo_config_command() {
    return {"cargo-config", "Print a .cargo/config.toml section that uses the wrappers",
            [](CLI::App &app, Context &ctx) -> std::function<int()> {
                auto target = std::make_shared<std::string>("wasm32-wasip1");
                auto link = std::make_shared<std::string>("external");
                add_target_options(app, *target, *link);
                return [&ctx, target, link] {
                    std::printf("%s", cargo_config(ctx.home(), require_target(*target),
                                                   parse_link_mode(*link))
                                          .c_str());
                    return 0;
                };
            }};
}

} // namespace wasisdk::cli
