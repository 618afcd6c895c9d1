// wasisdk update: fetches the signed release manifest, so that wasi-sdk releases newer
// than this binary become installable (docs/manifest-signing.md). Unlike `rustup
// update` it installs nothing: a wasi-sdk version is a number a project pins, not a
// channel that moves, so `update` only refreshes the list and says how to install the
// newest (`wasisdk install latest`).
#include "base/doc_path.h"
#include "base/error.h"
#include "base/text.h"
#include "command_table.h"
#include "context.h"
#include "model/version.h"
#include "net_backend.h"
#include "release_refresh.h"
#include "shared_options.h"

#include <algorithm>

namespace wasisdk::cli {

RefreshOutcome refresh_release_list(const Context &ctx) {
    const std::string root = ctx.manifest_root();
    if (root.empty())
        throw Error("this wasisdk was built without a release-manifest source, so it cannot "
                    "fetch a newer list of releases",
                    "set WASISDK_MANIFEST_ROOT (or --manifest-root) to a URL serving "
                    "wasi-sdk.json and wasi-sdk.json.sig, and WASISDK_MANIFEST_KEY to its "
                    "public key; see " +
                        doc_reference("manifest-signing.md"),
                    ExitCode::usage);
    ReleaseManifestSource source{root, ctx.trusted_keys()};
    require_core(); // from here on this runs in wasisdk-core
    const ManifestOptions mo = ctx.manifest_options();
    const Manifest built_in = parse_manifest(embedded_manifest_text(), "built-in manifest", mo);
    FetchOptions fetch = ctx.fetch_options();
    fetch.mirror_option = "WASISDK_MANIFEST_ROOT";
    fetch.unreachable_fix = "check the network or WASISDK_MANIFEST_ROOT; the releases wasisdk "
                            "knew stay as they were";
    return net_refresh_release_manifest(ctx.make_store(), fetch, source, built_in, mo);
}

void report_refresh(const Context &ctx, const RefreshOutcome &o) {
    const Manifest &m = o.current.manifest;
    if (o.changed)
        ctx.note("release list updated from " + o.current.url + ": generated " + m.generated +
                 (o.previous_generated.empty()
                      ? std::string()
                      : " (the cached one: " + o.previous_generated + ")") +
                 ", signed by " + o.current.key);
    else
        ctx.note("release list is current: " + o.current.url +
                 " still serves the manifest generated " + m.generated);
    if (!o.added.empty())
        ctx.note("releases the built-in list lacks: " + join_targets(o.added));
}

namespace {

int run(Context &ctx) {
    RefreshOutcome o = refresh_release_list(ctx);
    if (ctx.options.json) {
        ctx.print_json({{"url", o.current.url},
                        {"generated", o.current.manifest.generated},
                        {"previous_generated", o.previous_generated},
                        {"changed", o.changed},
                        {"added", o.added},
                        {"key", o.current.key},
                        {"fetched_at", o.current.fetched_at}});
        return 0;
    }
    report_refresh(ctx, o);
    // SDKs are pinned by number, so none is replaced; say how to get the newest.
    Manifest all = ctx.load_manifest();
    auto newest = match_version(parse_version_spec("latest"), all.versions());
    auto installed = ctx.home().installed(ArtifactKind::sdk);
    if (newest && std::find(installed.begin(), installed.end(), *newest) == installed.end())
        ctx.note("installed SDKs are not changed; the newest release is " + *newest +
                 ": wasisdk install latest");
    return 0;
}

} // namespace

Command update_command() {
    return {"update", "Fetch the signed list of wasi-sdk releases (installs nothing)",
            [](CLI::App &, Context &ctx) -> std::function<int()> {
                return [&ctx] { return run(ctx); };
            }};
}

} // namespace wasisdk::cli
