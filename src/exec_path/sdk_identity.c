/* realpath(), readlink(): glibc and musl declare them under their default set. */
#define _DEFAULT_SOURCE 1
#include "exec_path/sdk_identity.h"
#include "exec_path/home_layout.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Receipts are ~2 KB (model/receipt.cpp); one this large is not wasisdk's. */
enum { RECEIPT_MAX = 64 * 1024 };

/* `p` is at a '"': the position after the closing quote, or NULL if the string does not
   end. */
static const char *skip_string(const char *p, const char *end) {
    for (++p; p < end; ++p) {
        if (*p == '"')
            return p + 1;
        if (*p == '\\') {
            if (end - p < 2)
                break; /* an escape with nothing after it */
            ++p;       /* the escaped character, which may be '"' */
        }
    }
    return NULL;
}

static const char *skip_space(const char *p, const char *end) {
    while (p < end && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n'))
        ++p;
    return p;
}

static bool is_key(const char *s, size_t length, const char *key) {
    return length == strlen(key) && memcmp(s, key, length) == 0;
}

static bool lowercase_hex(const char *s, size_t length) {
    for (size_t i = 0; i < length; ++i)
        if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
            return false;
    return true;
}

bool wsd_scan_receipt(const char *json, size_t length, wsd_receipt_digest *out) {
    out->count = 0;
    out->linked = false;
    const char *p = json, *end = json + length;
    while (p < end) {
        if (*p != '"') {
            ++p;
            continue;
        }
        const char *after = skip_string(p, end);
        if (!after)
            return false;
        const char *key = p + 1;
        const size_t key_length = (size_t)(after - 1 - key);
        const char *value = skip_space(after, end);
        p = after;
        if (value == end || *value != ':')
            continue; /* a value, not a key */
        value = skip_space(value + 1, end);
        if (is_key(key, key_length, "linked") && end - value >= 4 &&
            memcmp(value, "true", 4) == 0) {
            out->linked = true;
        } else if (is_key(key, key_length, "sha256") && value < end && *value == '"') {
            const char *value_end = skip_string(value, end);
            if (!value_end)
                return false;
            if (value_end - value == 64 + 2 && lowercase_hex(value + 1, 64) &&
                out->count < WSD_MAX_ARTIFACTS) {
                memcpy(out->sha256[out->count], value + 1, 64);
                out->sha256[out->count++][64] = '\0';
            }
            p = value_end;
        }
    }
    return true;
}

/* Appends formatted text at out[*used]. False when it does not fit. */
static bool append(char *out, size_t size, size_t *used, const char *format, ...)
    __attribute__((format(printf, 4, 5)));
static bool append(char *out, size_t size, size_t *used, const char *format, ...) {
    va_list ap;
    va_start(ap, format);
    int n = vsnprintf(out + *used, size - *used, format, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= size - *used)
        return false;
    *used += (size_t)n;
    return true;
}

/* The installed SDK's artifacts, when wasisdk unpacked it: false for a linked tree, an
   unmanaged one, or a receipt without a sha256 (then the tree identifies itself). */
static bool receipt_identity(const char *home, const wsd_active_sdk *active, char *out, size_t size,
                             size_t *used) {
    static char text[RECEIPT_MAX]; /* static: off the driver's stack */
    static wsd_receipt_digest digest;
    char path[WSD_PATH_MAX];
    size_t length;
    if (!active->name[0] || !home || !home[0] ||
        !wsd_format(path, sizeof path, "%s/" WSD_HOME_TOOLCHAINS "/%s/" WSD_INSTALL_RECEIPT, home,
                    active->name) ||
        !wsd_read_small_file(path, text, sizeof text, &length, WSD_NOFOLLOW) ||
        length == sizeof text - 1 || !wsd_scan_receipt(text, length, &digest) || digest.linked ||
        digest.count == 0)
        return false;
    if (!append(out, size, used, "sdk"))
        return false;
    for (size_t i = 0; i < digest.count; ++i)
        if (!append(out, size, used, " sha256:%s", digest.sha256[i]))
            return false;
    return append(out, size, used, "\n");
}

static long long nanoseconds(struct timespec t) {
    return (long long)t.tv_sec * 1000000000LL + t.tv_nsec;
}

static bool tree_identity(const wsd_active_sdk *active, char *out, size_t size, size_t *used) {
    char real[WSD_PATH_MAX], path[WSD_PATH_MAX];
    if (!realpath(active->root, real) && !wsd_format(real, sizeof real, "%s", active->root))
        return false;
    if (!append(out, size, used, "sdk tree %s\n", real))
        return false;
    struct stat st;
    if (wsd_format(path, sizeof path, "%s/bin/clang", real) && stat(path, &st) == 0) {
        if (!append(out, size, used, "clang %llu:%llu size %lld mtime %lld ctime %lld\n",
                    (unsigned long long)st.st_dev, (unsigned long long)st.st_ino,
                    (long long)st.st_size, nanoseconds(st.st_mtim), nanoseconds(st.st_ctim)))
            return false;
    } else if (!append(out, size, used, "clang none\n")) {
        return false;
    }
    if (wsd_format(path, sizeof path, "%s/bin", real) && stat(path, &st) == 0)
        return append(out, size, used, "bin mtime %lld\n", nanoseconds(st.st_mtim));
    return true;
}

bool wsd_sdk_identity(const char *home, const wsd_active_sdk *active, char *out, size_t size) {
    size_t used = 0;
    out[0] = '\0';
    /* The first line names the format: a new rule changes every key once. */
    if (!append(out, size, &used, "wasisdk-sdk-identity 1\n"))
        return false;
    const size_t mark = used;
    if (!receipt_identity(home, active, out, size, &used)) {
        used = mark; /* a receipt line that did not fit leaves nothing half-written */
        out[used] = '\0';
        if (!tree_identity(active, out, size, &used))
            return false;
    }
    const char *emulate = wsd_env("WASISDK_EMULATE");
    return !emulate || append(out, size, &used, "emulate %s\n", emulate);
}

bool wsd_preprocesses_to_stdout(const wsd_command *command) {
    /* Not to a file (-o), nor make rules (-M, -MM) that a line would corrupt. */
    return (command->given & (WSD_OPT_PREPROCESS | WSD_OPT_OUTPUT | WSD_OPT_MAKE_RULES)) ==
           WSD_OPT_PREPROCESS;
}

bool wsd_parent_reads_preprocessed(void) {
    char link[64], exe[WSD_PATH_MAX];
    if (!wsd_format(link, sizeof link, "/proc/%ld/exe", (long)getppid()))
        return false;
    ssize_t n = readlink(link, exe, sizeof exe - 1);
    if (n <= 0)
        return false;
    exe[n] = '\0';
    const char *slash = strrchr(exe, '/');
    const char *name = slash ? slash + 1 : exe;
    return wsd_starts_with(name, "sccache") || strcmp(name, "distcc") == 0;
}

/* The line's head: the format's first line, which a preprocessed file must start with
   for its identity to be read. */
#define LINE_HEAD "# /* wasisdk-sdk-identity 1; "
/* Room for an encoded line: each byte may take 3, plus the head and tail. */
enum { LINE_MAX = 3 * WSD_IDENTITY_MAX + 16 };

/* The identity as one line (wsd_write_identity_line), NUL-terminated; its length, or 0
   when it does not fit. Inside the comment: lines joined with "; ", and '*', '\' and
   bytes outside printable ASCII written as \xx, so that no path can end the comment
   early and no two identities print alike. */
static size_t encode_line(const char *identity, char *line, size_t size) {
    size_t used = 0;
    memcpy(line, "# /* ", 5);
    used = 5;
    for (const char *p = identity; *p; ++p) {
        const unsigned char c = (unsigned char)*p;
        if (used + 8 > size)
            return 0;
        if (c == '\n') {
            if (p[1])
                used += (size_t)sprintf(line + used, "; ");
        } else if (c < 0x20 || c >= 0x7f || c == '*' || c == '\\') {
            used += (size_t)sprintf(line + used, "\\%02x", c);
        } else {
            line[used++] = (char)c;
        }
    }
    memcpy(line + used, " */\n", 5);
    return used + 4;
}

bool wsd_write_identity_line(int fd, const char *identity) {
    static char line[LINE_MAX];
    size_t used = encode_line(identity, line, sizeof line);
    if (used == 0)
        return false;
    for (size_t done = 0; done < used;) {
        ssize_t n = write(fd, line + done, used - done);
        if (n <= 0)
            return false;
        done += (size_t)n;
    }
    return true;
}

/* The artifacts' part of an encoded line ("sdk sha256:<hex> ..." up to the next "; " or
   the comment's end), or NULL for a line without one (a linked tree, another format). */
static const char *artifacts(const char *line, size_t *length) {
    if (!wsd_starts_with(line, LINE_HEAD) ||
        !wsd_starts_with(line + strlen(LINE_HEAD), "sdk sha256:"))
        return NULL;
    const char *start = line + strlen(LINE_HEAD);
    const char *end = start;
    while (*end && *end != '\n' && *end != ';' && !wsd_starts_with(end, " */"))
        ++end;
    *length = (size_t)(end - start);
    return start;
}

bool wsd_check_preprocessed(const char *path, const char *identity, const char *label,
                            wsd_error *err) {
    static char head[LINE_MAX], own[LINE_MAX];
    if (!wsd_read_small_file(path, head, sizeof head, NULL, WSD_FOLLOW) ||
        !encode_line(identity, own, sizeof own))
        return true;
    size_t theirs_length, ours_length;
    const char *theirs = artifacts(head, &theirs_length);
    const char *ours = artifacts(own, &ours_length);
    const size_t shown = strlen("sdk sha256:") + 12;
    if (!theirs || !ours || theirs_length < shown || !lowercase_hex(theirs + shown - 12, 12) ||
        (theirs_length == ours_length && memcmp(theirs, ours, ours_length) == 0))
        return true;
    /* "sdk sha256:" and 12 hex digits (checked: the file's text reaches the terminal)
       name each side well enough to tell them apart. */
    return wsd_fail(err, WSD_FAILURE,
                    "install the same wasi-sdk archive on this machine and make it the "
                    "default, or name its version after the compiler on the client "
                    "(distcc wasm32-wasip1-clang +<version>); `wasisdk-sdk-identity <compiler>` "
                    "prints the same on both machines when they match",
                    "%s was preprocessed with another SDK (%.*s...) than this machine's %s "
                    "(%.*s...)",
                    path, (int)shown, theirs, label, (int)shown, ours);
}
