// C++ thread_local objects with destructors (issue 10, item 6): clang registers each
// destructor with __cxa_thread_atexit on first use. The destructors must run at exit,
// the thread_local one (constructed last) before the static one.
#include <cstdio>
#include <string>

struct Loud {
    const char *name;
    ~Loud() { std::printf("~Loud(%s)\n", name); }
};

static Loud static_loud{"static"};
thread_local std::string greeting = "hello";
thread_local Loud thread_loud{"thread_local"};

int main() {
    greeting += " from a thread_local std::string";
    std::printf("%s, %s\n", greeting.c_str(), thread_loud.name);
    return 0;
}
