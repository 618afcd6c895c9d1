#include "install/mirror.h"

#include "base/error.h"
#include "base/file_lock.h"
#include "base/fs_util.h"
#include "base/text.h"
#include "install/fetch.h"
#include "install/rust_std_installer.h"
#include "install/sha256.h"
#include "model/version.h"
#include "rust_dist/channel_manifest.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sys/stat.h>

namespace wasisdk {

namespace fs = std::filesystem;

namespace {

// Resumable partial downloads of a mirror, inside DIR so the final rename stays on one
// filesystem; removed when a run completes. The lock keeps two runs on one DIR apart.
constexpr const char *kPartialDir = ".wasisdk-partial";
constexpr const char *kLockFile = ".wasisdk-mirror.lock";
constexpr const char *kManifestName = "manifest.json";

// Unreserved characters stay; everything else ('+' included: a static server may read
// it as a space) is percent-encoded.
std::string percent_encode(const std::string &s) {
    static const char *hex = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : s) {
        if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~')
            out += static_cast<char>(c);
        else
            out += {'%', hex[c >> 4], hex[c & 15]};
    }
    return out;
}

// A path segment every static server maps to the same file name: release file names
// use these characters (wasi-sdk-20.0+threads, wasi-sysroot-33.0+m.tar.gz).
bool safe_segment(const std::string &seg) {
    if (seg.empty() || seg.front() == '.')
        return false;
    return std::all_of(seg.begin(), seg.end(), [](unsigned char c) {
        return std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '+' || c == '~';
    });
}

// `rel` with each segment percent-decoded and checked; `url` names it in the error.
std::string checked_path(const std::string &rel, const std::string &url) {
    std::string out;
    for (const auto &seg : split(rel, '/')) {
        std::string name = percent_decode(seg);
        if (!safe_segment(name))
            throw Error("cannot mirror " + sanitize_url(url) + ": '" + printable(name) +
                            "' is not a file or directory name a mirror can hold",
                        "use names of letters, digits and . _ + - ~ (not starting with '.')");
        out += (out.empty() ? "" : "/") + name;
    }
    return out;
}

std::string url_of_path(const std::string &rel) {
    std::string out;
    for (const auto &seg : split(rel, '/'))
        out += (out.empty() ? "" : "/") + percent_encode(seg);
    return out;
}

struct Entry {
    std::string version;
    std::string llvm;
    Artifact artifact;
    std::string rel; // path under DIR
};

std::string key_of(const Entry &e) {
    return e.version + "\n" + to_string(e.artifact.kind) + "\n" + e.artifact.host.value_or("");
}

// What the chosen releases hold for the chosen hosts.
std::vector<Entry> select(const Manifest &m, const MirrorRequest &req, std::size_t &unpinned) {
    std::vector<const Release *> releases;
    if (req.versions.empty()) {
        for (const auto &r : m.releases)
            releases.push_back(&r);
    } else {
        for (const auto &spec : req.versions) {
            auto version = match_version(parse_version_spec(spec), m.versions());
            if (!version)
                throw Error("wasi-sdk " + printable(spec) + " is not in " + m.origin,
                            "see the versions: wasisdk list --available", ExitCode::not_found);
            const Release *r = m.find(*version);
            if (std::find(releases.begin(), releases.end(), r) == releases.end())
                releases.push_back(r);
        }
    }
    std::vector<Entry> out;
    for (const Release *r : releases)
        for (const Artifact &a : r->artifacts) {
            if (a.host && std::find(req.hosts.begin(), req.hosts.end(), *a.host) == req.hosts.end())
                continue;
            if (!a.sha256) {
                ++unpinned;
                continue;
            }
            // After `wasisdk update` an artifact may come from the signed release manifest,
            // whose base_url is its own.
            out.push_back(
                {r->version, r->llvm, a,
                 mirror_path(a, r->version, a.base_url.empty() ? m.base_url : a.base_url)});
        }
    return out;
}

// The entries of an earlier run's manifest.json whose files are still in DIR.
std::vector<Entry> earlier_entries(const fs::path &dir) {
    fs::path file = dir / kManifestName;
    auto text = read_file_if_exists(file);
    if (!text)
        return {};
    ManifestOptions mo;
    mo.location = file_url(fs::absolute(file).lexically_normal().string());
    Manifest m = parse_manifest(*text, file.string(), mo);
    std::vector<Entry> out;
    for (const Release &r : m.releases)
        for (const Artifact &a : r.artifacts) {
            Entry e{r.version, r.llvm, a, mirror_path(a, r.version, m.base_url)};
            struct stat st;
            if (::lstat((dir / e.rel).c_str(), &st) == 0 && S_ISREG(st.st_mode) &&
                (!a.size || *a.size == static_cast<std::uint64_t>(st.st_size)))
                out.push_back(std::move(e));
        }
    return out;
}

std::string manifest_json(const std::vector<Entry> &entries) {
    // Releases newest first, as manifests/wasi-sdk.json lists them.
    std::map<std::string, std::pair<std::string, std::vector<const Entry *>>> by_version;
    for (const Entry &e : entries) {
        auto &slot = by_version[e.version];
        slot.first = e.llvm;
        slot.second.push_back(&e);
    }
    std::vector<std::string> versions;
    for (const auto &[v, _] : by_version)
        versions.push_back(v);
    std::sort(versions.begin(), versions.end(), [](const std::string &a, const std::string &b) {
        return version_less(*parse_version(b), *parse_version(a));
    });
    nlohmann::json releases = nlohmann::json::array();
    for (const auto &v : versions) {
        nlohmann::json arts = nlohmann::json::array();
        for (const Entry *e : by_version[v].second) {
            nlohmann::json a = {{"kind", to_string(e->artifact.kind)}};
            if (e->artifact.host)
                a["host"] = *e->artifact.host;
            a["url"] = url_of_path(e->rel);
            a["sha256"] = *e->artifact.sha256;
            if (e->artifact.size)
                a["size"] = *e->artifact.size;
            if (!e->artifact.source.empty())
                a["source"] = e->artifact.source;
            arts.push_back(a);
        }
        nlohmann::json rel = {{"version", v}};
        if (!by_version[v].first.empty())
            rel["llvm"] = by_version[v].first;
        rel["artifacts"] = arts;
        releases.push_back(rel);
    }
    nlohmann::json doc = {{"schema", Manifest::kSchema}, {"releases", releases}};
    return doc.dump(2) + "\n";
}

FileLock lock_mirror(const fs::path &dir, const Reporter &report) {
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec || !fs::is_directory(dir))
        throw Error("cannot create the mirror directory " + dir.string() +
                        (ec ? ": " + ec.message() : std::string()),
                    "give a directory you can write to");
    return FileLock::acquire(dir / kLockFile, [&] {
        report.note("waiting for another wasisdk mirror into " + dir.string() + " to finish");
    });
}

