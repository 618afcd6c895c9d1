#include "exec_path/exec_plan.h"

#include "exec_path/cxx_compat.h"
#include "exec_path/prefix_map.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The fix for an SDK that lacks what `target` needs (its sysroot, wasm-component-ld).
   wasi-sdk releases have both from target->since on (docs/sdk-releases.md), so an
   older release is upgraded. A tree named as such a release that still lacks a part was
   not unpacked from it (a linked or hand-built tree, such as the test suite's trees built
   from Debian, which has no wasip2 wasi-libc and no wasm-component-ld): "install 22 or
   later" would send its user in circles, so the fix names the release's own archive.
   `also` is one more way out, appended after ", or " (NULL: none). */
static void missing_part_fix(char *fix, size_t size, const wsd_target *target,
                             const wsd_sdk_facts *sdk, const char *also) {
    const char *sep = also ? ", or " : "";
    also = also ? also : "";
    if (!target->since)
        wsd_format(fix, size, "install a complete wasi-sdk (wasisdk install latest)%s%s", sep,
                   also);
    else if (sdk->release < target->since) /* an older release, or one of no known release */
        wsd_format(fix, size, "install wasi-sdk %u or later (wasisdk install latest)%s%s",
                   target->since, sep, also);
    else {
        const char *name = sdk->label + strlen("wasi-sdk ");
        wsd_format(fix, size,
                   "the wasi-sdk %s release ships what this tree lacks: reinstall it "
                   "(wasisdk install --force %s)%s%s",
                   name, name, sep, also);
    }
}

bool wsd_choose_triple(const wsd_target *target, const wsd_sdk_facts *sdk, const char **triple,
                       wsd_error *err) {
    for (size_t i = 0; target->triples[i]; ++i)
        if (wsd_sdk_has_triple(sdk, target->triples[i])) {
            *triple = target->triples[i];
            return true;
        }
    char have[WSD_MAX_TRIPLES * (WSD_TRIPLE_MAX + 2)] = "";
    for (size_t i = 0; i < sdk->triple_count; ++i) {
        if (i)
            strcat(have, ", ");
        strcat(have, sdk->triples[i]);
    }
    char fix[512];
    missing_part_fix(fix, sizeof fix, target, sdk,
                     target->since ? "build for wasm32-wasip1" : NULL);
    /* A component target's linker is named too when it is missing as well: fixing the
       sysroot alone would only lead to the next error. */
    const bool no_linker = target->component && !sdk->component_ld;
    return wsd_fail(err, WSD_NOT_FOUND, fix, "%s has no %s sysroot (it has: %s)%s%s%s", sdk->label,
                    target->name, sdk->triple_count ? have : "none",
                    no_linker ? " and no wasm-component-ld, which links " : "",
                    no_linker ? target->name : "", no_linker ? " components" : "");
}

bool wsd_command_links(const char *const *args, size_t n) {
    wsd_command command;
    wsd_read_command(args, n, &command);
    return command.links;
}

static char *owned_v(wsd_plan *plan, const char *format, va_list ap) {
    char *s = plan->storage + plan->storage_used;
    size_t room = sizeof plan->storage - plan->storage_used;
    int n = vsnprintf(s, room, format, ap);
    if (n < 0 || (size_t)n >= room)
        return NULL;
    plan->storage_used += (size_t)n + 1;
    return s;
}

/* A string in the plan's storage, from a format. NULL when it does not fit. */
static char *owned(wsd_plan *plan, const char *format, ...) __attribute__((format(printf, 2, 3)));
static char *owned(wsd_plan *plan, const char *format, ...) {
    va_list ap;
    va_start(ap, format);
    char *s = owned_v(plan, format, ap);
    va_end(ap);
    return s;
}

static void push(wsd_plan *plan, const char *arg) {
    plan->argv[plan->argc++] = arg;
}

static void push_all(wsd_plan *plan, const char *const *args, size_t n) {
    for (size_t i = 0; i < n; ++i)
        push(plan, args[i]);
}

