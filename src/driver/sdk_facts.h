#pragma once
// What an SDK tree offers the driver, read with a few stat/readdir calls per run (no
// clang run, no JSON): cheap enough for the exec path, and right for trees wasisdk did
// not install (WASI_SDK_PATH). The planner (exec_plan.h) takes these as plain data so
// that tests can describe every SDK era without building one.
#include <filesystem>
#include <map>
#include <set>
#include <string>

namespace wasisdk {

struct TripleFacts {
    bool cxx_headers = false; // include/<triple>/c++/v1
    bool libcxx = false;      // lib/<triple>/libc++.a (or its eh/ noeh/ variants)
    bool exceptions = false;  // lib/<triple>/eh/: an exception-handling libc++ (33+)
    std::set<std::string> archives; // "wasi-emulated-mman" for lib/<triple>/libwasi-emulated-mman.a
};

struct SdkFacts {
    std::string label;              // "wasi-sdk 25.0", or the tree's path
    std::filesystem::path root;     // the SDK tree (bin/, share/wasi-sysroot/)
    std::filesystem::path sysroot;  // root/share/wasi-sysroot
    std::set<std::string> triples;  // sysroot lib/<triple> directories
    bool component_ld = false;      // bin/wasm-component-ld
};

SdkFacts probe_sdk(const std::filesystem::path &root, std::string label);
TripleFacts probe_triple(const SdkFacts &sdk, const std::string &triple);

} // namespace wasisdk
