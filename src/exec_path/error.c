#include "exec_path/error.h"

#include <stdarg.h>
#include <stdio.h>

bool wsd_fail(wsd_error *err, int code, const char *fix, const char *what_format, ...) {
    va_list ap;
    va_start(ap, what_format);
    vsnprintf(err->what, sizeof err->what, what_format, ap);
    va_end(ap);
    snprintf(err->fix, sizeof err->fix, "%s", fix ? fix : "");
    err->code = code;
    return false;
}
