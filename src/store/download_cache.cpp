#include "store/download_cache.h"

#include "model/manifest.h"

#include <algorithm>
#include <map>
#include <sys/stat.h>

namespace wasisdk {

namespace fs = std::filesystem;

namespace {

// The name's shape, as fetch.cpp makes names: a table of suffixes, longest first.
struct Shape {
    const char *suffix;
    CacheEntryKind kind;
};
constexpr Shape kShapes[] = {
    {".part.validator", CacheEntryKind::validator},
    {".part", CacheEntryKind::partial},
};

CacheEntryKind kind_of(const std::string &name) {
    for (const Shape &s : kShapes)
        if (name.size() > std::string_view(s.suffix).size() && name.ends_with(s.suffix))
            return s.kind;
    return is_sha256_hex(name) ? CacheEntryKind::artifact : CacheEntryKind::other;
}

// "<key>.part.validator" -> "<key>.part"
std::string part_of_validator(const std::string &name) {
    return name.substr(0, name.size() - std::string_view(".validator").size());
}

} // namespace

std::vector<CacheEntry> scan_download_cache(const fs::path &dir) {
    std::vector<CacheEntry> out;
    std::error_code ec;
    for (const auto &e : fs::directory_iterator(dir, ec)) {
        CacheEntry c;
        c.path = e.path();
        c.name = e.path().filename().string();
        c.kind = kind_of(c.name);
        struct stat st;
        if (::lstat(c.path.c_str(), &st) != 0)
            continue; // gone meanwhile
        c.regular = S_ISREG(st.st_mode);
        if (S_ISDIR(st.st_mode))
            c.kind = CacheEntryKind::other; // wasisdk makes no directories here
        c.bytes = c.regular ? static_cast<std::uint64_t>(st.st_size) : 0;
        c.modified = fs::last_write_time(c.path, ec); // of a link: its target's, if any
        if (ec || !c.regular)
            c.modified = fs::file_time_type::min(); // a link or an unreadable time: stale
        out.push_back(std::move(c));
    }
    std::sort(out.begin(), out.end(),
              [](const CacheEntry &a, const CacheEntry &b) { return a.name < b.name; });
    return out;
}

std::vector<GcItem> plan_cache_gc(const std::vector<CacheEntry> &entries,
                                  const std::set<std::string> &needed, fs::file_time_type now) {
    std::map<std::string, const CacheEntry *> parts;
    for (const CacheEntry &c : entries)
        if (c.kind == CacheEntryKind::partial)
            parts[c.name] = &c;
    auto stale = [&](const CacheEntry &c) { return now - c.modified > kStalePartAge; };

    std::vector<GcItem> out;
    for (const CacheEntry &c : entries) {
        switch (c.kind) {
        case CacheEntryKind::artifact:
            if (!needed.count(c.name))
                out.push_back({c.path, c.bytes, "no installed SDK or rust-std needs it"});
            break;
        case CacheEntryKind::partial:
            if (stale(c))
                out.push_back({c.path, c.bytes, "partial download untouched for over a day"});
            break;
        case CacheEntryKind::validator: {
            // It lives and dies with its .part: fetch.cpp never keeps one alone.
            auto part = parts.find(part_of_validator(c.name));
            if (part == parts.end())
                out.push_back({c.path, c.bytes, "resume record of no partial download"});
            else if (stale(*part->second))
                out.push_back({c.path, c.bytes, "resume record of a stale partial download"});
            break;
        }
        case CacheEntryKind::other:
            break; // not wasisdk's name: not ours to delete
        }
    }
    return out;
}

std::uint64_t bytes_under(const fs::path &path) noexcept {
    struct stat st;
    if (::lstat(path.c_str(), &st) != 0)
        return 0;
    if (!S_ISDIR(st.st_mode))
        return S_ISREG(st.st_mode) ? static_cast<std::uint64_t>(st.st_size) : 0;
    std::uint64_t total = 0;
    std::error_code ec;
    for (fs::recursive_directory_iterator it(path, ec), end; !ec && it != end; it.increment(ec))
        if (::lstat(it->path().c_str(), &st) == 0 && S_ISREG(st.st_mode))
            total += static_cast<std::uint64_t>(st.st_size);
    return total;
}

} // namespace wasisdk
