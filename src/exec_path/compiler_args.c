#include "exec_path/compiler_args.h"

#include "exec_path/emulations.h"
#include "exec_path/sys.h"

#include <stdlib.h>
#include <string.h>

/* Sorted by strcmp, for bsearch: one argument costs ~6 comparisons against 66 options. */
const wsd_compiler_option wsd_compiler_options[] = {
    {"--param", WSD_OPT_VALUE},
    {"--sysroot", WSD_OPT_VALUE | WSD_OPT_SYSROOT},
    {"--target", WSD_OPT_VALUE | WSD_OPT_TARGET},
    {"--version", WSD_OPT_NO_LINK},
    {"-B", WSD_OPT_VALUE},
    {"-D", WSD_OPT_VALUE},
    {"-E", WSD_OPT_NO_LINK | WSD_OPT_PREPROCESS},
    {"-F", WSD_OPT_VALUE},
    {"-I", WSD_OPT_VALUE},
    {"-L", WSD_OPT_VALUE},
    {"-M", WSD_OPT_NO_LINK | WSD_OPT_MAKE_RULES},
    {"-MF", WSD_OPT_VALUE},
    {"-MJ", WSD_OPT_VALUE},
    {"-MM", WSD_OPT_NO_LINK | WSD_OPT_MAKE_RULES},
    {"-MQ", WSD_OPT_VALUE},
    {"-MT", WSD_OPT_VALUE},
    {"-S", WSD_OPT_NO_LINK},
    {"-T", WSD_OPT_VALUE},
    {"-U", WSD_OPT_VALUE},
    {"-Wl,--export-memory", WSD_OPT_EXPORT_MEMORY},
    {"-Wl,--import-memory", WSD_OPT_IMPORT_MEMORY},
    {"-Xanalyzer", WSD_OPT_VALUE},
    {"-Xassembler", WSD_OPT_VALUE},
    {"-Xclang", WSD_OPT_VALUE},
    {"-Xlinker", WSD_OPT_VALUE},
    {"-Xpreprocessor", WSD_OPT_VALUE},
    {"-arch", WSD_OPT_VALUE},
    {"-c", WSD_OPT_NO_LINK},
    {"-dependency-file", WSD_OPT_VALUE},
    {"-e", WSD_OPT_VALUE},
    {"-fcxx-exceptions", WSD_OPT_EXCEPTIONS_ON},
    {"-fexceptions", WSD_OPT_EXCEPTIONS_ON},
    {"-fno-cxx-exceptions", WSD_OPT_EXCEPTIONS_OFF},
    {"-fno-exceptions", WSD_OPT_EXCEPTIONS_OFF},
    {"-fsyntax-only", WSD_OPT_NO_LINK},
    {"-fwasm-exceptions", WSD_OPT_EXCEPTIONS_ON | WSD_OPT_WASM_EXCEPTIONS},
    {"-idirafter", WSD_OPT_VALUE},
    {"-iframework", WSD_OPT_VALUE},
    {"-imacros", WSD_OPT_VALUE},
    {"-include", WSD_OPT_VALUE},
    {"-include-pch", WSD_OPT_VALUE},
    {"-iprefix", WSD_OPT_VALUE},
    {"-iquote", WSD_OPT_VALUE},
    {"-isysroot", WSD_OPT_VALUE | WSD_OPT_SYSROOT},
    {"-isystem", WSD_OPT_VALUE},
    {"-ivfsoverlay", WSD_OPT_VALUE},
    {"-iwithprefix", WSD_OPT_VALUE},
    {"-iwithprefixbefore", WSD_OPT_VALUE},
    {"-l", WSD_OPT_VALUE | WSD_OPT_LIBRARY},
    {"-mllvm", WSD_OPT_VALUE},
    {"-nodefaultlibs", WSD_OPT_NO_STD_LIBRARIES | WSD_OPT_NO_LIBC},
    {"-nostdinc", WSD_OPT_NO_STD_INCLUDES},
    {"-nostdinc++", WSD_OPT_NO_STD_INCLUDES},
    {"-nostdlib", WSD_OPT_NO_STD_LIBRARIES | WSD_OPT_NO_LIBC},
    {"-nostdlib++", WSD_OPT_NO_STD_LIBRARIES},
    {"-nostdlibinc", WSD_OPT_NO_STD_INCLUDES},
    {"-o", WSD_OPT_VALUE | WSD_OPT_OUTPUT},
    {"-pthread", WSD_OPT_PTHREAD},
    {"-resource-dir", WSD_OPT_VALUE},
    {"-serialize-diagnostics", WSD_OPT_VALUE},
    {"-shared", WSD_OPT_SHARED},
    {"-target", WSD_OPT_VALUE | WSD_OPT_TARGET},
    {"-u", WSD_OPT_VALUE},
    {"-working-directory", WSD_OPT_VALUE},
    {"-x", WSD_OPT_VALUE},
    {"-z", WSD_OPT_VALUE},
};
const size_t wsd_compiler_option_count =
    sizeof wsd_compiler_options / sizeof wsd_compiler_options[0];

