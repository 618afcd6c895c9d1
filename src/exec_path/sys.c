#define _DEFAULT_SOURCE 1 /* syscall(): getdents64 has no libc wrapper common to glibc and musl */
#include "exec_path/sys.h"

#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

bool wsd_format(char *out, size_t size, const char *format, ...) {
    va_list ap;
    va_start(ap, format);
    int n = vsnprintf(out, size, format, ap);
    va_end(ap);
    return n >= 0 && (size_t)n < size;
}

bool wsd_exists(const char *path) {
    struct stat st;
    return stat(path, &st) == 0;
}

bool wsd_is_dir(const char *path) {
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

bool wsd_is_regular_file(const char *path) {
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

bool wsd_same_file(const char *a, const char *b) {
    struct stat x, y;
    return stat(a, &x) == 0 && stat(b, &y) == 0 && x.st_dev == y.st_dev && x.st_ino == y.st_ino;
}

/* The kernel's record, as getdents64(2) documents it (glibc and musl name it
   differently, so it is spelled out here). */
struct linux_dirent64 {
    unsigned long long d_ino;
    long long d_off;
    unsigned short d_reclen;
    unsigned char d_type;
    char d_name[];
};

bool wsd_each_dir_entry(const char *path, void (*fn)(const char *name, void *context),
                        void *context) {
    int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return false;
    _Alignas(8) char buffer[2048];
    long n;
    while ((n = syscall(SYS_getdents64, fd, buffer, sizeof buffer)) > 0) {
        for (long at = 0; at < n;) {
            const struct linux_dirent64 *e = (const struct linux_dirent64 *)(buffer + at);
            if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
                fn(e->d_name, context);
            at += e->d_reclen;
        }
    }
    close(fd);
    return n == 0;
}

static wsd_env_source env_source;

void wsd_swap_env_source(wsd_env_source *source) {
    wsd_env_source previous = env_source;
    env_source = *source;
    *source = previous;
}

const char *wsd_env(const char *name) {
    const char *v = env_source.lookup ? env_source.lookup(name, env_source.context) : getenv(name);
    return v && *v ? v : NULL;
}

bool wsd_read_small_file(const char *path, char *out, size_t size, size_t *length, int follow) {
    int fd =
        open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | (follow == WSD_NOFOLLOW ? O_NOFOLLOW : 0));
    if (fd < 0)
        return false;
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        close(fd);
        return false;
    }
    size_t used = 0;
    while (used + 1 < size) {
        ssize_t n = read(fd, out + used, size - 1 - used);
        if (n < 0) {
            close(fd);
            return false;
        }
        if (n == 0)
            break;
        used += (size_t)n;
    }
    out[used] = '\0';
    if (length)
        *length = used;
    close(fd);
    return true;
}

bool wsd_absolute(const char *path, char *out, size_t size) {
    if (path[0] == '/')
        return wsd_format(out, size, "%s", path);
    char cwd[WSD_PATH_MAX];
    if (!getcwd(cwd, sizeof cwd))
        return false;
    return wsd_format(out, size, "%s%s%s", cwd, strcmp(cwd, "/") == 0 ? "" : "/", path);
}

void wsd_strip_trailing_slashes(char *path) {
    size_t n = strlen(path);
    while (n > 1 && path[n - 1] == '/')
        path[--n] = '\0';
}

bool wsd_starts_with(const char *s, const char *prefix) {
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

bool wsd_ends_with(const char *s, const char *suffix) {
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && memcmp(s + n - m, suffix, m) == 0;
}
