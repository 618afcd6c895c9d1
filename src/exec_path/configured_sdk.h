#pragma once
/* The SDK a build directory was configured for (docs/driver.md, "A changed SDK under a
   build directory"). CMake records the compiler once, at configure time; a pin, a
   `wasisdk default` or WASISDK_SDK changed afterwards would make the same wrapper run
   another SDK's clang, and objects of two SDKs would mix in one build. So the toolchain
   file (build_integration/build_integration.cpp) asks the wrapper which SDK is active
   (WSD_PRINT_SDK_FLAG) and passes it back on every compile and link as a mandatory
   compiler argument (WSD_EXPECT_FLAG, CMake's CMAKE_<LANG>_COMPILER list); a wrapper that
   resolves another SDK stops in one line that says what changed and what to run.
   The comparison is of strings the wrapper already has (the installed name, or the
   tree's path): no file is read on a compile. */
#include "exec_path/active_sdk.h"

#include <stdbool.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* `--wasisdk-expect=KEY`, anywhere among the arguments (sccache moves the first
   argument when it runs the preprocessor): removed before the real tool runs. */
#define WSD_EXPECT_FLAG "--wasisdk-expect="
/* As the only argument: prints the active SDK's key, then what chose it (a file's path,
   or the variable's name), one per line, and runs nothing. */
#define WSD_PRINT_SDK_FLAG "--wasisdk-print-sdk"
/* A key is a name, or a path with some bytes written as %XX. */
#define WSD_SDK_KEY_MAX (3 * WSD_PATH_MAX + 1)

/* Removes the first WSD_EXPECT_FLAG argument from argv[1..argc-1], shifting the rest
   down, and returns its value (a pointer into that argument); NULL when there is none. */
const char *wsd_take_expected_sdk(char **argv, int *argc);

/* The text that names `active` in a build: its installed name, or for a tree outside
   the store its path, with each byte outside [A-Za-z0-9/._+-] written as %XX so that it
   is one word for a shell, make, ninja and a CMake list. False when it does not fit. */
bool wsd_sdk_key(const wsd_active_sdk *active, char *out, size_t size);

/* True when `active` is the SDK `expected` (a key) names. Otherwise fills `err` with one
   line: what the build was configured for, what is active now and why, and the fix
   (cmake --fresh on the build directory found from the working directory upward). */
bool wsd_check_expected_sdk(const char *expected, const wsd_active_sdk *active, wsd_error *err);

#ifdef __cplusplus
}
#endif
