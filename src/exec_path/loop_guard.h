#pragma once
/* The driver's guard against running itself forever. An SDK whose bin/clang is a
   script that calls a wasisdk wrapper again (or WASI_SDK_PATH pointed at a tree whose
   tools are wrappers) would otherwise loop without end, one process after another. The
   driver's direct self-exec is caught by comparing the program with /proc/self/exe; this
   counter catches the indirect case through any number of intermediate processes: each
   wrapper passes WSD_DEPTH_VARIABLE + 1 to what it runs, and refuses at WSD_DEPTH_MAX. */
#include "exec_path/error.h"

#ifdef __cplusplus
extern "C" {
#endif

#define WSD_DEPTH_VARIABLE "WASISDK_WRAPPER_DEPTH"
/* 8: ccache -> wrapper -> clang is depth 1; no real build nests wrappers more than twice. */
#define WSD_DEPTH_MAX 8

/* From the variable's value (NULL when unset), the depth to pass on, as text in `out`
   (at least 16 bytes). False, with `err` naming
   `program` as what runs the wrapper again, at WSD_DEPTH_MAX. A malformed value counts
   as 0: the variable is ours, and a wrong one must not stop a build. */
bool wsd_next_depth(const char *value, const char *program, char *out, wsd_error *err);

#ifdef __cplusplus
}
#endif
