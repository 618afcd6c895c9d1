// wasisdk bootstrap-config [--target T]... [--write FILE]
// The bootstrap.toml fragment for building rustc itself with WASI targets, using the
// active SDK; --write merges it into an existing bootstrap.toml / config.toml.
#include "base/error.h"
#include "base/fs_util.h"
#include "base/host.h"
#include "base/quote.h"
#include "base/text.h"
#include "context.h"
#include "model/receipt.h"
#include "model/version.h"
#include "rust/bootstrap_config.h"

#include <cstdio>

namespace wasisdk::cli {

namespace {

// The minimum the target's documentation names (target-wasm32-wasip1.txt).
constexpr unsigned kMinimumSdk = 22;

struct BootstrapArgs {
    std::vector<std::string> targets;
    std::string write;
};

int run(Context &ctx, const BootstrapArgs &a) {
    ActiveSdk sdk = ctx.active_sdk();
    auto receipt = ctx.receipt_of_active(sdk);
    std::string version = receipt ? receipt->version : "";
    if (version.empty())
        version = trim(split(read_file_if_exists(sdk.root / "VERSION").value_or(""), '\n').front());
    std::string label = sdk.name.empty() ? sdk.root.string() : "wasi-sdk " + sdk.name;
    if (auto v = parse_version(version); v && v->numbers.front() < kMinimumSdk)
        throw Error(label + " is older than wasi-sdk " + std::to_string(kMinimumSdk) +
                        ", the minimum for building Rust's WASI targets",
                    "wasisdk install latest, then run this again", ExitCode::not_found);

    std::vector<std::string> targets = a.targets;
    if (targets.empty())
        targets.push_back("wasm32-wasip1");
    BootstrapConfig config;
    config.host = rust_host_triple(detect_host());
    fs::path sysroot = sdk.root / "share" / "wasi-sysroot";
    for (const auto &t : targets) {
        std::error_code ec;
        if (!fs::is_directory(sysroot / "lib" / t, ec))
            throw Error(label + " has no " + (sysroot / "lib" / t).string() +
                            ", which bootstrap takes " + t + "'s libraries from",
                        "pick a target this SDK has, or install a newer SDK", ExitCode::not_found);
        // Official releases (22+) ship <triple>-clang links, which bootstrap looks for in
        // $WASI_SDK_PATH/bin; otherwise the wasisdk wrappers of the same name.
        fs::path bin = sdk.root / "bin";
        bool native = fs::exists(bin / (t + "-clang"), ec);
        if (!native)
            ensure_wrappers(ctx, false);
        fs::path dir = native ? bin : ctx.home().bin();
        config.targets.push_back({t, sysroot, dir / (t + "-clang"), dir / (t + "-clang++"),
                                  native ? bin / "llvm-ar" : dir / (t + "-ar")});
    }

    if (a.write.empty()) {
        // The label may be an SDK path, which may hold a newline, which ends a comment.
        std::printf("# bootstrap.toml settings for %s with %s (wasisdk bootstrap-config)\n%s",
                    join_targets(targets).c_str(), quote::toml(label).c_str(),
                    render_bootstrap_fragment(config).c_str());
        return 0;
    }
    std::string existing = read_file_if_exists(a.write).value_or("");
    write_file_atomic(a.write, merge_bootstrap_config(existing, a.write, config));
    ctx.note("updated " + a.write + " for " + join_targets(targets) + " with " + label);
    return 0;
}

} // namespace

std::string join_targets(const std::vector<std::string> &targets) {
    std::string out;
    for (const auto &t : targets)
        out += (out.empty() ? "" : ", ") + t;
    return out;
}

Command bootstrap_config_command() {
    return {"bootstrap-config", "Print (or --write) bootstrap.toml settings for building rustc "
                                "with WASI targets",
            [](CLI::App &app, Context &ctx) -> std::function<int()> {
                auto a = std::make_shared<BootstrapArgs>();
                app.add_option("--target", a->targets, "Rust targets to build (default "
                                                       "wasm32-wasip1)");
                app.add_option("--write", a->write, "Merge into this bootstrap.toml/config.toml")
                    ->type_name("FILE");
                return [&ctx, a] { return run(ctx, *a); };
            }};
}

} // namespace wasisdk::cli
