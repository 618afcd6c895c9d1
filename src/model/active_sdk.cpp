// The rules live in the exec path (exec_path/active_sdk.h), which the driver shares;
// this is their C++ face for the installer.
#include "model/active_sdk.h"

#include "base/error.h"
#include "exec_path/active_sdk.h"
#include "model/version.h"

#include <memory>
#include <vector>

namespace wasisdk {

static_assert(static_cast<int>(ActiveRule::explicit_request) == WSD_RULE_EXPLICIT_REQUEST &&
              static_cast<int>(ActiveRule::env_sdk_path) == WSD_RULE_ENV_SDK_PATH &&
              static_cast<int>(ActiveRule::env_sdk_version) == WSD_RULE_ENV_SDK_VERSION &&
              static_cast<int>(ActiveRule::pin_file) == WSD_RULE_PIN_FILE &&
              static_cast<int>(ActiveRule::default_sdk) == WSD_RULE_DEFAULT_SDK);

std::string active_reason(const ActiveSdk &sdk) {
    std::vector<char> out(sdk.origin.size() + 64);
    wsd_active_reason(static_cast<wsd_rule>(sdk.rule), sdk.origin.c_str(), out.data(), out.size());
    return out.data();
}

ActiveSdk active_sdk_of(const wsd_active_sdk &c) {
    ActiveSdk a;
    a.rule = static_cast<ActiveRule>(c.rule);
    a.origin = c.origin;
    a.requested = c.requested;
    a.name = c.name;
    a.root = c.root;
    return a;
}

ActiveSdk resolve_active_sdk(const Home &home, const ActiveSdkQuery &query) {
    auto c = std::make_unique<wsd_active_sdk>(); // ~12 KB of fixed buffers
    wsd_error err;
    if (!wsd_resolve_active_sdk(home.root.c_str(),
                                query.explicit_spec ? query.explicit_spec->c_str() : nullptr,
                                query.cwd.c_str(), c.get(), &err))
        throw_error(err);
    return active_sdk_of(*c);
}

std::optional<PinFile> find_pin_file(const fs::path &cwd) {
    char path[WSD_PATH_MAX], spec[WSD_PATH_MAX];
    wsd_error err;
    int found = wsd_find_pin(cwd.c_str(), path, sizeof path, spec, sizeof spec, &err);
    if (found < 0)
        throw_error(err);
    if (found == 0)
        return std::nullopt;
    return PinFile{path, spec};
}

std::string lookup_installed(const Home &home, ArtifactKind kind, const std::string &spec,
                             const std::string &from) {
    char name[WSD_NAME_MAX];
    wsd_error err;
    // A spec with a NUL in it is no name: "" makes the lookup say so.
    const char *c_spec = spec.find('\0') == std::string::npos ? spec.c_str() : "";
    if (!wsd_lookup_installed_in(home.install_area(kind).c_str(),
                                 kind == ArtifactKind::sdk ? "" : to_string(kind), c_spec,
                                 from.empty() ? nullptr : from.c_str(), name, sizeof name, &err))
        throw_error(err);
    return name;
}

std::optional<std::string> find_installed(const Home &home, ArtifactKind kind,
                                          const std::string &spec, const std::string &from) {
    try {
        return lookup_installed(home, kind, spec, from);
    } catch (const Error &e) {
        if (e.code() == ExitCode::not_found && (spec == "latest" || parse_version(spec)))
            return std::nullopt; // a version: installing it is the caller's next step
        throw;
    }
}

} // namespace wasisdk
