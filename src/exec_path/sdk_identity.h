#pragma once
/* What a compiler cache must know about the SDK a wrapper runs (docs/driver.md,
   "Compiler caches"). ccache and sccache put the wrapper in their keys, and the wrapper
   is one executable whatever SDK a pin, `wasisdk default` or a reinstall makes active:
   without this, they serve objects built by the previous SDK.
    - The identity of an installed SDK is what it was made from: the sha256 of each
      artifact its receipt records. Two homes with the same archive installed have the
      same identity (so a shared cache can hit); a reinstall from other bytes does not.
    - A tree wasisdk did not unpack (`wasisdk link`, a WASI_SDK_PATH outside the store)
      has no such record: its identity is where it is and which clang it holds (device,
      inode, size, mtime, ctime), and its bin/ directory's mtime (cfg files come and go).
    - WASISDK_EMULATE adds -D flags the cache cannot see, so its value is part of it.
   The text is printed by `wasisdk-sdk-identity COMPILER`, ccache's compiler_check (`wasisdk
   env` sets it), and written ahead of sccache's preprocessor output, which sccache hashes
   (it runs `<wrapper> -E` per compile, through the wrapper). */
#include "exec_path/active_sdk.h"
#include "exec_path/compiler_args.h"
#include "exec_path/error.h"

#include <stdbool.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The tool's name: a link in $WASISDK_HOME/bin to the driver, like the wrappers. */
#define WSD_SDK_IDENTITY_TOOL "wasisdk-sdk-identity"
/* Room for the identity text: a real path and a few numbers. */
#define WSD_IDENTITY_MAX (WSD_PATH_MAX + 512)
#define WSD_MAX_ARTIFACTS 8

typedef struct wsd_receipt_digest {
    char sha256[WSD_MAX_ARTIFACTS][65]; /* lowercase hex, as receipts store them */
    size_t count;
    bool linked; /* "linked": true, a `wasisdk link` tree: not unpacked by wasisdk */
} wsd_receipt_digest;

/* Reads the artifacts' sha256 values and the linked flag from a receipt's JSON text.
   Not a JSON parser: it walks the text's strings (escapes included, so that a URL
   cannot fake a member) and takes the value of each "sha256" key that is 64 hex digits.
   False when a string does not end. */
bool wsd_scan_receipt(const char *json, size_t length, wsd_receipt_digest *out);

/* The identity of `active` (found in `home`), as lines of text ending in '\n'. False
   when it does not fit. */
bool wsd_sdk_identity(const char *home, const wsd_active_sdk *active, char *out, size_t size);

/* Whether this compiler command only preprocesses to standard output (-E, no -o, no
   -M/-MM), as sccache runs the wrapper to hash a compile. */
bool wsd_preprocesses_to_stdout(const wsd_command *command);

/* Whether the parent process reads this wrapper's -E output as the compile's input:
   sccache (hashes it) or distcc (sends it to a helper machine, whose wrapper compiles
   it: wsd_check_preprocessed). Its executable's name starts with "sccache" or is
   "distcc" (masquerade links run the same /usr/bin/distcc). One readlink of
   /proc/<ppid>/exe. */
bool wsd_parent_reads_preprocessed(void);

/* Writes the identity as one line that a C/C++ compiler reads as nothing: a null
   directive `#` followed by a comment. sccache skips '#' lines when it reads a compiler's
   kind from -E output, and hashes all of it for a compile. */
bool wsd_write_identity_line(int fd, const char *identity);

/* A compile of preprocessed output: when its first line is an identity line (written by
   the wrapper that preprocessed it, maybe on another machine: distcc) and both it and
   `identity` (the SDK about to compile it, `label` in messages) are SDKs installed from
   archives, false with `err` set when their artifacts differ: the object would come from
   another SDK than the headers. Linked trees are identified by device and inode, which
   differ on every machine, so they are not compared. True when the file cannot be read
   (the compiler reports that). */
bool wsd_check_preprocessed(const char *path, const char *identity, const char *label,
                            wsd_error *err);

#ifdef __cplusplus
}
#endif
