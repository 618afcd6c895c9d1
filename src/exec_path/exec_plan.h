#pragma once
/* The exact command a wrapper runs, as a pure function of the wrapper's role, what the
   SDK offers, the user's arguments and WASISDK_EMULATE. Rules:
    - the `--target` triple is the best one the SDK's sysroot has for the target
      (wasm32-wasip1 on an SDK with only lib/wasm32-wasi -> wasm32-wasi, and back);
    - `--target` and `--sysroot` come first, and are left out when the user gave their
      own: the user's flags win and nothing is duplicated;
    - threads targets add -pthread, and at link time the shared-memory flags;
    - WASISDK_EMULATE adds the -D_WASI_EMULATED_* defines when compiling and the
      matching -l libraries (after the user's objects) when linking;
    - C++ without an exception runtime in the SDK gets -fno-exceptions;
    - C++ on an SDK with libc++ per exception mode (33+) gets, after the user's flags,
      -isystem for the eh/ or noeh/ headers and (when linking) -L for those libraries:
      the directory clang >= 23 picks itself, which older clangs do not know;
    - C++ links on an SDK whose libc++abi lacks __cxa_thread_atexit get the install's
      compat archive (cxx_compat.h) after the user's arguments, where it exists;
    - what the SDK cannot serve is one error naming the SDK, the missing piece and the fix. */
#include "exec_path/compiler_args.h"
#include "exec_path/emulations.h"
#include "exec_path/error.h"
#include "exec_path/sdk_facts.h"
#include "exec_path/targets.h"

#ifdef __cplusplus
extern "C" {
#endif

#define WSD_PLAN_INLINE_ARGS 64
/* At most five strings hold a path (the program, --sysroot=, C++'s -isystem and -L on
   33+ trees, and the compat archive), each under WSD_PATH_MAX + 100; the other flags are
   short (~600 bytes with every emulation). */
#define WSD_PLAN_STORAGE (5 * WSD_PATH_MAX + 1024)

typedef struct wsd_plan {
    const char *program; /* absolute, or a name searched on PATH (search_path) */
    bool search_path;
    /* argv for execv: argv[0] is `program`, then the arguments, then NULL. Points at
       inline_argv unless the command line is long (then malloc'd). */
    const char **argv;
    size_t argc;
    /* Variables to set unless the user's environment already has them (the user's
       PKG_CONFIG_SYSROOT_DIR and PKG_CONFIG_LIBDIR win, as their flags do). */
    const char *env_names[2];
    const char *env_values[2];
    size_t env_count;
    /* A warning to print before running (NULL: none), e.g. a user --target that is not
       this wrapper's target. In storage. */
    const char *warning;
    /* The strings the plan makes (paths, --target=...), without malloc: the driver
       keeps its pages few (bench/README.md). */
    const char *inline_argv[WSD_PLAN_INLINE_ARGS];
    char storage[WSD_PLAN_STORAGE];
    size_t storage_used;
} wsd_plan;

/* The sysroot triple that serves `target` on this SDK (one of the target's triples). */
bool wsd_choose_triple(const wsd_target *target, const wsd_sdk_facts *sdk, const char **triple,
                       wsd_error *err);

/* Whether this compiler command line links (wsd_command.links: at least one input, and
   none of -c, -S, -E, -fsyntax-only, -M, -MM, --version). */
bool wsd_command_links(const char *const *args, size_t count);

/* Fills `plan` (release it with wsd_plan_free, also after a failure) for the user's
   arguments as wsd_read_command read them. `triple` is unused (may be NULL) for tools
   other than compilers and pkg-config. */
bool wsd_plan_exec(const wsd_role *role, const wsd_sdk_facts *sdk, const char *triple,
                   const wsd_triple_facts *triple_facts, const wsd_command *command,
                   const wsd_emulation_list *emulations, wsd_plan *plan, wsd_error *err);

void wsd_plan_free(wsd_plan *plan);

#ifdef __cplusplus
}
#endif
