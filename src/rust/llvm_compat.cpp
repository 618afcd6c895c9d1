#include "rust/llvm_compat.h"

#include <cstdlib>

namespace wasisdk {

LinkCompat external_link_compat(const std::string &rustc_llvm, const std::string &sdk_llvm) {
    int rust = std::atoi(rustc_llvm.c_str()), sdk = std::atoi(sdk_llvm.c_str());
    if (sdk == rust)
        return LinkCompat::same_llvm;
    // The one measured failure is 5 majors apart (14 -> 19).
    return sdk - rust >= 5 ? LinkCompat::known_failure : LinkCompat::untested;
}

} // namespace wasisdk
