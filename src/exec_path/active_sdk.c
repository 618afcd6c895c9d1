#define _DEFAULT_SOURCE                                                                            \
    1 /* realpath(): glibc and musl declare it under their default (BSD/XSI) set */
#include "exec_path/active_sdk.h"

#include "exec_path/home_layout.h"
#include "exec_path/install_name.h"
#include "exec_path/version.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Each rule's phrase, and whether the file that decided follows it. */
static const struct {
    const char *phrase;
    bool names_origin;
} reasons[] = {
    [WSD_RULE_EXPLICIT_REQUEST] = {"requested on the command line", false},
    [WSD_RULE_ENV_SDK_PATH] = {"set by WASI_SDK_PATH", false},
    [WSD_RULE_ENV_SDK_VERSION] = {"set by WASISDK_SDK", false},
    [WSD_RULE_PIN_FILE] = {"pinned by", true},
    [WSD_RULE_DEFAULT_SDK] = {"the default", true},
};

bool wsd_active_reason(wsd_rule rule, const char *origin, char *out, size_t size) {
    if ((size_t)rule >= sizeof reasons / sizeof reasons[0])
        return wsd_format(out, size, "%s", "");
    if (reasons[rule].names_origin && origin && origin[0])
        return wsd_format(out, size, "%s %s", reasons[rule].phrase, origin);
    return wsd_format(out, size, "%s", reasons[rule].phrase);
}

static bool path_too_long(wsd_error *err, const char *what) {
    return wsd_fail(err, WSD_FAILURE, "use a shorter path", "%s: path too long", what);
}

