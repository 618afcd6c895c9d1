// wasisdk default [<spec>]: print or set the default SDK.
#include "base/error.h"
#include "command_table.h"
#include "context.h"

#include <cstdio>

namespace wasisdk::cli {

Command default_command() {
    return {"default", "Show or set the default SDK",
            [](CLI::App &app, Context &ctx) -> std::function<int()> {
                auto spec = std::make_shared<std::string>();
                app.add_option("spec", *spec, "Installed version or name to make the default");
                return [&ctx, spec] {
                    if (spec->empty()) {
                        auto name = ctx.home().default_sdk();
                        if (!name)
                            throw Error("no default SDK is set", "run: wasisdk install latest",
                                        ExitCode::not_found);
                        if (ctx.options.json)
                            ctx.print_json({{"default", *name}, {"changed", false}});
                        else
                            std::printf("%s\n", name->c_str());
                        return 0;
                    }
                    std::string name = ctx.make_store().set_default(*spec);
                    if (ctx.options.json)
                        ctx.print_json({{"default", name}, {"changed", true}});
                    else
                        ctx.note("the default SDK is now " + name);
                    return 0;
                };
            }};
}

} // namespace wasisdk::cli