/* Appends a flag made from a format. False when it does not fit in the storage. */
static bool push_made(wsd_plan *plan, const char *format, ...)
    __attribute__((format(printf, 2, 3)));
static bool push_made(wsd_plan *plan, const char *format, ...) {
    va_list ap;
    va_start(ap, format);
    char *s = owned_v(plan, format, ap);
    va_end(ap);
    if (s)
        push(plan, s);
    return s != NULL;
}

/* Appends `flag` unless the user gave it (`given`): the user's flags are never
   duplicated. A flag made in the storage and not used gives its room back. */
static void push_unless_given(wsd_plan *plan, bool given, const char *flag) {
    if (!given)
        push(plan, flag);
    else if (flag >= plan->storage && flag < plan->storage + sizeof plan->storage)
        plan->storage_used = (size_t)(flag - plan->storage);
}

/* wasi-sdk 33+ builds libc++ once per exception mode (cmake/wasi-sdk-sysroot.cmake,
   `exnsuffix`): headers in include/<triple>/{eh,noeh}/c++/v1, libraries in
   lib/<triple>/{eh,noeh}/. A clang that knows this layout (33's own clang 22 carries
   llvm-project PR 185775, src/llvm-pr-185775.patch, for it) picks eh/ when given
   -fwasm-exceptions and noeh/ otherwise; Debian's clang 19 and 22.1.8 look only in
   include/<triple>/c++/v1 (clang -v), and so would any such clang used with a 33
   sysroot install.
   The wrapper names the directory clang would pick, after the user's flags where clang
   puts its own: a clang that adds it itself drops the copy ("ignoring duplicate
   directory") and keeps the order, so the flags are right for either clang. */
static const char *cxx_exception_dir(const wsd_command *command) {
    return command->given & WSD_OPT_WASM_EXCEPTIONS ? "eh" : "noeh";
}

/* Appends the install's compat archive for `triple` (cxx_compat.h). False when it does
   not fit in the storage. */
static bool push_compat_archive(wsd_plan *plan, const wsd_sdk_facts *sdk, const char *triple) {
    char *s = plan->storage + plan->storage_used;
    size_t room = sizeof plan->storage - plan->storage_used;
    if (!wsd_compat_archive_path(sdk->install_dir, triple, s, room))
        return false;
    plan->storage_used += strlen(s) + 1;
    push(plan, s);
    return true;
}

static bool out_of_memory(wsd_error *err) {
    return wsd_fail(err, WSD_FAILURE, "use shorter paths",
                    "the command's paths are too long to prepare");
}

