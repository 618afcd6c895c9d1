#include "install/rust_std_installer.h"

#include "base/error.h"
#include "base/fs_util.h"
#include "base/text.h"
#include "install/extract.h"
#include "install/fetch.h"
#include "install/sha256.h"
#include "rust/rust_components.h"
#include "rust_dist/channel_manifest.h"
#include "store/rust_std_records.h"

#include <algorithm>

namespace wasisdk {

namespace fs = std::filesystem;

namespace {

// Bounds on what a dist server (or --from) hands us, beside the sha256 check: the hash
// comes from the same server, so on its own it stops no disk-filling. Numbers and sources
// in docs/rust.md ("Bounds"): Rust 1.63's rust-std for wasm32-wasi unpacks to 129 MiB in
// 30 files, the largest 43 MiB (libcore's rlib), per Debian's libstd-rust-dev-wasm32.
constexpr ExtractLimits kRustStdUnpackLimits{
    .max_entry_size = 1ull << 30, // 1 GiB, 24x the largest real file
    .max_total_size = 2ull << 30, // 2 GiB unpacked, 16x a real rust-std
    .max_entries = 10'000,        // 300x
};

// Unpacks into a stage inside the sysroot (same filesystem: the files then move into
// place by rename) that is removed whatever happens, a signal included.
void unpack_and_install(const SysrootLock &lock, const fs::path &archive,
                        const std::string &component, RustStdOutcome &outcome, Progress *progress) {
    SysrootStage stage(lock, kStagePrefix);
    // Canonical: messages and the moves below name the real path, whatever symlinks the
    // --sysroot was given through (/home -> /var/home, say).
    const fs::path unpacked = fs::canonical(stage.path()) / "unpacked";
    fs::create_directory(unpacked);
    extract_archive(archive, unpacked, kRustStdUnpackLimits, component + " tarball", progress);
    outcome.files = install_rust_component(lock, stage, single_top_directory(unpacked), component);
}

// The sysroot's lock, after the home's (always in that order: no deadlock).
SysrootLock lock_for_install(const Store &store, const fs::path &sysroot) {
    const fs::path rustlib = sysroot / "lib" / "rustlib";
    std::error_code ec;
    fs::create_directories(rustlib, ec);
    if (ec)
        throw Error("cannot write into " + rustlib.string() + ": " + ec.message(),
                    "run as a user who owns that rustc, or pass --rustc for your own");
    return lock_sysroot(sysroot, store.report().note);
}

} // namespace

std::vector<RustStdOutcome> install_rust_std(const Store &store, const FetchOptions &fetch,
                                             const RustcInfo &rustc,
                                             const std::vector<std::string> &targets,
                                             const std::optional<fs::path> &from_file,
                                             const std::string &dist_server) {
    FileLock home_lock = store.begin_change();
    SysrootLock lock = lock_for_install(store, rustc.sysroot);
    std::vector<RustStdOutcome> outcomes;
    std::vector<std::string> todo;
    auto installed = installed_components(rustc.sysroot);
    for (const auto &t : targets) {
        bool done =
            std::find(installed.begin(), installed.end(), "rust-std-" + t) != installed.end();
        if (done)
            outcomes.push_back({t, true, 0, false});
        else if (std::find(todo.begin(), todo.end(), t) == todo.end())
            todo.push_back(t);
    }
    if (todo.empty())
        return outcomes;

    if (from_file) {
        if (todo.size() != 1)
            throw Error("--from installs one rust-std tarball", "name one --target",
                        ExitCode::usage);
        std::error_code ec;
        if (!fs::is_regular_file(*from_file, ec))
            throw Error("--from " + from_file->string() + ": no such file",
                        "give the path of a rust-std tarball", ExitCode::usage);
        store.report().warn(from_file->filename().string() +
                            " is installed as given: no channel manifest vouches for it");
        RustStdOutcome o{todo.front(), false, 0, false};
        unpack_and_install(lock, *from_file, "rust-std-" + todo.front(), o, fetch.progress);
        outcomes.push_back(o);
        return outcomes;
    }

    // The channel manifest, checked against the .sha256 published beside it.
    std::string url = channel_manifest_url(dist_server, rustc);
    std::string text = fetch_text(url, fetch);
    std::string expected = parse_sha256_file(fetch_text(url + ".sha256", fetch), url + ".sha256");
    check_sha256(sanitize_url(url), {expected, sanitize_url(url + ".sha256")}, sha256_string(text),
                 "the manifest was not stored; try again or use another --rust-dist-server");

    std::vector<DownloadRequest> downloads;
    for (const auto &t : todo) {
        RustStdPackage pkg = find_rust_std(text, sanitize_url(url), t);
        // A mirror's channel manifest (`wasisdk mirror --rust-std`) names its packages
        // relative to itself.
        if (pkg.url.find("://") == std::string::npos)
            pkg.url = directory_url(url) + pkg.url;
        std::string name = pkg.url.substr(pkg.url.rfind('/') + 1);
        downloads.push_back({pkg.url, pkg.sha256, std::nullopt, name, kRustStdMaxDownload});
        store.report().detail("rust-std " + pkg.version + " for " + t + ": " + pkg.url);
    }
    auto fetched = download_all(downloads, store.home().downloads(), fetch);
    for (std::size_t i = 0; i < todo.size(); ++i) {
        RustStdOutcome o{todo[i], false, 0, true};
        unpack_and_install(lock, fetched[i].file, "rust-std-" + todo[i], o, fetch.progress);
        // The archive stays cached while this component is installed (gc reads this).
        record_rust_std_install(store.home(),
                                {fetched[i].sha256,
                                 fs::absolute(rustc.sysroot).lexically_normal().string(),
                                 "rust-std-" + todo[i]});
        outcomes.push_back(o);
    }
    return outcomes;
}

} // namespace wasisdk
