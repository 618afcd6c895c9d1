#pragma once
// Builds the compat archives of exec_path/cxx_compat.h (which says what they are and why)
// for an SDK being installed, linked or repaired: per sysroot triple that a wrapper
// serves and that has libc++, it reads the symbol index of the libraries a C++ link
// takes by default (libc++abi.a and libc++.a, in lib/<triple>/ and, on 33+ trees, its
// eh/ and noeh/; libc.a) and, only when none of them defines __cxa_thread_atexit,
// compiles src/store/compat/thread_atexit.c with the SDK's own clang and archives it
// with its llvm-ar into <install>/compat/<triple>/libwasisdk-compat.a.
//
// The rule that keeps it safe: an archive is built only when every library was read
// and none defines the symbol. The wrappers put the archive before clang's -lc++abi,
// and the linker takes the first definition it sees, so where the SDK's own definition
// exists the archive would replace it; where an index cannot be read ("unknown"),
// nothing is built.
#include "model/receipt.h"

#include <filesystem>
#include <string>
#include <vector>

namespace wasisdk {

// The libraries of `triple` in `tree`'s sysroot whose index decides, those that exist.
std::vector<std::filesystem::path> cxx_runtime_libraries(const std::filesystem::path &tree,
                                                         const std::string &triple);

// Where __cxa_thread_atexit comes from on `triple` (CompatEntry::thread_atexit), from
// the tree alone, without building anything: "sdk", "fallback" or "explained" (what
// would be built), "unknown" (detail says which index and why); "" when the triple has
// no libc++ or no wrapper serves it.
CompatEntry survey_thread_atexit(const std::filesystem::path &tree, const std::string &triple);

// survey_thread_atexit for every sysroot triple of `tree` (sorted) where it is not "".
std::vector<CompatEntry> survey_cxx_compat(const std::filesystem::path &tree);

// Surveys every sysroot triple of `tree` and builds the archives that are needed under
// `install_dir` (compat/ must not exist yet). `label` ("wasi-sdk 25.0") names the SDK in
// the threads message. A failed build is an entry "failed" with the reason, never an
// exception: the SDK is usable without it.
std::vector<CompatEntry> build_cxx_compat(const std::filesystem::path &tree,
                                          const std::filesystem::path &install_dir,
                                          const std::string &label);

// The line a user is told for an entry at install time, or "" when there is nothing to
// say ("sdk", "fallback").
std::string describe_compat(const CompatEntry &entry, const std::string &label);

} // namespace wasisdk
