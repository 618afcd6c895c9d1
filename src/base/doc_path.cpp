#include "base/doc_path.h"

#include <filesystem>
#include <system_error>

namespace wasisdk {

std::string doc_reference(const std::string &name) {
    namespace fs = std::filesystem;
    std::error_code ec;
    fs::path dir = fs::read_symlink("/proc/self/exe", ec).parent_path();
    // bin/ is one level below the prefix, libexec/wasisdk/ two.
    for (const fs::path &prefix : {dir.parent_path(), dir.parent_path().parent_path()}) {
        fs::path doc = prefix / "share" / "doc" / "wasisdk" / name;
        std::error_code missing;
        if (!ec && fs::is_regular_file(doc, missing))
            return doc.lexically_normal().string();
    }
    return "docs/" + name + " in the wasisdk sources";
}

} // namespace wasisdk
