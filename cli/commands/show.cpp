// wasisdk show: the active SDK, and which rule chose it.
#include "base/fs_util.h"
#include "command_table.h"
#include "context.h"
#include "exec_path/active_sdk.h"
#include "exec_path_cxx/sdk_facts.h"
#include "tree_probe/tree_probe.h"

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

// The rule as a stable word for scripts (docs/cli.md), not prose.
const char *rule_id(ActiveRule rule) {
    switch (rule) {
    case ActiveRule::explicit_request:
        return "argument";
    case ActiveRule::env_sdk_path:
        return "env:WASI_SDK_PATH";
    case ActiveRule::env_sdk_version:
        return "env:WASISDK_SDK";
    case ActiveRule::pin_file:
        return "pin-file";
    case ActiveRule::default_sdk:
        return "default";
    }
    return "";
}

// WASI_SDK_PATH as `wasisdk env` exported it, when it no longer names the active SDK
// (a pin made since, another project): tools that read it would build with another SDK.
std::optional<std::string> stale_export(const ActiveSdk &sdk) {
    auto value = env_var("WASI_SDK_PATH");
    if (!value || wsd_chosen_sdk_path() != nullptr)
        return std::nullopt;
    std::error_code ec;
    if (fs::equivalent(*value, sdk.root, ec))
        return std::nullopt;
    return value;
}

// What wasisdk added for C++ (store/cxx_compat.h), one line per triple where it added
// something or could not; "" for an SDK without a receipt.
std::vector<std::string> compat_lines(const Home &home, const std::string &name,
                                      const std::optional<Receipt> &receipt) {
    if (!receipt)
        return {};
    if (!receipt->cxx_compat)
        return {"not checked: installed before wasisdk checked C++ runtimes (run: wasisdk setup)"};
    std::vector<std::string> lines;
    for (const auto &c : *receipt->cxx_compat) {
        if (c.thread_atexit == "fallback")
            lines.push_back(c.triple + ": __cxa_thread_atexit from " +
                            (home.toolchain_dir(name) / c.archive).string() +
                            " (the SDK's libc++abi lacks it)");
        else if (c.thread_atexit == "explained")
            lines.push_back(c.triple + ": no __cxa_thread_atexit, so thread_local variables with "
                                       "destructors will not link (threads)");
        else if (c.thread_atexit == "failed")
            lines.push_back(c.triple + ": building the fallback for __cxa_thread_atexit failed: " +
                            c.detail + " (run: wasisdk setup)");
        else if (c.thread_atexit == "unknown")
            lines.push_back(c.triple + ": " + c.detail);
    }
    return lines;
}

nlohmann::json compat_json(const Home &home, const std::string &name,
                           const std::optional<Receipt> &receipt) {
    if (!receipt || !receipt->cxx_compat)
        return nullptr;
    nlohmann::json rows = nlohmann::json::array();
    for (const auto &c : *receipt->cxx_compat)
        rows.push_back(
            {{"triple", c.triple},
             {"thread_atexit", c.thread_atexit},
             {"archive", c.archive.empty() ? "" : (home.toolchain_dir(name) / c.archive).string()},
             {"detail", c.detail}});
    return rows;
}

int run(Context &ctx) {
    Home home = ctx.home();
    ActiveSdk sdk = ctx.active_sdk();
    auto receipt = ctx.receipt_of_active(sdk);
    // What install recorded (clang, builtins: it runs clang), with the triples read now by
    // the driver's probe (exec_path/sdk_facts.h): the ones the wrappers act on.
    TreeFacts facts = receipt ? receipt->tree : probe_tree(sdk.root, ArtifactKind::sdk);
    const SdkFacts live = probe_sdk(sdk.root, "");
    facts.sysroot_targets.clear();
    for (std::size_t i = 0; i < live.triple_count; ++i)
        facts.sysroot_targets.emplace_back(live.triples[i]);
    const std::string why = active_reason(sdk);
    auto stale = stale_export(sdk);
    if (stale)
        ctx.warn("WASI_SDK_PATH=" + *stale +
                 " was exported by `wasisdk env` and is not the active "
                 "SDK, so tools that read it (cc-rs, rustc's bootstrap) use another one; run "
                 "eval \"$(wasisdk env)\" again");

    if (ctx.options.json) {
        nlohmann::json doc = {{"home", home.root.string()},
                              {"name", sdk.name},
                              {"path", sdk.root.string()},
                              {"rule", rule_id(sdk.rule)},
                              {"reason", why},
                              {"stale_wasi_sdk_path", stale ? *stale : ""},
                              {"origin", sdk.origin},
                              {"requested", sdk.requested},
                              {"version", receipt ? receipt->version : ""},
                              {"llvm", facts.llvm_version},
                              {"sysroot_targets", facts.sysroot_targets},
                              {"builtins", facts.builtins},
                              {"cxx_compat", compat_json(home, sdk.name, receipt)}};
        if (receipt && receipt->system)
            doc["system"] = {{"root", receipt->system->root},
                             {"llvm_major", receipt->system->llvm_major},
                             {"distro", receipt->system->distro},
                             {"lacks", receipt->system->lacks}};
        ctx.print_json(doc);
        return 0;
    }
    std::printf("active:  %s (%s)\n", sdk.name.empty() ? sdk.root.c_str() : sdk.name.c_str(),
                why.c_str());
    std::printf("path:    %s\n", sdk.root.c_str());
    if (receipt && receipt->linked)
        std::printf("linked:  %s\n", receipt->linked_path.c_str());
    if (!facts.llvm_version.empty())
        std::printf("llvm:    %s\n", facts.llvm_version.c_str());
    if (receipt && receipt->system) {
        const SystemSource &src = *receipt->system;
        std::printf("system:  a view of LLVM %d and wasi-libc from the packages under %s%s\n",
                    src.llvm_major, src.root.c_str(),
                    src.distro.empty() ? "" : (" (" + src.distro + ")").c_str());
        std::string lacks;
        for (const auto &l : src.lacks)
            lacks += (lacks.empty() ? "" : "; ") + l;
        if (!lacks.empty())
            std::printf("lacks:   %s\n", lacks.c_str());
    }
    std::printf("targets: %s\n", join(facts.sysroot_targets).c_str());
    for (const auto &line : compat_lines(home, sdk.name, receipt))
        std::printf("compat:  %s\n", line.c_str());
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
