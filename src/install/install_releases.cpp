#include "install/install_releases.h"

#include "base/doc_path.h"
#include "base/error.h"
#include "base/fs_util.h"
#include "base/text.h"
#include "install/extract.h"
#include "install/fetch.h"
#include "install/sha256.h"
#include "model/receipt.h"
#include "model/version.h"
#include "store/staged_install.h"
#include "tree_probe/tree_probe.h"

#include <set>

namespace wasisdk {

namespace fs = std::filesystem;

namespace {

// One install from plan to commit.
struct Planned {
    InstallRequest request;
    std::string version; // the release's version text
    std::string name;    // the install's directory name
    const Artifact *artifact = nullptr;
    std::optional<fs::path> local_file;
    std::optional<std::string> expected_sha256;
    std::string source;
    std::string url;
};

std::string join(const std::vector<std::string> &items, const char *sep = ", ") {
    std::string out;
    for (const auto &i : items) {
        if (!out.empty())
            out += sep;
        out += i;
    }
    return out;
}

// Step 1 for one request: the release, the artifact and where its bytes come from.
Planned plan(const Manifest &manifest, const InstallRequest &request,
             const InstallOptions &options) {
    Planned p;
    p.request = request;
    auto spec = parse_version_spec(request.spec);
    auto version = match_version(spec, manifest.versions());
    const Release *release = version ? manifest.find(*version) : nullptr;

    if (!release && !options.from_file) {
        auto versions = manifest.versions();
        std::string hint = versions.empty() ? std::string("the manifest lists no releases")
                                            : "available: " + versions.front() + " to " +
                                                  versions.back() + " (wasisdk list --available)";
        auto wanted = parse_version(request.spec);
        if (!versions.empty() && wanted && version_less(*parse_version(versions.back()), *wanted))
            hint += "; newer releases: wasisdk update, or install --trust github-digest";
        throw Error("wasi-sdk " + request.spec + " is not in " + manifest.origin, hint,
                    ExitCode::not_found);
    }
    p.version = release ? release->version : request.spec;
    if (!parse_version(p.version))
        throw Error("'" + p.version + "' is not a version", "name the version, e.g. 22.0",
                    ExitCode::usage);
    p.name = p.version;

    if (release) {
        p.artifact = release->find(request.kind, options.host);
        if (!p.artifact && !options.from_file) {
            auto hosts = release->hosts_for(request.kind);
            if (hosts.empty())
                throw Error("wasi-sdk " + p.version + " has no " + to_string(request.kind) +
                                " artifact",
                            "choose another --component or version", ExitCode::not_found);
            throw Error("wasi-sdk " + p.version + " has no " + to_string(request.kind) + " for " +
                            options.host + " (it has: " + join(hosts) + ")",
                        "pick another version, or set WASISDK_HOST to fetch another host's build",
                        ExitCode::not_found);
        }
    }
    if (p.artifact) {
        p.expected_sha256 = p.artifact->sha256;
        p.source = p.artifact->source;
        p.url = p.artifact->url;
    }
    if (options.from_file) {
        std::error_code ec;
        if (!fs::is_regular_file(*options.from_file, ec))
            throw Error("--from " + options.from_file->string() + ": no such file",
                        "give the path of a downloaded wasi-sdk archive", ExitCode::usage);
        p.local_file = fs::absolute(*options.from_file);
        p.url = "file://" + p.local_file->string();
    } else if (!p.expected_sha256 && !options.allow_unverified) {
        throw Error("no sha256 is known for " + sanitize_url(p.url) + " in " + manifest.origin,
                    "pass --allow-unverified to install it anyway (the observed hash is "
                    "recorded), or give a manifest with its sha256 (see " +
                        doc_reference("manifest-format.md") + ")");
    }
    return p;
}

// Step 1: a plan per request; what is installed already (checked again under the lock:
// a concurrent install may just have finished) is an outcome at once, made the default
// when asked.
std::vector<Planned> plan_all(const Store &store, const Manifest &manifest,
                              const std::vector<InstallRequest> &requests,
                              const InstallOptions &options,
                              std::vector<InstallOutcome> &outcomes) {
    std::vector<Planned> work;
    std::set<std::string> planned_dirs;
    for (const auto &request : requests) {
        Planned p = plan(manifest, request, options);
        fs::path target = store.home().install_dir(request.kind, p.name);
        if (!planned_dirs.insert(target.string()).second)
            continue; // "22 22.0" asks twice for one install
        std::error_code ec;
        if (!options.force && fs::exists(receipt_of(target), ec)) {
            InstallOutcome o{p.name, request.kind, true, false};
            if (request.kind == ArtifactKind::sdk && options.make_default)
                o.became_default = store.update_default_after_install(p.name, true);
            outcomes.push_back(o);
            continue;
        }
        work.push_back(std::move(p));
    }
    return work;
}

// An archive on disk, verified (or knowingly not), and what the receipt says of it.
struct Archive {
    fs::path file;
    std::string name; // as the release names it, for messages and the top-directory rule
    ReceiptArtifact record;
};

// What the receipt records of a planned artifact before its bytes are seen.
ReceiptArtifact artifact_record(const Planned &p) {
    ReceiptArtifact ra;
    ra.kind = to_string(p.request.kind);
    ra.url = sanitize_url(p.url);
    ra.source = p.source;
    // What vouched for the hash, for anyone reading the receipt later.
    ra.trust = !p.expected_sha256                              ? "none"
               : p.artifact->trust == HashTrust::github_digest ? "github-digest"
                                                               : "pin";
    ra.sha256_from = p.expected_sha256 ? p.artifact->pinned_by : "";
    ra.verified = p.expected_sha256.has_value();
    return ra;
}

// Step 2a: an `install --from` file, hashed and held to its pin like a download.
Archive verify_local_file(const Planned &p, const Reporter &report) {
    Archive a{*p.local_file,
              p.artifact ? p.artifact->file_name() : p.local_file->filename().string(),
              artifact_record(p)};
    a.record.sha256 = sha256_file(a.file);
    std::error_code ec;
    a.record.size = fs::file_size(a.file, ec);
    if (p.expected_sha256)
        check_sha256(a.file.string() + " as wasi-sdk " + p.version,
                     {*p.expected_sha256, a.record.sha256_from}, a.record.sha256,
                     "download the right file, or install it from the network");
    else
        report.warn("the manifest has no sha256 for " + p.version + " " +
                    to_string(p.request.kind) + ": " + a.file.filename().string() +
                    " is installed unverified (sha256 " + a.record.sha256 + ")");
    return a;
}

// Step 2: every artifact's bytes. All downloads of the command run at once, verified as
// bytes arrive (install/fetch.h); `--from` files are verified here.
std::vector<Archive> fetch_archives(const std::vector<Planned> &work, const Store &store,
                                    const FetchOptions &fetch) {
    const Reporter &report = store.report();
    std::vector<DownloadRequest> downloads;
    std::vector<std::size_t> download_of(work.size(), SIZE_MAX);
    bool warned_unverified = false;
    for (std::size_t i = 0; i < work.size(); ++i) {
        const Planned &p = work[i];
        if (p.local_file)
            continue;
        if (!p.expected_sha256 && !warned_unverified) {
            report.warn("installing without a pinned sha256 (--allow-unverified): the bytes "
                        "are not verified; the hash observed is recorded in the receipt");
            warned_unverified = true;
        }
        download_of[i] = downloads.size();
        downloads.push_back({p.url, p.expected_sha256, p.artifact ? p.artifact->size : std::nullopt,
                             p.artifact ? p.artifact->file_name() : p.name, std::nullopt,
                             p.expected_sha256 ? p.artifact->pinned_by : ""});
    }
    for (const auto &d : downloads)
        report.detail("fetching " + sanitize_url(d.url) +
                      (d.sha256 ? " (expecting sha256 " + *d.sha256 + ")" : " (no pinned sha256)"));
    auto fetched = download_all(downloads, store.home().downloads(), fetch);

    std::vector<Archive> archives;
    for (std::size_t i = 0; i < work.size(); ++i) {
        const Planned &p = work[i];
        if (p.local_file) {
            archives.push_back(verify_local_file(p, report));
            continue;
        }
        const DownloadResult &d = fetched[download_of[i]];
        Archive a{d.file, p.artifact ? p.artifact->file_name() : d.file.filename().string(),
                  artifact_record(p)};
        a.record.sha256 = d.sha256;
        a.record.size = d.size;
        archives.push_back(std::move(a));
    }
    return archives;
}

// Step 3: unpack into tmp/, probe the tree, then the receipt, the commit and the
// default (store/staged_install.h).
InstallOutcome unpack_and_commit(const Store &store, const Manifest &manifest, const Planned &p,
                                 const Archive &archive, const InstallOptions &options,
                                 Progress *progress) {
    StagedInstall staged(store, p.request.kind, p.name, "install-");
    store.report().note("unpacking " + archive.name + " into " + staged.target().string());
    store.report().detail("archive " + archive.file.string() + ", sha256 " + archive.record.sha256);
    const fs::path unpacked = staged.scratch("unpacked");
    fs::create_directory(unpacked);
    extract_archive(archive.file, unpacked, {}, archive.name, progress);
    fs::rename(single_top_directory(unpacked, archive.name), staged.tree());

    Receipt r;
    r.version = p.version;
    r.host = p.artifact && p.artifact->host ? *p.artifact->host : "";
    r.manifest = manifest.origin;
    r.artifacts.push_back(archive.record);
    r.tree = staged.probe(staged.tree());
    if (p.request.kind == ArtifactKind::sdk && r.tree.clang.empty())
        throw Error(archive.file.filename().string() + " holds no bin/clang: not a wasi-sdk",
                    "for a sysroot or builtins archive, pass --component sysroot|builtins");
    InstallOutcome o{p.name, p.request.kind, false, false};
    o.became_default =
        staged.commit(std::move(r), options.make_default ? StagedInstall::Default::make
                                                         : StagedInstall::Default::if_unset);
    return o;
}

} // namespace

// The steps, in order, under the home's lock: plan (and skip what is installed), fetch
// and verify every archive, then per archive unpack, probe and commit.
std::vector<InstallOutcome> install_releases(const Store &store, const FetchOptions &fetch,
                                             const Manifest &manifest,
                                             const std::vector<InstallRequest> &requests,
                                             const InstallOptions &options) {
    FileLock lock = store.begin_change();
    std::vector<InstallOutcome> outcomes;
    const std::vector<Planned> work = plan_all(store, manifest, requests, options, outcomes);
    const std::vector<Archive> archives = fetch_archives(work, store, fetch);
    for (std::size_t i = 0; i < work.size(); ++i)
        outcomes.push_back(
            unpack_and_commit(store, manifest, work[i], archives[i], options, fetch.progress));
    return outcomes;
}

} // namespace wasisdk
