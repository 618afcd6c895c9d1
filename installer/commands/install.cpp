// wasisdk install <spec>... [--component sdk|sysroot|builtins]... [--from FILE]
//                 [--force] [--default] [--allow-unverified] [--or-system]
#include "base/error.h"
#include "base/host.h"
#include "context.h"
#include "install/installer.h"
#include "net_backend.h"
#include "system_link.h"

namespace wasisdk::cli {

namespace {

struct InstallArgs {
    std::vector<std::string> specs;
    std::vector<std::string> components;
    std::string from;
    bool force = false;
    bool make_default = false;
    bool allow_unverified = false;
    bool or_system = false; // the server unreachable: link the system's toolchain instead
};

std::vector<InstallRequest> requests_of(const InstallArgs &a) {
    std::vector<std::string> components = a.components;
    if (components.empty())
        components.push_back("sdk");
    std::vector<InstallRequest> out;
    for (const auto &spec : a.specs)
        for (const auto &c : components)
            out.push_back({spec, *artifact_kind_from_string(c)});
    return out;
}

std::string describe(const InstallOutcome &o) {
    std::string what = o.kind == ArtifactKind::sdk ? "wasi-sdk " + o.name
                                                   : "wasi-sdk " + o.name + " " + to_string(o.kind);
    return what;
}

int run(Context &ctx, const InstallArgs &a) {
    if (!a.from.empty() && a.specs.size() * std::max<std::size_t>(1, a.components.size()) != 1)
        throw Error("--from installs one archive", "name one version and at most one --component",
                    ExitCode::usage);
    auto requests = requests_of(a);
    Store quick = ctx.make_store();

    // Installing what is installed is a no-op that reads no manifest and needs no network.
    if (!a.force && a.from.empty()) {
        std::vector<std::string> done;
        for (const auto &r : requests)
            if (auto name = quick.already_installed(r))
                done.push_back(*name);
        if (done.size() == requests.size()) {
            for (std::size_t i = 0; i < requests.size(); ++i) {
                std::string what = describe({done[i], requests[i].kind, true, false});
                if (a.make_default && requests[i].kind == ArtifactKind::sdk)
                    quick.set_default(done[i]);
                ctx.note(what + " is already installed" +
                         (a.make_default && requests[i].kind == ArtifactKind::sdk
                              ? " (now the default)"
                              : ""));
            }
            return 0;
        }
    }

    require_core(); // from here on this runs in wasisdk-core
    Manifest manifest = ctx.load_manifest();
    InstallOptions options;
    if (!a.from.empty())
        options.from_file = a.from;
    options.force = a.force;
    options.allow_unverified = a.allow_unverified;
    options.make_default = a.make_default;
    options.host = detect_host();

    std::vector<InstallOutcome> outcomes =
        net_install(quick, ctx.fetch_options(), ctx.options.quiet, manifest, requests, options);
    // The wrappers point at the active SDK: make sure they exist once one is installed.
    // The SDK is installed either way, so a problem here is a warning.
    try {
        ensure_wrappers(ctx, false);
    } catch (const Error &e) {
        ctx.warn("the wrappers were not set up: " + e.one_line());
    }
    for (const InstallOutcome &o : outcomes) {
        std::string line = describe(o) + (o.already_installed ? " is already installed"
                                                              : " installed");
        if (o.became_default)
            line += " (default)";
        ctx.note(line);
    }
    return 0;
}

} // namespace

Command install_command() {
    return {"install", "Download, verify and install wasi-sdk releases",
            [](CLI::App &app, Context &ctx) -> std::function<int()> {
                auto a = std::make_shared<InstallArgs>();
                app.add_option("spec", a->specs, "Versions: 22, 22.0 or latest")->required();
                app.add_option("--component", a->components,
                               "sdk (default; holds sysroot and builtins), sysroot or builtins")
                    ->check(CLI::IsMember({"sdk", "sysroot", "builtins"}));
                app.add_option("--from", a->from, "Install this archive instead of downloading")
                    ->type_name("FILE");
                app.add_flag("--force", a->force, "Reinstall even if installed");
                app.add_flag("--default", a->make_default, "Make it the default SDK");
                app.add_flag("--allow-unverified", a->allow_unverified,
                             "Install artifacts that have no pinned sha256");
                app.add_flag("--or-system", a->or_system,
                             "If the server cannot be reached, link the system's own WASI "
                             "toolchain instead (wasisdk link --system)");
                return [&ctx, a] {
                    if (a->or_system && (!a->from.empty() || !a->components.empty()))
                        throw Error("--or-system stands in for a download of SDKs",
                                    "leave out --from and --component", ExitCode::usage);
                    try {
                        return run(ctx, *a);
                    } catch (const Unreachable &e) {
                        return offline_fallback(ctx, e, a->or_system, a->make_default);
                    }
                };
            }};
}

} // namespace wasisdk::cli
