// wasisdk show: the active SDK, and which rule chose it.
#include "context.h"
#include "base/json_text.h"
#include "store/tree_probe.h"

#include <cstdio>
#include <nlohmann/json.hpp>

namespace wasisdk::cli {

namespace {

std::string join(const std::vector<std::string> &v) {
    std::string out;
    for (const auto &s : v)
        out += (out.empty() ? "" : ", ") + s;
    return out.empty() ? "none" : out;
}

int run(Context &ctx) {
    Home home = ctx.home();
    ActiveSdk sdk = ctx.active_sdk();
    auto receipt = ctx.receipt_of_active(sdk);
    TreeFacts facts = receipt ? receipt->tree : probe_tree(sdk.root, ArtifactKind::sdk);
    std::string why = describe(sdk.rule);
    if (sdk.rule == ActiveRule::pin_file || sdk.rule == ActiveRule::default_sdk)
        why += " " + sdk.origin;

    if (ctx.options.json) {
        nlohmann::json doc = {{"home", home.root.string()},
                              {"name", sdk.name},
                              {"path", sdk.root.string()},
                              {"rule", why},
                              {"origin", sdk.origin},
                              {"requested", sdk.requested},
                              {"version", receipt ? receipt->version : ""},
                              {"llvm", facts.llvm_version},
                              {"sysroot_targets", facts.sysroot_targets},
                              {"builtins", facts.builtins}};
        std::printf("%s\n", json_text(doc).c_str());
        return 0;
    }
    std::printf("active:  %s (%s)\n", sdk.name.empty() ? sdk.root.c_str() : sdk.name.c_str(),
                why.c_str());
    std::printf("path:    %s\n", sdk.root.c_str());
    if (receipt && receipt->linked)
        std::printf("linked:  %s\n", receipt->linked_path.c_str());
    if (!facts.llvm_version.empty())
        std::printf("llvm:    %s\n", facts.llvm_version.c_str());
    std::printf("targets: %s\n", join(facts.sysroot_targets).c_str());
    std::printf("home:    %s\n", home.root.c_str());
    return 0;
}

} // namespace

Command show_command() {
    return {"show", "Show the active SDK and why it is active",
            [](CLI::App &, Context &ctx) -> std::function<int()> {
                return [&ctx] { return run(ctx); };
            }};
}

} // namespace wasisdk::cli
