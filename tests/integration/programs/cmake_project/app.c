#include <stdio.h>
const char *greeting(int argc);
int shared_value(void);
int main(int argc, char **argv) {
    (void)argv;
    printf("greeting: %s\n", greeting(argc));
    printf("shared: %d\n", shared_value());
    return 0;
}
