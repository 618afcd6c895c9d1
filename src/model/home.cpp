#include "model/home.h"

#include "base/error.h"
#include "base/text.h"
#include "exec_path/active_sdk.h"
#include "exec_path/install_name.h"

#include <algorithm>
#include <cstring>

namespace wasisdk {

fs::path Home::install_area(ArtifactKind kind) const {
    switch (kind) {
    case ArtifactKind::sdk:
        return root / WSD_HOME_TOOLCHAINS;
    case ArtifactKind::sysroot:
        return root / WSD_HOME_SYSROOTS;
    case ArtifactKind::builtins:
        return root / WSD_HOME_BUILTINS;
    }
    return root / WSD_HOME_TOOLCHAINS;
}

bool valid_install_name(const std::string &name) {
    return name.size() == std::strlen(name.c_str()) && wsd_valid_install_name(name.c_str());
}

void require_install_name(const std::string &name, const std::string &what) {
    if (!valid_install_name(name))
        throw Error(what + " '" + printable(name, 80) + "' cannot name an install",
                    WSD_INSTALL_NAME_RULE, ExitCode::usage);
}

fs::path Home::install_dir(ArtifactKind kind, const std::string &name) const {
    require_install_name(name, "the name");
    return install_area(kind) / name;
}

std::vector<std::string> Home::installed(ArtifactKind kind) const {
    std::vector<std::string> names;
    wsd_each_installed(
        install_area(kind).c_str(),
        [](const char *name, void *out) {
            static_cast<std::vector<std::string> *>(out)->push_back(name);
        },
        &names);
    std::sort(names.begin(), names.end(), [](const std::string &a, const std::string &b) {
        auto va = parse_version(a), vb = parse_version(b);
        if (va && vb)
            return version_less(*va, *vb);
        if (va || vb)
            return static_cast<bool>(va); // versions before free-form names
        return a < b;
    });
    return names;
}

std::optional<std::string> Home::default_sdk() const {
    wsd_error err;
    char name[WSD_NAME_MAX];
    if (!wsd_read_default(root.c_str(), name, sizeof name, &err))
        throw_error(err);
    if (!name[0])
        return std::nullopt;
    return std::string(name);
}

Home resolve_home(const std::optional<std::string> &flag) {
    wsd_error err;
    char root[WSD_PATH_MAX];
    if (!wsd_resolve_home(flag ? flag->c_str() : nullptr, root, sizeof root, &err))
        throw_error(err);
    return Home{fs::path(root)};
}

} // namespace wasisdk
