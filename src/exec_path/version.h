#pragma once
/* wasi-sdk version strings and the specs users type for them, shared by the driver
   (which SDK does "+22" or a pin file mean?) and the installer (model/version.h wraps
   these). Versions look like "22.0", "20.0+threads" or "34.0-rc.2": numbers, then an
   optional suffix starting with '-' or '+'; anything with a suffix is not stable. */
#include <stdbool.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#define WSD_VERSION_MAX_NUMBERS 8

typedef struct wsd_version {
    unsigned numbers[WSD_VERSION_MAX_NUMBERS]; /* 22.0 -> {22, 0} */
    size_t count;
    const char *suffix; /* points into text: "-rc.2", "+threads" or "" */
    const char *text;   /* as written (not copied) */
} wsd_version;

/* False unless `text` is a version ("22", "22.0", "34.0-rc.2"): numbers, then an optional
   suffix of [A-Za-z0-9._+-] starting with '-' or '+'. */
bool wsd_parse_version(const char *text, wsd_version *out);

/* Orders by numbers (missing parts are 0), then a stable release after its
   pre-releases and variants, then by text. <0, 0 or >0. */
int wsd_version_compare(const wsd_version *a, const wsd_version *b);

/* Finds the newest version a spec matches among names offered one at a time (names
   from a directory listing need not be kept). wsd_match_version is built on it. */
typedef struct wsd_version_matcher {
    const char *spec;
    bool latest;
    bool spec_valid;
    wsd_version want;
    bool found;
    wsd_version best; /* best.text points at best_text */
    char best_text[256];
    size_t best_index; /* the offer's position, counting from 0 */
    size_t offers;
} wsd_version_matcher;

void wsd_matcher_init(wsd_version_matcher *m, const char *spec);
/* Considers one candidate; `text` need not outlive the call. */
void wsd_matcher_offer(wsd_version_matcher *m, const char *text);

/* Index of the newest of `available` that `spec` matches, or -1. Specs: "latest" and
   a bare number ("22", the newest 22.x) match only stable releases; "22.0" matches
   22.0 and 22.0.x; an exact text such as "34.0-rc.2" matches itself. */
int wsd_match_version(const char *spec, const char *const *available, size_t count);

#ifdef __cplusplus
}
#endif
