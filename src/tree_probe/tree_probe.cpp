#include "tree_probe/tree_probe.h"

#include "base/error.h"
#include "base/fs_util.h"
#include "base/process.h"
#include "base/text.h"
#include "exec_path/sdk_facts.h"

#include <algorithm>
#include <future>
#include <memory>

namespace wasisdk {

namespace fs = std::filesystem;

namespace {

std::string relative_if_inside(const fs::path &p, const fs::path &root) {
    std::error_code ec;
    fs::path real = fs::weakly_canonical(p, ec);
    fs::path real_root = fs::weakly_canonical(root, ec);
    auto rel = real.lexically_relative(real_root);
    if (!rel.empty() && *rel.begin() != "..")
        return rel.generic_string();
    return real.string();
}

// "llvm-version: 19.1.5" in the VERSION file of releases 22+ (wasi-sdk's version.py
// `dump`: the sdk version, then wasi-libc:, llvm:, llvm-version:, config:). Its `llvm:`
// line comes first and is an llvm-project commit (wasi-sdk 33: "llvm: 4434dabb6991"), not a
// version: never read.
std::string llvm_version_from_version_file(const fs::path &root) {
    auto text = read_file_if_exists(root / "VERSION");
    if (!text)
        return {};
    for (const auto &line : split(*text, '\n')) {
        auto t = trim(line);
        if (t.starts_with("llvm-version:"))
            return trim(t.substr(13));
    }
    return {};
}

void probe_clang(const fs::path &root, TreeFacts &f) {
    std::error_code ec;
    fs::path clang = root / "bin" / "clang";
    if (!fs::exists(clang, ec))
        return;
    f.clang = "bin/clang";
    // The two questions run at once: each is a start of clang (~25 ms for the Debian-built
    // SDK of bench/install.sh, most of it the dynamic loader's work on libLLVM).
    auto asked_resource =
        std::async(std::launch::async, run_capture,
                   std::vector<std::string>{clang.string(), "-print-resource-dir"});
    auto version = run_capture({clang.string(), "--version"});
    auto resource = asked_resource.get();
    if (version.exit_code != 0)
        return; // e.g. another host's binary: facts from the tree only
    for (const auto &line : split(version.output, '\n')) {
        auto pos = line.find("clang version ");
        if (pos != std::string::npos && f.clang_version.empty()) {
            std::string rest = line.substr(pos + 14);
            f.clang_version = rest.substr(0, rest.find_first_of(" -+("));
        }
        if (line.starts_with("Target: "))
            f.default_target = trim(line.substr(8));
    }
    if (resource.exit_code == 0)
        f.resource_dir = relative_if_inside(trim(resource.output), root);
}

// The sysroot's triples by the driver's rule (exec_path/sdk_facts.h: lib/wasm32-*
// entries), so that what `show` and the receipt say is what the wrappers act on; plus
// what only install records: whether some triple has libc.so (30+).
void probe_sysroot(const fs::path &sysroot, const fs::path &root, TreeFacts &f) {
    std::error_code ec;
    if (!fs::is_directory(sysroot / "lib", ec))
        return;
    f.sysroot = relative_if_inside(sysroot, root);
    if (f.sysroot.empty() || f.sysroot == ".")
        f.sysroot = ".";
    auto facts = std::make_unique<wsd_sdk_facts>(); // ~9 KB
    if (!wsd_sdk_facts_init(facts.get(), root.c_str(), "") ||
        !wsd_format(facts->sysroot, sizeof facts->sysroot, "%s", sysroot.c_str()))
        throw Error(sysroot.string() + ": path too long", "install into a shorter WASISDK_HOME");
    wsd_probe_sysroot_triples(facts.get());
    for (std::size_t i = 0; i < facts->triple_count; ++i) {
        f.sysroot_targets.emplace_back(facts->triples[i]); // sorted by the probe
        if (fs::exists(sysroot / "lib" / facts->triples[i] / "libc.so", ec))
            f.shared_libc = true;
    }
}

// `relative_to`: paths are recorded relative to it (the tree), or absolute when empty.
void probe_builtins(const fs::path &root, TreeFacts &f, const fs::path &relative_to) {
    std::error_code ec;
    fs::path lib = root / "lib";
    if (!fs::is_directory(lib, ec))
        return;
    // Builtins moved three times (lib/clang/<v>/lib/wasi, lib/wasi, lib/<triple>);
    // the sysroot is not searched (it holds libc, not compiler-rt).
    for (auto it = fs::recursive_directory_iterator(lib, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
        if (it->path().filename() == "wasi-sysroot") {
            it.disable_recursion_pending();
            continue;
        }
        std::string name = it->path().filename().string();
        // A system resource dir also holds the host's (lib/linux/): wasm ones only.
        std::string dir = it->path().parent_path().filename().string();
        bool wasm = dir.starts_with("wasi") || dir.starts_with("wasm") ||
                    name.find("wasm") != std::string::npos;
        if (name.starts_with("libclang_rt.builtins") && name.ends_with(".a") &&
            (wasm || !relative_to.empty()))
            f.builtins.push_back(relative_to.empty()
                                     ? it->path().generic_string()
                                     : it->path().lexically_relative(relative_to).generic_string());
    }
    std::sort(f.builtins.begin(), f.builtins.end());
}

} // namespace

TreeFacts probe_tree(const fs::path &root, ArtifactKind kind) {
    TreeFacts f;
    std::error_code ec;
    switch (kind) {
    case ArtifactKind::sdk:
        probe_clang(root, f);
        probe_sysroot(root / WSD_SYSROOT_DIR, root, f);
        probe_builtins(root, f, root);
        // A view of the system's toolchain (`link --system`) links bin/clang, which then
        // uses the resource dir beside its real path: the builtins are there.
        if (fs::path(f.resource_dir).is_absolute())
            probe_builtins(f.resource_dir, f, {});
        for (const auto &e : fs::directory_iterator(root / "bin", ec))
            if (e.path().extension() == ".cfg")
                f.cfg_files.push_back("bin/" + e.path().filename().string());
        std::sort(f.cfg_files.begin(), f.cfg_files.end());
        f.wasm_component_ld = fs::exists(root / "bin" / WSD_COMPONENT_LD, ec);
        break;
    case ArtifactKind::sysroot:
        probe_sysroot(root, root, f);
        break;
    case ArtifactKind::builtins:
        probe_builtins(root, f, root);
        break;
    }
    f.llvm_version = llvm_version_from_version_file(root);
    if (f.llvm_version.empty())
        f.llvm_version = f.clang_version;
    return f;
}

} // namespace wasisdk
