/* The README's run command ends by building this with wasm32-wasip1-clang and running it
   under node's WASI (tests/integration/run-wasi.mjs). */
#include <stdio.h>

int main(void) {
    printf("hello from wasm32-wasip1\n");
    return 0;
}
