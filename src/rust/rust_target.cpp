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

const NameRule *find_rule(const std::string &requested) {
    for (const auto &rule : kRules)
        if (requested == rule.requested)
            return &rule;
    return nullptr;
}

std::string since(const NameRule &rule) {
    return "1." + std::to_string(rule.since);
}

} // namespace

std::string rust_target_name(const std::string &requested, const RustRelease &release) {
    const NameRule *rule = find_rule(requested);
    if (!rule)
        throw Error("unknown Rust target '" + requested + "'",
                    "use wasm32-wasip1, wasm32-wasip1-threads, wasm32-wasip2 or wasm32-wasi",
                    ExitCode::usage);
    if (version_at_least(release.version, 1, rule->since))
        return rule->from;
    if (rule->before)
        return rule->before;
    throw Error(release.label + " is too old for " + requested + " (it needs " + since(*rule) + ")",
                release.upgrade + " " + since(*rule) + " or later, or use wasm32-wasip1",
                ExitCode::not_found);
}

RustRelease rust_release(const RustcInfo &rustc) {
    return {rustc.version, "rustc " + rustc.release, "upgrade Rust to"};
}

std::string rust_target_name(const std::string &requested, const RustcInfo &rustc) {
    return rust_target_name(requested, rust_release(rustc));
}

std::string rust_target_rename_reason(const std::string &requested, const RustRelease &release) {
    const NameRule *rule = find_rule(requested);
    if (!rule || rust_target_name(requested, release) == requested)
        return "";
    return version_at_least(release.version, 1, rule->since)
               ? "no " + requested + " from Rust " + since(*rule) + " on"
               : "no " + requested + " before Rust " + since(*rule);
}

std::vector<std::string> rust_target_names_of_any_release(const std::string &requested) {
    const NameRule *rule = find_rule(requested);
    if (!rule)
        return {requested};
    std::vector<std::string> names;
    if (rule->before)
        names.push_back(rule->before);
    if (names.empty() || names.front() != rule->from)
        names.push_back(rule->from);
    return names;
}

} // namespace wasisdk
