#include "exec_path/emulations.h"

#include <string.h>

const wsd_emulation wsd_emulations[] = {
    {"mman", "_WASI_EMULATED_MMAN", "wasi-emulated-mman", {NULL}, ""},
    {"signal", "_WASI_EMULATED_SIGNAL", "wasi-emulated-signal", {NULL}, ""},
    {"process-clocks", "_WASI_EMULATED_PROCESS_CLOCKS", "wasi-emulated-process-clocks", {NULL}, ""},
    {"getpid", "_WASI_EMULATED_GETPID", "wasi-emulated-getpid", {NULL}, ""},
    {"long-double", NULL, "c-printscan-long-double", {NULL}, ""},
    {"setjmp",
     NULL,
     "setjmp",
     {"-mllvm", "-wasm-enable-sjlj", NULL},
     " (wasi-libc has had libsetjmp.a since 2023; Debian 12's 2022 wasi-libc has not)"},
};
const size_t wsd_emulation_count = sizeof wsd_emulations / sizeof wsd_emulations[0];
_Static_assert(sizeof wsd_emulations / sizeof wsd_emulations[0] > WSD_EMULATION_LONG_DOUBLE,
               "long-double's index");

bool wsd_parse_emulations(const char *value, wsd_emulation_list *out, wsd_error *err) {
    out->count = 0;
    for (const char *p = value; *p;) {
        const char *end = strchr(p, ',');
        size_t n = end ? (size_t)(end - p) : strlen(p);
        if (n > 0) {
            size_t i = 0;
            while (i < wsd_emulation_count && !(strlen(wsd_emulations[i].name) == n &&
                                                memcmp(wsd_emulations[i].name, p, n) == 0))
                ++i;
            if (i == wsd_emulation_count)
                return wsd_fail(
                    err, WSD_USAGE,
                    "use any of mman, signal, process-clocks, getpid, long-double, setjmp",
                    "WASISDK_EMULATE names '%.*s'", (int)n, p);
            bool seen = false;
            for (size_t k = 0; k < out->count; ++k)
                seen = seen || out->items[k] == i;
            if (!seen)
                out->items[out->count++] = i;
        }
        p += n + (end ? 1 : 0);
    }
    return true;
}

bool wsd_wants_default_long_double(const char *opt_out) {
    return !(opt_out && strcmp(opt_out, "0") == 0);
}

void wsd_add_long_double(wsd_emulation_list *list, bool library_present) {
    const size_t index = WSD_EMULATION_LONG_DOUBLE;
    if (!library_present || list->count >= sizeof list->items / sizeof list->items[0])
        return;
    for (size_t k = 0; k < list->count; ++k)
        if (list->items[k] == index)
            return;
    list->items[list->count++] = index;
}
