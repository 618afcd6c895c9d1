#include "exec_path/cxx_compat.h"

#include "exec_path/sys.h"

bool wsd_compat_archive_path(const char *install_dir, const char *triple, char *out, size_t size) {
    return wsd_format(out, size, "%s/" WSD_COMPAT_DIR "/%s/" WSD_COMPAT_ARCHIVE, install_dir,
                      triple);
}

bool wsd_links_cxx_runtime(wsd_tool_kind tool, const wsd_command *command) {
    return tool == WSD_TOOL_CXX || command->cxx_runtime;
}
