#include "rust/cargo_target.h"

#include "base/error.h"
#include "base/text.h"
#include "rust/rust_target.h"

namespace wasisdk {

RustcChoice choose_rustc(const std::string &option, const char *rustc_env) {
    if (!option.empty())
        return {option, "--rustc " + printable(option), true};
    if (rustc_env && *rustc_env)
        return {rustc_env, "RUSTC=" + printable(rustc_env), false};
    return {"rustc", "on PATH", false};
}

CargoTargetNames cargo_target_names(const std::string &requested, const RustcChoice &rustc,
                                    const RustcReleaseProbe &probe) {
    std::vector<std::string> all = rust_target_names_of_any_release(requested);
    if (all.size() == 1)
        return {all, ""}; // one name in every release that has the target: nothing to ask
    RustcInfo info;
    try {
        info = probe(rustc.program);
    } catch (const Error &e) {
        if (rustc.given)
            throw;
        std::string names;
        for (const auto &n : all)
            names += (names.empty() ? "" : " and ") + n;
        return {all, "no rustc said which name it reads for " + requested + " (" + e.what() +
                         "; set RUSTC or pass --rustc), so both " + names};
    }
    RustRelease release = rust_release(info);
    std::string name = rust_target_name(requested, release);
    std::string reason = rust_target_rename_reason(requested, release);
    if (reason.empty())
        return {{name}, ""};
    return {{name},
            release.label + " (" + rustc.origin + ") knows " + requested + " as " + name + " (" +
                reason + ")"};
}

} // namespace wasisdk
