// wasisdk list [--available [--refresh]]: installed SDKs and components, or what the
// release list offers (the built-in manifest and the signed one `update` fetched).
#include "base/doc_path.h"
#include "base/error.h"
#include "base/host.h"
#include "base/text.h"
#include "command_table.h"
#include "context.h"
#include "model/receipt.h"
#include "release_refresh.h"

#include <cstdio>
#include <ctime>
#include <nlohmann/json.hpp>

namespace wasisdk::cli {

namespace {

// The active SDK as `show` finds it, or why none is (a pin naming what is not
// installed): `list` marks it as rustup's `toolchain list` marks "(active)".
struct Active {
    std::optional<ActiveSdk> sdk;
    std::string problem;
};

Active find_active(const Context &ctx) {
    try {
        return {ctx.active_sdk(), ""};
    } catch (const Error &e) {
        return {std::nullopt, e.one_line()};
    }
}

int list_installed(Context &ctx) {
    Home home = ctx.home();
    auto def = home.default_sdk();
    Active active = find_active(ctx);
    nlohmann::json rows = nlohmann::json::array();
    for (ArtifactKind kind : {ArtifactKind::sdk, ArtifactKind::sysroot, ArtifactKind::builtins}) {
        for (const auto &name : home.installed(kind)) {
            fs::path dir = home.install_dir(kind, name);
            nlohmann::json row = {
                {"name", name},
                {"component", to_string(kind)},
                {"path", tree_of(dir).string()},
                {"default", kind == ArtifactKind::sdk && def == name},
                {"active", kind == ArtifactKind::sdk && active.sdk && active.sdk->name == name}};
            try {
                Receipt r = read_receipt(receipt_of(dir));
                row["version"] = r.version;
                row["linked"] = r.linked;
                if (r.linked)
                    row["path"] = r.linked_path;
                row["llvm"] = r.tree.llvm_version;
                row["verified"] = !r.artifacts.empty() && r.artifacts.front().verified;
            } catch (const Error &e) {
                row["problem"] = e.one_line();
            }
            rows.push_back(row);
        }
    }
    nlohmann::json active_doc = nullptr;
    if (active.sdk)
        active_doc = {{"name", active.sdk->name},
                      {"path", active.sdk->root.string()},
                      {"reason", active_reason(*active.sdk)},
                      {"origin", active.sdk->origin}};
    if (ctx.options.json) {
        ctx.print_json(
            {{"installed", rows}, {"active", active_doc}, {"active_problem", active.problem}});
        return 0;
    }
    if (rows.empty()) {
        std::printf("no SDK installed (run: wasisdk install latest)\n");
        return 0;
    }
    for (const auto &row : rows) {
        std::string line = row["name"].get<std::string>();
        if (row["component"] != "sdk")
            line += " " + row["component"].get<std::string>();
        std::vector<std::string> notes;
        if (row["default"].get<bool>())
            notes.push_back("default");
        if (row["active"].get<bool>())
            notes.push_back(active.sdk->rule == ActiveRule::default_sdk
                                ? std::string("active")
                                : "active: " + active_reason(*active.sdk));
        if (row.value("linked", false))
            notes.push_back("linked to " + row["path"].get<std::string>());
        if (!row.value("llvm", std::string()).empty())
            notes.push_back("llvm " + row["llvm"].get<std::string>());
        if (row.contains("problem"))
            notes.push_back(row["problem"].get<std::string>());
        if (!notes.empty()) {
            line += " (";
            for (std::size_t i = 0; i < notes.size(); ++i)
                line += (i ? ", " : "") + notes[i];
            line += ")";
        }
        std::printf("%s\n", line.c_str());
    }
    // An SDK outside the store (WASI_SDK_PATH), or none: said, not left to guess.
    if (active.sdk && active.sdk->name.empty())
        std::printf("active: %s (%s)\n", active.sdk->root.c_str(),
                    active_reason(*active.sdk).c_str());
    else if (!active.sdk)
        std::printf("active: none (%s)\n", active.problem.c_str());
    return 0;
}

// One line on where the list comes from and how old it is (stderr: stdout is the table,
// which completion scripts read).
std::string list_origin(const Context &ctx, const ReleaseList &list) {
    if (!ctx.options.manifest.empty())
        return "releases of " + list.manifest.origin;
    if (!list.refreshed)
        return std::string("releases of the built-in manifest (") +
               (ctx.manifest_root().empty() ? "this build has no source of newer ones; see " +
                                                  doc_reference("manifest-signing.md")
                                            : std::string("wasisdk update fetches newer ones")) +
               ")";
    const VerifiedReleaseManifest &r = *list.refreshed;
    const long long now = static_cast<long long>(std::time(nullptr));
    auto age = [&](const std::string &when) {
        auto t = utc_time_seconds(when);
        return t ? age_in_words(now - *t) : std::string();
    };
    std::string fetched = age(r.fetched_at);
    return "releases of the built-in manifest and the signed release manifest generated " +
           r.manifest.generated + " (" + age(r.manifest.generated) + "), fetched " +
           (fetched.empty() ? std::string() : fetched + " ") + "from " + r.url;
}

int list_available(Context &ctx, bool refresh) {
    if (refresh)
        report_refresh(ctx, refresh_release_list(ctx));
    ReleaseList list = ctx.load_release_list();
    const Manifest &m = list.manifest;
    Home home = ctx.home();
    auto installed = home.installed(ArtifactKind::sdk);
    std::string host = detect_host();
    nlohmann::json rows = nlohmann::json::array();
    for (auto it = m.releases.rbegin(); it != m.releases.rend(); ++it) {
        const Release &r = *it;
        const Artifact *sdk = r.find(ArtifactKind::sdk, host);
        bool is_installed =
            std::find(installed.begin(), installed.end(), r.version) != installed.end();
        rows.push_back({{"version", r.version},
                        {"llvm", r.llvm},
                        {"host", host},
                        {"sdk_for_host", sdk != nullptr},
                        {"sha256_pinned", sdk && sdk->sha256.has_value()},
                        {"sha256_from", sdk && sdk->sha256 ? sdk->pinned_by : ""},
                        {"installed", is_installed}});
    }
    if (ctx.options.json) {
        nlohmann::json refreshed = nullptr;
        if (list.refreshed)
            refreshed = {{"url", list.refreshed->url},
                         {"generated", list.refreshed->manifest.generated},
                         {"fetched_at", list.refreshed->fetched_at},
                         {"key", list.refreshed->key}};
        ctx.print_json({{"available", rows}, {"release_manifest", refreshed}});
        return 0;
    }
    ctx.note(list_origin(ctx, list));
    std::printf("%-10s %-8s %s\n", "version", "llvm", ("sdk for " + host).c_str());
    for (const auto &row : rows) {
        std::string state = !row["sdk_for_host"].get<bool>() ? "not built for this host"
                            : row["sha256_pinned"].get<bool>()
                                ? "sha256 pinned"
                                : "no sha256 known (needs --allow-unverified)";
        if (row["sha256_pinned"].get<bool>() && row["sha256_from"] != "built-in manifest" &&
            list.refreshed)
            state += " by the signed release manifest";
        if (row["installed"].get<bool>())
            state += ", installed";
        std::printf("%-10s %-8s %s\n", row["version"].get<std::string>().c_str(),
                    row["llvm"].get<std::string>().c_str(), state.c_str());
    }
    return 0;
}

} // namespace

Command list_command() {
    return {"list", "List installed SDKs (--available: releases in the manifest)",
            [](CLI::App &app, Context &ctx) -> std::function<int()> {
                auto available = std::make_shared<bool>(false);
                auto refresh = std::make_shared<bool>(false);
                CLI::Option *avail =
                    app.add_flag("--available", *available, "List releases that can be installed");
                app.add_flag("--refresh", *refresh,
                             "With --available: fetch the signed release list first "
                             "(wasisdk update)")
                    ->needs(avail);
                return [&ctx, available, refresh] {
                    return *available ? list_available(ctx, *refresh) : list_installed(ctx);
                };
            }};
}

} // namespace wasisdk::cli
