#include "exec_path/active_sdk.h"

#include "exec_path/version.h"

#include <string.h>

const char *wsd_describe_rule(wsd_rule rule) {
    switch (rule) {
    case WSD_RULE_EXPLICIT_REQUEST:
        return "requested on the command line";
    case WSD_RULE_ENV_SDK_PATH:
        return "set by WASI_SDK_PATH";
    case WSD_RULE_ENV_SDK_VERSION:
        return "set by WASISDK_SDK";
    case WSD_RULE_PIN_FILE:
        return "pinned by";
    case WSD_RULE_DEFAULT_SDK:
        return "the default";
    }
    return "";
}

static bool path_too_long(wsd_error *err, const char *what) {
    return wsd_fail(err, WSD_FAILURE, "use a shorter path", "%s: path too long", what);
}

bool wsd_resolve_home(const char *flag, char *out, size_t size, wsd_error *err) {
    const char *home;
    if (flag && *flag) {
        if (!wsd_absolute(flag, out, size))
            return path_too_long(err, flag);
    } else if ((home = wsd_env("WASISDK_HOME")) != NULL) {
        if (!wsd_absolute(home, out, size))
            return path_too_long(err, "WASISDK_HOME");
    } else if ((home = wsd_env("HOME")) != NULL) {
        if (!wsd_format(out, size, "%s/.wasisdk", home))
            return path_too_long(err, "HOME");
    } else {
        return wsd_fail(err, WSD_USAGE, "set WASISDK_HOME or pass --home DIR",
                        "cannot find the wasisdk home: HOME is not set");
    }
    return true;
}

