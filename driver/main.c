/* wasisdk-driver: the wrappers (wasm32-wasip1-clang, -clang++, -ar, ...). Its role
   comes from the name it is called by. It runs once per compile, so it is C on the
   exec path only (src/exec_path/), linked statically against musl where available:
   glibc's static start-up alone costs ~0.4 ms on a VM (bench/README.md). It resolves
   the SDK, reads a few directory entries, builds the command and execv()s it: no
   shell, no fork, no JSON, no network. Called as wasisdk-sdk-identity, it prints the
   identity of the SDK a wrapper would run, for compiler caches (sdk_identity.h).
   Every decision is in wsd_prepare_call (exec_path/wrapper_call.h), which the tests,
   the fuzzer and `wasisdk doctor` call too: this file is argv[0] -> role -> prepare ->
   setenv -> execv. */
#include "exec_path/configured_sdk.h"
#include "exec_path/loop_guard.h"
#include "exec_path/wrapper_call.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *self_name = "wasisdk-driver";

static int report(const wsd_error *err) {
    if (err->fix[0])
        fprintf(stderr, "%s: error: %s (%s)\n", self_name, err->what, err->fix);
    else
        fprintf(stderr, "%s: error: %s\n", self_name, err->what);
    return err->code;
}

static void print_quoted(const char *s) {
    bool plain = strpbrk(s, " \t'\"") == NULL;
    fprintf(stderr, plain ? " %s" : " '%s'", s);
}

static void print_command(const wsd_plan *plan) {
    fputs("wasisdk: exec", stderr);
    for (size_t i = 0; i < plan->env_count; ++i)
        fprintf(stderr, " %s=%s", plan->env_names[i], plan->env_values[i]);
    for (size_t i = 0; i < plan->argc; ++i)
        print_quoted(plan->argv[i]);
    fputc('\n', stderr);
}

/* `name` as execvp would find it: itself when it has a '/', else the first executable
   of that name on PATH. */
static bool find_program(const char *name, char *out, size_t size) {
    if (strchr(name, '/'))
        return wsd_format(out, size, "%s", name);
    const char *path = wsd_env("PATH");
    while (path && *path) {
        const char *colon = strchr(path, ':');
        int length = colon ? (int)(colon - path) : (int)strlen(path);
        if (wsd_format(out, size, "%.*s/%s", length, length ? path : ".", name) &&
            access(out, X_OK) == 0)
            return true;
        path = colon ? colon + 1 : NULL;
    }
    return false;
}

/* wasisdk-sdk-identity COMPILER: ccache's compiler_check, which `wasisdk env` sets to
   `<bin>/wasisdk-sdk-identity %compiler%`; ccache runs it once per compile and hashes
   what it prints. For a wrapper: the identity of the SDK it would run here. For any
   other compiler: its size and mtime, which is what ccache's default check hashes, so
   that host builds in the same shell keep their caching. */
static int print_identity(int argc, char **argv) {
    wsd_error err;
    if (argc != 2) {
        wsd_fail(&err, WSD_USAGE, "ccache runs it as: " WSD_SDK_IDENTITY_TOOL " %compiler%",
                 "expected one argument, the compiler");
        return report(&err);
    }
    char compiler[WSD_PATH_MAX];
    struct stat st;
    if (!find_program(argv[1], compiler, sizeof compiler) || stat(compiler, &st) != 0) {
        wsd_fail(&err, WSD_NOT_FOUND, "name a compiler by its path or one on PATH",
                 "%s: no such compiler", argv[1]);
        return report(&err);
    }
    wsd_role role;
    if (!wsd_same_file(compiler, "/proc/self/exe") ||
        !wsd_role_from_program_name(compiler, &role)) {
        printf("compiler size %lld mtime %lld.%09ld\n", (long long)st.st_size,
               (long long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
        return 0;
    }
    char home[WSD_PATH_MAX], cwd[WSD_PATH_MAX];
    static wsd_active_sdk active;
    static char identity[WSD_IDENTITY_MAX];
    if (!wsd_resolve_for_call(NULL, NULL, getcwd(cwd, sizeof cwd) ? cwd : "", home, sizeof home,
                              &active, &err))
        return report(&err);
    if (!wsd_sdk_identity(home, &active, identity, sizeof identity)) {
        wsd_fail(&err, WSD_FAILURE, "use a shorter path", "%s: path too long", active.root);
        return report(&err);
    }
    fputs(identity, stdout);
    return 0;
}

/* --wasisdk-print-sdk: what the CMake toolchain file records at configure time
   (configured_sdk.h): the active SDK's key, then the file or variable that chose it. */
static int print_sdk(const wsd_active_sdk *active) {
    static char key[WSD_SDK_KEY_MAX];
    wsd_error err;
    if (!wsd_sdk_key(active, key, sizeof key)) {
        wsd_fail(&err, WSD_FAILURE, "use a shorter path", "%s: path too long", active->root);
        return report(&err);
    }
    printf("%s\n%s\n", key, active->origin);
    return 0;
}

static int run(const wsd_role *role, int argc, char **argv) {
    char cwd[WSD_PATH_MAX];
    const wsd_wrapper_call call = {
        .role = *role,
        .argc = argc,
        .argv = argv,
        .cwd = getcwd(cwd, sizeof cwd) ? cwd : "",
        .self = "/proc/self/exe",
    };
    static wsd_prepared_call prepared; /* static: ~50 KB, and the process ends in execv */
    wsd_error err;
    if (!wsd_prepare_call(&call, &prepared, &err))
        return report(&err);
    if (prepared.action == WSD_ACTION_PRINT_SDK)
        return print_sdk(&prepared.active);

    const wsd_plan *plan = &prepared.plan;
    if (plan->warning)
        fprintf(stderr, "%s: warning: %s\n", self_name, plan->warning);
    setenv(WSD_DEPTH_VARIABLE, prepared.depth, 1);
    for (size_t i = 0; i < plan->env_count; ++i) /* a value the user set (even "") wins */
        setenv(plan->env_names[i], plan->env_values[i], 0);
    if (prepared.verbose)
        print_command(plan);
    if (prepared.identity_first)
        wsd_write_identity_line(STDOUT_FILENO, prepared.identity);

    if (plan->search_path)
        execvp(plan->program, (char *const *)plan->argv);
    else
        execv(plan->program, (char *const *)plan->argv);
    int e = errno;
    wsd_fail(&err, WSD_FAILURE, plan->search_path ? "install it (e.g. apt install pkg-config)" : "",
             "cannot run %s: %s", plan->program, strerror(e));
    return report(&err);
}

int main(int argc, char **argv) {
    if (argc > 0) {
        const char *slash = strrchr(argv[0], '/');
        self_name = slash ? slash + 1 : argv[0];
    }
    if (strcmp(self_name, WSD_SDK_IDENTITY_TOOL) == 0)
        return print_identity(argc, argv);
    wsd_role role;
    if (argc < 1 || !wsd_role_from_program_name(argv[0], &role)) {
        fprintf(stderr,
                "%s: error: called by a name that is no wrapper (use a link named like "
                "wasm32-wasip1-clang; wasisdk setup creates them)\n",
                self_name);
        return WSD_USAGE;
    }
    return run(&role, argc, argv);
}
