#pragma once
/* Install names: the directory names under <home>/toolchains, sysroots and builtins,
   and what <home>/default, a pin file or WASISDK_SDK may name. One rule, checked where
   a name enters (a manifest's versions, `install --from`, `wasisdk link`, pin files,
   the default file) and again wherever a path is made from one, so a name can never
   leave its area ("25.0-x/../../victim") or be something a shell, CMake or TOML file
   would read differently ("my sdk", "café", "$(id)").

   The rule: 1 to WSD_INSTALL_NAME_MAX bytes of [A-Za-z0-9._+-], starting with a letter
   or digit, with no "..". Every wasi-sdk version fits ("22.0", "20.0+threads",
   "34.0-rc.2"), as do link names such as "opt" and "22-custom". */
#include <stdbool.h>

#ifdef __cplusplus
extern "C" {
#endif

/* 64: the longest real version is 12 bytes; a link name longer than this is a mistake. */
#define WSD_INSTALL_NAME_MAX 64
/* The rule in words, for every message that refuses a name (keep it in step with
   wsd_valid_install_name below). */
/* clang-format off */
#define WSD_INSTALL_NAME_STR_(x) #x
#define WSD_INSTALL_NAME_STR(x) WSD_INSTALL_NAME_STR_(x)
#define WSD_INSTALL_NAME_RULE                                                                      \
    "use 1 to " WSD_INSTALL_NAME_STR(WSD_INSTALL_NAME_MAX) " letters, digits and . _ + -, "        \
    "starting with a letter or digit, without '..'"
/* clang-format on */

bool wsd_valid_install_name(const char *name);

/* The value of a pin file's text, in place: the first line that is neither blank nor a
   `#` comment, without surrounding blanks ("" when there is none). Returns `text`. */
char *wsd_pin_value(char *text);

#ifdef __cplusplus
}
#endif
