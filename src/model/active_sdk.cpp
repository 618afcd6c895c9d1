#include "model/active_sdk.h"

#include "base/error.h"
#include "base/fs_util.h"
#include "base/text.h"

namespace wasisdk {

const char *describe(ActiveRule rule) {
    switch (rule) {
    case ActiveRule::explicit_request:
        return "requested on the command line";
    case ActiveRule::env_sdk_path:
        return "set by WASI_SDK_PATH";
    case ActiveRule::env_sdk_version:
        return "set by WASISDK_SDK";
    case ActiveRule::pin_file:
        return "pinned by";
    case ActiveRule::default_sdk:
        return "the default";
    }
    return "";
}

static ActiveSdk from_installed(const Home &home, ActiveRule rule, std::string origin,
                                std::string requested) {
    ActiveSdk a;
    a.rule = rule;
    a.origin = std::move(origin);
    a.requested = std::move(requested);
    // The exact name is the common case (pins and defaults are written as installed
    // names): check it with one stat before listing the directory.
    std::error_code ec;
    if (fs::exists(receipt_of(home.toolchain_dir(a.requested)), ec)) {
        a.name = a.requested;
    } else if (auto name = find_installed(a.requested, home.installed(ArtifactKind::sdk))) {
        a.name = *name;
    } else {
        std::string who = a.origin.empty() ? std::string(describe(rule)) : a.origin;
        throw Error("wasi-sdk " + a.requested + " (from " + who + ") is not installed",
                    "run: wasisdk install " + a.requested, ExitCode::not_found);
    }
    a.root = tree_of(home.toolchain_dir(a.name));
    return a;
}

ActiveSdk resolve_active_sdk(const Home &home, const ActiveSdkQuery &query) {
    if (query.explicit_spec)
        return from_installed(home, ActiveRule::explicit_request, "+" + *query.explicit_spec,
                              *query.explicit_spec);

    if (auto path = env_var("WASI_SDK_PATH")) {
        std::error_code ec;
        if (!fs::is_directory(*path, ec))
            throw Error("WASI_SDK_PATH=" + *path + " is not a directory",
                        "point it at a wasi-sdk tree, or unset it to use wasisdk's SDKs",
                        ExitCode::not_found);
        ActiveSdk a;
        a.rule = ActiveRule::env_sdk_path;
        a.origin = "WASI_SDK_PATH";
        a.requested = *path;
        a.root = fs::absolute(*path);
        // A path into our own store is still a managed SDK: keep its name.
        fs::path area = home.install_area(ArtifactKind::sdk);
        if (a.root.parent_path().parent_path() == area && a.root.filename() == "sdk")
            a.name = a.root.parent_path().filename().string();
        return a;
    }

    if (auto spec = env_var("WASISDK_SDK"))
        return from_installed(home, ActiveRule::env_sdk_version, "WASISDK_SDK", *spec);

    if (auto pin = find_upward(query.cwd, kPinFileName)) {
        std::string spec = trim(read_file_if_exists(*pin).value_or(""));
        if (auto nl = spec.find('\n'); nl != std::string::npos)
            spec = trim(spec.substr(0, nl));
        if (spec.empty())
            throw Error(pin->string() + " is empty",
                        "write a version such as 22 into it, or delete it", ExitCode::not_found);
        return from_installed(home, ActiveRule::pin_file, pin->string(), spec);
    }

    if (auto name = home.default_sdk())
        return from_installed(home, ActiveRule::default_sdk, home.default_file().string(), *name);

    throw Error("no wasi-sdk is installed", "run: wasisdk install latest", ExitCode::not_found);
}

} // namespace wasisdk
