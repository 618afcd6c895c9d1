/* Runs two commands N times each, interleaved (A B, B A, A B, ...), and prints the
   median wall time of each and the median of the paired differences B - A, in
   microseconds. Interleaving makes both see the same machine: clang's ~30 ms runs
   drift by milliseconds over a minute here, which sequential blocks would read as
   overhead. Usage: spawn_pair N A [ARGS...] --- B [ARGS...] */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static int cmp(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double run(char **argv) {
    struct timespec a, b;
    clock_gettime(CLOCK_MONOTONIC, &a);
    pid_t pid = fork();
    if (pid == 0) {
        freopen("/dev/null", "w", stdout);
        execv(argv[0], argv);
        _exit(127);
    }
    int status;
    waitpid(pid, &status, 0);
    clock_gettime(CLOCK_MONOTONIC, &b);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        fprintf(stderr, "spawn_pair: %s failed (status %d)\n", argv[0], status);
        exit(1);
    }
    return (double)(b.tv_sec - a.tv_sec) * 1e6 + (double)(b.tv_nsec - a.tv_nsec) / 1e3;
}

static double median(double *v, int n) {
    qsort(v, (size_t)n, sizeof v[0], cmp);
    return v[n / 2];
}

int main(int argc, char **argv) {
    int sep = 2;
    while (sep < argc && strcmp(argv[sep], "---") != 0)
        ++sep;
    if (argc < 5 || sep >= argc - 1 || sep == 2) {
        fprintf(stderr, "usage: spawn_pair N A [ARGS...] --- B [ARGS...]\n");
        return 2;
    }
    argv[sep] = NULL;
    char **a = argv + 2, **b = argv + sep + 1;
    int n = atoi(argv[1]);
    double *ta = malloc(sizeof(double) * (size_t)n), *tb = malloc(sizeof(double) * (size_t)n),
           *d = malloc(sizeof(double) * (size_t)n);
    for (int i = 0; i < n; ++i) {
        if (i % 2 == 0) {
            ta[i] = run(a);
            tb[i] = run(b);
        } else {
            tb[i] = run(b);
            ta[i] = run(a);
        }
        d[i] = tb[i] - ta[i];
    }
    printf("%.0f %.0f %.0f\n", median(ta, n), median(tb, n), median(d, n));
    return 0;
}
