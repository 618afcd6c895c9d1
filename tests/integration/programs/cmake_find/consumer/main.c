#include <math.h>
#include <stdio.h>
#include <zlib.h>
int main(void) {
    printf("zlib %s, sqrt %.1f\n", zlibVersion(), sqrt(6.25));
    return 0;
}
