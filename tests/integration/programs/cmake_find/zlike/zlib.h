#ifndef ZLIKE_H
#define ZLIKE_H
#define ZLIB_VERSION "1.3.1"
const char *zlibVersion(void);
#endif
