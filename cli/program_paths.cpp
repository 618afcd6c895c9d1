#include "program_paths.h"

#include "base/fs_util.h"
#include "base/text.h"

#include <unistd.h>

namespace wasisdk::cli {

namespace fs = std::filesystem;

namespace {

fs::path self_dir() {
    std::error_code ec;
    return fs::read_symlink("/proc/self/exe", ec).parent_path();
}

std::vector<std::string> path_entries() {
    std::vector<std::string> out;
    for (const auto &d : split(env_var("PATH").value_or(""), ':'))
        out.push_back(d.empty() ? "." : d); // an empty entry means the working directory
    return out;
}

} // namespace

std::vector<fs::path> helper_candidates(const std::string &name) {
    fs::path dir = self_dir();
    return {dir.parent_path() / "libexec" / "wasisdk" / name, dir / name};
}

std::optional<fs::path> find_helper(const std::string &name) {
    for (const auto &p : helper_candidates(name))
        if (::access(p.c_str(), X_OK) == 0)
            return p;
    return std::nullopt;
}

fs::path front_binary() {
    fs::path dir = self_dir();
    // wasisdk itself, the build tree's wasisdk beside wasisdk-core, or <prefix>/bin's
    // for <prefix>/libexec/wasisdk/wasisdk-core.
    for (const fs::path &p : {dir / "wasisdk", dir.parent_path().parent_path() / "bin" / "wasisdk"})
        if (::access(p.c_str(), X_OK) == 0)
            return p.lexically_normal();
    return dir / "wasisdk";
}

std::optional<fs::path> find_on_path(const std::string &name) {
    for (const auto &d : path_entries()) {
        fs::path p = fs::path(d) / name;
        std::error_code ec;
        if (::access(p.c_str(), X_OK) == 0 && !fs::is_directory(p, ec))
            return p;
    }
    return std::nullopt;
}

bool dir_on_path(const fs::path &dir) {
    for (const auto &d : path_entries()) {
        std::error_code ec;
        if (d == dir.string() || fs::equivalent(d, dir, ec))
            return true;
    }
    return false;
}

} // namespace wasisdk::cli