bool has_sha256(const fs::path &file, const std::string &sha) {
    struct stat st;
    return ::lstat(file.c_str(), &st) == 0 && S_ISREG(st.st_mode) && sha256_file(file) == sha;
}

} // namespace

std::string mirror_path(const Artifact &artifact, const std::string &version,
                        const std::string &base_url) {
    std::string url = artifact.url.substr(0, artifact.url.find_first_of("?#"));
    std::string rel;
    if (!base_url.empty() && url.starts_with(base_url) && url.size() > base_url.size())
        rel = url.substr(base_url.size());
    else
        rel = version + "/" + url.substr(url.rfind('/') + 1);
    return checked_path(rel, artifact.url);
}

namespace {

MirrorResult mirror_sdks(const Manifest &manifest, const fs::path &dir,
                         const MirrorRequest &request, const FetchOptions &fetch,
                         const Reporter &report) {
    MirrorResult result;
    std::vector<Entry> chosen = select(manifest, request, result.unpinned);
    if (result.unpinned)
        report.warn(std::to_string(result.unpinned) + " artifact" +
                    (result.unpinned == 1 ? " has" : "s have") + " no pinned sha256 in " +
                    manifest.origin + " and " + (result.unpinned == 1 ? "is" : "are") +
                    " not mirrored: a mirror serves only what it could verify");
    FileLock lock = lock_mirror(dir, report);

    // What is missing, one download per distinct sha256.
    std::map<std::string, std::vector<const Entry *>> missing;
    for (const Entry &e : chosen) {
        if (has_sha256(dir / e.rel, *e.artifact.sha256)) {
            ++result.present;
            report.detail("present: " + e.rel);
        } else {
            missing[*e.artifact.sha256].push_back(&e);
        }
    }
    std::vector<DownloadRequest> downloads;
    for (const auto &[sha, entries] : missing) {
        const Artifact &a = entries.front()->artifact;
        downloads.push_back({a.url, sha, a.size, a.file_name()});
        report.detail("fetching " + sanitize_url(a.url));
    }
    const fs::path partial = dir / kPartialDir;
    auto fetched = download_all(downloads, partial, fetch);
    for (std::size_t i = 0; i < downloads.size(); ++i) {
        const auto &entries = missing[*downloads[i].sha256];
        for (std::size_t j = 0; j < entries.size(); ++j) {
            fs::path target = dir / entries[j]->rel;
            fs::create_directories(target.parent_path());
            // The last use moves the file; earlier ones (two names, same bytes) copy it.
            if (j + 1 < entries.size())
                fs::copy_file(fetched[i].file, target, fs::copy_options::overwrite_existing);
            else if (::rename(fetched[i].file.c_str(), target.c_str()) != 0)
                throw Error("cannot store " + target.string() + ": " + std::strerror(errno),
                            "check that the mirror directory is writable");
            ++result.fetched;
        }
        result.fetched_bytes += fetched[i].size;
    }
    remove_all_quiet(partial);

    // This run's entries, then the earlier run's that this one did not choose again.
    std::vector<Entry> listed = chosen;
    std::set<std::string> keys;
    for (const Entry &e : chosen)
        keys.insert(key_of(e));
    for (Entry &e : earlier_entries(dir))
        if (keys.insert(key_of(e)).second)
            listed.push_back(std::move(e));
    for (Entry &e : listed)
        if (!e.artifact.size) {
            struct stat st;
            if (::lstat((dir / e.rel).c_str(), &st) == 0)
                e.artifact.size = static_cast<std::uint64_t>(st.st_size);
        }
    write_file_atomic(dir / kManifestName, manifest_json(listed));
    result.listed = listed.size();
    return result;
}

} // namespace

