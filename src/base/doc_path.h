#pragma once
// Citing wasisdk's documentation in a message: the copy that `cmake --install` puts in
// <prefix>/share/doc/wasisdk/ (cli/CMakeLists.txt), found from the running
// executable (<prefix>/bin/wasisdk, <prefix>/libexec/wasisdk/wasisdk-core), rather than
// a docs/ path that only the source tree has.
#include <string>

namespace wasisdk {

// "/usr/share/doc/wasisdk/manifest-format.md" when installed; in a build tree, which has
// no installed docs, "docs/manifest-format.md in the wasisdk sources".
std::string doc_reference(const std::string &name);

} // namespace wasisdk
