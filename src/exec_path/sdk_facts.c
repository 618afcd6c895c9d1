#include "exec_path/sdk_facts.h"

#include "exec_path/cxx_compat.h"
#include "exec_path/emulations.h"
#include "exec_path/version.h"

#include <string.h>

#define WSD_RELEASE_LABEL "wasi-sdk "

bool wsd_sdk_facts_init(wsd_sdk_facts *sdk, const char *root, const char *label) {
    /* No memset: the struct is ~9 KB, and every page touched costs the driver a fault. */
    sdk->triple_count = 0;
    sdk->component_ld = false;
    sdk->install_dir[0] = '\0';
    wsd_version v;
    sdk->release = wsd_starts_with(label, WSD_RELEASE_LABEL) &&
                           wsd_parse_version(label + strlen(WSD_RELEASE_LABEL), &v)
                       ? v.numbers[0]
                       : 0;
    return wsd_format(sdk->label, sizeof sdk->label, "%s", label) &&
           wsd_format(sdk->root, sizeof sdk->root, "%s", root) &&
           wsd_format(sdk->sysroot, sizeof sdk->sysroot, "%s/" WSD_SYSROOT_DIR, root);
}

void wsd_sdk_facts_add_triple(wsd_sdk_facts *sdk, const char *triple) {
    if (sdk->triple_count == WSD_MAX_TRIPLES || strlen(triple) >= WSD_TRIPLE_MAX ||
        wsd_sdk_has_triple(sdk, triple))
        return;
    size_t at = sdk->triple_count;
    while (at > 0 && strcmp(sdk->triples[at - 1], triple) > 0) {
        memcpy(sdk->triples[at], sdk->triples[at - 1], WSD_TRIPLE_MAX);
        --at;
    }
    strcpy(sdk->triples[at], triple);
    ++sdk->triple_count;
}

bool wsd_sdk_has_triple(const wsd_sdk_facts *sdk, const char *triple) {
    for (size_t i = 0; i < sdk->triple_count; ++i)
        if (strcmp(sdk->triples[i], triple) == 0)
            return true;
    return false;
}

static void add_if_triple(const char *name, void *sdk) {
    if (wsd_starts_with(name, "wasm32-"))
        wsd_sdk_facts_add_triple(sdk, name);
}

void wsd_probe_sysroot_triples(wsd_sdk_facts *sdk) {
    char path[WSD_PATH_MAX];
    if (wsd_format(path, sizeof path, "%s/lib", sdk->sysroot))
        wsd_each_dir_entry(path, add_if_triple, sdk);
}

bool wsd_probe_sdk(const char *root, const char *label, wsd_sdk_facts *sdk) {
    if (!wsd_sdk_facts_init(sdk, root, label))
        return false;
    wsd_probe_sysroot_triples(sdk);
    char path[WSD_PATH_MAX];
    sdk->component_ld =
        wsd_format(path, sizeof path, "%s/bin/" WSD_COMPONENT_LD, root) && wsd_exists(path);
    return true;
}

static bool exists_under(const char *dir, const char *relative) {
    char path[WSD_PATH_MAX];
    return wsd_format(path, sizeof path, "%s/%s", dir, relative) && wsd_exists(path);
}

struct library_scan {
    wsd_triple_facts *facts;
    bool plain_libcxx;
};

static void note_library(const char *name, void *context) {
    struct library_scan *scan = context;
    if (strcmp(name, "libc++.a") == 0)
        scan->plain_libcxx = true;
    if (!wsd_starts_with(name, "lib") || !wsd_ends_with(name, ".a"))
        return;
    size_t length = strlen(name) - 5; /* without "lib" and ".a" */
    for (size_t i = 0; i < wsd_emulation_count; ++i)
        if (strlen(wsd_emulations[i].library) == length &&
            memcmp(name + 3, wsd_emulations[i].library, length) == 0)
            scan->facts->emulation_libraries |= 1u << i;
}

void wsd_probe_triple(const wsd_sdk_facts *sdk, const char *triple, wsd_triple_facts *f) {
    memset(f, 0, sizeof *f);
    char lib[WSD_PATH_MAX], include[WSD_PATH_MAX];
    if (!wsd_format(lib, sizeof lib, "%s/lib/%s", sdk->sysroot, triple) ||
        !wsd_format(include, sizeof include, "%s/include/%s", sdk->sysroot, triple))
        return;
    struct library_scan scan = {f, false};
    wsd_each_dir_entry(lib, note_library, &scan);
    f->exceptions = exists_under(lib, "eh/libc++.a");
    f->libcxx = scan.plain_libcxx || f->exceptions || exists_under(lib, "noeh/libc++.a");
    f->cxx_per_exception_mode = exists_under(include, "noeh/c++/v1");
    f->cxx_headers = f->cxx_per_exception_mode || exists_under(include, "c++/v1");
}

void wsd_probe_cxx_compat(const wsd_sdk_facts *sdk, const char *triple, wsd_triple_facts *f) {
    char path[WSD_PATH_MAX];
    f->cxx_compat = sdk->install_dir[0] &&
                    wsd_compat_archive_path(sdk->install_dir, triple, path, sizeof path) &&
                    wsd_is_regular_file(path);
}
