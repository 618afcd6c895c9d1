#include <stdio.h>
int arith_add(int, int);
int arith_mul(int, int);
int main(void) {
    printf("2+3=%d 2*3=%d\n", arith_add(2, 3), arith_mul(2, 3));
    return 0;
}
