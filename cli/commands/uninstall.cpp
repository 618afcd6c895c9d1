// wasisdk uninstall <spec>... [--component sdk|sysroot|builtins]
#include "command_table.h"
#include "context.h"

namespace wasisdk::cli {

Command uninstall_command() {
    return {"uninstall", "Remove installed SDKs (a linked SDK is only forgotten)",
            [](CLI::App &app, Context &ctx) -> std::function<int()> {
                auto specs = std::make_shared<std::vector<std::string>>();
                auto component = std::make_shared<std::string>("sdk");
                app.add_option("spec", *specs, "Installed versions or names")->required();
                app.add_option("--component", *component, "sdk (default), sysroot or builtins")
                    ->check(CLI::IsMember({"sdk", "sysroot", "builtins"}));
                return [&ctx, specs, component] {
                    Store store = ctx.make_store();
                    auto kind = *artifact_kind_from_string(*component);
                    nlohmann::json removed = nlohmann::json::array();
                    for (const auto &spec : *specs) {
                        std::string name = store.uninstall(spec, kind);
                        removed.push_back({{"name", name}, {"component", *component}});
                        ctx.note("uninstalled " +
                                 std::string(kind == ArtifactKind::sdk ? "wasi-sdk " : "") + name +
                                 (kind == ArtifactKind::sdk ? "" : " " + *component));
                    }
                    if (ctx.options.json)
                        ctx.print_json({{"uninstalled", removed},
                                        {"default", ctx.home().default_sdk().value_or("")}});
                    return 0;
                };
            }};
}

} // namespace wasisdk::cli
