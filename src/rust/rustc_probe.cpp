#include "rust/rustc_probe.h"

#include "base/error.h"
#include "base/process.h"
#include "base/text.h"
#include "model/version.h"

namespace wasisdk {

RustcInfo parse_rustc_vv(const std::string &text) {
    RustcInfo info;
    for (const auto &line : split(text, '\n')) {
        auto colon = line.find(": ");
        if (colon == std::string::npos)
            continue;
        std::string key = line.substr(0, colon), value = trim(line.substr(colon + 2));
        if (key == "release")
            info.release = value;
        else if (key == "commit-date")
            info.commit_date = value;
        else if (key == "host")
            info.host = value;
        else if (key == "LLVM version")
            info.llvm_version = value;
    }
    if (auto v = parse_version(info.release)) {
        info.version = v->numbers;
        info.channel = v->suffix.find("nightly") != std::string::npos ? "nightly"
                       : v->suffix.find("beta") != std::string::npos  ? "beta"
                       : v->suffix.find("dev") != std::string::npos   ? "nightly"
                                                                      : "stable";
    }
    return info;
}

bool version_at_least(const std::vector<unsigned> &v, unsigned major, unsigned minor) {
    unsigned a = v.size() > 0 ? v[0] : 0, b = v.size() > 1 ? v[1] : 0;
    return a > major || (a == major && b >= minor);
}

RustcInfo probe_rustc_release(const std::string &rustc) {
    auto vv = run_capture({rustc, "-vV"});
    if (vv.exit_code != 0) {
        // Only the first line: a rustup proxy without a toolchain prints a backtrace.
        std::string first = trim(split(trim(vv.output), '\n').front());
        throw Error("cannot run " + rustc + " -vV" + (first.empty() ? std::string() : ": " + first),
                    "install Rust, or pass --rustc PATH", ExitCode::not_found);
    }
    RustcInfo info = parse_rustc_vv(vv.output);
    if (info.version.empty() || info.host.empty())
        throw Error(rustc + " -vV printed no release or host", "pass --rustc with a real rustc",
                    ExitCode::not_found);
    info.path = rustc;
    return info;
}

RustcInfo probe_rustc(const std::string &rustc) {
    RustcInfo info = probe_rustc_release(rustc);
    auto sysroot = run_capture({rustc, "--print", "sysroot"});
    if (sysroot.exit_code != 0 || trim(sysroot.output).empty())
        throw Error("cannot run " + rustc + " --print sysroot", "pass --rustc with a real rustc",
                    ExitCode::not_found);
    info.sysroot = trim(sysroot.output);
    return info;
}

} // namespace wasisdk
