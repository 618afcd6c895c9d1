// install --trust github-digest (model/github_release.h, docs/manifest-signing.md): for
// each requested artifact that no manifest pins, the sha256 GitHub computed when the
// asset was uploaded. Never silent: each hash taken this way is named in a warning, and
// the receipt records where it came from (trust "github-digest").
#include "base/error.h"
#include "base/fs_util.h"
#include "base/text.h"
#include "context.h"
#include "model/github_release.h"
#include "model/version.h"
#include "net_backend.h"
#include "release_refresh.h"

#include <algorithm>
#include <cctype>
#include <map>

namespace wasisdk::cli {

namespace {

std::string asset_names(const std::vector<GithubAsset> &assets) {
    std::string out;
    int shown = 0;
    for (const auto &a : assets)
        if (a.name.ends_with(".tar.gz") && shown++ < 12)
            out += (out.empty() ? "" : ", ") + printable(a.name, 80);
    return out.empty() ? "no .tar.gz assets" : out;
}

// Where to fetch a release's asset: GitHub's own URL, or the same path on --dist-server
// (a mirror laid out like GitHub's downloads: <tag>/<file>).
std::string download_url(const Context &ctx, const std::string &tag, const GithubAsset &asset,
                         const std::string &api_url) {
    std::string url = asset.url;
    if (!ctx.options.dist_server.empty()) {
        std::string base = ctx.options.dist_server;
        while (base.ends_with("/"))
            base.pop_back();
        std::string file;
        for (char c : asset.name) // '+' percent-encoded, as manifests write it
            file += c == '+' ? std::string("%2B") : std::string(1, c);
        url = base + "/" + tag + "/" + file;
    }
    // A server's answer may not name files on this machine (as for a remote manifest).
    if (url.size() >= 7 && std::equal(url.begin(), url.begin() + 7, "file://",
                                      [](char a, char b) { return std::tolower(a) == b; }))
        throw Error(sanitize_url(api_url) + " names a local file for " + printable(asset.name),
                    "check WASISDK_GITHUB_API");
    if (auto problem = check_url_scheme(url, ctx.options.allow_http); !problem.empty())
        throw Error("cannot fetch " + printable(asset.name) + ": " + problem,
                    "check WASISDK_GITHUB_API and --dist-server");
    return url;
}

} // namespace

void add_github_digests(const Context &ctx, Manifest &m,
                        const std::vector<InstallRequest> &requests, const std::string &host) {
    const std::string api = env_var("WASISDK_GITHUB_API").value_or(kGithubApi);
    FetchOptions fetch = ctx.fetch_options();
    fetch.mirror_option = "WASISDK_GITHUB_API";
    fetch.unreachable_fix = "check the network; without GitHub's API, install from a manifest "
                            "that pins the release (--manifest) or an archive you have (--from)";
    std::map<std::string, std::vector<GithubAsset>> asked; // tag -> assets: one request each
    for (const InstallRequest &req : requests) {
        const VersionSpec spec = parse_version_spec(req.spec);
        const auto listed = match_version(spec, m.versions());
        auto found = std::find_if(m.releases.begin(), m.releases.end(),
                                  [&](const Release &r) { return listed && r.version == *listed; });
        Release *release = found == m.releases.end() ? nullptr : &*found;
        const Artifact *artifact = release ? release->find(req.kind, host) : nullptr;
        if (artifact && artifact->sha256)
            continue; // a pin: GitHub is not asked
        if (!release && spec.latest)
            continue; // no release at all: the installer says so
        const std::string tag = github_release_tag(release ? release->version : spec.text);
        const std::string version = release ? release->version : tag.substr(9) + ".0";
        const std::string name =
            artifact ? artifact->file_name() : github_asset_name(req.kind, version, host);

        const std::string api_url = github_release_url(api, tag);
        auto it = asked.find(tag);
        if (it == asked.end())
            it = asked
                     .emplace(tag, parse_github_release(net_fetch_text(api_url, fetch),
                                                        sanitize_url(api_url)))
                     .first;
        const auto &assets = it->second;
        auto asset = std::find_if(assets.begin(), assets.end(),
                                  [&](const GithubAsset &a) { return a.name == name; });
        if (asset == assets.end())
            throw Error(
                "GitHub's release " + tag + " has no asset " + name +
                    " (it has: " + asset_names(assets) + ")",
                "install it with --from FILE, or with a manifest that names it (--manifest)",
                ExitCode::not_found);
        if (!asset->sha256)
            throw Error("GitHub gives no digest for " + name + " (" + sanitize_url(api_url) +
                            "): it has digests only for assets uploaded since 2025-06-03",
                        "install it with --allow-unverified (the observed hash is recorded), or "
                        "pin it in a manifest of your own (--manifest)");

        Artifact a = artifact ? *artifact : Artifact{};
        if (!artifact) {
            a.kind = req.kind;
            if (req.kind == ArtifactKind::sdk)
                a.host = host;
            a.url = download_url(ctx, tag, *asset, api_url);
        }
        a.sha256 = asset->sha256;
        a.trust = HashTrust::github_digest;
        a.pinned_by = "GitHub's API " + sanitize_url(api_url);
        a.source = "GitHub's digest of " + name + " (" + sanitize_url(api_url) + "), not a pin";
        ctx.warn("the sha256 of " + name + " comes from GitHub's digest (" + sanitize_url(api_url) +
                 "), not from a pin: it shows the bytes are the release's, not who uploaded "
                 "them (--trust github-digest)");

        Release *target = release;
        if (!target) {
            m.releases.push_back(Release{version, "", {}});
            target = &m.releases.back();
        }
        auto slot =
            std::find_if(target->artifacts.begin(), target->artifacts.end(),
                         [&](const Artifact &x) { return x.kind == a.kind && x.host == a.host; });
        if (slot != target->artifacts.end())
            *slot = a;
        else
            target->artifacts.push_back(a);
    }
}

} // namespace wasisdk::cli
