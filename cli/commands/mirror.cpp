// wasisdk mirror DIR [--versions LIST] [--hosts LIST]: a directory any static web server
// can serve as --dist-server URL or --manifest URL/manifest.json (install/mirror.h).
#include "base/error.h"
#include "base/host.h"
#include "base/text.h"
#include "command_table.h"
#include "context.h"
#include "net_backend.h"
#include "rust/rust_target.h"
#include "shared_options.h"

#include <algorithm>
#include <cstdio>

namespace wasisdk::cli {

namespace {

struct MirrorArgs {
    std::string dir;
    std::vector<std::string> versions;
    std::vector<std::string> hosts;
    std::vector<std::string> rust_targets;
    std::string rustc; // --rustc; empty: $RUSTC, else rustc on PATH (rustc_in_use)
    std::string rust_dist_server = "https://static.rust-lang.org";
};

// --hosts: names from the host table, or `all`; default this machine's host.
std::vector<std::string> chosen_hosts(const std::vector<std::string> &given) {
    if (given.empty())
        return {detect_host()};
    if (std::find(given.begin(), given.end(), "all") != given.end())
        return known_hosts();
    for (const auto &h : given)
        if (std::find(known_hosts().begin(), known_hosts().end(), h) == known_hosts().end())
            throw Error("unknown host '" + printable(h) + "' for wasisdk mirror --hosts",
                        "use all or some of: " + join_targets(known_hosts()), ExitCode::usage);
    return given;
}

int run(Context &ctx, const MirrorArgs &a) {
    MirrorRequest request;
    request.versions = a.versions;
    request.hosts = chosen_hosts(a.hosts);
    require_core(); // from here on this runs in wasisdk-core
    // --rust-std alone mirrors rust-std alone: every SDK release is many GB.
    request.sdks = a.rust_targets.empty() || !a.versions.empty();
    if (!a.rust_targets.empty()) {
        request.rustc = probe_rustc(rustc_in_use(a.rustc).program);
        for (const auto &t : a.rust_targets)
            request.rust_targets.push_back(rust_target_name(t, request.rustc));
        request.rust_dist_server = a.rust_dist_server;
    }
    Manifest manifest = ctx.load_manifest();
    fs::path dir = fs::absolute(a.dir).lexically_normal();
    MirrorResult r =
        net_mirror(manifest, dir, request, ctx.fetch_options(), ctx.options, ctx.reporter());
    if (ctx.options.json) {
        ctx.print_json({{"dir", dir.string()},
                        {"sdks", request.sdks},
                        {"listed", r.listed},
                        {"downloaded", r.fetched},
                        {"downloaded_bytes", r.fetched_bytes},
                        {"present", r.present},
                        {"unpinned", r.unpinned},
                        {"rust_channel_manifest", r.rust_channel_manifest},
                        {"rust_downloaded", r.rust_fetched},
                        {"rust_present", r.rust_present}});
        return 0;
    }
    if (request.sdks) {
        std::printf("%s/manifest.json lists %zu artifacts: %zu downloaded (%s), %zu already "
                    "there\n",
                    dir.c_str(), r.listed, r.fetched,
                    human_bytes(static_cast<double>(r.fetched_bytes)).c_str(), r.present);
        ctx.note("serve " + dir.string() +
                 " at URL, then: wasisdk --manifest "
                 "URL/manifest.json install ..., or wasisdk --dist-server URL install ...");
    }
    if (!request.rust_targets.empty()) {
        std::printf("%s/%s: rust-std %s for %s: %zu downloaded, %zu already there\n", dir.c_str(),
                    r.rust_channel_manifest.c_str(), request.rustc.release.c_str(),
                    join_targets(request.rust_targets).c_str(), r.rust_fetched, r.rust_present);
        ctx.note("serve it at URL, then: wasisdk rust-std install --rust-dist-server URL");
    }
    return 0;
}

} // namespace

Command mirror_command() {
    return {
        "mirror", "Download and verify releases into a directory to serve as a mirror",
        [](CLI::App &app, Context &ctx) -> std::function<int()> {
            auto a = std::make_shared<MirrorArgs>();
            app.add_option("dir", a->dir, "The mirror directory (created if missing)")->required();
            app.add_option("--versions", a->versions,
                           "Releases: 22, 25.0, latest (default: every release)")
                ->delimiter(',');
            app.add_option("--hosts", a->hosts,
                           "Hosts whose SDK builds to take, or all (default: this host)")
                ->delimiter(',');
            app.add_option("--rust-std", a->rust_targets,
                           "rust-std for these targets too (wasm32-wasip1,...), for the "
                           "release of --rustc; alone, without --versions: rust-std only")
                ->delimiter(',');
            add_rustc_option(app, a->rustc, "The rustc whose release to mirror rust-std for");
            app.add_option("--rust-dist-server", a->rust_dist_server,
                           "Rust's dist server (default https://static.rust-lang.org)")
                ->envname("WASISDK_RUST_DIST_SERVER");
            return [&ctx, a] { return run(ctx, *a); };
        }};
}

} // namespace wasisdk::cli
