#include "exec_path/configured_sdk.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

const char *wsd_take_expected_sdk(char **argv, int *argc) {
    static const size_t prefix = sizeof WSD_EXPECT_FLAG - 1;
    for (int i = 1; i < *argc; ++i) {
        /* Most arguments differ in their first bytes: the common case costs a few compares. */
        if (argv[i][0] != '-' || argv[i][1] != '-' ||
            strncmp(argv[i], WSD_EXPECT_FLAG, prefix) != 0)
            continue;
        const char *value = argv[i] + prefix;
        memmove(argv + i, argv + i + 1, (size_t)(*argc - i) * sizeof *argv); /* and argv's NULL */
        --*argc;
        return value;
    }
    return NULL;
}

static bool plain_byte(unsigned char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '/' ||
           c == '.' || c == '_' || c == '+' || c == '-';
}

bool wsd_sdk_key(const wsd_active_sdk *active, char *out, size_t size) {
    if (active->name[0])
        return wsd_format(out, size, "%s", active->name);
    char root[WSD_PATH_MAX];
    if (!wsd_format(root, sizeof root, "%s", active->root))
        return false;
    wsd_strip_trailing_slashes(root); /* WASI_SDK_PATH=/opt/sdk/ is /opt/sdk */
    size_t used = 0;
    for (const unsigned char *p = (const unsigned char *)root; *p; ++p) {
        if (used + 4 > size)
            return false;
        if (plain_byte(*p))
            out[used++] = (char)*p;
        else
            used += (size_t)snprintf(out + used, 4, "%%%02X", *p);
    }
    if (used >= size)
        return false;
    out[used] = '\0';
    return true;
}

/* --- the error path: nothing below runs when the SDK is the expected one --------------- */

/* "wasi-sdk 25.0", or "the SDK at /opt/sdk" for a tree outside the store (its key:
   the path, any odd byte as %XX, so that the message stays one line). */
static void describe_key(const char *key, char *out, size_t size) {
    if (key[0] == '/')
        wsd_format(out, size, "the SDK at %s", key);
    else
        wsd_format(out, size, "wasi-sdk %s", key);
}

/* Why `active` is active (wsd_active_reason). */
static void describe_reason(const wsd_active_sdk *active, char *out, size_t size) {
    wsd_active_reason(active->rule, active->origin, out, size);
}

/* The nearest directory from the working directory upward that holds CMakeCache.txt:
   the build directory (Ninja runs commands in it, make in its subdirectories). */
static bool find_build_dir(char *dir, size_t size) {
    char cache[WSD_PATH_MAX + 32];
    if (!getcwd(dir, size))
        return false;
    for (;;) {
        if (wsd_format(cache, sizeof cache, "%s/CMakeCache.txt", strcmp(dir, "/") ? dir : "") &&
            wsd_is_regular_file(cache))
            return true;
        char *slash = strrchr(dir, '/');
        if (!slash || slash == dir)
            return false;
        *slash = '\0';
    }
}

/* The value of `name` (any type) in <dir>/CMakeCache.txt, whose lines are NAME:TYPE=VALUE. */
static bool cache_value(const char *dir, const char *name, char *out, size_t size) {
    char path[WSD_PATH_MAX + 32], line[WSD_PATH_MAX + 128];
    if (!wsd_format(path, sizeof path, "%s/CMakeCache.txt", dir))
        return false;
    FILE *f = fopen(path, "r");
    if (!f)
        return false;
    const size_t n = strlen(name);
    bool found = false, line_start = true;
    while (!found && fgets(line, sizeof line, f)) {
        const size_t length = strlen(line);
        const bool starts = line_start;
        line_start = length > 0 && line[length - 1] == '\n';
        char *eq;
        if (!starts || strncmp(line, name, n) != 0 || line[n] != ':' || !(eq = strchr(line, '=')) ||
            !line_start)
            continue;
        line[length - 1] = '\0';
        found = wsd_format(out, size, "%s", eq + 1);
    }
    fclose(f);
    return found;
}

