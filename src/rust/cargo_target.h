#pragma once
// The rustc a command means, and the names cargo and the cc crate read for a target with
// that rustc: CC_<t>, CXX_<t>, AR_<t>, CARGO_TARGET_<T>_*, [target.<t>]. rustc 1.63 knows
// only wasm32-wasi, 1.84 and later only wasm32-wasip1 (rust_target.h has the rule);
// variables under the other spelling are never read, and the cc crate then falls back
// to the host's clang and GNU ar ("archive has no index").
#include "rust/rustc_probe.h"

#include <functional>
#include <string>
#include <vector>

namespace wasisdk {

struct RustcChoice {
    std::string program; // what to run: a path, or a name PATH finds
    std::string origin;  // how messages name where it came from: "--rustc X", "RUSTC=X",
                         // "on PATH"
    bool given = false;  // by --rustc: a rustc that does not run is then an error
};

// The rustc cargo would run: --rustc when given, else $RUSTC when set and not empty
// (cargo's own override), else `rustc` on PATH (a rustup proxy there resolves the
// toolchain of the working directory, as it does for cargo). Cargo's `build.rustc`
// setting in .cargo/config.toml is not read: pass --rustc for that one.
RustcChoice choose_rustc(const std::string &option, const char *rustc_env);

struct CargoTargetNames {
    std::vector<std::string> names; // the spellings to write, oldest first
    std::string why;                // empty when names == {requested}
};

// Runs a rustc's `rustc -vV` (probe_rustc_release); tests inject their own.
using RustcReleaseProbe = std::function<RustcInfo(const std::string &program)>;

// The names of `requested` that cargo reads with `rustc`: the one that rustc knows,
// asked only for targets whose name changed between releases (wasm32-wasip1,
// wasm32-wasi). When no rustc answers (none on PATH, a rustup proxy without a
// toolchain), every name the target ever had, since variables nobody reads do no harm;
// unless the rustc was given by --rustc, whose failure is thrown. `why` says which
// rustc and release decided, for a note: "rustc 1.63.0 (RUSTC=/usr/bin/rustc) knows
// wasm32-wasip1 as wasm32-wasi (no wasm32-wasip1 before Rust 1.78)", or "no rustc said
// which name it reads for wasm32-wasip1 (cannot run rustc -vV; set RUSTC or pass
// --rustc), so both wasm32-wasi and wasm32-wasip1".
CargoTargetNames cargo_target_names(const std::string &requested, const RustcChoice &rustc,
                                    const RustcReleaseProbe &probe = probe_rustc_release);

} // namespace wasisdk
