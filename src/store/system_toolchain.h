#pragma once
// The distribution's own WASI toolchain (docs/system-toolchain.md). Debian and Ubuntu
// ship every piece of a wasi-sdk as packages spread over /usr: clang, lld and llvm per
// LLVM major in /usr/lib/llvm-N, wasi-libc in /usr/{include,lib}/wasm32-wasi, the
// wasm32 compiler-rt builtins in clang's resource dir, libc++ in
// /usr/lib/llvm-N/{include,lib}/wasm32-wasi. This module
//  - finds those pieces for each LLVM major, from the tree (a layout table of paths),
//    never from the distribution's name;
//  - names the packages of a missing piece for the distribution /etc/os-release
//    describes (the only use of its name);
//  - lays out an SDK-shaped view of them (symlinks and one VERSION file, nothing
//    copied) that every wasisdk command then treats as any other SDK.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace wasisdk {

enum class Piece { clang, wasm_ld, llvm_tools, wasi_libc, builtins, libcxx };

// "clang", "wasm-ld", ... as the user reads them.
const char *describe(Piece piece);
// Without it the view cannot compile and link C (libc++ and the llvm tools are not).
bool required(Piece piece);

struct SystemLlvm {
    int major = 0;
    std::filesystem::path llvm_dir;     // <root>/usr/lib/llvm-19
    std::filesystem::path resource_dir; // <llvm_dir>/lib/clang/19 (14.0.6 before LLVM 16)
    std::string clang_version;          // "19.1.7" from clang --version; empty if it did not run
    std::vector<std::string> triples;   // sysroot triples wasi-libc serves (wasm32-wasi)
    std::vector<Piece> missing;         // in Piece order
    bool usable() const;                // no required piece missing
};

struct Distro {
    std::string id;     // os-release ID ("debian"), empty when unknown
    std::string pretty; // PRETTY_NAME ("Debian GNU/Linux 12 (bookworm)"), else the ID
    std::string family; // "debian" (also Ubuntu and ID_LIKE=debian), or empty: no names known
};

struct SystemProbe {
    std::filesystem::path root; // "/" (WASISDK_SYSTEM_ROOT for tests)
    std::string layout;         // the layout table row the pieces were looked for by
    Distro distro;
    std::vector<SystemLlvm> llvms; // every LLVM major with a clang or a wasm piece, newest first
};

// "/" unless WASISDK_SYSTEM_ROOT names another prefix (a test hook: a tree of symlinks
// into /usr with a piece left out stands for a machine without that package).
std::filesystem::path system_root();

Distro detect_distro(const std::filesystem::path &root);
SystemProbe probe_system(const std::filesystem::path &root);

// The install command for `pieces` of LLVM `major` (0: the distribution's default LLVM)
// on `distro`, e.g. "apt-get install wasi-libc libclang-rt-19-dev-wasm32"; empty when
// wasisdk knows no package names for it.
std::string install_command(const Distro &distro, int major, const std::vector<Piece> &pieces);

// "LLVM 19 lacks wasi-libc and the wasm32 compiler-rt builtins", for messages.
std::string describe_missing(const SystemLlvm &llvm, bool required_only);

// What a view of `llvm` cannot do, in words ("no wasm32-wasip1-threads sysroot",
// "libc++ without threads"), read from the tree.
std::vector<std::string> system_limits(const SystemLlvm &llvm, const std::filesystem::path &view);

// Lays out the view of `llvm` (which must be usable) in `dir`, a new directory:
// bin/ links to the LLVM's tools, share/wasi-sysroot/{include,lib}/<triple>/ real
// directories of per-entry links into wasi-libc's and libc++'s, and VERSION saying
// what it is. Writes nothing outside `dir`.
void make_system_view(const SystemProbe &probe, const SystemLlvm &llvm, const std::string &name,
                      const std::filesystem::path &dir);

} // namespace wasisdk
