#pragma once
/* What an SDK tree offers the driver, read with a few stat/readdir calls per run (no
   clang run, no JSON): cheap enough for the exec path, and right for trees wasisdk did
   not install (WASI_SDK_PATH). The planner (exec_plan.h) takes these as plain data so
   that tests can describe every SDK era without building one. */
#include "exec_path/sys.h"

#include <stdbool.h>

#ifdef __cplusplus
extern "C" {
#endif

#define WSD_MAX_TRIPLES 16
#define WSD_TRIPLE_MAX 64
/* The sysroot inside an SDK tree, in every wasi-sdk release (docs/sdk-releases.md) and in the
   views `wasisdk link --system` builds. */
#define WSD_SYSROOT_DIR "share/wasi-sysroot"
/* The linker wrapper for the component targets (wasm32-wasip2), in bin/ since wasi-sdk 22. */
#define WSD_COMPONENT_LD "wasm-component-ld"

typedef struct wsd_sdk_facts {
    char label[WSD_PATH_MAX + 16]; /* "wasi-sdk 25.0", or the tree's path */
    /* The release a label "wasi-sdk <version>" names (25), else 0: what the errors hold
       the tree to (a tree named 25.0 that lacks a part 25.0 ships is incomplete). */
    unsigned release;
    char root[WSD_PATH_MAX];                       /* the SDK tree (bin/, WSD_SYSROOT_DIR/) */
    char sysroot[WSD_PATH_MAX];                    /* root/WSD_SYSROOT_DIR */
    char triples[WSD_MAX_TRIPLES][WSD_TRIPLE_MAX]; /* sysroot lib/wasm32-* entries, sorted */
    size_t triple_count;
    bool component_ld; /* bin/wasm-component-ld */
    /* <home>/toolchains/<name>, wasisdk's own directory for this SDK (cxx_compat.h);
       "" for a tree it does not manage (an outside WASI_SDK_PATH). */
    char install_dir[WSD_PATH_MAX];
} wsd_sdk_facts;

typedef struct wsd_triple_facts {
    bool cxx_headers; /* include/<triple>/c++/v1, or noeh/c++/v1 (33+) */
    bool libcxx;      /* lib/<triple>/libc++.a (or its eh/ noeh/ variants) */
    bool exceptions;  /* lib/<triple>/eh/libc++.a: an exception-handling libc++ (33+) */
    /* include/<triple>/noeh/c++/v1: libc++ built once per exception mode, headers and
       libraries under eh/ and noeh/ (33+, wasi-sdk's "dual" mode) */
    bool cxx_per_exception_mode;
    unsigned emulation_libraries; /* bit i: wsd_emulations[i]'s library is in lib/<triple> */
    /* install_dir's compat archive for this triple exists (cxx_compat.h): set by
       wsd_probe_cxx_compat, which only C++ links call */
    bool cxx_compat;
} wsd_triple_facts;

/* Facts with no triples yet: root, sysroot and label set. False if the paths do not fit. */
bool wsd_sdk_facts_init(wsd_sdk_facts *sdk, const char *root, const char *label);
/* Adds a sysroot triple (kept sorted, duplicates ignored). */
void wsd_sdk_facts_add_triple(wsd_sdk_facts *sdk, const char *triple);
bool wsd_sdk_has_triple(const wsd_sdk_facts *sdk, const char *triple);

/* What an SDK tree offers, the one rule for the driver and for install (the C++ probe,
   tree_probe/tree_probe.h, starts from it): a triple for each lib/wasm32-* entry of the
   sysroot, and whether bin/wasm-component-ld exists. False if the paths do not fit. */
bool wsd_probe_sdk(const char *root, const char *label, wsd_sdk_facts *out);
/* Adds the triples of the sysroot at out->sysroot (lib/wasm32-* entries): what
   wsd_probe_sdk does after wsd_sdk_facts_init, for a sysroot outside an SDK tree. */
void wsd_probe_sysroot_triples(wsd_sdk_facts *out);
void wsd_probe_triple(const wsd_sdk_facts *sdk, const char *triple, wsd_triple_facts *out);
/* Sets out->cxx_compat: one stat, of nothing when install_dir is "". */
void wsd_probe_cxx_compat(const wsd_sdk_facts *sdk, const char *triple, wsd_triple_facts *out);

#ifdef __cplusplus
}
#endif
