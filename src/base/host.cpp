#include "base/host.h"

#include "base/fs_util.h"

#include <sys/utsname.h>

namespace wasisdk {

const std::vector<std::string> &known_hosts() {
    static const std::vector<std::string> hosts = {
        "x86_64-linux",   "arm64-linux",   "x86_64-macos",  "arm64-macos",
        "x86_64-windows", "arm64-windows", "riscv64-linux",
    };
    return hosts;
}

std::string detect_host() {
    if (auto forced = env_var("WASISDK_HOST"))
        return *forced;
    std::string arch = "unknown";
    struct utsname u {};
    if (::uname(&u) == 0) {
        std::string m = u.machine;
        if (m == "x86_64" || m == "amd64")
            arch = "x86_64";
        else if (m == "aarch64" || m == "arm64")
            arch = "arm64";
        else if (m == "riscv64")
            arch = "riscv64";
        else
            arch = m;
    }
#if defined(__APPLE__)
    return arch + "-macos";
#elif defined(_WIN32)
    return arch + "-windows";
#else
    return arch + "-linux";
#endif
}

} // namespace wasisdk
