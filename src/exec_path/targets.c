#include "exec_path/targets.h"

#include <string.h>

/* The legacy name is served like wasm32-wasip1: wasm32-wasip1 wherever the sysroot has
   it (22+), wasm32-wasi only where it is all there is (<= 21). Both names are one ABI
   (releases 22-33 build the same wasi-libc under both), and clang 22 warns on every
   `--target=wasm32-wasi` that the name is deprecated, which fails -Werror builds; the
   SDK's own wasm32-wasi sysroot is kept for users who name it themselves. */
const wsd_target wsd_targets[] = {
    {"wasm32-wasip1", {"wasm32-wasip1", "wasm32-wasi", NULL}, false, false, 0},
    {"wasm32-wasi", {"wasm32-wasip1", "wasm32-wasi", NULL}, false, false, 0},
    {"wasm32-wasip1-threads",
     {"wasm32-wasip1-threads", "wasm32-wasi-threads", NULL},
     true,
     false,
     20},
    {"wasm32-wasip2", {"wasm32-wasip2", NULL, NULL}, false, true, 22},
};
const size_t wsd_target_count = sizeof wsd_targets / sizeof wsd_targets[0];

/* Longest suffixes first where one ends another ("-clang++" before "-clang"). */
const wsd_tool wsd_tools[] = {
    {"clang++", WSD_TOOL_CXX, "clang++"},
    {"clang", WSD_TOOL_CC, "clang"},
    {"c++", WSD_TOOL_CXX, "clang++"},
    {"cc", WSD_TOOL_CC, "clang"},
    /* autoconf's AC_PROG_CC looks for <host>-gcc first and then takes the host's
       unprefixed gcc: answering to -gcc keeps `./configure --host=...` on wasm. */
    {"g++", WSD_TOOL_CXX, "clang++"},
    {"gcc", WSD_TOOL_CC, "clang"},
    {"ar", WSD_TOOL_AR, "llvm-ar"},
    {"ranlib", WSD_TOOL_RANLIB, "llvm-ranlib"},
    {"nm", WSD_TOOL_NM, "llvm-nm"},
    {"strip", WSD_TOOL_STRIP, "llvm-strip"},
    {"wasm-ld", WSD_TOOL_WASM_LD, "wasm-ld"},
    {"pkg-config", WSD_TOOL_PKG_CONFIG, "pkg-config"},
};
const size_t wsd_tool_count = sizeof wsd_tools / sizeof wsd_tools[0];

const wsd_target *wsd_find_target(const char *name, size_t length) {
    for (size_t i = 0; i < wsd_target_count; ++i)
        if (strlen(wsd_targets[i].name) == length && memcmp(wsd_targets[i].name, name, length) == 0)
            return &wsd_targets[i];
    return NULL;
}

static const wsd_tool *find_tool(wsd_tool_kind kind) {
    for (size_t i = 0; i < wsd_tool_count; ++i)
        if (wsd_tools[i].kind == kind)
            return &wsd_tools[i];
    return NULL;
}

bool wsd_role_from_program_name(const char *argv0, wsd_role *out) {
    const char *slash = strrchr(argv0, '/');
    const char *name = slash ? slash + 1 : argv0;
    size_t length = strlen(name);
    if (strcmp(name, "wasm-ld") == 0) {
        out->target = wsd_find_target("wasm32-wasip1", strlen("wasm32-wasip1"));
        out->tool = find_tool(WSD_TOOL_WASM_LD);
        return true;
    }
    for (size_t i = 0; i < wsd_tool_count; ++i) {
        size_t suffix = strlen(wsd_tools[i].suffix) + 1; /* with the '-' */
        if (length <= suffix || name[length - suffix] != '-' ||
            strcmp(name + length - suffix + 1, wsd_tools[i].suffix) != 0)
            continue;
        const wsd_target *t = wsd_find_target(name, length - suffix);
        if (t) {
            out->target = t;
            out->tool = &wsd_tools[i];
            return true;
        }
    }
    return false;
}
