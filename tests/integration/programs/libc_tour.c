/* A spread of libc under WASI: argv, environment, exit status, qsort, formatting,
   parsing, file I/O in a preopened directory, math, strings, malloc. */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int cmp(const void *a, const void *b) {
    return *(const int *)a - *(const int *)b;
}

int main(int argc, char **argv) {
    printf("argc=%d argv1=%s argv2=%s\n", argc, argc > 1 ? argv[1] : "-", argc > 2 ? argv[2] : "-");
    const char *g = getenv("GREETING");
    printf("env GREETING=%s\n", g ? g : "(unset)");

    int v[] = {5, 3, 8, 1, 2};
    qsort(v, 5, sizeof v[0], cmp);
    printf("sorted: %d %d %d %d %d\n", v[0], v[1], v[2], v[3], v[4]);

    char buf[64];
    snprintf(buf, sizeof buf, "%.2f 0x%x %3d", 3.14159, 42, -7);
    printf("snprintf: %s\n", buf);
    printf("strtod: %g\n", strtod("2.5xyz", NULL));

    FILE *f = fopen("data/f.txt", "w");
    if (!f)
        return 10;
    fputs("hello, wasm!", f);
    fclose(f);
    f = fopen("data/f.txt", "r");
    if (!f)
        return 11;
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = '\0';
    fclose(f);
    printf("file: %zu bytes: %s\n", n, buf);

    printf("math: %.3f\n", sqrt(2.0));

    char *s = strdup("wasi");
    char up[8] = {0};
    for (int i = 0; s[i]; ++i)
        up[i] = (char)toupper((unsigned char)s[i]);
    printf("strings: %s %s %zu\n", up, s, strlen(s));
    free(s);

    int *nums = malloc(100 * sizeof *nums);
    long sum = 0;
    for (int i = 0; i < 100; ++i)
        nums[i] = i;
    for (int i = 0; i < 100; ++i)
        sum += nums[i];
    free(nums);
    printf("malloc: %ld\n", sum);
    return 42;
}
