#include "helpers.h"

#include <unistd.h>

namespace wasisdk::cli {

namespace fs = std::filesystem;

std::vector<fs::path> helper_candidates(const std::string &name) {
    std::error_code ec;
    fs::path dir = fs::read_symlink("/proc/self/exe", ec).parent_path();
    return {dir.parent_path() / "libexec" / "wasisdk" / name, dir / name};
}

std::optional<fs::path> find_helper(const std::string &name) {
    for (const auto &p : helper_candidates(name))
        if (::access(p.c_str(), X_OK) == 0)
            return p;
    return std::nullopt;
}

} // namespace wasisdk::cli
