#pragma once
/* Errors on the exec path: what went wrong and the fix, as fixed buffers (no heap),
   printed by the driver as one line and turned into wasisdk::Error by the C++ side. */
#include <stdbool.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The documented exit codes (docs/cli.md), the same values as wasisdk::ExitCode. */
enum { WSD_FAILURE = 1, WSD_USAGE = 2, WSD_NOT_FOUND = 3 };

typedef struct wsd_error {
    int code;
    char what[1536];
    char fix[512];
} wsd_error;

/* Fills `err` (what from the format, the fix as given) and returns false, so that a
   failing function can `return wsd_fail(...)`. */
bool wsd_fail(wsd_error *err, int code, const char *fix, const char *what_format, ...)
    __attribute__((format(printf, 4, 5)));

#ifdef __cplusplus
}
#endif
