#pragma once
/* wasi-libc's emulation libraries, asked for with WASISDK_EMULATE=name,name. Each adds
   its define and compile flags, and its library when linking. long-double: printf/scanf of
   `long double` build cleanly without it and abort at run time. setjmp: wasi-libc's
   setjmp/longjmp (libsetjmp.a, wasi-libc since 2023) need LLVM's wasm exception-handling
   lowering, `-mllvm -wasm-enable-sjlj` (wasi-libc's setjmp.h says so in its #error), and
   an engine with the exception-handling proposal to run. */
#include "exec_path/error.h"

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct wsd_emulation {
    const char *name;
    const char *define;  /* NULL: link-time only */
    const char *library; /* lib<library>.a in the sysroot */
    const char *flags[3]; /* compile flags, NULL-terminated */
    const char *where;   /* which SDKs have the library, for the error's fix */
} wsd_emulation;

extern const wsd_emulation wsd_emulations[];
extern const size_t wsd_emulation_count;

/* Indices into wsd_emulations, in the order first named. */
typedef struct wsd_emulation_list {
    size_t items[8];
    size_t count;
} wsd_emulation_list;

/* "mman,long-double": comma-separated names; empty items are skipped, repeats kept
   once. An unknown name is a usage error. */
bool wsd_parse_emulations(const char *value, wsd_emulation_list *out, wsd_error *err);

#ifdef __cplusplus
}
#endif
