// wasisdk-driver: the wrappers (wasm32-wasip1-clang, -clang++, -ar, ...). Its role
// comes from the name it is called by; src/driver/ does the rest.
#include "driver/driver_main.h"

int main(int argc, char **argv) { return wasisdk::driver_main(argc, argv); }