bool wsd_read_default(const char *home, char *name, size_t size, wsd_error *err) {
    char path[WSD_PATH_MAX], text[WSD_NAME_MAX + 64];
    name[0] = '\0';
    if (!wsd_format(path, sizeof path, "%s/default", home))
        return path_too_long(err, home);
    size_t length;
    if (!wsd_read_small_file(path, text, sizeof text, &length))
        return true;
    const bool has_nul = length != strlen(text);
    /* Trimmed whole (not first line): a name is one line, more is corruption. */
    char *b = text, *e = text + strlen(text);
    while (*b == ' ' || *b == '\t' || *b == '\r' || *b == '\n')
        ++b;
    while (e > b && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r' || e[-1] == '\n'))
        --e;
    *e = '\0';
    if (!*b && !has_nul)
        return true; /* empty: no default set */
    /* An install name is a version or a link name: printable, no '/', one line. */
    bool valid = b[0] != '.' && !has_nul && (size_t)(e - b) < size &&
                 (size_t)(e - b) < WSD_NAME_MAX;
    for (const char *p = b; valid && *p; ++p)
        valid = *p > ' ' && *p < 127 && *p != '/';
    if (!valid)
        return wsd_fail(err, WSD_FAILURE, "set it again: wasisdk default <version>",
                        "the default setting %s is corrupt", path);
    memcpy(name, b, (size_t)(e - b) + 1);
    return true;
}

struct installed_scan {
    const char *area;
    void (*fn)(const char *name, void *context);
    void *context;
};

static void note_if_installed(const char *name, void *context) {
    const struct installed_scan *scan = context;
    char receipt[WSD_PATH_MAX];
    if (wsd_format(receipt, sizeof receipt, "%s/%s/receipt.json", scan->area, name) &&
        wsd_exists(receipt))
        scan->fn(name, scan->context);
}

void wsd_each_installed(const char *area, void (*fn)(const char *name, void *context),
                        void *context) {
    struct installed_scan scan = {area, fn, context};
    wsd_each_dir_entry(area, note_if_installed, &scan);
}

static void offer_to_matcher(const char *name, void *matcher) {
    wsd_matcher_offer(matcher, name);
}

/* The installed SDK that `requested` names, found the cheap way first. */
static bool from_installed(const char *home, wsd_rule rule, const char *origin,
                           const char *requested, wsd_active_sdk *a, wsd_error *err) {
    a->rule = rule;
    if (!wsd_format(a->origin, sizeof a->origin, "%s", origin) ||
        !wsd_format(a->requested, sizeof a->requested, "%s", requested))
        return path_too_long(err, origin);
    char area[WSD_PATH_MAX], path[WSD_PATH_MAX];
    if (!wsd_format(area, sizeof area, "%s/toolchains", home))
        return path_too_long(err, home);
    /* The exact name is the common case (pins and defaults are written as installed
       names): check it with one stat before listing the directory. */
    bool found = false;
    if (strchr(requested, '/') == NULL && strlen(requested) < WSD_NAME_MAX &&
        wsd_format(path, sizeof path, "%s/%s/receipt.json", area, requested) && wsd_exists(path)) {
        strcpy(a->name, requested);
        found = true;
    } else {
        /* The exact name has no receipt, so only a version spec ("25", "latest") can
           still match: the newest installed version it names. */
        static wsd_version_matcher matcher; /* static: its buffer, off the stack */
        wsd_matcher_init(&matcher, requested);
        wsd_each_installed(area, offer_to_matcher, &matcher);
        if (matcher.found && strlen(matcher.best_text) < WSD_NAME_MAX) {
            strcpy(a->name, matcher.best_text);
            found = true;
        }
    }
    if (!found) {
        char fix[WSD_PATH_MAX + 128];
        wsd_version version;
        if (strcmp(requested, "latest") == 0 || wsd_parse_version(requested, &version))
            wsd_format(fix, sizeof fix, "run: wasisdk install %s", requested);
        else /* a name: only `wasisdk link` makes those */
            wsd_format(fix, sizeof fix,
                       "use a version such as 25 or an installed name (wasisdk list), or "
                       "register a tree: wasisdk link %s DIR",
                       requested);
        return wsd_fail(err, WSD_NOT_FOUND, fix, "wasi-sdk %s (from %s) is not installed",
                        requested, origin[0] ? origin : wsd_describe_rule(rule));
    }
    if (!wsd_format(a->root, sizeof a->root, "%s/%s/sdk", area, a->name))
        return path_too_long(err, home);
    return true;
}

/* The nearest `name` from `start` upward, into `out`. */
static bool find_upward(const char *start, const char *name, char *out, size_t size) {
    char dir[WSD_PATH_MAX];
    if (!wsd_format(dir, sizeof dir, "%s", start))
        return false;
    wsd_strip_trailing_slashes(dir);
    while (dir[0]) {
        if (wsd_format(out, size, "%s%s%s", dir, strcmp(dir, "/") == 0 ? "" : "/", name) &&
            wsd_is_regular_file(out))
            return true;
        if (strcmp(dir, "/") == 0)
            break;
        char *slash = strrchr(dir, '/');
        if (!slash)
            break; /* a relative start: stop at its top */
        if (slash == dir)
            slash[1] = '\0'; /* "/a" -> "/" */
        else
            *slash = '\0';
    }
    return false;
}

/* A path into our own store (<home>/toolchains/<name>/sdk) is still a managed SDK. */
static void name_if_in_store(const char *home, wsd_active_sdk *a) {
    char root[WSD_PATH_MAX];
    strcpy(root, a->root);
    wsd_strip_trailing_slashes(root);
    char *last = strrchr(root, '/');
    if (!last || strcmp(last, "/sdk") != 0)
        return;
    *last = '\0';
    char *name = strrchr(root, '/');
    if (!name || strlen(name + 1) >= WSD_NAME_MAX)
        return;
    *name = '\0';
    char area[WSD_PATH_MAX];
    if (wsd_format(area, sizeof area, "%s/toolchains", home) && strcmp(root, area) == 0)
        strcpy(a->name, name + 1);
}

bool wsd_resolve_active_sdk(const char *home, const char *explicit_spec, const char *cwd,
                            wsd_active_sdk *a, wsd_error *err) {
    /* No memset: the struct is ~12 KB, and every page touched costs the driver a fault. */
    a->origin[0] = a->requested[0] = a->name[0] = a->root[0] = '\0';
    const char *value;
    if (explicit_spec) {
        char origin[WSD_PATH_MAX];
        if (!wsd_format(origin, sizeof origin, "+%s", explicit_spec))
            return path_too_long(err, "the +version argument");
        return from_installed(home, WSD_RULE_EXPLICIT_REQUEST, origin, explicit_spec, a, err);
    }

    if ((value = wsd_env("WASI_SDK_PATH")) != NULL) {
        if (!wsd_is_dir(value))
            return wsd_fail(err, WSD_NOT_FOUND,
                            "point it at a wasi-sdk tree, or unset it to use wasisdk's SDKs",
                            "WASI_SDK_PATH=%s is not a directory", value);
        a->rule = WSD_RULE_ENV_SDK_PATH;
        strcpy(a->origin, "WASI_SDK_PATH");
        if (!wsd_format(a->requested, sizeof a->requested, "%s", value) ||
            !wsd_absolute(value, a->root, sizeof a->root))
            return path_too_long(err, "WASI_SDK_PATH");
        name_if_in_store(home, a);
        return true;
    }

    if ((value = wsd_env("WASISDK_SDK")) != NULL)
        return from_installed(home, WSD_RULE_ENV_SDK_VERSION, "WASISDK_SDK", value, a, err);

    char pin[WSD_PATH_MAX];
    if (cwd && *cwd && find_upward(cwd, WSD_PIN_FILE_NAME, pin, sizeof pin)) {
        char spec[WSD_PATH_MAX] = "";
        wsd_read_small_file(pin, spec, sizeof spec, NULL);
        if (!*wsd_first_line_trimmed(spec))
            return wsd_fail(err, WSD_NOT_FOUND, "write a version such as 22 into it, or delete it",
                            "%s is empty", pin);
        return from_installed(home, WSD_RULE_PIN_FILE, pin, spec, a, err);
    }

    char name[WSD_NAME_MAX];
    if (!wsd_read_default(home, name, sizeof name, err))
        return false;
    if (name[0]) {
        char origin[WSD_PATH_MAX];
        if (!wsd_format(origin, sizeof origin, "%s/default", home))
            return path_too_long(err, home);
        return from_installed(home, WSD_RULE_DEFAULT_SDK, origin, name, a, err);
    }
    return wsd_fail(err, WSD_NOT_FOUND, "run: wasisdk install latest", "no wasi-sdk is installed");
}
