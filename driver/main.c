/* wasisdk-driver: the wrappers (wasm32-wasip1-clang, -clang++, -ar, ...). Its role
   comes from the name it is called by. It runs once per compile, so it is C on the
   exec path only (src/exec_path/), linked statically against musl where available:
   glibc's static start-up alone costs ~0.4 ms on a VM (bench/README.md). It resolves
   the SDK, reads a few directory entries, builds the command and execv()s it: no
   shell, no fork, no JSON, no network. Called as wasisdk-sdk-identity, it prints the
   identity of the SDK a wrapper would run, for compiler caches (sdk_identity.h). */
#include "exec_path/active_sdk.h"
#include "exec_path/configured_sdk.h"
#include "exec_path/cxx_compat.h"
#include "exec_path/exec_plan.h"
#include "exec_path/loop_guard.h"
#include "exec_path/sdk_identity.h"

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

static bool same_file(const char *a, const char *b) {
    struct stat x, y;
    return stat(a, &x) == 0 && stat(b, &y) == 0 && x.st_dev == y.st_dev && x.st_ino == y.st_ino;
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

/* The home and the SDK active here; `spec` is a `+22` argument, or NULL. */
static bool resolve(const char *spec, char *home, size_t home_size, wsd_active_sdk *active,
                    wsd_error *err) {
    char cwd[WSD_PATH_MAX];
    if (!wsd_resolve_home(NULL, home, home_size, err)) {
        /* WASI_SDK_PATH names the SDK outright: a container without HOME can still build. */
        if (spec || !wsd_env("WASI_SDK_PATH"))
            return false;
        home[0] = '\0';
    }
    return wsd_resolve_active_sdk(home, spec, getcwd(cwd, sizeof cwd) ? cwd : "", active, err);
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
    if (!same_file(compiler, "/proc/self/exe") || !wsd_role_from_program_name(compiler, &role)) {
        printf("compiler size %lld mtime %lld.%09ld\n", (long long)st.st_size,
               (long long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
        return 0;
    }
    char home[WSD_PATH_MAX];
    static wsd_active_sdk active;
    static char identity[WSD_IDENTITY_MAX];
    if (!resolve(NULL, home, sizeof home, &active, &err))
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
    wsd_error err;
    /* The SDK a CMake build directory was configured for, if this is one of its compiles. */
    const char *expected = wsd_take_expected_sdk(argv, &argc);
    const char *spec = NULL;
    if (argc > 1 && argv[1][0] == '+' && argv[1][1]) {
        spec = argv[1] + 1; /* `wasm32-wasip1-clang +22 ...` picks an SDK for one call */
        ++argv;
        --argc;
    }
    char home[WSD_PATH_MAX];
    static wsd_active_sdk active; /* static: large, and the process ends in execv */
    if (!resolve(spec, home, sizeof home, &active, &err))
        return report(&err);
    if (expected && !wsd_check_expected_sdk(expected, &active, &err))
        return report(&err);
    if (argc == 2 && strcmp(argv[1], WSD_PRINT_SDK_FLAG) == 0)
        return print_sdk(&active);

    static wsd_sdk_facts sdk;
    char label[WSD_NAME_MAX + 16];
    snprintf(label, sizeof label, "wasi-sdk %s", active.name);
    if (!wsd_probe_sdk(active.root, active.name[0] ? label : active.root, &sdk)) {
        wsd_fail(&err, WSD_FAILURE, "use a shorter path", "%s: path too long", active.root);
        return report(&err);
    }

    const wsd_tool_kind tool = role->tool->kind;
    const bool compiler = tool == WSD_TOOL_CC || tool == WSD_TOOL_CXX;
    const char *triple = NULL;
    wsd_triple_facts tf = {0};
    wsd_emulation_list emulations = {0};
    if ((compiler || tool == WSD_TOOL_PKG_CONFIG) &&
        !wsd_choose_triple(role->target, &sdk, &triple, &err))
        return report(&err);
    if (compiler) {
        const char *value = wsd_env("WASISDK_EMULATE");
        if (value && !wsd_parse_emulations(value, &emulations, &err))
            return report(&err);
        /* Only C++ (libc++, exceptions), emulations (their libraries) and links (the
           default long-double library) need the triple's directory read; compiling
           plain C, the common case, skips it. */
        const char *const *args = (const char *const *)argv + 1;
        const bool links = wsd_command_links(args, (size_t)argc - 1);
        const bool long_double = links && wsd_wants_default_long_double(wsd_env("WASISDK_LONG_DOUBLE"));
        if (tool == WSD_TOOL_CXX || emulations.count > 0 || long_double)
            wsd_probe_triple(&sdk, triple, &tf);
        if (long_double)
            wsd_add_long_double(&emulations, tf.emulation_libraries & (1u << WSD_EMULATION_LONG_DOUBLE));
        /* C++ links only: one stat of the install's compat archive (cxx_compat.h). */
        if (links && active.name[0] && wsd_links_cxx_runtime(tool, args, (size_t)argc - 1) &&
            wsd_install_dir(home, active.name, sdk.install_dir, sizeof sdk.install_dir))
            wsd_probe_cxx_compat(&sdk, triple, &tf);
    }
    static wsd_plan plan; /* static: ~17 KB, and the process ends in execv */
    if (!wsd_plan_exec(role, &sdk, triple, &tf, (const char *const *)argv + 1, (size_t)argc - 1,
                       &emulations, &plan, &err))
        return report(&err);

    if (!plan.search_path) {
        if (access(plan.program, X_OK) != 0) {
            wsd_fail(&err, WSD_NOT_FOUND, "reinstall it (wasisdk install --force), or use another SDK",
                     "%s has no %s in %s/bin", sdk.label, strrchr(plan.program, '/') + 1, sdk.root);
            return report(&err);
        }
        if (same_file(plan.program, "/proc/self/exe")) {
            wsd_fail(&err, WSD_USAGE, "point WASI_SDK_PATH at a wasi-sdk tree, not at wasisdk's bin/",
                     "%s is this wrapper itself", plan.program);
            return report(&err);
        }
    }
    if (plan.warning)
        fprintf(stderr, "%s: warning: %s\n", self_name, plan.warning);
    char depth[16];
    if (!wsd_next_depth(getenv(WSD_DEPTH_VARIABLE), plan.program, depth, &err))
        return report(&err);
    setenv(WSD_DEPTH_VARIABLE, depth, 1);
    for (size_t i = 0; i < plan.env_count; ++i)
        setenv(plan.env_names[i], plan.env_values[i], 0); /* a value the user set (even "") wins */
    const char *verbose = wsd_env("WASISDK_VERBOSE");
    if (verbose && strcmp(verbose, "0") != 0)
        print_command(&plan);
    /* sccache hashes this wrapper's -E output for every compile (its key has nothing else
       that changes with the SDK), and distcc sends it to a helper machine: the identity
       goes first, and a compile of preprocessed output checks it (sdk_identity.h). */
    if (compiler) {
        const char *const *args = (const char *const *)argv + 1;
        const bool preprocesses = wsd_preprocesses_to_stdout(args, (size_t)argc - 1) &&
                                  wsd_parent_reads_preprocessed();
        const char *input = preprocesses ? NULL : wsd_preprocessed_input(args, (size_t)argc - 1);
        static char identity[WSD_IDENTITY_MAX];
        if ((preprocesses || input) && !wsd_sdk_identity(home, &active, identity, sizeof identity)) {
            wsd_fail(&err, WSD_FAILURE, "use a shorter path", "%s: path too long", active.root);
            return report(&err);
        }
        if (preprocesses)
            wsd_write_identity_line(STDOUT_FILENO, identity);
        else if (input && !wsd_check_preprocessed(input, identity, sdk.label, &err))
            return report(&err);
    }

    if (plan.search_path)
        execvp(plan.program, (char *const *)plan.argv);
    else
        execv(plan.program, (char *const *)plan.argv);
    int e = errno;
    wsd_fail(&err, WSD_FAILURE, plan.search_path ? "install it (e.g. apt install pkg-config)" : "",
             "cannot run %s: %s", plan.program, strerror(e));
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
