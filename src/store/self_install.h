#pragma once
// What packaging/install.sh installed into a home, and removing it (`wasisdk self
// uninstall`); no network, so the front end runs it. The layout is in
// install/self_update.h.
#include "store/store.h"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace wasisdk {

// The name of install.sh's record inside libexec/wasisdk/.
inline constexpr const char *kInstallRecord = "INSTALL-RECORD";

// What install.sh recorded.
struct InstallRecord {
    std::filesystem::path home;
    std::vector<std::filesystem::path> rc_files; // where it appended `path_line`
    std::vector<std::filesystem::path> created;  // rc files it created for that
    std::string path_line;
    std::string root; // the dist server it came from; empty when its URL held credentials
};

// Reads libexec/wasisdk/INSTALL-RECORD of the running executable's directory `dir`;
// nullopt when there is none (installed by apt or cmake --install).
std::optional<InstallRecord> read_install_record(const std::filesystem::path &dir);

// Removes what install.sh installed for the install in `install_dir` (its record says
// what), the PATH line it added, and the wrapper links in bin/ that lead into
// `install_dir` (they cannot work without it). An rc file install.sh created goes too
// when nothing else was written to it. The home's SDKs stay. Returns the list
// of what was removed, for the user.
std::vector<std::string> self_uninstall(const Store &store,
                                        const std::filesystem::path &install_dir,
                                        const InstallRecord &record);

} // namespace wasisdk
