#pragma once
/* The few file-system and string helpers the exec path needs, on plain POSIX calls. */
#include <stdbool.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#define WSD_PATH_MAX 4096

/* snprintf that reports truncation: false when `out` was too small. */
bool wsd_format(char *out, size_t size, const char *format, ...)
    __attribute__((format(printf, 3, 4)));

bool wsd_exists(const char *path);
bool wsd_is_dir(const char *path);
bool wsd_is_regular_file(const char *path);
/* Whether both paths name one file (device and inode): false when either is missing. */
bool wsd_same_file(const char *a, const char *b);

/* Calls `fn` with the name of each entry of directory `path` except "." and "..", in
   directory order. Reads with getdents64 into a stack buffer: opendir() would allocate
   (and on musl mmap and munmap) for each directory, on the driver's every call. False
   if the directory cannot be opened. */
bool wsd_each_dir_entry(const char *path, void (*fn)(const char *name, void *context),
                        void *context);

/* The variable's value, or NULL when it is unset or empty (empty means unset, as in
   the C++ env_var()). Read through the current environment source. */
const char *wsd_env(const char *name);

/* Where the exec path reads its environment: the process's (lookup NULL, the default)
   or a function, e.g. a test's fake environment. wsd_prepare_call installs its call's
   source for its duration (wrapper_call.h), so that every rule it runs reads the same
   environment without each function taking it. */
typedef const char *(*wsd_env_lookup)(const char *name, void *context);
typedef struct wsd_env_source {
    wsd_env_lookup lookup;
    void *context;
} wsd_env_source;

/* Installs `*source` and leaves the previous one in it (call again to restore). */
void wsd_swap_env_source(wsd_env_source *source);

/* How wsd_read_small_file opens a file. */
enum { WSD_FOLLOW = 0, WSD_NOFOLLOW = 1 };

/* Reads a small regular file (at most size-1 bytes, NUL-terminated) and, if `length`
   is not NULL, how many bytes it read (more than strlen when the file holds a NUL).
   False if it cannot be read or is not a regular file: a FIFO, device or directory is
   refused without blocking (opened O_NONBLOCK, checked with fstat), so a planted FIFO
   cannot hang a compile. WSD_NOFOLLOW refuses a symlink in the last component (files
   of wasisdk's home are never read through a symlink wasisdk did not make). */
bool wsd_read_small_file(const char *path, char *out, size_t size, size_t *length, int follow);

/* `path` made absolute against the working directory, without normalising it (as
   std::filesystem::absolute). False when it does not fit. */
bool wsd_absolute(const char *path, char *out, size_t size);

/* Drops trailing slashes (not the root's). */
void wsd_strip_trailing_slashes(char *path);

bool wsd_starts_with(const char *s, const char *prefix);
bool wsd_ends_with(const char *s, const char *suffix);

#ifdef __cplusplus
}
#endif
