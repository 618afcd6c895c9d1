#include "driver/sdk_facts.h"

#include <dirent.h>
#include <sys/stat.h>

namespace wasisdk {

namespace fs = std::filesystem;

namespace {

bool path_exists(const fs::path &p) {
    struct stat st;
    return ::stat(p.c_str(), &st) == 0;
}

// Names in a directory (readdir: one system call for small directories).
template <typename F> void each_entry(const fs::path &dir, F &&f) {
    DIR *d = ::opendir(dir.c_str());
    if (!d)
        return;
    while (const dirent *e = ::readdir(d))
        if (e->d_name[0] != '.')
            f(std::string(e->d_name));
    ::closedir(d);
}

} // namespace

SdkFacts probe_sdk(const fs::path &root, std::string label) {
    SdkFacts s;
    s.label = std::move(label);
    s.root = root;
    s.sysroot = root / "share" / "wasi-sysroot";
    each_entry(s.sysroot / "lib", [&](const std::string &name) {
        if (name.starts_with("wasm32-"))
            s.triples.insert(name);
    });
    s.component_ld = path_exists(root / "bin" / "wasm-component-ld");
    return s;
}

TripleFacts probe_triple(const SdkFacts &sdk, const std::string &triple) {
    TripleFacts f;
    fs::path lib = sdk.sysroot / "lib" / triple;
    each_entry(lib, [&](const std::string &name) {
        if (name.starts_with("lib") && name.ends_with(".a"))
            f.archives.insert(name.substr(3, name.size() - 5));
    });
    f.exceptions = path_exists(lib / "eh" / "libc++.a");
    f.libcxx = f.archives.count("c++") || f.exceptions || path_exists(lib / "noeh" / "libc++.a");
    f.cxx_headers = path_exists(sdk.sysroot / "include" / triple / "c++" / "v1");
    return f;
}

} // namespace wasisdk
