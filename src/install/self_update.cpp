#include "install/self_update.h"

#include "base/error.h"
#include "base/fs_util.h"
#include "base/host.h"
#include "base/process.h"
#include "base/text.h"
#include "install/extract.h"
#include "install/fetch.h"
#include "model/manifest.h"
#include "model/version.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace wasisdk {

namespace fs = std::filesystem;

namespace {

// What a tarball must hold (relative to its top directory), and where each goes in the
// install directory. packaging/install.sh checks the same three paths.
struct Part {
    const char *in_tarball;
    const char *in_install;
};
constexpr Part kParts[] = {
    {"bin/wasisdk", "wasisdk"},
    {"libexec/wasisdk/wasisdk-core", "wasisdk-core"},
    {"libexec/wasisdk/wasisdk-driver", "wasisdk-driver"},
};

// The portable tarball is ~10 MB (docs/architecture.md); SHA256SUMS states no size, so
// this bounds a server that streams forever: 10x the real size.
constexpr std::uint64_t kMaxTarball = 128ull << 20;
// Unpacked: binaries and ~40 libraries, well under these.
constexpr ExtractLimits kTarballLimits{
    .max_entry_size = 256ull << 20,
    .max_total_size = 512ull << 20,
    .max_entries = 1000,
};

bool is_loopback_http(const std::string &url) {
    return url.starts_with("http://") && check_url_scheme(url, false).empty();
}

} // namespace

std::string own_host() {
    // The running binary's own architecture: WASISDK_HOST (which SDK build to fetch)
    // does not change what this binary can run as.
#if defined(__x86_64__)
    return "x86_64-linux";
#elif defined(__aarch64__)
    return "arm64-linux";
#elif defined(__riscv) && __riscv_xlen == 64
    return "riscv64-linux";
#else
    return "unknown-linux";
#endif
}

std::vector<DistEntry> parse_dist_index(std::string_view text, const std::string &origin) {
    std::vector<DistEntry> out;
    int n = 0;
    for (const auto &raw : split(text, '\n')) {
        ++n;
        std::string line = trim(raw);
        if (line.empty())
            continue;
        auto bad = [&](const std::string &why) {
            return Error(origin + " line " + std::to_string(n) + ": " + why + " in '" +
                             printable(line, 100) + "'",
                         "the dist server's SHA256SUMS is damaged; check WASISDK_UPDATE_ROOT");
        };
        auto space = line.find(' ');
        if (space == std::string::npos)
            throw bad("expected '<sha256>  <file>'");
        DistEntry e;
        e.sha256 = line.substr(0, space);
        e.file = trim(line.substr(space + 1));
        if (!e.file.empty() && e.file.front() == '*') // sha256sum's binary mode marker
            e.file.erase(0, 1);
        if (!is_sha256_hex(e.sha256))
            throw bad("not a sha256");
        std::transform(e.sha256.begin(), e.sha256.end(), e.sha256.begin(),
                       [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        const std::string prefix = "wasisdk-", suffix = ".tar.gz";
        if (!e.file.starts_with(prefix) || !e.file.ends_with(suffix) ||
            e.file.find('/') != std::string::npos)
            continue; // another file of the release (a .deb, a signature): not ours
        std::string middle =
            e.file.substr(prefix.size(), e.file.size() - prefix.size() - suffix.size());
        for (const auto &h : known_hosts())
            if (middle.size() > h.size() + 1 && middle.ends_with("-" + h)) {
                e.host = h;
                e.version = middle.substr(0, middle.size() - h.size() - 1);
            }
        if (e.host.empty() || !parse_version(e.version))
            throw bad("expected wasisdk-<version>-<host>.tar.gz");
        out.push_back(std::move(e));
    }
    return out;
}

SelfUpdateOutcome self_update(const Store &store, const FetchOptions &fetch,
                              const std::string &root_in, const fs::path &install_dir,
                              const std::string &running_version, bool force) {
    std::string root = root_in;
    while (root.ends_with("/"))
        root.pop_back();
    // The index is what vouches for the tarball, so it must come over https (or from
    // this machine, for tests and air-gapped mirrors): plain http could be rewritten.
    if (!root.starts_with("https://") && !is_loopback_http(root) && !root.starts_with("file://"))
        throw Error("WASISDK_UPDATE_ROOT " + sanitize_url(root) +
                        " is not https: the checksums that vouch for the download must be",
                    "use an https URL", ExitCode::usage);
    const std::string index_url = root + "/SHA256SUMS";
    auto entries = parse_dist_index(fetch_text(index_url, fetch), sanitize_url(index_url));
    const std::string host = own_host();
    auto it = std::find_if(entries.begin(), entries.end(),
                           [&](const DistEntry &e) { return e.host == host; });
    if (it == entries.end())
        throw Error(sanitize_url(index_url) + " offers no wasisdk for " + host,
                    "build from source: packaging/install.sh --from-source", ExitCode::not_found);
    SelfUpdateOutcome outcome{running_version, it->version, false};
    auto have = parse_version(running_version), offered = parse_version(it->version);
    if (!force && have && offered && !version_less(*have, *offered)) {
        if (version_less(*offered, *have))
            store.report().warn(sanitize_url(index_url) + " offers wasisdk " + it->version +
                                ", older than this " + running_version +
                                ": not installed (--force installs it)");
        return outcome;
    }

    FileLock lock = store.begin_change();
    // Deleted on every way out; after the swap it holds the old install.
    const ScopedTempDir work(store.home().tmp(), "self-update-");
    DownloadRequest req{root + "/" + it->file, it->sha256, std::nullopt, it->file, kMaxTarball};
    auto fetched = download_all({req}, work.path(), fetch);
    const fs::path unpacked = work / "unpacked";
    fs::create_directory(unpacked);
    extract_archive(fetched.front().file, unpacked, kTarballLimits, it->file);
    const fs::path top = single_top_directory(unpacked, it->file);

    // The new install directory: the tarball's libexec/wasisdk with bin/wasisdk
    // beside its helpers, and install.sh's record carried over.
    const fs::path staged = top / "libexec" / "wasisdk";
    for (const Part &p : kParts) {
        struct stat st;
        if (::lstat((top / p.in_tarball).c_str(), &st) != 0 || !S_ISREG(st.st_mode))
            throw Error(it->file + " holds no " + p.in_tarball + ": not a wasisdk tarball",
                        "the dist server serves a wrong file; nothing was changed");
    }
    fs::rename(top / "bin" / "wasisdk", staged / "wasisdk");
    fs::copy_file(install_dir / kInstallRecord, staged / kInstallRecord,
                  fs::copy_options::overwrite_existing);
    // It must run here before it replaces what runs now (libraries missing, another
    // architecture, a truncated binary).
    ProcessResult r = run_capture({(staged / "wasisdk-core").string(), "--version"});
    if (r.exit_code != 0 || !r.output.starts_with("wasisdk "))
        throw Error("the wasisdk-core of " + it->file +
                        " does not run here: " + printable(trim(r.output), 200),
                    "nothing was changed; report it to the dist server's maintainers");
    if (::renameat2(AT_FDCWD, staged.c_str(), AT_FDCWD, install_dir.c_str(), RENAME_EXCHANGE) != 0)
        throw Error("cannot replace " + install_dir.string() + ": " + std::strerror(errno),
                    "check that the wasisdk home is writable; nothing was changed");
    outcome.updated = true;
    return outcome;
}

} // namespace wasisdk
