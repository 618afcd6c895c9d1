#pragma once
/* Which SDK is active, decided in one place for the driver and for `wasisdk show`,
   `which` and `env` (model/active_sdk.h wraps this; docs/cli.md tells users). The order,
   first match wins:
     0. an explicit request (`+22` as a wrapper's first argument)
     1. WASI_SDK_PATH     an explicit SDK directory, managed by wasisdk or not; but not
                          the value `wasisdk env` exported: that one is for tools that
                          read WASI_SDK_PATH (cc-rs, rustc's bootstrap), not a choice,
                          so pins made after `eval "$(wasisdk env)"` still win
     2. WASISDK_SDK       an installed version or name
     3. .wasi-sdk-version the nearest such file from the working directory upward
     4. the default       `wasisdk default`, or the first SDK installed
   The home's layout is in model/home.h: toolchains/<name>/{receipt.json,sdk/}, default. */
#include "exec_path/error.h"
#include "exec_path/sys.h"

#ifdef __cplusplus
extern "C" {
#endif

#define WSD_PIN_FILE_NAME ".wasi-sdk-version"
/* `wasisdk env` exports WASI_SDK_PATH and this variable with the same value; while the
   two agree, WASI_SDK_PATH is the export, not the user's choice. */
#define WSD_ENV_EXPORT_VARIABLE "WASISDK_ENV_SDK_PATH"
#define WSD_NAME_MAX 256

typedef enum wsd_rule {
    WSD_RULE_EXPLICIT_REQUEST,
    WSD_RULE_ENV_SDK_PATH,
    WSD_RULE_ENV_SDK_VERSION,
    WSD_RULE_PIN_FILE,
    WSD_RULE_DEFAULT_SDK,
} wsd_rule;

/* Why the rule's SDK is active, as a whole phrase (rustup's `to_reason`), the one
   wording of the driver's messages, `show`, `list` and `doctor`: "requested on the
   command line", "set by WASI_SDK_PATH", "set by WASISDK_SDK", "pinned by
   /p/.wasi-sdk-version", "the default /h/default" (`origin` names the file for the last
   two). False when it does not fit. */
bool wsd_active_reason(wsd_rule rule, const char *origin, char *out, size_t size);

typedef struct wsd_active_sdk {
    wsd_rule rule;
    char origin[WSD_PATH_MAX];    /* the variable or file that decided ("WASISDK_SDK", a path) */
    char requested[WSD_PATH_MAX]; /* what it asked for (a spec, a name or a path) */
    char name[WSD_NAME_MAX];      /* the installed name; empty for an unmanaged WASI_SDK_PATH */
    char root[WSD_PATH_MAX];      /* the SDK tree */
} wsd_active_sdk;

/* WASI_SDK_PATH when the user chose it (rule 1), NULL when unset or when it is the value
   `wasisdk env` exported (WSD_ENV_EXPORT_VARIABLE holds the same text). */
const char *wsd_chosen_sdk_path(void);

/* `flag` if given (--home), else WASISDK_HOME, else $HOME/.wasisdk; made absolute. */
bool wsd_resolve_home(const char *flag, char *out, size_t size, wsd_error *err);

/* The default SDK's name from <home>/default, or "" when none is set. A corrupt file
   is an error. */
bool wsd_read_default(const char *home, char *name, size_t size, wsd_error *err);

/* Calls `fn` for each complete install (one with a receipt) in an install area such as
   <home>/toolchains, in directory order. */
void wsd_each_installed(const char *area, void (*fn)(const char *name, void *context),
                        void *context);

/* The nearest pin file from `cwd` upward (NULL or "": none), under the rules that
   resolution uses (ownership, no symlink out of its directory), and its value (the first
   line that is neither blank nor a comment): 1 found (`path` and `spec` filled), 0 no
   pin file, -1 one that cannot be used (err says why and how to fix it). */
int wsd_find_pin(const char *cwd, char *path, size_t path_size, char *spec, size_t spec_size,
                 wsd_error *err);

/* The install in `area` (<home>/toolchains, sysroots or builtins, made by model/home.h)
   that `requested` names: that exact name, else the newest installed version the spec
   matches ("25" -> "25.0"); the lookup resolution uses for every rule. Otherwise fails
   with the one message and its fix: install it (a version) or register a tree with
   `wasisdk link` (a name). `component` is "" for SDKs, else "sysroot" or "builtins",
   named after the spec ("wasi-sdk 22 sysroot is not installed"); `from` (NULL: none) is
   what asked, as in "wasi-sdk opt (from ./.wasi-sdk-version) is not installed". */
bool wsd_lookup_installed_in(const char *area, const char *component, const char *requested,
                             const char *from, char *name, size_t size, wsd_error *err);

/* <home>/toolchains/<name>: an installed SDK's own directory (receipt.json, sdk/,
   compat/). False when it does not fit. */
bool wsd_install_dir(const char *home, const char *name, char *out, size_t size);

/* `explicit_spec` may be NULL; `cwd` is where the pin file search starts. */
bool wsd_resolve_active_sdk(const char *home, const char *explicit_spec, const char *cwd,
                            wsd_active_sdk *out, wsd_error *err);

#ifdef __cplusplus
}
#endif
