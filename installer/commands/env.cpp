// wasisdk env [--target T] [--link external|self-contained] [--emulate LIST]
//             [--shell sh|fish|pwsh|json]
// The environment that points build tools at the active SDK and, with --target, at the
// wrappers: CC_<t>, CXX_<t>, AR_<t>, cargo's linker and flags, CMAKE_TOOLCHAIN_FILE.
// Meant for `eval "$(wasisdk env --target wasm32-wasip1)"`.
#include "base/error.h"
#include "base/json_text.h"
#include "context.h"
#include "driver/exec_plan.h"

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

struct EnvArgs {
    std::string shell = "sh";
    std::string target;
    std::string link = "external";
    std::string emulate;
};

int run(Context &ctx, const EnvArgs &a) {
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
    // Marks WASI_SDK_PATH as this export, so that it does not outrank pins made later
    // (exec_path/active_sdk.h). A WASI_SDK_PATH the user chose stays a choice.
    if (sdk.rule != ActiveRule::env_sdk_path)
        vars.insert(vars.begin() + 1, {"WASISDK_ENV_SDK_PATH", sdk.root.string()});
    if (!a.target.empty()) {
        ensure_wrappers(ctx, false); // the variables name them: make sure they exist
        for (auto &v : target_environment(home, require_target(a.target), parse_link_mode(a.link)))
            vars.push_back(std::move(v));
    }
    if (!a.emulate.empty()) {
        parse_emulations(a.emulate); // refuse unknown names here, not at the first compile
        vars.push_back({"WASISDK_EMULATE", a.emulate});
    }
    std::string path_entry = home.bin().string();

    std::string shell = ctx.options.json ? "json" : a.shell;
    if (shell == "json") {
        nlohmann::json doc = {{"path_prepend", {path_entry}}};
        for (const auto &[k, v] : vars)
            doc["vars"][k] = v;
        std::printf("%s\n", json_text(doc).c_str());
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
                auto a = std::make_shared<EnvArgs>();
                app.add_option("--shell", a->shell,
                               "sh (default; also bash, zsh), fish, pwsh or json")
                    ->check(CLI::IsMember({"sh", "bash", "zsh", "fish", "pwsh", "json"}));
                add_target_options(app, a->target, a->link);
                app.add_option("--emulate", a->emulate,
                               "WASI emulations for the wrappers: mman,signal,process-clocks,"
                               "getpid,long-double");
                return [&ctx, a] { return run(ctx, *a); };
            }};
}

} // namespace wasisdk::cli
