// wasisdk bootstrap-config [--target T]... [--write FILE]
// The bootstrap.toml settings for building rustc itself with WASI targets, using the
// active SDK; --write merges them into an existing bootstrap.toml / config.toml without
// replacing anything the user set. Inside a Rust source tree the target names are the
// ones its version knows (rust_target.h), and x.py's pitfalls are said before x.py runs.
#include "rust_dist/bootstrap_config.h"
#include "base/doc_path.h"
#include "base/error.h"
#include "base/fs_util.h"
#include "base/host.h"
#include "base/quote.h"
#include "base/text.h"
#include "build_integration/build_integration.h"
#include "command_table.h"
#include "context.h"
#include "exec_path/sdk_facts.h"
#include "model/receipt.h"
#include "model/version.h"
#include "rust/source_tree.h"
#include "shared_options.h"
#include "wrapper_setup.h"

#include <algorithm>
#include <cstdio>

namespace wasisdk::cli {

namespace {

// The minimum the target's documentation names (target-wasm32-wasip1.txt).
constexpr unsigned kMinimumSdk = 22;

struct BootstrapArgs {
    std::vector<std::string> targets;
    std::string write;
};

// The requested names as the source tree's version knows them (wasm32-wasi is
// wasm32-wasip1 from 1.84); as given outside a tree, where no version is known.
std::vector<std::string> target_names(const Context &ctx, const BootstrapArgs &a) {
    std::vector<std::string> requested = a.targets;
    if (requested.empty())
        requested.push_back("wasm32-wasip1");
    // x.py reads the tree of the bootstrap.toml it is given, or of the directory it runs in.
    fs::path start = a.write.empty() ? fs::current_path() : fs::absolute(a.write).parent_path();
    auto tree = find_rust_source_tree(start);
    std::vector<std::string> names;
    for (const auto &r : requested) {
        std::string name = tree ? rust_target_name(r, tree->release) : r;
        if (name != r)
            ctx.note(r + " is " + name + " in " + tree->release.label + ": writing " + name);
        if (std::find(names.begin(), names.end(), name) == names.end())
            names.push_back(name);
    }
    return names;
}

// `wasisdk env --target T` exports CARGO_TARGET_<T>_LINKER and _RUSTFLAGS
// (build_integration.cpp); bootstrap hands them to every cargo call for T, which changes
// how `x.py test` links. Said in one line, before anything is written.
void warn_cargo_variables(const Context &ctx, const std::vector<std::string> &targets) {
    std::string set;
    for (const auto &t : targets)
        if (const TargetSpec *spec = find_target(t))
            for (const auto &[name, value] :
                 target_environment(ctx.home(), *spec, {t}, LinkMode::external))
                if (name.rfind("CARGO_TARGET_", 0) == 0 && env_var(name.c_str()))
                    set += (set.empty() ? "" : ", ") + name;
    if (!set.empty())
        ctx.warn(set +
                 " set in this environment: x.py passes them into every cargo call "
                 "for " +
                 join_targets(targets) +
                 "; for bootstrap use plain "
                 "`eval \"$(wasisdk env)\"`, not `wasisdk env --target` (see " +
                 doc_reference("rust.md") + ")");
}

void tell(const Context &ctx, const BootstrapMerge &m, const BootstrapConfig &config) {
    for (const auto &k : m.kept)
        ctx.note("kept your " + k + "; delete it to take this SDK's");
    if (m.user_lld_refused)
        ctx.warn("rust.lld = true (yours, kept) with target." + m.llvm_config_host +
                 ".llvm-config: bootstrap stops with \"Cannot enable LLD with `rust.lld = "
                 "true` when using external llvm-config\" (set rust.lld = false)");
    if (m.toolchain_has_lld)
        return;
    std::string why = !m.user_lld.empty()
                          ? "rust.lld = " + m.user_lld +
                                " (yours, kept): the toolchain gets no "
                                "rust-lld"
                          : "rust.lld left unset: target." + m.llvm_config_host +
                                ".llvm-config is an external LLVM, with which bootstrap "
                                "refuses rust.lld = true";
    std::string linker;
    for (const auto &t : config.targets) {
        bool written = std::count(m.linkers_written.begin(), m.linkers_written.end(), t.triple);
        linker += "; target." + t.triple + ".linker: " +
                  (written             ? "set to " + t.wasm_ld.string()
                   : t.wasm_ld.empty() ? std::string("this SDK has no bin/wasm-ld")
                                       : std::string("yours, kept"));
    }
    ctx.note(why +
             ". To link wasm the toolchain needs a rust-lld, or the SDK's wasm-ld as "
             "the target's linker" +
             linker);
}

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

    std::vector<std::string> targets = target_names(ctx, a);
    BootstrapConfig config;
    config.host = rust_host_triple(detect_host());
    fs::path sysroot = sdk.root / WSD_SYSROOT_DIR;
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
        fs::path wasm_ld = fs::exists(bin / "wasm-ld", ec) ? bin / "wasm-ld" : fs::path();
        config.targets.push_back({t, sysroot, dir / (t + "-clang"), dir / (t + "-clang++"),
                                  native ? bin / "llvm-ar" : dir / (t + "-ar"), wasm_ld});
    }
    warn_cargo_variables(ctx, targets);

    if (a.write.empty()) {
        // The label may be an SDK path, which may hold a newline, which ends a comment.
        std::string text = "# bootstrap.toml settings for " + join_targets(targets) + " with " +
                           quote::toml(label) +
                           " (wasisdk bootstrap-config)\n"
                           "# rust.lld = true: leave it out if [target." +
                           config.host + "] sets llvm-config (bootstrap refuses both)\n" +
                           render_bootstrap_fragment(config);
        if (ctx.options.json)
            ctx.print_json({{"file", ""},
                            {"targets", targets},
                            {"kept", nlohmann::json::array()},
                            {"text", text}});
        else
            std::fputs(text.c_str(), stdout);
        return 0;
    }
    // Read with room past the TOML guard's own 16 MiB limit, so that the guard's message
    // (with the size and the file's kind) is the one a user sees; this only bounds memory.
    std::string existing = read_file_if_exists(a.write, 2 * kMaxTextFileBytes).value_or("");
    BootstrapMerge merged = merge_bootstrap_config(existing, a.write, config);
    write_file_atomic(a.write, merged.text);
    ctx.note("updated " + a.write + " for " + join_targets(targets) + " with " + label);
    tell(ctx, merged, config);
    if (ctx.options.json)
        ctx.print_json({{"file", a.write},
                        {"targets", targets},
                        {"kept", merged.kept},
                        {"text", merged.text}});
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
    return {"bootstrap-config",
            "Print (or --write) bootstrap.toml settings for building rustc "
            "with WASI targets",
            [](CLI::App &app, Context &ctx) -> std::function<int()> {
                auto a = std::make_shared<BootstrapArgs>();
                app.add_option("--target", a->targets,
                               "Rust targets to build (default "
                               "wasm32-wasip1)");
                app.add_option("--write", a->write, "Merge into this bootstrap.toml/config.toml")
                    ->type_name("FILE");
                return [&ctx, a] { return run(ctx, *a); };
            }};
}

} // namespace wasisdk::cli
