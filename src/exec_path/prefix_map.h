#pragma once
/* The prefix maps a compiler wrapper adds so that objects built with debug info do not
   embed the home's path (docs/driver.md, "Compiler caches"): two homes with the same
   SDK then produce the same objects, and a cache shared between them serves objects
   whose DWARF names the SDK's files as /wasi-sdk/..., wherever the SDK was installed.
   Only with debug info: without it, the objects of the test suite's C and C++ programs
   hold no SDK path (tests/integration/test_caches.py checks both), and the common
   compile stays as short as it was. */
#include "exec_path/exec_plan.h"

#ifdef __cplusplus
extern "C" {
#endif

/* What the SDK's tree is mapped to. */
#define WSD_PREFIX_MAP_TARGET "/wasi-sdk"

/* Appends -ffile-prefix-map=<tree>=/wasi-sdk for the tree as the plan names it and, when
   it differs, as the kernel resolves it (clang finds its resource directory from its own
   real path, so its headers are named that way). Placed before the user's flags, so
   that a map the user gives for the same prefix wins (clang applies the last match).
   Nothing without debug info (a -g option other than -g0: wsd_command.debug_info).
   False when the plan's storage is full. */
bool wsd_push_prefix_maps(wsd_plan *plan, const wsd_sdk_facts *sdk, const wsd_command *command);

#ifdef __cplusplus
}
#endif
