#include "model/home.h"

#include "base/error.h"
#include "base/fs_util.h"
#include "base/text.h"
#include "model/version.h"

#include <algorithm>

namespace wasisdk {

fs::path Home::install_area(ArtifactKind kind) const {
    switch (kind) {
    case ArtifactKind::sdk:
        return root / "toolchains";
    case ArtifactKind::sysroot:
        return root / "sysroots";
    case ArtifactKind::builtins:
        return root / "builtins";
    }
    return root / "toolchains";
}

std::vector<std::string> Home::installed(ArtifactKind kind) const {
    std::vector<std::string> names;
    std::error_code ec;
    for (const auto &entry : fs::directory_iterator(install_area(kind), ec)) {
        std::error_code ec2;
        if (fs::exists(receipt_of(entry.path()), ec2))
            names.push_back(entry.path().filename().string());
    }
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
    auto text = read_file_if_exists(default_file());
    if (!text)
        return std::nullopt;
    std::string name = trim(*text);
    if (name.empty())
        return std::nullopt;
    // An install name is a version or a link name: printable, no '/', one line.
    bool valid = name[0] != '.' && std::all_of(name.begin(), name.end(), [](char c) {
        return c > ' ' && c < 127 && c != '/';
    });
    if (!valid)
        throw Error("the default setting " + default_file().string() + " is corrupt",
                    "set it again: wasisdk default <version>");
    return name;
}

Home resolve_home(const std::optional<std::string> &flag) {
    if (flag && !flag->empty())
        return Home{fs::absolute(*flag)};
    if (auto env = env_var("WASISDK_HOME"))
        return Home{fs::absolute(*env)};
    if (auto home = env_var("HOME"))
        return Home{fs::path(*home) / ".wasisdk"};
    throw Error("cannot find the wasisdk home: HOME is not set",
                "set WASISDK_HOME or pass --home DIR", ExitCode::usage);
}

std::optional<std::string> find_installed(const std::string &spec,
                                          const std::vector<std::string> &installed) {
    if (std::find(installed.begin(), installed.end(), spec) != installed.end())
        return spec;
    if (spec != "latest" && !parse_version(spec))
        return std::nullopt;
    return match_version(VersionSpec{spec == "latest", spec}, installed);
}

} // namespace wasisdk
