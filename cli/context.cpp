#include "context.h"
#include "shared_options.h"

#include "base/error.h"
#include "base/fs_util.h"
#include "base/json_text.h"
#include "base/text.h"
#include "model/manifest_union.h"
#include "net_backend.h"
#include "store/release_manifest_cache.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>

namespace wasisdk::cli {

Home Context::home() const {
    return resolve_home(options.home.empty() ? std::nullopt
                                             : std::optional<std::string>(options.home));
}

FetchOptions Context::fetch_options() const {
    FetchOptions o = FetchOptions::from_environment();
    if (!options.cacert.empty())
        o.ca_bundle = options.cacert;
    o.allow_http = options.allow_http;
    return o;
}

ManifestOptions Context::manifest_options() const {
    ManifestOptions mo;
    mo.allow_http = options.allow_http;
    if (!options.dist_server.empty())
        mo.dist_server = options.dist_server;
    return mo;
}

std::string Context::manifest_root() const {
    return options.manifest_root.empty() ? std::string(built_in_manifest_root())
                                         : options.manifest_root;
}

std::vector<TrustedKey> Context::trusted_keys() const {
    std::vector<TrustedKey> keys = built_in_manifest_keys();
    if (!options.manifest_key.empty()) {
        auto pem = read_file_if_exists(options.manifest_key, 64 * 1024);
        if (!pem)
            throw Error("manifest key " + printable(options.manifest_key) + " does not exist",
                        "check --manifest-key (or WASISDK_MANIFEST_KEY)", ExitCode::usage);
        keys.push_back({printable(options.manifest_key, 1000), *pem});
    }
    return keys;
}

namespace {

// --manifest FILE|URL: replaces every other list of releases.
Manifest load_given_manifest(const Context &ctx) {
    ManifestOptions mo = ctx.manifest_options();
    const std::string &where = ctx.options.manifest;
    if (where.find("://") != std::string::npos) {
        // Named by its sanitized URL in every message and receipt: a token in the URL
        // must not reach a CI log or a 0644 receipt.json.
        mo.local =
            where.size() > 7 && std::equal(where.begin(), where.begin() + 7, "file://",
                                           [](char a, char b) { return std::tolower(a) == b; });
        mo.location = where;
        FetchOptions fetch = ctx.fetch_options();
        fetch.mirror_option = "--manifest";
        fetch.unreachable_fix = "check the network, or pass --manifest a file on disk";
        return parse_manifest(net_fetch_text(where, fetch), sanitize_url(where), mo);
    }
    auto text = read_file_if_exists(where);
    if (!text)
        throw Error("manifest " + printable(where) + " does not exist",
                    "check the --manifest path (or WASISDK_MANIFEST)", ExitCode::usage);
    mo.location = file_url(fs::absolute(where).lexically_normal().string());
    return parse_manifest(*text, printable(where, 1000), mo);
}

} // namespace

ReleaseList Context::load_release_list() const {
    if (!options.manifest.empty())
        return {load_given_manifest(*this), std::nullopt};
    const ManifestOptions mo = manifest_options();
    Manifest built_in = parse_manifest(embedded_manifest_text(), "built-in manifest", mo);
    const Home h = home();
    if (!has_cached_release_manifest(h))
        return {built_in, std::nullopt};
    std::vector<TrustedKey> keys = trusted_keys();
    require_core(); // its signature is checked again, with OpenSSL: in wasisdk-core
    std::optional<VerifiedReleaseManifest> cached;
    try {
        cached = net_load_cached_release_manifest(h, keys, mo);
    } catch (const Error &e) {
        // Not believed, and not fatal: the built-in list still works.
        warn("the cached release manifest is not used: " + e.one_line());
        return {built_in, std::nullopt};
    }
    if (!cached)
        return {built_in, std::nullopt};
    Manifest merged = merge_release_manifests(
        built_in, cached->manifest,
        "the built-in pin wins, so the cached manifest is not used: run wasisdk update for a "
        "corrected one, or remove " +
            h.release_manifest_dir().string());
    return {merged, cached};
}

Reporter Context::reporter() const {
    return {[this](const std::string &s) { note(s); }, [this](const std::string &s) { warn(s); },
            [this](const std::string &s) { detail(s); }};
}

Store Context::make_store() const {
    return Store(home(), reporter());
}

ActiveSdk Context::active_sdk() const {
    return resolve_active_sdk(home(),
                              ActiveSdkQuery{std::nullopt, std::filesystem::current_path()});
}

std::optional<Receipt> Context::receipt_of_active(const ActiveSdk &sdk) const {
    if (sdk.name.empty())
        return std::nullopt;
    return read_receipt(receipt_of(home().toolchain_dir(sdk.name)));
}

void Context::print_json(nlohmann::json doc) const {
    doc["schema"] = kJsonSchema;
    std::printf("%s\n", json_text(doc).c_str());
}

void Context::note(const std::string &text) const {
    if (!options.quiet)
        std::fprintf(stderr, "%s\n", text.c_str());
}

void Context::detail(const std::string &text) const {
    if (options.verbose)
        std::fprintf(stderr, "wasisdk: %s\n", text.c_str());
}

void Context::warn(const std::string &text) const {
    std::fprintf(stderr, "wasisdk: warning: %s\n", text.c_str());
}

void add_target_options(CLI::App &app, std::string &target, std::string &link) {
    std::vector<std::string> names;
    for (const auto &t : target_table())
        names.push_back(t.name);
    app.add_option("--target", target,
                   "wasm32-wasip1, wasm32-wasip1-threads, wasm32-wasip2 "
                   "or wasm32-wasi")
        ->check(CLI::IsMember(names));
    app.add_option("--link", link,
                   "external (C and Rust share the SDK's wasi-libc) or self-contained "
                   "(rustc's bundled libc)")
        ->check(CLI::IsMember({"external", "self-contained"}));
}

const TargetSpec &require_target(const std::string &name) {
    const TargetSpec *t = find_target(name);
    if (!t)
        throw Error("unknown target '" + name + "'",
                    "use wasm32-wasip1, wasm32-wasip1-threads, wasm32-wasip2 or wasm32-wasi",
                    ExitCode::usage);
    return *t;
}

LinkMode parse_link_mode(const std::string &mode) {
    return mode == "self-contained" ? LinkMode::self_contained : LinkMode::external;
}

void add_rustc_option(CLI::App &app, std::string &rustc, const std::string &what) {
    app.add_option("--rustc", rustc, what + " (default: $RUSTC, else rustc on PATH)")
        ->type_name("FILE");
}

RustcChoice rustc_in_use(const std::string &option) {
    return choose_rustc(option, std::getenv("RUSTC"));
}

} // namespace wasisdk::cli
