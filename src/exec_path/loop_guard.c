#include "exec_path/loop_guard.h"

#include <stdio.h>

bool wsd_next_depth(const char *value, const char *program, char *out, wsd_error *err) {
    int depth = 0;
    if (value) {
        const char *p = value;
        for (; *p >= '0' && *p <= '9'; ++p)
            depth = depth >= 1000 ? 1000 : depth * 10 + (*p - '0'); /* saturates */
        if (*p != '\0')
            depth = 0;
    }
    if (depth >= WSD_DEPTH_MAX)
        return wsd_fail(
            err, WSD_USAGE,
            "point the SDK at a real clang: a wasi-sdk's bin/ must not call wasisdk's wrappers",
            "the wrapper ran itself %d times: %s runs a wasisdk wrapper again", depth, program);
    snprintf(out, 16, "%d", depth + 1);
    return true;
}
