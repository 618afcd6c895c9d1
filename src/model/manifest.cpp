#include "model/manifest.h"

#include "base/error.h"
#include "base/host.h"
#include "base/text.h"
#include "exec_path/install_name.h"
#include "model/version.h"

#include <algorithm>
#include <cctype>
#include <ctime>
#include <nlohmann/json.hpp>
#include <set>

namespace wasisdk {

using json = nlohmann::json;

const char *to_string(ArtifactKind kind) {
    switch (kind) {
    case ArtifactKind::sdk:
        return "sdk";
    case ArtifactKind::sysroot:
        return "sysroot";
    case ArtifactKind::builtins:
        return "builtins";
    }
    return "?";
}

std::optional<ArtifactKind> artifact_kind_from_string(std::string_view s) {
    if (s == "sdk")
        return ArtifactKind::sdk;
    if (s == "sysroot")
        return ArtifactKind::sysroot;
    if (s == "builtins")
        return ArtifactKind::builtins;
    return std::nullopt;
}

// Percent-escapes decoded: 33's sysroot is fetched as wasi-sysroot-33.0%2Bm.tar.gz and
// named wasi-sysroot-33.0+m.tar.gz. A '%' not followed by two hex digits stays as is.
std::string Artifact::file_name() const {
    auto end = url.find_first_of("?#");
    std::string path = url.substr(0, end);
    auto slash = path.rfind('/');
    std::string name = slash == std::string::npos ? path : path.substr(slash + 1);
    return percent_decode(name);
}

const Artifact *Release::find(ArtifactKind kind, const std::string &host) const {
    for (const auto &a : artifacts)
        if (a.kind == kind && (!a.host || *a.host == host))
            return &a;
    return nullptr;
}

std::vector<std::string> Release::hosts_for(ArtifactKind kind) const {
    std::vector<std::string> hosts;
    for (const auto &a : artifacts)
        if (a.kind == kind)
            hosts.push_back(a.host.value_or("any host"));
    return hosts;
}

const Release *Manifest::find(const std::string &version) const {
    for (const auto &r : releases)
        if (r.version == version)
            return &r;
    return nullptr;
}

std::vector<std::string> Manifest::versions() const {
    std::vector<std::string> out;
    for (const auto &r : releases)
        out.push_back(r.version);
    return out;
}

bool is_sha256_hex(std::string_view s) {
    return s.size() == 64 && std::all_of(s.begin(), s.end(), [](char c) {
               return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
           });
}

bool is_utc_time(std::string_view s) {
    // YYYY-MM-DDTHH:MM:SSZ, digits where the pattern has 9, ranges checked loosely (a
    // day 31 in February sorts right all the same: only the order matters).
    static constexpr std::string_view pattern = "9999-99-99T99:99:99Z";
    if (s.size() != pattern.size())
        return false;
    for (std::size_t i = 0; i < s.size(); ++i)
        if (pattern[i] == '9' ? !(s[i] >= '0' && s[i] <= '9') : s[i] != pattern[i])
            return false;
    auto num = [&](std::size_t at) { return (s[at] - '0') * 10 + (s[at + 1] - '0'); };
    return num(5) >= 1 && num(5) <= 12 && num(8) >= 1 && num(8) <= 31 && num(11) <= 23 &&
           num(14) <= 59 && num(17) <= 60;
}

std::optional<long long> utc_time_seconds(std::string_view s) {
    if (!is_utc_time(s))
        return std::nullopt;
    std::tm tm{};
    auto num = [&](std::size_t at, std::size_t n) {
        int v = 0;
        for (std::size_t i = 0; i < n; ++i)
            v = v * 10 + (s[at + i] - '0');
        return v;
    };
    tm.tm_year = num(0, 4) - 1900;
    tm.tm_mon = num(5, 2) - 1;
    tm.tm_mday = num(8, 2);
    tm.tm_hour = num(11, 2);
    tm.tm_min = num(14, 2);
    tm.tm_sec = num(17, 2);
    return static_cast<long long>(timegm(&tm));
}

static std::string url_host(const std::string &url) {
    auto start = url.find("://");
    if (start == std::string::npos)
        return {};
    start += 3;
    auto end = url.find_first_of("/?#", start);
    std::string authority = url.substr(start, end - start);
    if (auto at = authority.rfind('@'); at != std::string::npos)
        authority = authority.substr(at + 1);
    if (!authority.empty() && authority[0] == '[')
        return authority.substr(0, authority.find(']') + 1);
    return authority.substr(0, authority.find(':'));
}

// localhost, [::1] or a dotted-quad 127.x.y.z (not "127.0.0.1.evil.example").
static bool is_loopback_host(const std::string &host) {
    if (host == "localhost" || host == "[::1]")
        return true;
    auto parts = split(host, '.');
    if (parts.size() != 4 || parts[0] != "127")
        return false;
    for (const auto &p : parts)
        if (p.empty() || p.size() > 3 || p.find_first_not_of("0123456789") != std::string::npos ||
            std::stoi(p) > 255)
            return false;
    return true;
}

static std::string lower_scheme(const std::string &url) {
    auto colon = url.find("://");
    std::string scheme = url.substr(0, colon == std::string::npos ? 0 : colon);
    std::transform(scheme.begin(), scheme.end(), scheme.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return scheme;
}

std::string check_url_scheme(const std::string &url, bool allow_http) {
    std::string scheme = lower_scheme(url);
    if (scheme == "https" || scheme == "file")
        return {};
    if (scheme == "http") {
        if (allow_http || is_loopback_host(url_host(url)))
            return {};
        return "plain http is refused for " + printable(url_host(url)) +
               " (use https, or --allow-http)";
    }
    return "unsupported URL scheme in '" + sanitize_url(url) + "' (use https, http or file)";
}

static bool is_file_url(const std::string &url) {
    return lower_scheme(url) == "file";
}

std::string file_url(const std::string &absolute_path) {
    static const char *hex = "0123456789ABCDEF";
    std::string out = "file://";
    for (unsigned char c : absolute_path) {
        if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~' || c == '/')
            out += static_cast<char>(c);
        else
            out += {'%', hex[c >> 4], hex[c & 15]};
    }
    return out;
}

std::string directory_url(const std::string &url) {
    std::string u = url.substr(0, url.find_first_of("?#"));
    auto slash = u.rfind('/');
    return slash == std::string::npos ? std::string() : u.substr(0, slash + 1);
}

namespace {

// Walks a JSON document keeping the path of the current value for error messages.
class Reader {
  public:
    Reader(const std::string &origin) : origin_(origin) {}

    [[noreturn]] void fail(const std::string &path, const std::string &problem) const {
        if (path.starts_with("--"))
            throw Error(path + ": " + problem,
                        "give " + path + " an https URL or a directory's file:// URL",
                        ExitCode::usage);
        throw Error(origin_ + ": " + path + ": " + problem,
                    "fix the manifest, or pass --manifest with a corrected file");
    }

    const json &member(const json &obj, const std::string &path, const char *key) const {
        auto it = obj.find(key);
        if (it == obj.end())
            fail(path, std::string("missing required field '") + key + "'");
        return *it;
    }

    std::string string_at(const json &v, const std::string &path) const {
        if (!v.is_string())
            fail(path, std::string("expected a string, found ") + v.type_name());
        return v.get<std::string>();
    }

    const json &array_at(const json &v, const std::string &path) const {
        if (!v.is_array())
            fail(path, std::string("expected an array, found ") + v.type_name());
        return v;
    }

    std::optional<std::string> optional_string(const json &obj, const std::string &path,
                                               const char *key) const {
        auto it = obj.find(key);
        if (it == obj.end() || it->is_null())
            return std::nullopt;
        return string_at(*it, path + "." + key);
    }

  private:
    const std::string &origin_;
};

std::string resolve_url(const std::string &base, const std::string &url) {
    if (url.find("://") != std::string::npos)
        return url;
    if (base.empty() || base.back() == '/')
        return base + url;
    return base + "/" + url;
}

Artifact parse_artifact(const Reader &r, const json &a, const std::string &path,
                        const std::string &base_url, const ManifestOptions &options,
                        const std::string &origin) {
    if (!a.is_object())
        r.fail(path, std::string("expected an object, found ") + a.type_name());
    Artifact art;
    std::string kind = r.string_at(r.member(a, path, "kind"), path + ".kind");
    auto k = artifact_kind_from_string(kind);
    if (!k)
        r.fail(path + ".kind", "unknown kind '" + kind + "' (expected sdk, sysroot or builtins)");
    art.kind = *k;

    if (auto host = r.optional_string(a, path, "host")) {
        const auto &hosts = known_hosts();
        if (std::find(hosts.begin(), hosts.end(), *host) == hosts.end())
            r.fail(path + ".host", "unknown host '" + *host + "'");
        art.host = *host;
    }

    std::string url = r.string_at(r.member(a, path, "url"), path + ".url");
    if (url.empty())
        r.fail(path + ".url", "empty URL");
    art.url = resolve_url(base_url, url);
    art.base_url = base_url;
    if (auto problem = check_url_scheme(art.url, options.allow_http); !problem.empty())
        r.fail(path + ".url", problem);
    if (!options.local && is_file_url(art.url) &&
        !(options.dist_server && url.find("://") == std::string::npos))
        r.fail(path + ".url", "a manifest from a server may not name local files (file://)");

    if (auto sha = r.optional_string(a, path, "sha256")) {
        if (!is_sha256_hex(*sha))
            r.fail(path + ".sha256", "expected 64 hexadecimal characters, found '" + *sha + "'");
        std::string lower = *sha;
        std::transform(lower.begin(), lower.end(), lower.begin(),
                       [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        art.sha256 = lower;
        art.pinned_by = origin;
    }
    if (auto it = a.find("size"); it != a.end() && !it->is_null()) {
        if (!it->is_number_unsigned())
            r.fail(path + ".size", "expected a non-negative integer");
        art.size = it->get<std::uint64_t>();
    }
    art.source = r.optional_string(a, path, "source").value_or("");
    return art;
}

} // namespace

Manifest parse_manifest(std::string_view text, const std::string &origin,
                        const ManifestOptions &options) {
    Reader r(origin);
    json doc;
    try {
        doc = json::parse(text.begin(), text.end());
    } catch (const json::exception &e) {
        // parse_error, and out_of_range for numbers too large (found by fuzz/). The
        // message starts with "[json.exception.parse_error.101] parse error at line 3,
        // column 5: ..."; keep the part after the bracket.
        std::string msg = e.what();
        if (auto pos = msg.find("] "); pos != std::string::npos)
            msg = msg.substr(pos + 2);
        throw Error(origin + ": invalid JSON: " + msg,
                    "fix the manifest, or pass --manifest with a corrected file");
    }
    if (!doc.is_object())
        r.fail("$", std::string("expected an object, found ") + doc.type_name());

    const json &schema = r.member(doc, "$", "schema");
    if (!schema.is_number_integer())
        r.fail("$.schema", "expected an integer");
    if (schema.get<long long>() > Manifest::kSchema)
        throw Error(origin + ": manifest schema " + std::to_string(schema.get<long long>()) +
                        " is newer than this wasisdk understands (" +
                        std::to_string(Manifest::kSchema) + ")",
                    "upgrade wasisdk");
    if (schema.get<long long>() < 1)
        r.fail("$.schema", "expected 1");

    Manifest m;
    m.origin = origin;
    m.base_url = r.optional_string(doc, "$", "base_url").value_or("");
    if (m.base_url.empty() && options.location)
        m.base_url = directory_url(*options.location);
    if (options.dist_server)
        m.base_url = *options.dist_server;
    if (!m.base_url.empty()) {
        if (auto problem = check_url_scheme(m.base_url, options.allow_http); !problem.empty())
            r.fail(options.dist_server ? "--dist-server" : "$.base_url", problem);
        if (!options.local && !options.dist_server && is_file_url(m.base_url))
            r.fail("$.base_url", "a manifest from a server may not name local files (file://)");
    }

    m.generated = r.optional_string(doc, "$", "generated").value_or("");
    if (!m.generated.empty() && !is_utc_time(m.generated))
        r.fail("$.generated", "expected a UTC time such as 2026-07-21T00:00:00Z, found '" +
                                  printable(m.generated, 40) + "'");

    const json &releases = r.array_at(r.member(doc, "$", "releases"), "$.releases");
    std::set<std::string> seen;
    for (std::size_t i = 0; i < releases.size(); ++i) {
        std::string path = "$.releases[" + std::to_string(i) + "]";
        const json &rel = releases[i];
        if (!rel.is_object())
            r.fail(path, std::string("expected an object, found ") + rel.type_name());
        Release release;
        release.version = r.string_at(r.member(rel, path, "version"), path + ".version");
        if (!parse_version(release.version) || !wsd_valid_install_name(release.version.c_str()))
            r.fail(path + ".version",
                   "'" + printable(release.version, 80) + "' is not a version (e.g. 22.0)");
        if (!seen.insert(release.version).second)
            r.fail(path + ".version", "duplicate version '" + release.version + "'");
        release.llvm = r.optional_string(rel, path, "llvm").value_or("");
        const json &arts = r.array_at(r.member(rel, path, "artifacts"), path + ".artifacts");
        std::set<std::pair<std::string, std::string>> kinds_hosts;
        for (std::size_t j = 0; j < arts.size(); ++j) {
            std::string apath = path + ".artifacts[" + std::to_string(j) + "]";
            Artifact art = parse_artifact(r, arts[j], apath, m.base_url, options, origin);
            if (!kinds_hosts.insert({to_string(art.kind), art.host.value_or("")}).second)
                r.fail(apath, std::string("a second ") + to_string(art.kind) + " artifact for " +
                                  art.host.value_or("all hosts"));
            release.artifacts.push_back(std::move(art));
        }
        m.releases.push_back(std::move(release));
    }
    return m;
}

} // namespace wasisdk
