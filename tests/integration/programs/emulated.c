/* Needs WASISDK_EMULATE=mman,long-double: mmap from wasi-emulated-mman, and printf of a
   long double from libc-printscan-long-double (without it the program aborts). */
#include <stdio.h>
#include <sys/mman.h>

int main(void) {
    char *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED)
        return 1;
    p[0] = 1;
    munmap(p, 4096);
    puts("mmap: ok");
    long double x = 2.5L;
    printf("long double: %.2Lf\n", x);
    return 0;
}
