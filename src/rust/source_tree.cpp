#include "rust/source_tree.h"

#include "base/error.h"
#include "base/fs_util.h"
#include "base/text.h"
#include "model/version.h"

namespace wasisdk {

namespace fs = std::filesystem;

std::optional<RustSourceTree> find_rust_source_tree(const fs::path &start) {
    std::error_code ec;
    fs::path dir = fs::absolute(start, ec).lexically_normal();
    for (;;) {
        // src/bootstrap/ too: a project of any kind may have a src/version file.
        fs::path file = dir / "src" / "version";
        if (fs::is_regular_file(file, ec) && fs::is_directory(dir / "src" / "bootstrap", ec)) {
            std::string text = trim(read_file_if_exists(file).value_or(""));
            auto v = parse_version(text);
            if (!v || v->numbers.size() < 2)
                throw Error(file.string() + ": '" + text.substr(0, 40) +
                                "' is not a Rust version such as 1.96.0",
                            "fix the file, or run this outside the source tree", ExitCode::usage);
            return RustSourceTree{dir,
                                  text,
                                  {v->numbers,
                                   "the Rust " + text + " source tree at " + dir.string(),
                                   "use a source tree of Rust"}};
        }
        if (dir == dir.parent_path() || dir.empty())
            return std::nullopt;
        dir = dir.parent_path();
    }
}

} // namespace wasisdk
