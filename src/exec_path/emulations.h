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
    const char *define;   /* NULL: link-time only */
    const char *library;  /* lib<library>.a in the sysroot */
    const char *flags[3]; /* compile flags, NULL-terminated */
    const char *where;    /* which SDKs have the library, for the error's fix */
} wsd_emulation;

extern const wsd_emulation wsd_emulations[];
/* long-double's index in wsd_emulations (emulations.c checks it at compile time). */
enum { WSD_EMULATION_LONG_DOUBLE = 4 };
extern const size_t wsd_emulation_count;

/* Indices into wsd_emulations, in the order first named. */
typedef struct wsd_emulation_list {
    size_t items[8];
    size_t count;
} wsd_emulation_list;

/* Whether a link adds `long-double` without being asked: wherever the sysroot has
   libc-printscan-long-double.a, unless WASISDK_LONG_DOUBLE is "0" (`opt_out`, NULL when
   unset). Without it `printf("%Lf")`/`strtold` build cleanly and abort at run time; with
   it a printf hello world grows by 10.5 KB (89,456 -> 99,949 bytes, -O2, wasi-sdk 25
   layout with Debian's wasi-libc; docs/driver.md), a fair price for not aborting. */
bool wsd_wants_default_long_double(const char *opt_out);

/* Adds `long-double` to `list` if it is not there and `library_present`. */
void wsd_add_long_double(wsd_emulation_list *list, bool library_present);

/* "mman,long-double": comma-separated names; empty items are skipped, repeats kept
   once. An unknown name is a usage error. */
bool wsd_parse_emulations(const char *value, wsd_emulation_list *out, wsd_error *err);

#ifdef __cplusplus
}
#endif
