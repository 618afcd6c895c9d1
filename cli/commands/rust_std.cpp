// wasisdk rust-std install [--target T]... [--rustc PATH] [--from FILE]
//                          [--rust-dist-server URL]
// wasisdk rust-std list [--rustc PATH]
// wasisdk rust-std uninstall --target T [--rustc PATH]
// rust-std for WASI targets into any rustc (distro and source builds too, which rustup
// does not serve), recorded the way rustup records components.
#include "base/error.h"
#include "command_table.h"
#include "context.h"
#include "net_backend.h"
#include "rust/rust_components.h"
#include "rust/rust_target.h"
#include "shared_options.h"

#include <cstdio>
#include <nlohmann/json.hpp>

namespace wasisdk::cli {

namespace {

struct RustStdArgs {
    std::vector<std::string> targets;
    std::string rustc; // --rustc; empty: $RUSTC, else rustc on PATH (rustc_in_use)
    std::string from;
    std::string dist_server = "https://static.rust-lang.org";
};

std::vector<std::string> rust_targets(const RustcInfo &rustc, std::vector<std::string> requested) {
    if (requested.empty())
        requested.push_back("wasm32-wasip1");
    std::vector<std::string> names;
    for (const auto &r : requested)
        names.push_back(rust_target_name(r, rustc));
    return names;
}

int run_install(Context &ctx, const RustStdArgs &a) {
    require_core(); // from here on this runs in wasisdk-core
    RustcInfo rustc = probe_rustc(rustc_in_use(a.rustc).program);
    auto targets = rust_targets(rustc, a.targets);
    FetchOptions fetch = ctx.fetch_options();
    fetch.mirror_option = "--rust-dist-server";
    fetch.unreachable_fix = "check the network, or use --rust-dist-server with a reachable "
                            "mirror, or --from FILE with a rust-std tarball";
    std::optional<fs::path> from;
    if (!a.from.empty())
        from = fs::absolute(a.from);
    nlohmann::json rows = nlohmann::json::array();
    for (const auto &o : net_rust_std_install(ctx.make_store(), fetch, ctx.options, rustc, targets,
                                              from, a.dist_server)) {
        rows.push_back({{"target", o.target},
                        {"already_installed", o.already_installed},
                        {"files", o.files},
                        {"verified", o.verified}});
        if (ctx.options.json)
            continue;
        if (o.already_installed)
            ctx.note("rust-std for " + o.target + " is already installed in " +
                     rustc.sysroot.string());
        else
            ctx.note("rust-std " + rustc.release + " for " + o.target + " installed in " +
                     rustc.sysroot.string() + " (" + std::to_string(o.files) + " files" +
                     (o.verified ? ", sha256 verified" : "") + ")");
    }
    if (ctx.options.json)
        ctx.print_json(
            {{"rustc", rustc.release}, {"sysroot", rustc.sysroot.string()}, {"installed", rows}});
    return 0;
}

int run_list(Context &ctx, const RustStdArgs &a) {
    RustcInfo rustc = probe_rustc(rustc_in_use(a.rustc).program);
    tidy_sysroot(rustc.sysroot); // what a killed install left, if nobody is working there
    std::vector<std::string> wasm;
    for (const auto &c : installed_components(rustc.sysroot))
        if (c.starts_with("rust-std-wasm32-"))
            wasm.push_back(c.substr(9));
    if (ctx.options.json) {
        nlohmann::json doc = {
            {"rustc", rustc.release}, {"sysroot", rustc.sysroot.string()}, {"targets", wasm}};
        ctx.print_json(doc);
        return 0;
    }
    std::printf("rustc %s (%s)\n", rustc.release.c_str(), rustc.sysroot.c_str());
    if (wasm.empty())
        std::printf("no WASI rust-std installed by an installer (wasisdk rust-std install)\n");
    for (const auto &t : wasm)
        std::printf("%s\n", t.c_str());
    return 0;
}

int run_uninstall(Context &ctx, const RustStdArgs &a) {
    if (a.targets.empty())
        throw Error("which target?", "pass --target, e.g. --target wasm32-wasip1", ExitCode::usage);
    RustcInfo rustc = probe_rustc(rustc_in_use(a.rustc).program);
    Store store = ctx.make_store();
    FileLock home_lock = store.begin_change();
    SysrootLock lock = lock_sysroot(rustc.sysroot, [&](const std::string &m) { ctx.note(m); });
    std::vector<std::string> removed;
    for (const auto &t : rust_targets(rustc, a.targets)) {
        uninstall_rust_component(lock, "rust-std-" + t);
        removed.push_back(t);
        if (!ctx.options.json)
            ctx.note("rust-std for " + t + " removed from " + rustc.sysroot.string());
    }
    if (ctx.options.json)
        ctx.print_json(
            {{"rustc", rustc.release}, {"sysroot", rustc.sysroot.string()}, {"removed", removed}});
    return 0;
}

} // namespace

Command rust_std_command() {
    return {"rust-std", "Install Rust's standard library for WASI targets into any rustc",
            [](CLI::App &app, Context &ctx) -> std::function<int()> {
                auto a = std::make_shared<RustStdArgs>();
                app.require_subcommand(1);
                auto rustc_option = [&](CLI::App *sub) {
                    add_rustc_option(*sub, a->rustc, "The rustc to install for");
                    sub->allow_extras();
                    sub->fallthrough();
                };
                CLI::App *install = app.add_subcommand("install", "Install rust-std for targets");
                install->add_option("--target", a->targets,
                                    "wasm32-wasip1 (default), wasm32-wasip1-threads, "
                                    "wasm32-wasip2 or wasm32-wasi; mapped to this rustc's name");
                install->add_option("--from", a->from, "Install this rust-std tarball")
                    ->type_name("FILE");
                install
                    ->add_option("--rust-dist-server", a->dist_server,
                                 "Rust's dist server (default https://static.rust-lang.org)")
                    ->type_name("URL")
                    ->envname("WASISDK_RUST_DIST_SERVER");
                rustc_option(install);
                CLI::App *list = app.add_subcommand("list", "List installed WASI rust-std");
                rustc_option(list);
                CLI::App *uninstall =
                    app.add_subcommand("uninstall", "Remove rust-std for a target");
                uninstall->add_option("--target", a->targets, "The target to remove");
                rustc_option(uninstall);
                return [&ctx, a, install, list] {
                    if (install->parsed())
                        return run_install(ctx, *a);
                    if (list->parsed())
                        return run_list(ctx, *a);
                    return run_uninstall(ctx, *a);
                };
            }};
}

} // namespace wasisdk::cli
