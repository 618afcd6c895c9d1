#include "rust/rust_target.h"

#include "base/error.h"

namespace wasisdk {

std::string rust_target_name(const std::string &requested, const RustcInfo &rustc) {
    const auto &v = rustc.version;
    auto too_old = [&](const char *needs) {
        return Error("rustc " + rustc.release + " is too old for " + requested + " (it needs " +
                         needs + ")",
                     std::string("upgrade Rust to ") + needs + " or later, or use wasm32-wasip1",
                     ExitCode::not_found);
    };
    if (requested == "wasm32-wasip1")
        return version_at_least(v, 1, 78) ? "wasm32-wasip1" : "wasm32-wasi";
    if (requested == "wasm32-wasi")
        return version_at_least(v, 1, 84) ? "wasm32-wasip1" : "wasm32-wasi";
    if (requested == "wasm32-wasip1-threads") {
        if (!version_at_least(v, 1, 78))
            throw too_old("1.78");
        return requested;
    }
    if (requested == "wasm32-wasip2") {
        if (!version_at_least(v, 1, 82))
            throw too_old("1.82");
        return requested;
    }
    throw Error("unknown Rust target '" + requested + "'",
                "use wasm32-wasip1, wasm32-wasip1-threads, wasm32-wasip2 or wasm32-wasi",
                ExitCode::usage);
}

} // namespace wasisdk
