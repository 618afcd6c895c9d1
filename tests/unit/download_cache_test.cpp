// The gc policy of the download cache (store/download_cache.h), with a fixed clock.
#include "store/download_cache.h"

#include <gtest/gtest.h>

using namespace wasisdk;
using namespace std::chrono_literals;

namespace {

const std::string kA(64, 'a'), kB(64, 'b');
const auto kNow = std::filesystem::file_time_type::clock::now();

CacheEntry entry(const std::string &name, CacheEntryKind kind, std::chrono::hours age,
                 std::uint64_t bytes = 10) {
    return {"/h/downloads/" + name, name, kind, true, bytes, kNow - age};
}

std::vector<std::string> names(const std::vector<GcItem> &items) {
    std::vector<std::string> out;
    for (const auto &i : items)
        out.push_back(i.path.filename().string() + ": " + i.why);
    return out;
}

TEST(DownloadCacheGc, KeepsNeededArtifactsAndFreshPartsRemovesTheRest) {
    std::vector<CacheEntry> entries = {
        entry(kA, CacheEntryKind::artifact, 1000h),
        entry(kB, CacheEntryKind::artifact, 1h),
        entry(kA + ".part", CacheEntryKind::partial, 23h),
        entry(kB + ".part", CacheEntryKind::partial, 25h),
        entry(kB + ".part.validator", CacheEntryKind::validator, 1h),
        entry("url-1.part.validator", CacheEntryKind::validator, 1h),
        entry("README", CacheEntryKind::other, 10000h),
    };
    EXPECT_EQ(names(plan_cache_gc(entries, {kA}, kNow)),
              (std::vector<std::string>{
                  kB + ": no installed SDK or rust-std needs it",
                  kB + ".part: partial download untouched for over a day",
                  kB + ".part.validator: resume record of a stale partial download",
                  "url-1.part.validator: resume record of no partial download",
              }));
}

TEST(DownloadCacheGc, NothingToDoOnAnEmptyCache) {
    EXPECT_TRUE(plan_cache_gc({}, {kA}, kNow).empty());
}

} // namespace
