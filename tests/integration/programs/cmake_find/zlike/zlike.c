#include "zlib.h"
const char *zlibVersion(void) {
    return ZLIB_VERSION;
}
