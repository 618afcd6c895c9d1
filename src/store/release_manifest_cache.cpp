#include "store/release_manifest_cache.h"

#include "base/error.h"
#include "base/fs_util.h"
#include "model/release_source.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <nlohmann/json.hpp>
#include <sys/stat.h>
#include <unistd.h>

namespace wasisdk {

namespace {

constexpr const char *kFetchedFile = "fetched.json";

} // namespace

bool has_cached_release_manifest(const Home &home) {
    struct stat st;
    return ::lstat((home.release_manifest_dir() / kReleaseManifestFile).c_str(), &st) == 0;
}

std::optional<CachedReleaseManifest> read_cached_release_manifest(const Home &home) {
    const fs::path dir = home.release_manifest_dir();
    auto text = read_file_if_exists(dir / kReleaseManifestFile);
    if (!text)
        return std::nullopt;
    const std::string fix = "run wasisdk update to fetch it again, or remove " + dir.string();
    auto signature = read_file_if_exists(dir / kReleaseSignatureFile, 4096);
    if (!signature)
        throw Error(dir.string() + " holds no " + kReleaseSignatureFile, fix);
    CachedReleaseManifest c{*text, *signature, "", ""};
    try {
        auto doc = nlohmann::json::parse(read_file_if_exists(dir / kFetchedFile).value_or("{}"));
        c.url = doc.value("url", "");
        c.fetched_at = doc.value("fetched_at", "");
    } catch (const nlohmann::json::exception &) {
        throw Error(dir.string() + "/" + kFetchedFile + " is damaged", fix);
    }
    return c;
}

void store_cached_release_manifest(const Store &store, const CachedReleaseManifest &c) {
    const Home &home = store.home();
    // Deleted on every way out; after the swap it holds the old manifest.
    const ScopedTempDir work(home.tmp(), "release-manifest-");
    const fs::path staged = work / "staged";
    const fs::path target = home.release_manifest_dir();
    fs::create_directory(staged);
    write_file_atomic(staged / kReleaseManifestFile, c.text);
    write_file_atomic(staged / kReleaseSignatureFile, c.signature);
    write_file_atomic(staged / kFetchedFile,
                      nlohmann::json{{"url", c.url}, {"fetched_at", c.fetched_at}}.dump(2) + "\n");
    struct stat st;
    bool exists = ::lstat(target.c_str(), &st) == 0;
    // prepare_home_for_change() has checked that an existing one is a real directory.
    int rc = exists
                 ? ::renameat2(AT_FDCWD, staged.c_str(), AT_FDCWD, target.c_str(), RENAME_EXCHANGE)
                 : ::rename(staged.c_str(), target.c_str());
    if (rc != 0)
        throw Error("cannot replace " + target.string() + ": " + std::strerror(errno),
                    "check that the wasisdk home is writable");
}

} // namespace wasisdk
