#include "model/github_release.h"

#include "base/error.h"
#include "base/text.h"
#include "model/version.h"

#include <algorithm>
#include <cctype>
#include <nlohmann/json.hpp>

namespace wasisdk {

using json = nlohmann::json;

std::string github_release_tag(const std::string &version) {
    auto v = parse_version(version);
    if (!v || !v->stable() || v->numbers.size() > 2 ||
        (v->numbers.size() == 2 && v->numbers[1] != 0))
        throw Error("--trust github-digest finds a release by its tag wasi-sdk-N, and " +
                        printable(version) + " is not N or N.0",
                    "name the release by its number, e.g. 35", ExitCode::usage);
    return "wasi-sdk-" + std::to_string(v->numbers[0]);
}

std::string github_release_url(const std::string &api_root, const std::string &tag) {
    std::string root = api_root;
    while (root.ends_with("/"))
        root.pop_back();
    return root + "/repos/" + kWasiSdkRepo + "/releases/tags/" + tag;
}

std::vector<GithubAsset> parse_github_release(std::string_view text, const std::string &origin) {
    const std::string fix = "GitHub's API answered with something else than a release; "
                            "check WASISDK_GITHUB_API";
    json doc;
    try {
        doc = json::parse(text.begin(), text.end());
    } catch (const json::exception &) {
        throw Error(origin + ": not JSON", fix);
    }
    auto bad = [&](const std::string &path, const std::string &what) {
        return Error(origin + ": " + path + ": " + what, fix);
    };
    if (!doc.is_object())
        throw bad("$", "expected an object");
    auto assets = doc.find("assets");
    if (assets == doc.end() || !assets->is_array())
        throw bad("$.assets", "expected an array");
    std::vector<GithubAsset> out;
    for (std::size_t i = 0; i < assets->size(); ++i) {
        const json &a = (*assets)[i];
        std::string path = "$.assets[" + std::to_string(i) + "]";
        if (!a.is_object())
            throw bad(path, "expected an object");
        auto name = a.find("name");
        auto url = a.find("browser_download_url");
        if (name == a.end() || !name->is_string())
            throw bad(path + ".name", "expected a string");
        if (url == a.end() || !url->is_string())
            throw bad(path + ".browser_download_url", "expected a string");
        GithubAsset asset{name->get<std::string>(), url->get<std::string>(), std::nullopt};
        if (auto d = a.find("digest"); d != a.end() && d->is_string()) {
            std::string digest = d->get<std::string>();
            if (digest.starts_with("sha256:") && is_sha256_hex(digest.substr(7))) {
                std::string hex = digest.substr(7);
                std::transform(hex.begin(), hex.end(), hex.begin(),
                               [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
                asset.sha256 = hex;
            }
        }
        out.push_back(std::move(asset));
    }
    return out;
}

std::string github_asset_name(ArtifactKind kind, const std::string &version,
                              const std::string &host) {
    switch (kind) {
    case ArtifactKind::sdk:
        return "wasi-sdk-" + version + "-" + host + ".tar.gz";
    case ArtifactKind::sysroot:
        return "wasi-sysroot-" + version + ".tar.gz";
    case ArtifactKind::builtins:
        return "libclang_rt-" + version + ".tar.gz";
    }
    return {};
}

} // namespace wasisdk
