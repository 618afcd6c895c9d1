#pragma once
/* wasisdk's compat archive: what a C++ link gets where the SDK's C++ runtime lacks
   __cxa_thread_atexit, which clang calls to register the destructor of every
   thread_local object (Debian's libc++abi for wasm, and wasi-sdk 31's: upstream issue
   #610). store/cxx_compat.h builds it at install, link and setup time, with the SDK's
   own clang, only where that symbol is missing:
     single-threaded triples: __cxa_thread_atexit registers the destructor with
       __cxa_atexit, which runs it at exit: right where the only thread is the main one;
     threads triples: a definition whose link fails with one line naming what is missing,
       since a destructor per thread cannot be had from __cxa_atexit.
   It lives in the install's own directory of the home, never in the SDK tree (a linked
   tree is the user's), so a wrapper decides with one stat:
     <home>/toolchains/<name>/compat/<triple>/libwasisdk-compat.a
   Never where the runtime has the symbol: the archive comes before -lc++abi on the link
   line, and the linker takes the first definition it sees, so it would win. */
#include "exec_path/compiler_args.h"
#include "exec_path/home_layout.h"
#include "exec_path/targets.h"

#include <stdbool.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#define WSD_COMPAT_DIR WSD_INSTALL_COMPAT
#define WSD_COMPAT_ARCHIVE "libwasisdk-compat.a"
#define WSD_THREAD_ATEXIT_SYMBOL "__cxa_thread_atexit"

/* <install_dir>/compat/<triple>/libwasisdk-compat.a. False when it does not fit. */
bool wsd_compat_archive_path(const char *install_dir, const char *triple, char *out, size_t size);

/* Whether a command that links (wsd_command.links) links the C++ runtime: the clang++
   wrappers, or -lc++ / -lc++abi given to a C one (cargo's cc crate, hand-written
   Makefiles). */
bool wsd_links_cxx_runtime(wsd_tool_kind tool, const wsd_command *command);

#ifdef __cplusplus
}
#endif