MirrorResult mirror_releases(const Manifest &manifest, const fs::path &dir,
                             const MirrorRequest &request, const FetchOptions &fetch,
                             const Reporter &report) {
    MirrorResult result;
    if (request.sdks)
        result = mirror_sdks(manifest, dir, request, fetch, report);
    if (!request.rust_targets.empty()) {
        auto r = mirror_rust_std(dir, request.rustc, request.rust_targets, request.rust_dist_server,
                                 fetch, report);
        result.rust_fetched = r.fetched;
        result.rust_present = r.present;
        result.rust_channel_manifest = r.channel_manifest;
    }
    return result;
}

RustStdMirrorResult mirror_rust_std(const fs::path &dir, const RustcInfo &rustc,
                                    const std::vector<std::string> &targets,
                                    const std::string &dist_server, const FetchOptions &fetch,
                                    const Reporter &report) {
    std::string server = dist_server;
    while (server.ends_with("/"))
        server.pop_back();
    // Where a URL lives below the server; rustup's default server for packages a
    // mirror's manifest names with their official URLs.
    auto below_server = [&](const std::string &url) {
        for (const std::string &prefix :
             {server + "/", std::string("https://static.rust-lang.org/")})
            if (url.starts_with(prefix))
                return checked_path(url.substr(prefix.size()), url);
        return checked_path("dist/" + url.substr(url.rfind('/') + 1), url);
    };

    const std::string url = channel_manifest_url(server, rustc);
    std::string text = fetch_text(url, fetch);
    std::string expected = parse_sha256_file(fetch_text(url + ".sha256", fetch), url + ".sha256");
    check_sha256(sanitize_url(url), {expected, sanitize_url(url + ".sha256")}, sha256_string(text),
                 "nothing was mirrored; try again or use another --rust-dist-server");
    RustStdMirrorResult result;
    result.channel_manifest = below_server(url);
    const fs::path manifest_dir = fs::path(result.channel_manifest).parent_path();

    FileLock lock = lock_mirror(dir, report);
    std::vector<DownloadRequest> downloads;
    std::vector<std::string> rels;
    std::string rewritten = text;
    for (const auto &t : targets) {
        RustStdPackage pkg = find_rust_std(text, sanitize_url(url), t);
        std::string rel = below_server(pkg.url);
        std::string relative = url_of_path(fs::path(rel).lexically_relative(manifest_dir).string());
        // The package's URL is a TOML string; only that exact string changes.
        const std::string quoted = "\"" + pkg.url + "\"";
        for (auto pos = rewritten.find(quoted); pos != std::string::npos;
             pos = rewritten.find(quoted, pos + relative.size() + 2))
            rewritten.replace(pos, quoted.size(), "\"" + relative + "\"");
        if (has_sha256(dir / rel, pkg.sha256)) {
            ++result.present;
            continue;
        }
        downloads.push_back({pkg.url, pkg.sha256, std::nullopt,
                             pkg.url.substr(pkg.url.rfind('/') + 1), kRustStdMaxDownload});
        rels.push_back(rel);
    }
    const fs::path partial = dir / kPartialDir;
    auto fetched = download_all(downloads, partial, fetch);
    for (std::size_t i = 0; i < fetched.size(); ++i) {
        fs::path target = dir / rels[i];
        fs::create_directories(target.parent_path());
        if (::rename(fetched[i].file.c_str(), target.c_str()) != 0)
            throw Error("cannot store " + target.string() + ": " + std::strerror(errno),
                        "check that the mirror directory is writable");
        ++result.fetched;
    }
    remove_all_quiet(partial);
    const fs::path manifest_file = dir / result.channel_manifest;
    fs::create_directories(manifest_file.parent_path());
    write_file_atomic(manifest_file, rewritten);
    write_file_atomic(fs::path(manifest_file.string() + ".sha256"),
                      sha256_string(rewritten) + "  " + manifest_file.filename().string() + "\n");
    return result;
}

} // namespace wasisdk
