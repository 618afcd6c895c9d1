#include "install/store.h"

#include "base/error.h"
#include "base/file_lock.h"
#include "base/fs_util.h"
#include "base/text.h"
#include "install/extract.h"
#include "install/sha256.h"
#include "install/tree_probe.h"
#include "model/version.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <fcntl.h>
#include <set>

namespace wasisdk {

namespace fs = std::filesystem;

std::string utc_timestamp() {
    std::time_t now = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&now, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

// One install from plan to commit.
struct Store::Planned {
    InstallRequest request;
    std::string version; // the release's version text
    std::string name;    // the install's directory name
    const Artifact *artifact = nullptr;
    std::optional<fs::path> local_file;
    std::optional<std::string> expected_sha256;
    std::string source;
    std::string url;
};

namespace {

std::string join(const std::vector<std::string> &items, const char *sep = ", ") {
    std::string out;
    for (const auto &i : items) {
        if (!out.empty())
            out += sep;
        out += i;
    }
    return out;
}

// Holds the home's lock for one command that changes it.
FileLock lock_home(const Home &home, const Reporter &report) {
    return FileLock::acquire(home.lock_file(), [&] {
        report.note("waiting for another wasisdk command to finish (lock " +
                    home.lock_file().string() + ")");
    });
}

} // namespace

void Store::prepare_home() const {
    std::error_code ec;
    for (const auto &dir : {home_.root, home_.tmp(), home_.downloads()}) {
        fs::create_directories(dir, ec);
        if (ec)
            throw Error("cannot create " + dir.string() + ": " + ec.message(),
                        "choose a writable home with --home DIR or WASISDK_HOME");
    }
    // A read-only home fails here, with the reason, rather than halfway through.
    if (::access(home_.root.c_str(), W_OK) != 0)
        throw Error("the wasisdk home " + home_.root.string() + " is not writable",
                    "choose a writable home with --home DIR or WASISDK_HOME");
}

void Store::clean_stale_temporaries() const {
    // Only called with the lock held: whatever is in tmp/ belongs to a command that died.
    std::error_code ec;
    for (const auto &e : fs::directory_iterator(home_.tmp(), ec))
        remove_all_quiet(e.path());
}

std::optional<std::string> Store::already_installed(const InstallRequest &request) const {
    if (request.spec == "latest")
        return std::nullopt;
    return find_installed(request.spec, home_.installed(request.kind));
}

Store::Planned Store::plan(const Manifest &manifest, const InstallRequest &request,
                           const InstallOptions &options) const {
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
                    "recorded), or give a manifest with its sha256 (docs/manifest-format.md)");
    }
    return p;
}

void Store::commit(const fs::path &staged, const fs::path &target) const {
    std::error_code ec;
    fs::create_directories(target.parent_path(), ec);
    if (fs::exists(fs::symlink_status(target, ec))) {
        // Replace atomically: swap the two directories, then delete the old one, now
        // sitting in tmp/ where a crash would leave it for the next cleanup.
        if (::renameat2(AT_FDCWD, staged.c_str(), AT_FDCWD, target.c_str(), RENAME_EXCHANGE) != 0)
            throw Error("cannot replace " + target.string() + ": " + std::strerror(errno));
        remove_all_quiet(staged);
        return;
    }
    if (::rename(staged.c_str(), target.c_str()) != 0)
        throw Error("cannot install into " + target.string() + ": " + std::strerror(errno),
                    "check that the wasisdk home is writable");
}

void Store::update_default_after_install(const std::string &name, bool requested, bool &became) {
    auto current = home_.default_sdk();
    std::error_code ec;
    bool dangling = current && !fs::exists(receipt_of(home_.toolchain_dir(*current)), ec);
    if (requested || !current || dangling) {
        write_file_atomic(home_.default_file(), name + "\n");
        became = true;
    }
}

