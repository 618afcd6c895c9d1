#include "rust/rust_target.h"

#include "base/error.h"

namespace wasisdk {

namespace {

// From Rust 1.<since> on, `requested` is called `from`; before, `before` (nullptr: the
// target did not exist yet). Sources: the release notes of 1.78 (wasm32-wasip1,
// wasm32-wasip1-threads), 1.82 (wasm32-wasip2 tier 2) and 1.84 (wasm32-wasi removed).
struct NameRule {
    const char *requested;
    unsigned since;
    const char *before;
    const char *from;
};

constexpr NameRule kRules[] = {
    {"wasm32-wasip1", 78, "wasm32-wasi", "wasm32-wasip1"},
    {"wasm32-wasi", 84, "wasm32-wasi", "wasm32-wasip1"},
    {"wasm32-wasip1-threads", 78, nullptr, "wasm32-wasip1-threads"},
    {"wasm32-wasip2", 82, nullptr, "wasm32-wasip2"},
};

} // namespace

std::string rust_target_name(const std::string &requested, const RustRelease &release) {
    for (const auto &rule : kRules) {
        if (requested != rule.requested)
            continue;
        if (version_at_least(release.version, 1, rule.since))
            return rule.from;
        if (rule.before)
            return rule.before;
        std::string needs = "1." + std::to_string(rule.since);
        throw Error(release.label + " is too old for " + requested + " (it needs " + needs + ")",
                    release.upgrade + " " + needs + " or later, or use wasm32-wasip1",
                    ExitCode::not_found);
    }
    throw Error("unknown Rust target '" + requested + "'",
                "use wasm32-wasip1, wasm32-wasip1-threads, wasm32-wasip2 or wasm32-wasi",
                ExitCode::usage);
}

std::string rust_target_name(const std::string &requested, const RustcInfo &rustc) {
    return rust_target_name(requested,
                            {rustc.version, "rustc " + rustc.release, "upgrade Rust to"});
}

} // namespace wasisdk
