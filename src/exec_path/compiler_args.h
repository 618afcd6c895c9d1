#pragma once
/* What the planner needs to know about a compiler command line, read in one pass over
   the user's arguments against one table of clang options (as ccache's compopt): which
   options take their value as the next argument (so that value is never counted as an
   input file, nor read as an option), which stop before linking, which give the target
   or the sysroot, which turn C++ exceptions on or off, and the flags the wrapper adds
   itself and must not repeat. Options' spellings and arities are clang's
   (clang/include/clang/Driver/Options.td; each separate-value option of the table was
   checked with `clang-19 -### OPTION VALUE -c x.c`, which does not take VALUE as an
   input file). */
#include "exec_path/targets.h"

#include <stdbool.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* What an option of the table means (bits of wsd_compiler_option.meaning). */
enum {
    WSD_OPT_VALUE = 1u << 0,         /* its value is the next argument */
    WSD_OPT_NO_LINK = 1u << 1,       /* -c, -S, -E, -M, ...: the command does not link */
    WSD_OPT_TARGET = 1u << 2,        /* its value is the target triple */
    WSD_OPT_SYSROOT = 1u << 3,       /* gives the sysroot */
    WSD_OPT_EXCEPTIONS_ON = 1u << 4, /* C++ exceptions on (the last of on/off wins) */
    WSD_OPT_EXCEPTIONS_OFF = 1u << 5,
    WSD_OPT_WASM_EXCEPTIONS = 1u << 6,  /* -fwasm-exceptions: libc++'s eh/ variant (33+) */
    WSD_OPT_NO_STD_INCLUDES = 1u << 7,  /* clang adds no C++ include directory */
    WSD_OPT_NO_STD_LIBRARIES = 1u << 8, /* clang adds no default libraries */
    WSD_OPT_NO_LIBC = 1u << 9,          /* ... libc among them */
    WSD_OPT_SHARED = 1u << 10,
    WSD_OPT_PREPROCESS = 1u << 11, /* -E */
    WSD_OPT_MAKE_RULES = 1u << 12, /* -M, -MM: make rules on standard output */
    WSD_OPT_OUTPUT = 1u << 13,     /* -o */
    WSD_OPT_LIBRARY = 1u << 14,    /* -l NAME */
    /* Flags the wrapper adds and does not repeat when the user gave them. */
    WSD_OPT_PTHREAD = 1u << 15,
    WSD_OPT_IMPORT_MEMORY = 1u << 16,
    WSD_OPT_EXPORT_MEMORY = 1u << 17,
};

typedef struct wsd_compiler_option {
    const char *name; /* as written, sorted by strcmp (a unit test checks) */
    unsigned meaning; /* WSD_OPT_* bits */
} wsd_compiler_option;

extern const wsd_compiler_option wsd_compiler_options[];
extern const size_t wsd_compiler_option_count;

/* A compiler command line as read by wsd_read_command. */
typedef struct wsd_command {
    const char *const *args; /* the user's arguments (not copied) */
    size_t count;
    /* Every WSD_OPT_* bit of the table's options given, and of the joined forms
       --target=X (TARGET), --sysroot=X (SYSROOT), -oFILE (OUTPUT) and -lNAME (LIBRARY). */
    unsigned given;
    bool has_input; /* an argument that is no option nor an option's value ("-": stdin) */
    /* The last input that is preprocessed output (.i, .ii), as distccd hands its helper's
       compiler, or NULL (sdk_identity.h: wsd_check_preprocessed). */
    const char *preprocessed_input;
    bool links;         /* has an input, and no option that stops before linking */
    const char *target; /* the last target given (--target=X, --target X, -target X), or NULL */
    int exceptions;     /* the last of on (1) / off (-1), 0: neither given */
    bool debug_info;    /* a -g option other than -g0 (prefix_map.h) */
    bool cxx_runtime;   /* -lc++ or -lc++abi (also as -l c++): a C link of the C++ runtime */
    unsigned emulation_defines;   /* bit i: -D<wsd_emulations[i].define> given */
    unsigned emulation_libraries; /* bit i: -l<wsd_emulations[i].library> given */
} wsd_command;

/* Reads `args` in one pass. An option's value is never read as an option: `-o -shared`
   writes a file named -shared. */
void wsd_read_command(const char *const *args, size_t count, wsd_command *out);

/* The table's entry for `arg`, or NULL. */
const wsd_compiler_option *wsd_find_compiler_option(const char *arg);

#ifdef __cplusplus
}
#endif
