#include "exec_path/version.h"

#include <string.h>

static bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

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
    if (*p != '\0' && *p != '-' && *p != '+')
        return false;
    /* A suffix is a tag's ("-rc.2", "+threads", "+m"): the install-name alphabet only,
       so a version can never carry a '/' or a shell character into a path or a file. */
    for (; *p; ++p)
        if (!is_digit(*p) && !((*p | 0x20) >= 'a' && (*p | 0x20) <= 'z') && *p != '.' &&
            *p != '_' && *p != '+' && *p != '-')
            return false;
    return true;
}

static bool stable(const wsd_version *v) {
    return v->suffix[0] == '\0';
}

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

static bool spec_matches(const wsd_version_matcher *m, const wsd_version *v) {
    if (m->latest)
        return stable(v);
    if (strcmp(v->text, m->spec) == 0)
        return true;
    if (!stable(&m->want) || !stable(v) || m->want.count > v->count)
        return false;
    /* "22" matches 22.0 and 22.1; "22.0" matches 22.0.0 but not 22.1. */
    return memcmp(m->want.numbers, v->numbers, m->want.count * sizeof m->want.numbers[0]) == 0;
}

void wsd_matcher_init(wsd_version_matcher *m, const char *spec) {
    m->spec = spec;
    m->latest = strcmp(spec, "latest") == 0;
    m->spec_valid = m->latest || wsd_parse_version(spec, &m->want);
    m->found = false;
    m->offers = 0;
}

void wsd_matcher_offer(wsd_version_matcher *m, const char *text) {
    size_t index = m->offers++;
    wsd_version v;
    if (!m->spec_valid || strlen(text) >= sizeof m->best_text || !wsd_parse_version(text, &v) ||
        !spec_matches(m, &v))
        return;
    if (m->found && wsd_version_compare(&m->best, &v) >= 0)
        return;
    strcpy(m->best_text, text);
    wsd_parse_version(m->best_text, &m->best);
    m->best_index = index;
    m->found = true;
}

int wsd_match_version(const char *spec, const char *const *available, size_t count) {
    wsd_version_matcher m;
    wsd_matcher_init(&m, spec);
    for (size_t i = 0; i < count; ++i)
        wsd_matcher_offer(&m, available[i]);
    return m.found ? (int)m.best_index : -1;
}
