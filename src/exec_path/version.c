#include "exec_path/version.h"

#include <string.h>

static bool is_digit(char c) { return c >= '0' && c <= '9'; }

bool wsd_parse_version(const char *text, wsd_version *v) {
    memset(v, 0, sizeof *v);
    v->text = text;
    const char *p = text;
    for (;;) {
        if (!is_digit(*p) || v->count == WSD_VERSION_MAX_NUMBERS)
            return false;
        unsigned n = 0;
        int digits = 0;
        while (is_digit(*p)) {
            if (++digits > 6)
                return false; /* no real version has a 7-digit component */
            n = n * 10 + (unsigned)(*p++ - '0');
        }
        v->numbers[v->count++] = n;
        if (p[0] == '.' && is_digit(p[1])) {
            ++p;
            continue;
        }
        break;
    }
    v->suffix = p;
    return *p == '\0' || *p == '-' || *p == '+';
}

static bool stable(const wsd_version *v) { return v->suffix[0] == '\0'; }

int wsd_version_compare(const wsd_version *a, const wsd_version *b) {
    size_t n = a->count > b->count ? a->count : b->count;
    for (size_t i = 0; i < n; ++i) {
        unsigned x = i < a->count ? a->numbers[i] : 0;
        unsigned y = i < b->count ? b->numbers[i] : 0;
        if (x != y)
            return x < y ? -1 : 1;
    }
    if (stable(a) != stable(b))
        return stable(a) ? 1 : -1; /* 34.0-rc.2 < 34.0 */
    return strcmp(a->text, b->text);
}

static bool spec_matches(const char *spec, const wsd_version *want, const wsd_version *v) {
    if (strcmp(spec, "latest") == 0)
        return stable(v);
    if (strcmp(v->text, spec) == 0)
        return true;
    if (!stable(want) || !stable(v) || want->count > v->count)
        return false;
    /* "22" matches 22.0 and 22.1; "22.0" matches 22.0.0 but not 22.1. */
    return memcmp(want->numbers, v->numbers, want->count * sizeof want->numbers[0]) == 0;
}

int wsd_match_version(const char *spec, const char *const *available, size_t count) {
    wsd_version want = {0};
    if (strcmp(spec, "latest") != 0 && !wsd_parse_version(spec, &want))
        return -1;
    int best = -1;
    wsd_version best_version;
    for (size_t i = 0; i < count; ++i) {
        wsd_version v;
        if (!wsd_parse_version(available[i], &v) || !spec_matches(spec, &want, &v))
            continue;
        if (best < 0 || wsd_version_compare(&best_version, &v) < 0) {
            best = (int)i;
            best_version = v;
        }
    }
    return best;
}

int wsd_find_installed(const char *spec, const char *const *installed, size_t count) {
    for (size_t i = 0; i < count; ++i)
        if (strcmp(installed[i], spec) == 0)
            return (int)i;
    return wsd_match_version(spec, installed, count);
}
