// wasisdk install [<spec>...] [--component sdk|sysroot|builtins]... [--from FILE]
//                 [--force] [--default] [--allow-unverified] [--or-system]
//                 [--trust github-digest]
// Without a spec: what the nearest .wasi-sdk-version names, as `rustup install` and
// `mise install` read the project's pin (CI installs with just `wasisdk install`).
#include "base/error.h"
#include "base/host.h"
#include "base/text.h"
#include "command_table.h"
#include "context.h"
#include "install/install_releases.h"
#include "model/version.h"
#include "net_backend.h"
#include "release_refresh.h"
#include "system_link.h"
#include "wrapper_setup.h"

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
    std::string trust;      // "github-digest": GitHub's digest where no manifest pins
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

// The spec a pin file names, found by the rules that decide the active SDK (the C exec
// path's search: the nearest file upward, owned by the user, comments skipped).
std::string pinned_spec(const Context &ctx) {
    fs::path cwd = fs::current_path();
    auto pin = find_pin_file(cwd);
    if (!pin)
        throw Error("no version given, and no .wasi-sdk-version in " + cwd.string() +
                        " or any directory above it",
                    "name one (wasisdk install 25), or pin this project first (wasisdk pin 25)",
                    ExitCode::usage);
    // A name ("opt") is nothing to download: linked, it is installed already; if not,
    // the one lookup's message says to link it.
    if (pin->spec != "latest" && !parse_version(pin->spec))
        lookup_installed(ctx.home(), ArtifactKind::sdk, pin->spec, pin->path.string());
    ctx.note("installing wasi-sdk " + pin->spec + ", pinned by " + pin->path.string());
    return pin->spec;
}

std::string describe(const InstallOutcome &o) {
    std::string what = o.kind == ArtifactKind::sdk ? "wasi-sdk " + o.name
                                                   : "wasi-sdk " + o.name + " " + to_string(o.kind);
    return what;
}

nlohmann::json outcome_json(const InstallOutcome &o) {
    return {{"name", o.name},
            {"component", to_string(o.kind)},
            {"already_installed", o.already_installed},
            {"default", o.became_default}};
}

// The last word of an install: what was done, and the next step when the wrappers are
// not on PATH yet (they would be "command not found").
int report(const Context &ctx, const std::vector<InstallOutcome> &outcomes) {
    std::optional<PathHint> hint = path_hint(ctx);
    if (ctx.options.json) {
        nlohmann::json rows = nlohmann::json::array();
        for (const auto &o : outcomes)
            rows.push_back(outcome_json(o));
        ctx.print_json({{"installed", rows}, {"next_step", hint ? hint->command : ""}});
        return 0;
    }
    for (const InstallOutcome &o : outcomes) {
        std::string line =
            describe(o) + (o.already_installed ? " is already installed" : " installed");
        if (o.became_default)
            line += o.already_installed ? " (now the default)" : " (default)";
        ctx.note(line);
    }
    if (hint)
        ctx.note(path_hint_text(ctx, *hint));
    return 0;
}

int run(Context &ctx, InstallArgs a) {
    if (a.specs.empty())
        a.specs.push_back(pinned_spec(ctx));
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
            std::vector<InstallOutcome> outcomes;
            for (std::size_t i = 0; i < requests.size(); ++i) {
                bool becomes_default = a.make_default && requests[i].kind == ArtifactKind::sdk;
                if (becomes_default)
                    quick.set_default(done[i]);
                outcomes.push_back({done[i], requests[i].kind, true, becomes_default});
            }
            return report(ctx, outcomes);
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
    if (a.trust == "github-digest") // with --from too: the file is checked against it
        add_github_digests(ctx, manifest, requests, options.host);

    std::vector<InstallOutcome> outcomes =
        net_install(quick, ctx.fetch_options(), ctx.options, manifest, requests, options);
    // The wrappers point at the active SDK: make sure they exist once one is installed.
    // The SDK is installed either way, so a problem here is a warning.
    try {
        ensure_wrappers(ctx, false);
    } catch (const Error &e) {
        ctx.warn("the wrappers were not set up: " + e.one_line());
    }
    return report(ctx, outcomes);
}

} // namespace

Command install_command() {
    return {"install", "Download, verify and install wasi-sdk releases",
            [](CLI::App &app, Context &ctx) -> std::function<int()> {
                auto a = std::make_shared<InstallArgs>();
                app.add_option("spec", a->specs,
                               "Versions: 22, 22.0 or latest (default: what the nearest "
                               ".wasi-sdk-version names)");
                app.add_option("--component", a->components,
                               "sdk (default; holds sysroot and builtins), sysroot or builtins")
                    ->check(CLI::IsMember({"sdk", "sysroot", "builtins"}));
                app.add_option("--from", a->from, "Install this archive instead of downloading")
                    ->type_name("FILE");
                app.add_flag("--force", a->force, "Reinstall even if installed");
                app.add_flag("--default", a->make_default, "Make it the default SDK");
                app.add_flag("--allow-unverified", a->allow_unverified,
                             "Install artifacts that have no pinned sha256");
                app.add_option("--trust", a->trust,
                               "github-digest: for an artifact no manifest pins, take the "
                               "sha256 GitHub computed on upload (weaker than a pin; said "
                               "in a warning and recorded in the receipt)")
                    ->check(CLI::IsMember({"github-digest"}));
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
