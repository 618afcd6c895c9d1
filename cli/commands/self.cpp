// wasisdk self update [--force] | self uninstall [-y]: for installs made by
// packaging/install.sh (install/self_update.h has the layout and the dist server's).
#include "base/error.h"
#include "base/fs_util.h"
#include "base/text.h"
#include "command_table.h"
#include "context.h"
#include "install/self_update.h"
#include "net_backend.h"

#include <cstdio>
#include <iostream>
#include <unistd.h>

namespace wasisdk::cli {

namespace {

struct SelfArgs {
    bool force = false;
    bool yes = false;
};

// The directory the running executable is in, and install.sh's record there.
std::pair<fs::path, InstallRecord> own_install(const Context &ctx) {
    std::error_code ec;
    fs::path dir = fs::read_symlink("/proc/self/exe", ec).parent_path();
    auto record = read_install_record(dir);
    if (!record)
        throw Error("this wasisdk (" + dir.string() +
                        ") was not installed by install.sh, so it cannot replace itself",
                    "update or remove it the way it was installed (apt, cmake --install)",
                    ExitCode::usage);
    fs::path home = ctx.home().root;
    if (fs::weakly_canonical(home, ec) != fs::weakly_canonical(record->home, ec))
        throw Error("this wasisdk was installed into the home " + record->home.string() + ", not " +
                        home.string(),
                    "run it with WASISDK_HOME=" + record->home.string(), ExitCode::usage);
    return {dir, *record};
}

int run_update(Context &ctx, const SelfArgs &a) {
    require_core(); // from here on this runs in wasisdk-core
    auto [dir, record] = own_install(ctx);
    std::string root = env_var("WASISDK_UPDATE_ROOT").value_or(record.root);
    if (root.empty())
        throw Error("no dist server is known: install.sh recorded none (its URL held "
                    "credentials or a query, which are not written to disk)",
                    "set WASISDK_UPDATE_ROOT to the directory holding SHA256SUMS", ExitCode::usage);
    SelfUpdateOutcome o = net_self_update(ctx.make_store(), ctx.fetch_options(), root, dir,
                                          WASISDK_VERSION, a.force, ctx.options);
    if (ctx.options.json)
        ctx.print_json({{"from", o.from_version},
                        {"to", o.to_version},
                        {"updated", o.updated},
                        {"root", sanitize_url(root)}});
    if (o.updated)
        ctx.note("wasisdk updated: " + o.from_version + " -> " + o.to_version + " (from " +
                 sanitize_url(root) + ")");
    else
        ctx.note("wasisdk " + o.from_version + " is up to date (" + sanitize_url(root) +
                 " offers " + o.to_version + ")");
    return 0;
}

int run_uninstall(Context &ctx, const SelfArgs &a) {
    auto [dir, record] = own_install(ctx);
    if (!a.yes) {
        if (!::isatty(STDIN_FILENO))
            throw Error("wasisdk self uninstall asks before it removes anything, and stdin is "
                        "not a terminal",
                        "pass -y to remove it without asking", ExitCode::usage);
        std::fprintf(stderr, "This removes wasisdk from %s (the SDKs there stay). Continue? [y/N] ",
                     dir.c_str());
        std::string answer;
        std::getline(std::cin, answer);
        if (answer != "y" && answer != "Y" && answer != "yes") {
            ctx.note("nothing was removed");
            if (ctx.options.json)
                ctx.print_json(
                    {{"removed", nlohmann::json::array()}, {"home", record.home.string()}});
            return 1;
        }
    }
    auto removed = self_uninstall(ctx.make_store(), dir, record);
    for (const auto &what : removed)
        ctx.note("removed " + what);
    if (ctx.options.json)
        ctx.print_json({{"removed", removed}, {"home", record.home.string()}});
    ctx.note("wasisdk is uninstalled; the SDKs in " + record.home.string() +
             " stay (rm -rf it to remove them too)");
    return 0;
}

} // namespace

Command self_command() {
    return {"self", "Update or uninstall wasisdk itself (installs made by install.sh)",
            [](CLI::App &app, Context &ctx) -> std::function<int()> {
                auto a = std::make_shared<SelfArgs>();
                app.require_subcommand(1);
                CLI::App *update = app.add_subcommand(
                    "update", "Install the newest wasisdk from WASISDK_UPDATE_ROOT");
                update->add_flag("--force", a->force,
                                 "Install what the server offers even if not newer");
                CLI::App *uninstall =
                    app.add_subcommand("uninstall", "Remove what install.sh installed");
                uninstall->add_flag("-y,--yes", a->yes, "Do not ask");
                return [&ctx, a, update, uninstall] {
                    if (update->parsed())
                        return run_update(ctx, *a);
                    if (uninstall->parsed())
                        return run_uninstall(ctx, *a);
                    return 2;
                };
            }};
}

} // namespace wasisdk::cli
