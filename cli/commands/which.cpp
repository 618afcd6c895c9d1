// wasisdk which <tool>: the path of a tool in the active SDK.
#include "base/error.h"
#include "command_table.h"
#include "context.h"

#include <cstdio>

namespace wasisdk::cli {

Command which_command() {
    return {
        "which", "Print the path of a tool (clang, wasm-ld, llvm-ar, ...) in the active SDK",
        [](CLI::App &app, Context &ctx) -> std::function<int()> {
            auto tool = std::make_shared<std::string>();
            app.add_option("tool", *tool, "clang, clang++, wasm-ld, ar, llvm-ar, ...")->required();
            return [&ctx, tool] {
                ActiveSdk sdk = ctx.active_sdk();
                std::error_code ec;
                // "ar" and "nm" also find llvm-ar and llvm-nm: releases ship both
                // spellings, sometimes only the llvm- one.
                for (const std::string &name : {*tool, "llvm-" + *tool}) {
                    fs::path p = sdk.root / "bin" / name;
                    if (name.find('/') == std::string::npos && fs::exists(p, ec)) {
                        if (ctx.options.json)
                            ctx.print_json(
                                {{"tool", *tool}, {"path", p.string()}, {"sdk", sdk.name}});
                        else
                            std::printf("%s\n", p.c_str());
                        return 0;
                    }
                }
                std::string label = sdk.name.empty() ? sdk.root.string() : "wasi-sdk " + sdk.name;
                throw Error(label + " has no tool named '" + *tool + "' in bin/",
                            "see the tools it has: ls " + (sdk.root / "bin").string(),
                            ExitCode::not_found);
            };
        }};
}

} // namespace wasisdk::cli
