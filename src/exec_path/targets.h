#pragma once
/* The targets the wrappers serve and the tools each wrapper name stands for.
   Wrapper names are `<target>-<tool>`, e.g. wasm32-wasip1-clang, wasm32-wasi-ar. Names
   end in -clang/-clang++ on purpose: rustc picks the linker flavour from the linker's
   file name and drives a name ending in "clang" like a C compiler (docs/rust.md). */
#include <stdbool.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct wsd_target {
    const char *name;
    /* Sysroot triples that can serve this target, best first (NULL-terminated): an old
       SDK knows only wasm32-wasi, a new one (34+) only wasm32-wasip1 (docs/sdk-releases.md). */
    const char *triples[3];
    bool threads;   /* -pthread and shared-memory link flags */
    bool component; /* links through wasm-component-ld (wasip2) */
    unsigned since; /* the first wasi-sdk release that has it (0: every release) */
} wsd_target;

typedef enum wsd_tool_kind {
    WSD_TOOL_CC,
    WSD_TOOL_CXX,
    WSD_TOOL_AR,
    WSD_TOOL_RANLIB,
    WSD_TOOL_NM,
    WSD_TOOL_STRIP,
    WSD_TOOL_WASM_LD,
    WSD_TOOL_PKG_CONFIG,
} wsd_tool_kind;

typedef struct wsd_tool {
    const char *suffix; /* in the wrapper name, after "<target>-" */
    wsd_tool_kind kind;
    const char *program; /* in the SDK's bin/ (pkg-config: the host's, from PATH) */
} wsd_tool;

typedef struct wsd_role {
    const wsd_target *target;
    const wsd_tool *tool;
} wsd_role;

extern const wsd_target wsd_targets[];
extern const size_t wsd_target_count;
extern const wsd_tool wsd_tools[];
extern const size_t wsd_tool_count;

/* The target called `name` (`length` bytes, not NUL-terminated), or NULL. */
const wsd_target *wsd_find_target(const char *name, size_t length);

/* "wasm32-wasip1-clang++" (or a path ending in it) -> {wasm32-wasip1, clang++}. Plain
   "wasm-ld" means wasm32-wasip1's wasm-ld. False for names the driver does not serve. */
bool wsd_role_from_program_name(const char *argv0, wsd_role *out);

#ifdef __cplusplus
}
#endif
