// wasisdk env [--target T] [--link external|self-contained] [--emulate LIST]
//             [--rustc PATH] [--shell sh|fish|pwsh|json]
// The environment that points build tools at the active SDK and, with --target, at the
// wrappers: CC_<t>, CXX_<t>, AR_<t>, cargo's linker and flags, CMAKE_TOOLCHAIN_FILE; and
// what ccache and sccache need to tell SDKs apart (compiler_caches.h). <t> is spelled as
// the rustc in use reads it (rust/cargo_target.h): wasm32_wasi for rustc before 1.78.
// Meant for `eval "$(wasisdk env --target wasm32-wasip1)"`, as often as the user likes:
// the PATH entry is added only when it is missing (build_integration.h, shell_script).
#include "base/error.h"
#include "base/quote.h"
#include "build_integration/build_integration.h"
#include "command_table.h"
#include "compiler_caches.h"
#include "context.h"
#include "exec_path/sdk_facts.h"
#include "exec_path_cxx/exec_plan.h"
#include "shared_options.h"
#include "wrapper_setup.h"

#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>

namespace wasisdk::cli {

namespace {

const std::map<std::string, Shell> kShellNames = {
    {"sh", Shell::sh},     {"bash", Shell::sh},   {"zsh", Shell::sh},
    {"fish", Shell::fish}, {"pwsh", Shell::pwsh},
};

struct EnvArgs {
    std::string shell = "sh";
    std::string target;
    std::string link = "external";
    std::string emulate;
    std::string rustc;
};

// "CC_wasm32_wasi, CXX_wasm32_wasi, AR_wasm32_wasi and CARGO_TARGET_WASM32_WASI_*"
std::string variable_names(const std::vector<std::string> &cargo_names) {
    if (cargo_names.size() != 1)
        return "CC_<t>, CXX_<t>, AR_<t> and CARGO_TARGET_<T>_* for each";
    std::string lower = cargo_env_suffix(cargo_names[0], false);
    return "CC_" + lower + ", CXX_" + lower + ", AR_" + lower + " and CARGO_TARGET_" +
           cargo_env_suffix(cargo_names[0], true) + "_*";
}

int run(Context &ctx, const EnvArgs &a) {
    Home home = ctx.home();
    ActiveSdk sdk = ctx.active_sdk();
    // Where the wrappers take it from (exec_path/sdk_facts.h), whatever the receipt says.
    const fs::path sysroot = sdk.root / WSD_SYSROOT_DIR;

    std::vector<std::pair<std::string, std::string>> vars = {
        {"WASI_SDK_PATH", sdk.root.string()},
        {"WASI_SYSROOT", sysroot.lexically_normal().string()},
    };
    // Marks WASI_SDK_PATH as this export, so that it does not outrank pins made later
    // (exec_path/active_sdk.h). A WASI_SDK_PATH the user chose stays a choice.
    if (sdk.rule != ActiveRule::env_sdk_path)
        vars.insert(vars.begin() + 1, {"WASISDK_ENV_SDK_PATH", sdk.root.string()});
    // The wrappers on PATH must resolve pins in this same home: with --home (or a
    // WASISDK_HOME that differs from the default) they would otherwise look in ~/.wasisdk.
    vars.push_back({"WASISDK_HOME", home.root.string()});
    if (!a.target.empty()) {
        const TargetSpec &t = require_target(a.target);
        CargoTargetNames rust = cargo_target_names(t.name, rustc_in_use(a.rustc));
        if (!rust.why.empty())
            ctx.note(rust.why + ": exporting " + variable_names(rust.names));
        ensure_wrappers(ctx, false); // the variables name them: make sure they exist
        for (auto &v : target_environment(home, t, rust.names, parse_link_mode(a.link)))
            vars.push_back(std::move(v));
    }
    // ccache and sccache in front of the wrappers must see the active SDK, not only the
    // wrapper executable (compiler_caches.h).
    for (auto &v : compiler_cache_environment(ctx))
        vars.push_back(std::move(v));
    if (!a.emulate.empty()) {
        parse_emulations(a.emulate); // refuse unknown names here, not at the first compile
        vars.push_back({"WASISDK_EMULATE", a.emulate});
    }
    fs::path path_entry = home.bin();

    std::string shell = ctx.options.json ? "json" : a.shell;
    if (shell == "json") {
        // nlohmann::json escapes; it needs UTF-8, and would otherwise throw type_error.316.
        quote::require_utf8(path_entry.string(), "JSON");
        nlohmann::json doc = {{"path_prepend", {path_entry.string()}}};
        for (const auto &[k, v] : vars) {
            quote::require_utf8(v, "JSON");
            doc["vars"][k] = v;
        }
        ctx.print_json(doc);
    } else {
        std::fputs(shell_script(kShellNames.at(shell), vars, path_entry).c_str(), stdout);
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
                add_rustc_option(app, a->rustc,
                                 "With --target: the rustc whose target name cargo's variables "
                                 "use");
                return [&ctx, a] { return run(ctx, *a); };
            }};
}

} // namespace wasisdk::cli
