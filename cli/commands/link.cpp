// wasisdk link <name> <dir> [--force]: register an SDK tree that is already on disk (the
// official .deb's /opt/wasi-sdk, a source build), like `rustup toolchain link`.
// wasisdk link --system [<name>] [--llvm N] [--force] [--default]: register the
// distribution's own clang, lld, wasi-libc, builtins and libc++ as SDKs, one view per
// LLVM major (system_link.h, docs/system-toolchain.md).
#include "base/error.h"
#include "base/text.h"
#include "command_table.h"
#include "context.h"
#include "model/receipt.h"
#include "system_link.h"

namespace wasisdk::cli {

namespace {

// What `link --json` says of each SDK it registered, from the receipt it wrote.
nlohmann::json linked_row(const Context &ctx, const std::string &name) {
    Home home = ctx.home();
    Receipt r = read_receipt(receipt_of(home.install_dir(ArtifactKind::sdk, name)));
    return {{"name", name},
            {"path", r.linked ? r.linked_path
                              : tree_of(home.install_dir(ArtifactKind::sdk, name)).string()},
            {"default", home.default_sdk() == name},
            {"system", r.system.has_value()},
            {"llvm", r.tree.llvm_version},
            {"lacks", r.system ? r.system->lacks : std::vector<std::string>{}}};
}

void print_linked(const Context &ctx, const std::vector<std::string> &names) {
    if (!ctx.options.json)
        return;
    nlohmann::json rows = nlohmann::json::array();
    for (const auto &n : names)
        rows.push_back(linked_row(ctx, n));
    ctx.print_json({{"linked", rows}});
}

struct LinkArgs {
    std::string name;
    std::string dir;
    bool force = false;
    bool system = false;
    int llvm = 0;
    bool make_default = false;
};

int run(Context &ctx, const LinkArgs &a) {
    if (a.system) {
        // A lone path after --system was meant as a directory, not as a name.
        std::string dir = !a.dir.empty()                          ? a.dir
                          : a.name.find('/') != std::string::npos ? a.name
                                                                  : "";
        if (!dir.empty())
            throw Error("--system takes no directory ('" + printable(dir) + "')",
                        "wasisdk link --system [NAME], or wasisdk link NAME DIR", ExitCode::usage);
        if (!a.name.empty())
            require_install_name(a.name, "the system SDK's name");
        print_linked(ctx, link_system_toolchains(ctx, {a.name, a.llvm, a.force, a.make_default}));
        return 0;
    }
    if (a.name.empty() || a.dir.empty())
        throw Error("wasisdk link needs a name and a directory",
                    "wasisdk link NAME DIR, or wasisdk link --system for the distribution's "
                    "toolchain",
                    ExitCode::usage);
    if (a.llvm || a.make_default)
        throw Error(std::string(a.llvm ? "--llvm" : "--default") + " goes with --system",
                    "wasisdk link --system --llvm N", ExitCode::usage);
    ctx.make_store().link(a.name, a.dir, a.force);
    ctx.note("linked " + a.name + " -> " + a.dir);
    print_linked(ctx, {a.name});
    return 0;
}

} // namespace

Command link_command() {
    return {"link", "Register an SDK directory already on disk, or the system's toolchain",
            [](CLI::App &app, Context &ctx) -> std::function<int()> {
                auto a = std::make_shared<LinkArgs>();
                app.add_option("name", a->name,
                               "Name to use, e.g. opt (with --system: default system-llvm<N>)");
                app.add_option("dir", a->dir, "The SDK's top directory, e.g. /opt/wasi-sdk");
                app.add_flag("--force", a->force, "Replace an SDK of the same name");
                app.add_flag("--system", a->system,
                             "Register the distribution's clang, lld, wasi-libc and libc++ "
                             "packages, one SDK per LLVM major");
                app.add_option("--llvm", a->llvm, "With --system: only this LLVM major")
                    ->type_name("N")
                    ->check(CLI::Range(1, 999));
                app.add_flag("--default", a->make_default,
                             "With --system: make it the default SDK");
                return [&ctx, a] { return run(ctx, *a); };
            }};
}

} // namespace wasisdk::cli