std::vector<InstallOutcome> Store::install(const Manifest &manifest,
                                           const std::vector<InstallRequest> &requests,
                                           const InstallOptions &options) {
    prepare_home();
    FileLock lock = lock_home(home_, report_);
    clean_stale_temporaries();

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
                update_default_after_install(p.name, true, o.became_default);
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
    auto fetched = download_all(downloads, home_.downloads(), fetch_);

    for (std::size_t i = 0; i < work.size(); ++i) {
        const Planned &p = work[i];
        ReceiptArtifact ra;
        ra.kind = to_string(p.request.kind);
        ra.url = sanitize_url(p.url);
        ra.source = p.source;
        fs::path archive;
        if (p.local_file) {
            archive = *p.local_file;
            ra.sha256 = sha256_file(archive);
            std::error_code ec;
            ra.size = fs::file_size(archive, ec);
            if (p.expected_sha256 && ra.sha256 != *p.expected_sha256)
                throw Error(archive.string() + " is not the file the manifest pins for wasi-sdk " +
                                p.version + ": expected sha256 " + *p.expected_sha256 + ", got " +
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
        fs::path work_dir = make_temp_dir(home_.tmp(), "install-");
        fs::path unpacked = work_dir / "unpacked";
        fs::path staged = work_dir / "staged";
        fs::create_directories(unpacked);
        fs::create_directories(staged);
        try {
            extract_archive(archive, unpacked);
            fs::rename(single_top_directory(unpacked), tree_of(staged));

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
            write_file_atomic(receipt_of(staged), receipt_to_json(r));
            commit(staged, home_.install_dir(p.request.kind, p.name));
        } catch (...) {
            remove_all_quiet(work_dir);
            throw;
        }
        remove_all_quiet(work_dir);

        InstallOutcome o{p.name, p.request.kind, false, false};
        if (p.request.kind == ArtifactKind::sdk)
            update_default_after_install(p.name, options.make_default, o.became_default);
        outcomes.push_back(o);
    }
    return outcomes;
}

std::string Store::uninstall(const std::string &spec, ArtifactKind kind) {
    prepare_home();
    FileLock lock = lock_home(home_, report_);
    clean_stale_temporaries();
    auto name = find_installed(spec, home_.installed(kind));
    if (!name)
        throw Error(std::string(kind == ArtifactKind::sdk ? "wasi-sdk " : "") + spec +
                        (kind == ArtifactKind::sdk ? "" : std::string(" ") + to_string(kind)) +
                        " is not installed",
                    "see what is: wasisdk list", ExitCode::not_found);
    fs::path dir = home_.install_dir(kind, *name);
    // Move it out of sight first (atomic), then delete: a crash mid-delete leaves only
    // garbage in tmp/. For a linked SDK `sdk` is a symlink: remove_all removes the
    // link, never what it points to.
    fs::path trash = make_temp_dir(home_.tmp(), "remove-");
    if (::rename(dir.c_str(), (trash / "x").c_str()) != 0)
        throw Error("cannot remove " + dir.string() + ": " + std::strerror(errno),
                    "check that the wasisdk home is writable");
    remove_all_quiet(trash);

    if (kind == ArtifactKind::sdk && home_.default_sdk() == *name) {
        auto rest = home_.installed(ArtifactKind::sdk);
        if (rest.empty()) {
            std::error_code ec;
            fs::remove(home_.default_file(), ec);
        } else {
            write_file_atomic(home_.default_file(), rest.back() + "\n");
            report_.note("the default SDK is now " + rest.back());
        }
    }
    return *name;
}

void Store::link(const std::string &name, const fs::path &dir, bool force) {
    if (name.empty() || name.find('/') != std::string::npos || name[0] == '.' || name == "latest")
        throw Error("'" + name + "' cannot name a linked SDK",
                    "use a plain name such as opt or 22-custom", ExitCode::usage);
    std::error_code ec;
    fs::path root = fs::absolute(dir).lexically_normal();
    if (!fs::is_directory(root, ec))
        throw Error(dir.string() + " is not a directory", "give the path of a wasi-sdk tree",
                    ExitCode::usage);
    if (!fs::exists(root / "bin" / "clang", ec))
        throw Error(root.string() + " has no bin/clang: not a wasi-sdk tree",
                    "give the SDK's top directory (e.g. /opt/wasi-sdk)", ExitCode::usage);

    prepare_home();
    FileLock lock = lock_home(home_, report_);
    clean_stale_temporaries();
    fs::path target = home_.toolchain_dir(name);
    if (fs::exists(receipt_of(target), ec) && !force)
        throw Error("an SDK named " + name + " is already installed",
                    "choose another name, or pass --force to replace it", ExitCode::usage);

    fs::path work_dir = make_temp_dir(home_.tmp(), "link-");
    fs::path staged = work_dir / "staged";
    try {
        fs::create_directories(staged);
        fs::create_directory_symlink(root, tree_of(staged));
        Receipt r;
        r.name = name;
        r.component = "sdk";
        r.linked = true;
        r.linked_path = root.string();
        r.installed_at = utc_timestamp();
        r.tree = probe_tree(root, ArtifactKind::sdk);
        if (auto v = read_file_if_exists(root / "VERSION")) {
            auto first = trim(split(*v, '\n').front());
            if (parse_version(first))
                r.version = first;
        }
        write_file_atomic(receipt_of(staged), receipt_to_json(r));
        commit(staged, target);
    } catch (...) {
        remove_all_quiet(work_dir);
        throw;
    }
    remove_all_quiet(work_dir);
    bool became = false;
    update_default_after_install(name, false, became);
}

std::string Store::set_default(const std::string &spec) {
    prepare_home();
    FileLock lock = lock_home(home_, report_);
    auto name = find_installed(spec, home_.installed(ArtifactKind::sdk));
    if (!name)
        throw Error("wasi-sdk " + spec + " is not installed", "run: wasisdk install " + spec,
                    ExitCode::not_found);
    write_file_atomic(home_.default_file(), *name + "\n");
    return *name;
}

} // namespace wasisdk
