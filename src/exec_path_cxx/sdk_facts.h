#pragma once
// What an SDK tree offers the driver (sysroot triples, C++ library, exception runtime,
// emulation libraries, wasm-component-ld): the C++ face of exec_path/sdk_facts.h, for
// `doctor` and the tests.
#include "exec_path/sdk_facts.h"

#include <filesystem>
#include <string>
#include <vector>

namespace wasisdk {

using SdkFacts = wsd_sdk_facts;
using TripleFacts = wsd_triple_facts;

SdkFacts probe_sdk(const std::filesystem::path &root, const std::string &label);
TripleFacts probe_triple(const SdkFacts &sdk, const std::string &triple);

// Facts described by hand (tests, fuzzing): an SDK at `root` with these sysroot triples.
SdkFacts describe_sdk(const std::filesystem::path &root, const std::string &label,
                      const std::vector<std::string> &triples, bool component_ld);

// The bit for emulation library `library` (e.g. "wasi-emulated-mman") in
// TripleFacts::emulation_libraries; 0 for a library no emulation uses.
unsigned emulation_library_bit(const std::string &library);

} // namespace wasisdk
