#include "exec_path/cxx_compat.h"

#include "exec_path/sys.h"

#include <string.h>

bool wsd_compat_archive_path(const char *install_dir, const char *triple, char *out, size_t size) {
    return wsd_format(out, size, "%s/" WSD_COMPAT_DIR "/%s/" WSD_COMPAT_ARCHIVE, install_dir,
                      triple);
}

bool wsd_links_cxx_runtime(wsd_tool_kind tool, const char *const *args, size_t n) {
    if (tool == WSD_TOOL_CXX)
        return true;
    for (size_t i = 0; i < n; ++i)
        if (strcmp(args[i], "-lc++") == 0 || strcmp(args[i], "-lc++abi") == 0 ||
            (strcmp(args[i], "-l") == 0 && i + 1 < n &&
             (strcmp(args[i + 1], "c++") == 0 || strcmp(args[i + 1], "c++abi") == 0)))
            return true;
    return false;
}