/* `s` as one shell word: as it is when plain, else in single quotes. */
static void shell_word(const char *s, char *out, size_t size) {
    bool plain = *s != '\0';
    for (const unsigned char *p = (const unsigned char *)s; *p; ++p)
        plain = plain && (plain_byte(*p) || *p == '=' || *p == ':' || *p == ',');
    if (plain) {
        wsd_format(out, size, "%s", s);
        return;
    }
    size_t used = 0;
    out[used++] = '\'';
    for (const char *p = s; *p && used + 6 < size; ++p) {
        if (*p == '\'') {
            memcpy(out + used, "'\\''", 4);
            used += 4;
        } else if (*p == '\n') {
            break; /* the message stays one line */
        } else {
            out[used++] = *p;
        }
    }
    out[used++] = '\'';
    out[used] = '\0';
}

/* The command that configures `build` again from scratch, as it was configured: --fresh
   alone would fall back to the default generator (Unix Makefiles next to a build.ninja)
   and drop a toolchain file that came from the environment (checked with CMake 3.25).
   `cmake --fresh -B DIR` is not used: without -S it takes the working directory as the
   source, and fails after deleting the cache. */
static void fresh_command(const char *build, char *out, size_t size) {
    char value[WSD_PATH_MAX], word[2][3 * WSD_PATH_MAX];
    size_t used = 0;
    used += (size_t)snprintf(out, size, "cmake --fresh");
    if (used < size && cache_value(build, "CMAKE_GENERATOR", value, sizeof value)) {
        shell_word(value, word[0], sizeof word[0]);
        used += (size_t)snprintf(out + used, size - used, " -G %s", word[0]);
    }
    if (used < size && cache_value(build, "CMAKE_TOOLCHAIN_FILE", value, sizeof value)) {
        shell_word(value, word[0], sizeof word[0]);
        used += (size_t)snprintf(out + used, size - used, " --toolchain %s", word[0]);
    }
    shell_word(build, word[1], sizeof word[1]);
    if (used < size)
        snprintf(out + used, size - used, " %s", word[1]);
}

bool wsd_check_expected_sdk(const char *expected, const wsd_active_sdk *active, wsd_error *err) {
    /* An installed SDK is compared by name (the hot path: one strcmp); a tree outside
       the store by its path. */
    static char key[WSD_SDK_KEY_MAX];
    if (active->name[0] ? strcmp(expected, active->name) == 0
                        : expected[0] == '/' && wsd_sdk_key(active, key, sizeof key) &&
                              strcmp(expected, key) == 0)
        return true;
    static char was[WSD_SDK_KEY_MAX + 32], now[WSD_SDK_KEY_MAX + 32];
    static char reason[WSD_PATH_MAX + 64], build[WSD_PATH_MAX], command[4 * WSD_PATH_MAX];
    if (!wsd_sdk_key(active, key, sizeof key))
        wsd_format(key, sizeof key, "%s", "(a path too long to show)");
    describe_key(expected, was, sizeof was);
    describe_key(key, now, sizeof now);
    describe_reason(active, reason, sizeof reason);
    if (find_build_dir(build, sizeof build)) {
        fresh_command(build, command, sizeof command);
        wsd_format(err->fix, sizeof err->fix,
                   "to build with it, configure this build from scratch: %s, with your -D "
                   "options; to keep %s, make it active again",
                   command, was);
    } else {
        wsd_format(err->fix, sizeof err->fix,
                   "to build with it, configure the build from scratch (cmake --fresh); to "
                   "keep %s, make it active again",
                   was);
    }
    err->code = WSD_USAGE;
    wsd_format(err->what, sizeof err->what,
               "this build was configured for %s, but %s is active now (%s)", was, now, reason);
    return false;
}
