/* wasisdk's compat archive for one sysroot triple (src/exec_path/cxx_compat.h has the
   whole story). Compiled by store/cxx_compat.cpp with the SDK's own clang, for the
   triples whose libc++abi, libc++ and libc do not define __cxa_thread_atexit, and put
   on C++ links by the wrappers. clang calls
       __cxa_thread_atexit(destructor, object, &__dso_handle)
   the first time a thread_local object with a non-trivial destructor is used, so that
   the destructor runs when the thread ends.

   Single-threaded triples (wasm32-wasip1, wasm32-wasi, wasm32-wasip2): the only thread
   is the main one, and it ends at exit, so registering the destructor with
   __cxa_atexit (wasi-libc's, the one static objects use) runs it at the right moment,
   in reverse order of construction with the destructors of static objects.

   Threads triples, built with -DWASISDK_EXPLAIN="...": registering with __cxa_atexit
   would run every thread's destructors at exit, on objects whose threads are gone. The
   definition instead calls a function named by the message, which nothing defines, so
   the link fails with one line saying so (wasm-ld: "undefined symbol: <message>"),
   and only in programs that need the symbol. */
int __cxa_atexit(void (*destructor)(void *), void *object, void *dso_handle);

#ifndef WASISDK_EXPLAIN
int __cxa_thread_atexit(void (*destructor)(void *), void *object, void *dso_handle) {
    return __cxa_atexit(destructor, object, dso_handle);
}
#else
void wasisdk_explain(void) __asm__(WASISDK_EXPLAIN);
int __cxa_thread_atexit(void (*destructor)(void *), void *object, void *dso_handle) {
    (void)destructor;
    (void)object;
    (void)dso_handle;
    wasisdk_explain();
    return -1;
}
#endif
