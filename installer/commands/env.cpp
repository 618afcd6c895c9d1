// wasisdk env [--shell sh|fish|pwsh|json]: the environment that points build tools at
// the active SDK. Meant for `eval "$(wasisdk env)"`.
#include "base/error.h"
#include "context.h"

#include <cstdio>
#include <nlohmann/json.hpp>

namespace wasisdk::cli {

namespace {

std::string pwsh_quote(const std::string &v) {
    std::string out = "'";
    for (char c : v)
        out += c == '\'' ? std::string("''") : std::string(1, c);
    return out + "'";
}

int run(Context &ctx, const std::string &shell_flag) {
    Home home = ctx.home();
    ActiveSdk sdk = ctx.active_sdk();
    auto receipt = ctx.receipt_of_active(sdk);
    std::string sysroot_rel =
        receipt && !receipt->tree.sysroot.empty() ? receipt->tree.sysroot : "share/wasi-sysroot";
    fs::path sysroot = fs::path(sysroot_rel).is_absolute() ? fs::path(sysroot_rel)
                                                           : sdk.root / sysroot_rel;

    std::vector<std::pair<std::string, std::string>> vars = {
        {"WASI_SDK_PATH", sdk.root.string()},
        {"WASI_SYSROOT", sysroot.lexically_normal().string()},
    };
    std::string path_entry = home.bin().string();

    std::string shell = ctx.options.json ? "json" : shell_flag;
    if (shell == "json") {
        nlohmann::json doc = {{"path_prepend", {path_entry}}};
        for (const auto &[k, v] : vars)
            doc["vars"][k] = v;
        std::printf("%s\n", doc.dump(2).c_str());
    } else if (shell == "fish") {
        for (const auto &[k, v] : vars)
            std::printf("set -gx %s %s;\n", k.c_str(), sh_quote(v).c_str());
        std::printf("set -gx PATH %s $PATH;\n", sh_quote(path_entry).c_str());
    } else if (shell == "pwsh") {
        for (const auto &[k, v] : vars)
            std::printf("$env:%s = %s\n", k.c_str(), pwsh_quote(v).c_str());
        std::printf("$env:PATH = %s + [IO.Path]::PathSeparator + $env:PATH\n",
                    pwsh_quote(path_entry).c_str());
    } else {
        for (const auto &[k, v] : vars)
            std::printf("export %s=%s\n", k.c_str(), sh_quote(v).c_str());
        std::printf("export PATH=%s:\"$PATH\"\n", sh_quote(path_entry).c_str());
    }
    return 0;
}

} // namespace

Command env_command() {
    return {"env", "Print shell exports for the active SDK (eval \"$(wasisdk env)\")",
            [](CLI::App &app, Context &ctx) -> std::function<int()> {
                auto shell = std::make_shared<std::string>("sh");
                app.add_option("--shell", *shell, "sh (default), fish, pwsh or json")
                    ->check(CLI::IsMember({"sh", "fish", "pwsh", "json"}));
                return [&ctx, shell] { return run(ctx, *shell); };
            }};
}

} // namespace wasisdk::cli
