#include "rust_dist/channel_manifest.h"

#include "base/error.h"
#include "base/text.h"
#include "model/manifest.h"

#include "rust_dist/toml.h"

namespace wasisdk {

std::string channel_manifest_url(const std::string &server, const RustcInfo &rustc) {
    std::string base = server;
    while (!base.empty() && base.back() == '/')
        base.pop_back();
    if (rustc.channel == "stable")
        return base + "/dist/channel-rust-" + rustc.release + ".toml";
    if (rustc.commit_date.empty() || rustc.commit_date == "unknown")
        throw Error("rustc " + rustc.release + " does not say its commit date, so its " +
                        rustc.channel + " channel manifest cannot be found",
                    "use --from FILE with a rust-std tarball", ExitCode::not_found);
    return base + "/dist/" + rustc.commit_date + "/channel-rust-" + rustc.channel + ".toml";
}

RustStdPackage find_rust_std(std::string_view text, const std::string &origin,
                             const std::string &target) {
    toml::table doc = parse_toml_guarded(text, origin, kChannelManifest);
    const std::string path = "pkg.rust-std.target." + target;
    auto pkg = doc["pkg"]["rust-std"];
    auto t = pkg["target"][target];
    if (!t.is_table())
        throw Error(origin + ": no " + path + " (this Rust release has no rust-std for " + target +
                        ")",
                    "check the target name for this rustc, or upgrade Rust", ExitCode::not_found);
    if (!t["available"].value_or(false))
        throw Error(origin + ": " + path + " is not available (available = false)",
                    "this release ships no rust-std for " + target + "; use another Rust release",
                    ExitCode::not_found);
    RustStdPackage p;
    p.version = pkg["version"].value_or(std::string());
    for (const char *prefix : {"zst_", "xz_", ""}) {
        auto url = t[std::string(prefix) + "url"].value<std::string>();
        auto hash = t[std::string(prefix) + "hash"].value<std::string>();
        if (url && hash) {
            if (!is_sha256_hex(*hash))
                throw Error(origin + ": " + path + "." + prefix +
                                "hash: expected 64 hexadecimal "
                                "characters",
                            "the channel manifest is damaged; try another --rust-dist-server");
            p.url = *url;
            p.sha256 = *hash;
            return p;
        }
    }
    throw Error(origin + ": " + path + " has no url and hash",
                "the channel manifest is damaged; try another --rust-dist-server");
}

std::string parse_sha256_file(const std::string &text, const std::string &origin) {
    std::string first = trim(text.substr(0, text.find_first_of(" \t\n")));
    if (!is_sha256_hex(first))
        throw Error(origin + " holds no sha256",
                    "the server's .sha256 file is damaged; try another --rust-dist-server");
    for (char &c : first)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return first;
}

} // namespace wasisdk