const char *wsd_chosen_sdk_path(void) {
    const char *value = wsd_env("WASI_SDK_PATH");
    const char *exported = wsd_env(WSD_ENV_EXPORT_VARIABLE);
    return value && !(exported && strcmp(value, exported) == 0) ? value : NULL;
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
    if (!wsd_format(path, sizeof path, "%s/" WSD_HOME_DEFAULT, home))
        return path_too_long(err, home);
    size_t length;
    struct stat st;
    if (!wsd_read_small_file(path, text, sizeof text, &length, WSD_NOFOLLOW)) {
        if (lstat(path, &st) != 0)
            return true; /* no default set */
        text[0] = '\0';
        length = 1; /* a symlink, FIFO or unreadable file: corrupt, below */
    }
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
    if (has_nul || (size_t)(e - b) >= size || !wsd_valid_install_name(b))
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
    if (wsd_valid_install_name(name) &&
        wsd_format(receipt, sizeof receipt, "%s/%s/" WSD_INSTALL_RECEIPT, scan->area, name) &&
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

/* The install in `area` that `requested` names, found the cheap way first. `component`
   ("" for an SDK, "sysroot", "builtins") follows the spec in the message; `from` (NULL:
   none) is what asked, named in the message; `invalid_fix` is the fix for a request
   that is no name at all. */
static bool lookup_in_area(const char *area, const char *component, const char *requested,
                           const char *from, const char *invalid_fix, char *name, size_t size,
                           wsd_error *err) {
    /* Never echo what is not a plausible version or name: a pin file may be a link to
       a secret, and its first line would end up in a CI log. */
    if (!wsd_valid_install_name(requested))
        return wsd_fail(err, WSD_USAGE, invalid_fix,
                        "%s does not name a wasi-sdk version or an SDK name",
                        from ? from : "the argument");
    char path[WSD_PATH_MAX];
    /* The exact name is the common case (pins and defaults are written as installed
       names): check it with one stat before listing the directory. */
    if (strchr(requested, '/') == NULL && strlen(requested) < size &&
        wsd_format(path, sizeof path, "%s/%s/" WSD_INSTALL_RECEIPT, area, requested) &&
        wsd_exists(path)) {
        strcpy(name, requested);
        return true;
    }
    /* The exact name has no receipt, so only a version spec ("25", "latest") can still
       match: the newest installed version it names. */
    static wsd_version_matcher matcher; /* static: its buffer, off the stack */
    wsd_matcher_init(&matcher, requested);
    wsd_each_installed(area, offer_to_matcher, &matcher);
    if (matcher.found && strlen(matcher.best_text) < size) {
        strcpy(name, matcher.best_text);
        return true;
    }
    char fix[WSD_PATH_MAX + 128];
    wsd_version version;
    const bool sdk = component[0] == '\0';
    if (strcmp(requested, "latest") == 0 || wsd_parse_version(requested, &version))
        wsd_format(fix, sizeof fix, "run: wasisdk install %s%s%s", requested,
                   sdk ? "" : " --component ", component);
    else if (sdk) /* a name: only `wasisdk link` makes those */
        wsd_format(fix, sizeof fix,
                   "use a version such as 25 or an installed name (wasisdk list), or "
                   "register a tree: wasisdk link %s DIR",
                   requested);
    else
        wsd_format(fix, sizeof fix, "use an installed version (wasisdk list)");
    return wsd_fail(err, WSD_NOT_FOUND, fix, "wasi-sdk %s%s%s%s%s%s is not installed", requested,
                    sdk ? "" : " ", component, from ? " (from " : "", from ? from : "",
                    from ? ")" : "");
}

/* The SDK area's lookup, as every rule of resolution uses it. */
static bool lookup_installed(const char *home, const char *requested, const char *from,
                             const char *invalid_fix, char *name, size_t size, wsd_error *err) {
    char area[WSD_PATH_MAX];
    if (!wsd_format(area, sizeof area, "%s/" WSD_HOME_TOOLCHAINS, home))
        return path_too_long(err, home);
    return lookup_in_area(area, "", requested, from, invalid_fix, name, size, err);
}

bool wsd_lookup_installed_in(const char *area, const char *component, const char *requested,
                             const char *from, char *name, size_t size, wsd_error *err) {
    return lookup_in_area(area, component, requested, from,
                          "name a version such as 25 or an installed name (wasisdk list)", name,
                          size, err);
}

static bool from_installed(const char *home, wsd_rule rule, const char *origin,
                           const char *requested, wsd_active_sdk *a, wsd_error *err) {
    a->rule = rule;
    if (!wsd_format(a->origin, sizeof a->origin, "%s", origin))
        return path_too_long(err, origin);
    char reason[64]; /* what decided, when no file or variable did */
    if (!origin[0])
        wsd_active_reason(rule, NULL, reason, sizeof reason);
    if (!lookup_installed(home, requested, origin[0] ? origin : reason,
                          rule == WSD_RULE_PIN_FILE
                              ? "write a version such as 25 into it"
                              : "name a version such as 25 or an installed name",
                          a->name, sizeof a->name, err))
        return false;
    strcpy(a->requested, requested);
    /* The tree is the install directory's sdk/ (home_layout.h). */
    if (!wsd_install_dir(home, a->name, a->root, sizeof a->root) ||
        strlen(a->root) + strlen("/" WSD_INSTALL_TREE) >= sizeof a->root)
        return path_too_long(err, home);
    strcat(a->root, "/" WSD_INSTALL_TREE);
    return true;
}

bool wsd_install_dir(const char *home, const char *name, char *out, size_t size) {
    return wsd_format(out, size, "%s/" WSD_HOME_TOOLCHAINS "/%s", home, name);
}

/* Whether a file or directory's owner may decide for this user: the user or root, as
   ssh trusts its files. */
static bool trusted_owner(const struct stat *st) {
    return st->st_uid == geteuid() || st->st_uid == 0;
}

/* A found pin file is read only if it is a regular file, or a symlink to one in the
   same directory (e.g. to a .tool-versions-style file beside it), owned by the user or
   root, in a directory owned by the user or root. A link out of the directory could
   make every wrapper read (and an error print) the first line of ~/.netrc. */
static bool check_pin(const char *dir, const char *pin, const struct stat *link_st,
                      wsd_error *err) {
    struct stat dir_st, st;
    if (stat(dir, &dir_st) != 0)
        return wsd_fail(err, WSD_FAILURE, "check its permissions", "cannot read %s", pin);
    if (!trusted_owner(&dir_st))
        return wsd_fail(err, WSD_USAGE,
                        "take ownership of that directory, or name the SDK with WASISDK_SDK",
                        "%s is in a directory owned by another user (uid %u): not read", pin,
                        (unsigned)dir_st.st_uid);
    if (S_ISLNK(link_st->st_mode)) {
        char target[WSD_PATH_MAX], real_dir[WSD_PATH_MAX];
        const char *slash;
        if (!realpath(pin, target) || !realpath(dir, real_dir) || !(slash = strrchr(target, '/')) ||
            (size_t)(slash - target) != (strcmp(real_dir, "/") == 0 ? 0 : strlen(real_dir)) ||
            strncmp(target, real_dir, (size_t)(slash - target)) != 0)
            return wsd_fail(err, WSD_USAGE, "replace it with a file that names the version",
                            "%s is a symlink that leaves its directory: not read", pin);
    }
    if (stat(pin, &st) != 0 || !S_ISREG(st.st_mode))
        return wsd_fail(err, WSD_USAGE, "replace it with a file that names the version",
                        "%s is not a regular file", pin);
    if (!trusted_owner(&st))
        return wsd_fail(err, WSD_USAGE, "take ownership of it, or name the SDK with WASISDK_SDK",
                        "%s belongs to another user (uid %u): not read", pin, (unsigned)st.st_uid);
    return true;
}

/* The nearest pin file from `start` upward, into `out`: 1 found, 0 none, -1 error. The
   search stops at a directory owned by another user (a shared /tmp/x planted by
   someone else), as git stops at a repository it does not own. */
static int find_pin(const char *start, char *out, size_t size, wsd_error *err) {
    char dir[WSD_PATH_MAX];
    if (!wsd_format(dir, sizeof dir, "%s", start))
        return 0;
    wsd_strip_trailing_slashes(dir);
    while (dir[0]) {
        struct stat st;
        if (wsd_format(out, size, "%s%s%s", dir, strcmp(dir, "/") == 0 ? "" : "/",
                       WSD_PIN_FILE_NAME) &&
            lstat(out, &st) == 0)
            return check_pin(dir, out, &st, err) ? 1 : -1;
        if (strcmp(dir, "/") == 0 || stat(dir, &st) != 0 || !trusted_owner(&st))
            break;
        char *slash = strrchr(dir, '/');
        if (!slash)
            break; /* a relative start: stop at its top */
        if (slash == dir)
            slash[1] = '\0'; /* "/a" -> "/" */
        else
            *slash = '\0';
    }
    return 0;
}

int wsd_find_pin(const char *cwd, char *path, size_t path_size, char *spec, size_t spec_size,
                 wsd_error *err) {
    int found = cwd && *cwd ? find_pin(cwd, path, path_size, err) : 0;
    if (found <= 0)
        return found;
    if (!wsd_read_small_file(path, spec, spec_size, NULL, WSD_FOLLOW)) {
        wsd_fail(err, WSD_FAILURE, "check its permissions", "cannot read %s", path);
        return -1;
    }
    if (!*wsd_pin_value(spec)) {
        wsd_fail(err, WSD_NOT_FOUND, "write a version such as 22 into it, or delete it",
                 "%s is empty", path);
        return -1;
    }
    return 1;
}

/* A path into our own store (<home>/toolchains/<name>/sdk) is still a managed SDK. */
static void name_if_in_store(const char *home, wsd_active_sdk *a) {
    char root[WSD_PATH_MAX];
    strcpy(root, a->root);
    wsd_strip_trailing_slashes(root);
    char *last = strrchr(root, '/');
    if (!last || strcmp(last, "/" WSD_INSTALL_TREE) != 0)
        return;
    *last = '\0';
    char *name = strrchr(root, '/');
    if (!name || strlen(name + 1) >= WSD_NAME_MAX)
        return;
    *name = '\0';
    char area[WSD_PATH_MAX];
    if (wsd_format(area, sizeof area, "%s/" WSD_HOME_TOOLCHAINS, home) && strcmp(root, area) == 0)
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

    if ((value = wsd_chosen_sdk_path()) != NULL) {
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

    char pin[WSD_PATH_MAX], spec[WSD_PATH_MAX];
    int pin_found = wsd_find_pin(cwd, pin, sizeof pin, spec, sizeof spec, err);
    if (pin_found < 0)
        return false;
    if (pin_found)
        return from_installed(home, WSD_RULE_PIN_FILE, pin, spec, a, err);

    char name[WSD_NAME_MAX];
    if (!wsd_read_default(home, name, sizeof name, err))
        return false;
    if (name[0]) {
        char origin[WSD_PATH_MAX];
        if (!wsd_format(origin, sizeof origin, "%s/" WSD_HOME_DEFAULT, home))
            return path_too_long(err, home);
        return from_installed(home, WSD_RULE_DEFAULT_SDK, origin, name, a, err);
    }
    return wsd_fail(err, WSD_NOT_FOUND, "run: wasisdk install latest", "no wasi-sdk is installed");
}
