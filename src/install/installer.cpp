#include "install/installer.h"

#include "base/doc_path.h"
#include "base/error.h"
#include "base/fs_util.h"
#include "install/extract.h"
#include "install/fetch.h"
#include "install/sha256.h"
#include "base/text.h"
#include "model/receipt.h"
#include "model/version.h"
#include "store/tree_probe.h"

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



} // namespace

std::vector<InstallOutcome> install_releases(const Store &store, const FetchOptions &fetch,
                                             const Manifest &manifest,
                                             const std::vector<InstallRequest> &requests,
                                             const InstallOptions &options) {
    const Home &home_ = store.home();
    const Reporter &report_ = store.report();
    FileLock lock = store.begin_change();

    std::vector<InstallOutcome> outcomes;
    std::vector<Planned> work;
    std::set<std::string> planned_dirs;
    for (const auto &request : requests) {
        Planned p = plan(manifest, request, options);
        fs::path target = home_.install_dir(request.kind, p.name);
        if (!planned_dirs.insert(target.string()).second)
            continue; // "22 22.0" asks twice for one install
        std::error_code ec;
        if (!options.force && fs::exists(receipt_of(target), ec)) {
            // Checked again under the lock: a concurrent install may just have finished.
            InstallOutcome o{p.name, request.kind, true, false};
            if (request.kind == ArtifactKind::sdk && options.make_default)
                o.became_default = store.update_default_after_install(p.name, true);
            outcomes.push_back(o);
            continue;
        }
        work.push_back(std::move(p));
    }

    // Download every artifact of this command at once, verifying as bytes arrive.
    std::vector<DownloadRequest> downloads;
    std::vector<std::size_t> download_of(work.size(), SIZE_MAX);
    bool warned_unverified = false;
    for (std::size_t i = 0; i < work.size(); ++i) {
        const Planned &p = work[i];
        if (p.local_file)
            continue;
        if (!p.expected_sha256 && !warned_unverified) {
            report_.warn("installing without a pinned sha256 (--allow-unverified): the bytes "
                         "are not verified; the hash observed is recorded in the receipt");
            warned_unverified = true;
        }
        download_of[i] = downloads.size();
        downloads.push_back({p.url, p.expected_sha256, p.artifact ? p.artifact->size : std::nullopt,
                             p.artifact ? p.artifact->file_name() : p.name});
    }
    for (const auto &d : downloads)
        report_.detail("fetching " + sanitize_url(d.url) +
                       (d.sha256 ? " (expecting sha256 " + *d.sha256 + ")" : " (no pinned sha256)"));
    auto fetched = download_all(downloads, home_.downloads(), fetch);

    for (std::size_t i = 0; i < work.size(); ++i) {
        const Planned &p = work[i];
        ReceiptArtifact ra;
        ra.kind = to_string(p.request.kind);
        ra.url = sanitize_url(p.url);
        ra.source = p.source;
        // What vouched for the hash, for anyone reading the receipt later.
        ra.trust = !p.expected_sha256                              ? "none"
                   : p.artifact->trust == HashTrust::github_digest ? "github-digest"
                                                                    : "pin";
        ra.sha256_from = p.expected_sha256 ? p.artifact->pinned_by : "";
        fs::path archive;
        if (p.local_file) {
            archive = *p.local_file;
            ra.sha256 = sha256_file(archive);
            std::error_code ec;
            ra.size = fs::file_size(archive, ec);
            if (p.expected_sha256 && ra.sha256 != *p.expected_sha256)
                throw Error(archive.string() + " is not the file " +
                                (ra.trust == "github-digest" ? "GitHub's digest names"
                                                             : "the manifest pins") +
                                " for wasi-sdk " + p.version + ": expected sha256 " +
                                *p.expected_sha256 + " (from " + ra.sha256_from + "), got " +
                                ra.sha256,
                            "download the right file, or install it from the network");
            ra.verified = p.expected_sha256.has_value();
            if (!ra.verified)
                report_.warn("the manifest has no sha256 for " + p.version + " " +
                             to_string(p.request.kind) + ": " + archive.filename().string() +
                             " is installed unverified (sha256 " + ra.sha256 + ")");
        } else {
            const DownloadResult &d = fetched[download_of[i]];
            archive = d.file;
            ra.sha256 = d.sha256;
            ra.size = d.size;
            ra.verified = p.expected_sha256.has_value();
        }

        report_.note("unpacking " + (p.artifact ? p.artifact->file_name() : archive.filename().string()) +
                     " into " + home_.install_dir(p.request.kind, p.name).string());
        report_.detail("archive " + archive.string() + ", sha256 " + ra.sha256);
        fs::path work_dir = make_temp_dir(home_.tmp(), "install-");
        fs::path unpacked = work_dir / "unpacked";
        fs::path staged = work_dir / "staged";
        fs::create_directories(unpacked);
        fs::create_directories(staged);
        try {
            const std::string archive_name =
                p.artifact ? p.artifact->file_name() : archive.filename().string();
            extract_archive(archive, unpacked, {}, archive_name, fetch.progress);
            fs::rename(single_top_directory(unpacked, archive_name), tree_of(staged));

            Receipt r;
            r.name = p.name;
            r.version = p.version;
            r.component = to_string(p.request.kind);
            r.host = p.artifact && p.artifact->host ? *p.artifact->host : "";
            r.installed_at = utc_timestamp();
            r.manifest = manifest.origin;
            r.artifacts.push_back(ra);
            r.tree = probe_tree(tree_of(staged), p.request.kind);
            if (p.request.kind == ArtifactKind::sdk && r.tree.clang.empty())
                throw Error(archive.filename().string() + " holds no bin/clang: not a wasi-sdk",
                            "for a sysroot or builtins archive, pass --component sysroot|builtins");
            if (p.request.kind == ArtifactKind::sdk)
                r.cxx_compat = store.add_cxx_compat(tree_of(staged), staged, p.name);
            write_file_atomic(receipt_of(staged), receipt_to_json(r));
            store.commit(staged, home_.install_dir(p.request.kind, p.name));
        } catch (...) {
            remove_all_quiet(work_dir);
            throw;
        }
        remove_all_quiet(work_dir);

        InstallOutcome o{p.name, p.request.kind, false, false};
        if (p.request.kind == ArtifactKind::sdk)
            o.became_default = store.update_default_after_install(p.name, options.make_default);
        outcomes.push_back(o);
    }
    return outcomes;
}

} // namespace wasisdk
