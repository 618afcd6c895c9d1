#pragma once
// What a rustc is: `rustc -vV` (release, commit date, host, LLVM version; distro builds
// print "unknown" for hash and date) and `rustc --print sysroot` (a rustup proxy answers
// with its real toolchain's sysroot).
#include <filesystem>
#include <string>
#include <vector>

namespace wasisdk {

struct RustcInfo {
    std::string path;         // as given or found on PATH
    std::string release;      // "1.63.0", "1.80.0-beta.3", "1.82.0-nightly"
    std::string channel;      // stable, beta or nightly
    std::string commit_date;  // "2024-05-01" or "unknown"
    std::string host;         // "x86_64-unknown-linux-gnu"
    std::string llvm_version; // "14.0.6"
    std::filesystem::path sysroot;
    std::vector<unsigned> version; // {1, 63, 0}
};

// Throws Error naming the rustc and the fix when it cannot be run.
RustcInfo probe_rustc(const std::string &rustc);

// `rustc -vV` alone (no sysroot): one run instead of two, for commands that need only the
// release (env, cargo-config: through a rustup proxy each run costs ~0.27 s, rust.md).
RustcInfo probe_rustc_release(const std::string &rustc);

// Parses `rustc -vV` output (exposed for tests).
RustcInfo parse_rustc_vv(const std::string &text);

bool version_at_least(const std::vector<unsigned> &v, unsigned major, unsigned minor);

} // namespace wasisdk
