#pragma once
/* The names of $WASISDK_HOME's entries: one definition for the driver (C, which finds
   what install wrote) and the CLI (model/home.h draws the whole layout and says what
   each holds). Renaming one here renames it everywhere; a home written by another name
   is then a home from another release. */

/* Directly under the home. */
#define WSD_HOME_DEFAULT "default"       /* the default SDK's install name, one line */
#define WSD_HOME_TOOLCHAINS "toolchains" /* one <name>/ per installed or linked SDK */
#define WSD_HOME_SYSROOTS "sysroots"     /* `install --component sysroot` */
#define WSD_HOME_BUILTINS "builtins"     /* `install --component builtins` */
#define WSD_HOME_DOWNLOADS "downloads"   /* the verified download cache */
#define WSD_HOME_TMP "tmp"               /* staging; stale after a crash */
#define WSD_HOME_BIN "bin"               /* the wrappers: links to the driver */
#define WSD_HOME_SHARE "share"           /* share/cmake: toolchain files */
#define WSD_HOME_CMAKE "share/cmake"
#define WSD_HOME_PREFIX "prefix" /* prefix/<target>: CMake's install prefix */
#define WSD_HOME_RELEASE_MANIFEST "release-manifest"
#define WSD_HOME_LOCK ".lock"

/* Inside an install directory <area>/<name>/. */
#define WSD_INSTALL_RECEIPT "receipt.json" /* written last: an install without one is not one */
#define WSD_INSTALL_TREE "sdk"             /* the tree (a symlink for `wasisdk link`) */
#define WSD_INSTALL_COMPAT "compat"        /* compat/<triple>/ (cxx_compat.h) */
