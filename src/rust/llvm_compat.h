#pragma once
// Whether rustc's rlibs and an SDK's wasm-ld get along in external linking
// (-Clinker=<clang> -Clink-self-contained=no). Measured here: rustc 1.63 (LLVM 14) rlibs
// with wasm-ld 19 fail with "archive member 'lib.rmeta' is neither Wasm object file nor
// LLVM bitcode"; with wasm-ld 14 they link. Combinations in between were not measured,
// so they are reported as untested rather than as failures.
#include <string>

namespace wasisdk {

enum class LinkCompat { same_llvm, untested, known_failure };

// Compares the LLVM major versions ("14.0.6" vs "19.1.7").
LinkCompat external_link_compat(const std::string &rustc_llvm, const std::string &sdk_llvm);

} // namespace wasisdk
