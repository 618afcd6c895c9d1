// wasisdk link <name> <dir>: register an SDK tree that is already on disk (the official
// .deb's /opt/wasi-sdk, a source build), like `rustup toolchain link`.
#include "context.h"

namespace wasisdk::cli {

Command link_command() {
    return {"link", "Register an SDK directory already on disk under a name",
            [](CLI::App &app, Context &ctx) -> std::function<int()> {
                auto name = std::make_shared<std::string>();
                auto dir = std::make_shared<std::string>();
                auto force = std::make_shared<bool>(false);
                app.add_option("name", *name, "Name to use, e.g. opt")->required();
                app.add_option("dir", *dir, "The SDK's top directory, e.g. /opt/wasi-sdk")
                    ->required();
                app.add_flag("--force", *force, "Replace an SDK of the same name");
                return [&ctx, name, dir, force] {
                    ctx.make_store().link(*name, *dir, *force);
                    ctx.note("linked " + *name + " -> " + *dir);
                    return 0;
                };
            }};
}

} // namespace wasisdk::cli