static int compare_option(const void *key, const void *entry) {
    return strcmp(key, ((const wsd_compiler_option *)entry)->name);
}

const wsd_compiler_option *wsd_find_compiler_option(const char *arg) {
    return bsearch(arg, wsd_compiler_options, wsd_compiler_option_count,
                   sizeof wsd_compiler_options[0], compare_option);
}

/* -D<define> given (joined, or `-D X`): one of the emulations' defines? */
static void note_define(wsd_command *c, const char *define) {
    for (size_t i = 0; i < wsd_emulation_count; ++i)
        if (wsd_emulations[i].define && strcmp(define, wsd_emulations[i].define) == 0)
            c->emulation_defines |= 1u << i;
}

/* -l<library> given (joined, or `-l X`). */
static void note_library(wsd_command *c, const char *library) {
    c->given |= WSD_OPT_LIBRARY;
    if (strcmp(library, "c++") == 0 || strcmp(library, "c++abi") == 0)
        c->cxx_runtime = true;
    for (size_t i = 0; i < wsd_emulation_count; ++i)
        if (strcmp(library, wsd_emulations[i].library) == 0)
            c->emulation_libraries |= 1u << i;
}

/* An argument that is not in the table: a joined form, an input, or an option the
   planner has no use for. */
static void read_other(wsd_command *c, const char *a) {
    if (a[0] != '-' || a[1] == '\0') {
        c->has_input = true; /* a file, or "-" (standard input) */
        const char *dot = strrchr(a, '.');
        if (dot && (strcmp(dot, ".i") == 0 || strcmp(dot, ".ii") == 0))
            c->preprocessed_input = a;
        return;
    }
    switch (a[1]) {
    case '-':
        if (wsd_starts_with(a, "--target=")) {
            c->given |= WSD_OPT_TARGET;
            c->target = a + strlen("--target=");
        } else if (wsd_starts_with(a, "--sysroot=")) {
            c->given |= WSD_OPT_SYSROOT;
        }
        break;
    case 'g':
        c->debug_info = c->debug_info || strcmp(a, "-g0") != 0;
        break;
    case 'o':
        c->given |= WSD_OPT_OUTPUT; /* -oFILE */
        break;
    case 'D':
        note_define(c, a + 2);
        break;
    case 'l':
        note_library(c, a + 2);
        break;
    }
}

void wsd_read_command(const char *const *args, size_t n, wsd_command *c) {
    *c = (wsd_command){.args = args, .count = n};
    for (size_t i = 0; i < n; ++i) {
        const char *a = args[i];
        const wsd_compiler_option *option = a[0] == '-' ? wsd_find_compiler_option(a) : NULL;
        if (!option) {
            read_other(c, a);
            continue;
        }
        c->given |= option->meaning;
        if (option->meaning & WSD_OPT_EXCEPTIONS_ON)
            c->exceptions = 1;
        if (option->meaning & WSD_OPT_EXCEPTIONS_OFF)
            c->exceptions = -1;
        if (!(option->meaning & WSD_OPT_VALUE) || i + 1 == n)
            continue;
        const char *value = args[++i];
        if (option->meaning & WSD_OPT_TARGET)
            c->target = value;
        else if (option->meaning & WSD_OPT_LIBRARY)
            note_library(c, value);
        else if (strcmp(a, "-D") == 0)
            note_define(c, value);
    }
    c->links = c->has_input && !(c->given & WSD_OPT_NO_LINK);
}
