#include <stdio.h>
#include <twice.h>
int main(int argc, char **argv) {
    (void)argv;
    printf("twice(%d args) = %d\n", argc, twice(argc));
    return 0;
}
