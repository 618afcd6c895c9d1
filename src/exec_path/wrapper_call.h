#pragma once
/* One wrapper call, from its arguments to the command it runs: the driver's use-case,
   as one function that the driver (driver/main.c), `wasisdk doctor`, the unit tests and
   the fuzzer all call. The decisions, in order:
    1. `--wasisdk-expect=KEY` anywhere is taken out (configured_sdk.h), then a first
       argument `+SPEC` (`wasm32-wasip1-clang +22 ...`: an SDK for this one call);
    2. the home (the request's, else WASISDK_HOME, else $HOME/.wasisdk) and the active SDK
       (active_sdk.h's order). Without a home (no HOME, no WASISDK_HOME), WASI_SDK_PATH
       alone still names the SDK: a container without HOME can build; a +SPEC cannot;
    3. a build directory's expected SDK is checked; `--wasisdk-print-sdk` alone stops here;
    4. the SDK tree is probed (sdk_facts.h); compilers and pkg-config choose the sysroot
       triple (pkg-config's search path is the triple's lib/<triple>/pkgconfig);
    5. the triple's directory is read only where it matters: C++, WASISDK_EMULATE, or a
       link (for the default long-double library, unless WASISDK_LONG_DOUBLE=0); plain
       C compiles, the common case, skip it. C++ links of an installed SDK stat its
       compat archive (cxx_compat.h);
    6. the command is planned (exec_plan.h);
    7. the program must exist, and must not be this executable (a WASI_SDK_PATH at
       wasisdk's own bin/ would exec itself forever); the loop guard counts nested
       wrappers (loop_guard.h);
    8. for sccache's and distcc's `-E` runs, the SDK's identity goes first; a compile of
       preprocessed output (.i, .ii: distccd's) is refused when the identity line it
       starts with names another SDK (sdk_identity.h).
   The caller then sets `depth` and the plan's variables and execs. Nothing here
   allocates except for a command line over WSD_PLAN_INLINE_ARGS arguments. */
#include "exec_path/active_sdk.h"
#include "exec_path/exec_plan.h"
#include "exec_path/sdk_identity.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct wsd_wrapper_call {
    wsd_role role;      /* from argv[0] (wsd_role_from_program_name) */
    int argc;           /* argv as main receives it: argv[0] is the wrapper's name, */
    char **argv;        /* argv[argc] is NULL; steps 1 takes arguments out of it */
    const char *home;   /* NULL: WASISDK_HOME, else $HOME/.wasisdk (as every wrapper) */
    const char *cwd;    /* where the pin-file search starts */
    wsd_env_source env; /* {NULL, NULL}: the process's environment */
    /* This executable, to refuse running itself ("/proc/self/exe"); NULL: no check. */
    const char *self;
} wsd_wrapper_call;

typedef enum wsd_call_step {
    WSD_STEP_ACTIVE_SDK, /* steps 1-3: which SDK */
    WSD_STEP_SYSROOT,    /* step 4: the tree and its triple */
    WSD_STEP_COMMAND,    /* steps 5-6: what the SDK offers this command */
    WSD_STEP_PROGRAM,    /* steps 7-8: the program and the loop guard */
    WSD_STEP_READY,
} wsd_call_step;

typedef enum wsd_call_action {
    WSD_ACTION_EXEC,      /* run plan */
    WSD_ACTION_PRINT_SDK, /* --wasisdk-print-sdk: print the active SDK's key and origin */
} wsd_call_action;

typedef struct wsd_prepared_call {
    wsd_call_step step; /* the step that failed, or WSD_STEP_READY */
    wsd_call_action action;
    const char *spec;        /* the +SPEC argument's SPEC, or NULL */
    const char *expected;    /* --wasisdk-expect's KEY, or NULL */
    char home[WSD_PATH_MAX]; /* "" when WASI_SDK_PATH named the SDK without a home */
    wsd_active_sdk active;
    wsd_sdk_facts sdk;
    const char *triple;            /* compilers and pkg-config; NULL for the other tools */
    wsd_triple_facts triple_facts; /* all false unless step 5 read them */
    wsd_emulation_list emulations; /* WASISDK_EMULATE, and long-double where it is added */
    wsd_command command;           /* the user's arguments as read once (compiler_args.h) */
    wsd_plan plan;
    char depth[16];      /* WSD_DEPTH_VARIABLE's value for the program */
    bool verbose;        /* WASISDK_VERBOSE set and not "0": print the command first */
    bool identity_first; /* write `identity` to standard output first (step 8) */
    char identity[WSD_IDENTITY_MAX];
} wsd_prepared_call;

/* Runs the steps above. False with `err` (one line and its fix) and `out->step` at the
   step that failed; the fields of the steps before it are filled. Release with
   wsd_prepared_call_free, also after a failure. `out` is large (~50 KB): the driver
   keeps it static. */
bool wsd_prepare_call(const wsd_wrapper_call *call, wsd_prepared_call *out, wsd_error *err);

void wsd_prepared_call_free(wsd_prepared_call *prepared);

/* Steps 2 for a caller with no wrapper arguments (wasisdk-sdk-identity): the home and
   the active SDK, `spec` NULL or a +SPEC's SPEC. Reads the current environment source. */
bool wsd_resolve_for_call(const char *home_flag, const char *spec, const char *cwd, char *home,
                          size_t home_size, wsd_active_sdk *active, wsd_error *err);

#ifdef __cplusplus
}
#endif
