/* Runs a command N times (fork + execv + wait) and prints the median and the 10th/90th
   percentile wall time in microseconds. Used by bench/driver.sh: a spawn costs the same
   for every contender, so differences are the contenders' own. */
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static int cmp(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv) {
    if (argc < 3) {
        fprintf(stderr, "usage: spawn_timer N PROGRAM [ARGS...]\n");
        return 2;
    }
    int n = atoi(argv[1]);
    double *t = malloc(sizeof(double) * (size_t)n);
    for (int i = 0; i < n; ++i) {
        struct timespec a, b;
        clock_gettime(CLOCK_MONOTONIC, &a);
        pid_t pid = fork();
        if (pid == 0) {
            freopen("/dev/null", "w", stdout);
            execv(argv[2], argv + 2);
            _exit(127);
        }
        int status;
        waitpid(pid, &status, 0);
        clock_gettime(CLOCK_MONOTONIC, &b);
        if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
            fprintf(stderr, "spawn_timer: %s failed (status %d)\n", argv[2], status);
            return 1;
        }
        t[i] = (double)(b.tv_sec - a.tv_sec) * 1e6 + (double)(b.tv_nsec - a.tv_nsec) / 1e3;
    }
    qsort(t, (size_t)n, sizeof t[0], cmp);
    printf("%.0f %.0f %.0f\n", t[n / 2], t[n / 10], t[n * 9 / 10]);
    return 0;
}