bool wsd_plan_exec(const wsd_role *role, const wsd_sdk_facts *sdk, const char *triple,
                   const wsd_triple_facts *tf, const wsd_command *command,
                   const wsd_emulation_list *emulations, wsd_plan *plan, wsd_error *err) {
    /* Not a memset: storage is 17 KB, and the driver pays for every page it touches. */
    plan->program = NULL;
    plan->warning = NULL;
    plan->search_path = false;
    plan->argc = plan->env_count = plan->storage_used = 0;
    const wsd_tool_kind tool = role->tool->kind;
    const wsd_target *target = role->target;
    const char *const *user_args = command->args;
    const size_t n = command->count;
    const unsigned given = command->given;
    /* argv[0], our flags (at most 6 + 3 per emulation before the user's: target,
       sysroot, two prefix maps, -pthread, -fno-exceptions; 5 + 1 per emulation after:
       -isystem, -L, two memory flags, the compat archive), the user's, NULL */
    size_t capacity = n + 8 + wsd_emulation_count * 4 + 8; /* flags, define, library */
    plan->argv = capacity <= WSD_PLAN_INLINE_ARGS ? plan->inline_argv
                                                  : malloc(capacity * sizeof *plan->argv);
    if (!plan->argv)
        return wsd_fail(err, WSD_FAILURE, "", "out of memory for %zu arguments", n);

    if (tool == WSD_TOOL_PKG_CONFIG) {
        /* Only the wasm sysroot's .pc files: PKG_CONFIG_LIBDIR replaces the host's
           default search path, and the sysroot prefix is applied to -I/-L paths. */
        const char *s = sdk->sysroot;
        plan->program = role->tool->program;
        plan->search_path = true;
        plan->env_names[0] = "PKG_CONFIG_SYSROOT_DIR";
        plan->env_values[0] = s;
        plan->env_names[1] = "PKG_CONFIG_LIBDIR";
        plan->env_values[1] =
            owned(plan, "%s/lib/%s/pkgconfig:%s/lib/pkgconfig:%s/share/pkgconfig", s, triple, s, s);
        plan->env_count = 2;
        if (!plan->env_values[1])
            return out_of_memory(err);
        push(plan, plan->program);
        push_all(plan, user_args, n);
        plan->argv[plan->argc] = NULL;
        return true;
    }
    plan->program = owned(plan, "%s/bin/%s", sdk->root, role->tool->program);
    if (!plan->program)
        return out_of_memory(err);
    push(plan, plan->program);
    if (tool != WSD_TOOL_CC && tool != WSD_TOOL_CXX) {
        push_all(plan, user_args, n); /* binutils and the linker take no target flags */
        plan->argv[plan->argc] = NULL;
        return true;
    }

    const bool links = command->links;
    const bool cxx = tool == WSD_TOOL_CXX;
    if (target->component && links && !sdk->component_ld) {
        /* clang runs it from its own directory first: a wasm-component-ld put there
           (bytecodealliance's, `cargo install wasm-component-ld`) serves too. */
        char fix[512], put[WSD_PATH_MAX + 64];
        wsd_format(put, sizeof put, "put a wasm-component-ld in %s/bin", sdk->root);
        missing_part_fix(fix, sizeof fix, target, sdk, put);
        return wsd_fail(err, WSD_NOT_FOUND, fix,
                        "%s has no wasm-component-ld, which links %s components", sdk->label,
                        target->name);
    }
    const int exceptions = command->exceptions;
    if (cxx) {
        if (!tf->cxx_headers)
            return wsd_fail(err, WSD_NOT_FOUND,
                            "install a wasi-sdk release (they ship libc++), or compile as C",
                            "%s has no C++ headers for %s", sdk->label, triple);
        if (links && !tf->libcxx)
            return wsd_fail(err, WSD_NOT_FOUND, "install a wasi-sdk release (they ship libc++)",
                            "%s has no C++ library (libc++.a) for %s", sdk->label, triple);
        if (exceptions == 1 && !tf->exceptions)
            return wsd_fail(err, WSD_NOT_FOUND,
                            "build with -fno-exceptions, or use wasi-sdk 33 or later",
                            "%s has no C++ exception runtime for %s", sdk->label, triple);
    }

    /* wasm-ld only warns about -shared without a shared libc (all SDKs before 30), so a
       configure script would believe shared libraries work and the build fail later:
       refuse, as other static-only targets do, and configure falls back to static. */
    if (links && (given & WSD_OPT_SHARED)) {
        char libc_so[WSD_PATH_MAX];
        if (!wsd_format(libc_so, sizeof libc_so, "%s/lib/%s/libc.so", sdk->sysroot, triple))
            return out_of_memory(err);
        if (!wsd_exists(libc_so))
            return wsd_fail(err, WSD_USAGE,
                            "build static libraries (e.g. ./configure --disable-shared)",
                            "%s has no shared libc (lib/%s/libc.so) for -shared: wasm shared "
                            "libraries need wasi-sdk 30 or later",
                            sdk->label, triple);
    }
    const char *theirs = command->target;
    bool target_is_ours = theirs == NULL;
    for (size_t i = 0; theirs && target->triples[i]; ++i)
        target_is_ours = target_is_ours || strcmp(theirs, target->triples[i]) == 0 ||
                         (wsd_starts_with(theirs, "wasm32-unknown-") &&
                          strcmp(theirs + strlen("wasm32-unknown-"),
                                 target->triples[i] + strlen("wasm32-")) == 0);
    if (!target_is_ours)
        plan->warning = owned(plan, "--target=%s given to a %s wrapper: this builds for %s, not %s",
                              theirs, target->name, theirs, target->name);
    if (!(given & WSD_OPT_TARGET) && !push_made(plan, "--target=%s", triple))
        return out_of_memory(err);
    if (!(given & WSD_OPT_SYSROOT) && !push_made(plan, "--sysroot=%s", sdk->sysroot))
        return out_of_memory(err);
    if (!wsd_push_prefix_maps(plan, sdk, command)) /* with -g only: prefix_map.h */
        return out_of_memory(err);
    if (target->threads)
        push_unless_given(plan, given & WSD_OPT_PTHREAD, "-pthread");
    if (cxx && exceptions == 0 && !tf->exceptions)
        push(plan, "-fno-exceptions");

    size_t count = emulations ? emulations->count : 0;
    for (size_t k = 0; k < count; ++k) {
        const wsd_emulation *e = &wsd_emulations[emulations->items[k]];
        if (!(tf->emulation_libraries & (1u << emulations->items[k]))) {
            char fix[256];
            wsd_format(fix, sizeof fix,
                       "remove it from WASISDK_EMULATE, or use an SDK whose wasi-libc has it%s",
                       e->where);
            return wsd_fail(err, WSD_NOT_FOUND, fix, "WASISDK_EMULATE=%s: %s has no lib%s.a for %s",
                            e->name, sdk->label, e->library, triple);
        }
        for (size_t f = 0; e->flags[f]; ++f)
            push(plan, e->flags[f]);
        if (!e->define)
            continue;
        const char *define = owned(plan, "-D%s", e->define);
        if (!define)
            return out_of_memory(err);
        push_unless_given(plan, command->emulation_defines & (1u << emulations->items[k]), define);
    }

    push_all(plan, user_args, n);

    if (cxx && tf->cxx_per_exception_mode) {
        const char *dir = cxx_exception_dir(command);
        /* -isystem on a link-only line is ignored silently; -L on a compile-only line is
           a warning (an error under -Werror), so it goes to links only. */
        if (!(given & WSD_OPT_NO_STD_INCLUDES) &&
            !push_made(plan, "-isystem%s/include/%s/%s/c++/v1", sdk->sysroot, triple, dir))
            return out_of_memory(err);
        if (links && !(given & WSD_OPT_NO_STD_LIBRARIES) &&
            !push_made(plan, "-L%s/lib/%s/%s", sdk->sysroot, triple, dir))
            return out_of_memory(err);
    }

    if (links) {
        /* wasi-threads imports its memory from the host and exports it to WASI
           (wasi-sdk's own wasi-sdk-pthread.cmake links with the same two flags). */
        if (target->threads) {
            push_unless_given(plan, given & WSD_OPT_IMPORT_MEMORY, "-Wl,--import-memory");
            push_unless_given(plan, given & WSD_OPT_EXPORT_MEMORY, "-Wl,--export-memory");
        }
        for (size_t k = 0; k < count; ++k) {
            const char *library = owned(plan, "-l%s", wsd_emulations[emulations->items[k]].library);
            if (!library)
                return out_of_memory(err);
            push_unless_given(plan, command->emulation_libraries & (1u << emulations->items[k]),
                              library);
        }
        /* After the user's objects and before the -lc++ -lc++abi clang adds: only an
           object that calls __cxa_thread_atexit pulls its member in. */
        if (tf->cxx_compat && wsd_links_cxx_runtime(tool, command) && !(given & WSD_OPT_NO_LIBC) &&
            !push_compat_archive(plan, sdk, triple))
            return out_of_memory(err);
    }
    plan->argv[plan->argc] = NULL;
    return true;
}

void wsd_plan_free(wsd_plan *plan) {
    if (plan->argv != plan->inline_argv)
        free(plan->argv);
    plan->argv = NULL;
}
