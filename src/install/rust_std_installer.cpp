#include "install/rust_std_installer.h"

#include "base/error.h"
#include "base/text.h"
#include "base/fs_util.h"
#include "install/extract.h"
#include "install/fetch.h"
#include "install/sha256.h"
#include "rust/channel_manifest.h"
#include "rust/rust_components.h"

#include <algorithm>

namespace wasisdk {

namespace fs = std::filesystem;

namespace {

void unpack_and_install(const Store &store, const fs::path &archive, const RustcInfo &rustc,
                        const std::string &component, RustStdOutcome &outcome) {
    fs::path work = make_temp_dir(store.home().tmp(), "rust-std-");
    try {
        extract_archive(archive, work, {}, component + " tarball");
        outcome.files = install_rust_component(single_top_directory(work), rustc.sysroot,
                                               component);
    } catch (...) {
        remove_all_quiet(work);
        throw;
    }
    remove_all_quiet(work);
}

} // namespace

std::vector<RustStdOutcome> install_rust_std(const Store &store, const FetchOptions &fetch,
                                             const RustcInfo &rustc,
                                             const std::vector<std::string> &targets,
                                             const std::optional<fs::path> &from_file,
                                             const std::string &dist_server) {
    FileLock lock = store.begin_change();
    std::vector<RustStdOutcome> outcomes;
    std::vector<std::string> todo;
    auto installed = installed_components(rustc.sysroot);
    for (const auto &t : targets) {
        bool done = std::find(installed.begin(), installed.end(), "rust-std-" + t) != installed.end();
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
        unpack_and_install(store, *from_file, rustc, "rust-std-" + todo.front(), o);
        outcomes.push_back(o);
        return outcomes;
    }

    // The channel manifest, checked against the .sha256 published beside it.
    std::string url = channel_manifest_url(dist_server, rustc);
    std::string text = fetch_text(url, fetch);
    std::string expected = parse_sha256_file(fetch_text(url + ".sha256", fetch), url + ".sha256");
    std::string actual = sha256_string(text);
    if (actual != expected)
        throw Error("sha256 mismatch for " + sanitize_url(url) + ": expected " + expected +
                        ", got " + actual,
                    "the manifest was not stored; try again or use another --rust-dist-server");

    std::vector<DownloadRequest> downloads;
    for (const auto &t : todo) {
        RustStdPackage pkg = find_rust_std(text, sanitize_url(url), t);
        std::string name = pkg.url.substr(pkg.url.rfind('/') + 1);
        downloads.push_back({pkg.url, pkg.sha256, std::nullopt, name});
        store.report().detail("rust-std " + pkg.version + " for " + t + ": " + pkg.url);
    }
    auto fetched = download_all(downloads, store.home().downloads(), fetch);
    for (std::size_t i = 0; i < todo.size(); ++i) {
        RustStdOutcome o{todo[i], false, 0, true};
        unpack_and_install(store, fetched[i].file, rustc, "rust-std-" + todo[i], o);
        outcomes.push_back(o);
    }
    return outcomes;
}

} // namespace wasisdk
