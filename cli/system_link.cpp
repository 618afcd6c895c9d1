#include "system_link.h"
#include "wrapper_setup.h"

#include "base/error.h"
#include "base/process.h"
#include "base/text.h"
#include "exec_path/sdk_facts.h"
#include "store/system_toolchain.h"

#include <algorithm>

namespace wasisdk::cli {

namespace {

const std::vector<Piece> kAllPieces = {Piece::clang,     Piece::wasm_ld,  Piece::llvm_tools,
                                       Piece::wasi_libc, Piece::builtins, Piece::libcxx};

std::string join(const std::vector<std::string> &items, const std::string &sep) {
    std::string out;
    for (const auto &s : items)
        out += (out.empty() ? "" : sep) + s;
    return out;
}

std::vector<Piece> required_missing(const SystemLlvm &l) {
    std::vector<Piece> out;
    std::copy_if(l.missing.begin(), l.missing.end(), std::back_inserter(out), required);
    return out;
}

// "apt-get install X, then wasisdk link --system", or what to do where wasisdk knows no
// package names.
std::string packages_fix(const SystemProbe &probe, int major, const std::vector<Piece> &pieces,
                         const std::string &then) {
    std::string cmd = install_command(probe.distro, major, pieces);
    if (cmd.empty())
        return "install your distribution's clang, lld, wasi-libc and wasm32 compiler-rt packages "
               "(wasisdk knows Debian's and Ubuntu's layout: docs/system-toolchain.md), or use a "
               "wasi-sdk release (wasisdk install latest)";
    return then.empty() ? cmd : cmd + ", then " + then;
}

std::string where(const SystemProbe &probe) {
    return "the system's packages under " + probe.root.string() +
           (probe.distro.pretty.empty() ? "" : " (" + probe.distro.pretty + ")");
}

Error nothing_usable(const SystemProbe &probe) {
    if (probe.llvms.empty())
        return Error("no WASI toolchain among " + where(probe) + ": no clang in " +
                         (probe.root / "usr/lib/llvm-*").string(),
                     packages_fix(probe, 0, kAllPieces, "wasisdk link --system"),
                     ExitCode::not_found);
    std::vector<std::string> what;
    for (const auto &l : probe.llvms)
        what.push_back(describe_missing(l, true));
    const SystemLlvm &newest = probe.llvms.front();
    return Error(
        "no complete WASI toolchain among " + where(probe) + ": " + join(what, "; "),
        packages_fix(probe, newest.major, required_missing(newest), "wasisdk link --system"),
        ExitCode::not_found);
}

const SystemLlvm *find_major(const SystemProbe &probe, int major) {
    for (const auto &l : probe.llvms)
        if (l.major == major)
            return &l;
    return nullptr;
}

// Debian's clang runs wasm-ld-N, looked for beside its real path (/usr/lib/llvm-N/bin,
// which has none) and then on PATH (/usr/bin/wasm-ld-N): a PATH without /usr/bin leaves
// it without a linker. Asks clang which linker a link would run (-###).
SystemCheck linker_check(const SystemProbe &probe, const SystemLlvm &l, const fs::path &view) {
    auto r = run_capture({(view / "bin" / "clang").string(), "--target=" + l.triples.front(),
                          "-###", "-x", "c", "/dev/null", "-o", "/dev/null"});
    auto lines = split(trim(r.output), '\n');
    std::string last = lines.empty() ? "" : trim(lines.back());
    std::string linker;
    if (last.size() > 1 && last.front() == '"')
        linker = last.substr(1, last.find('"', 1) - 1);
    std::error_code ec;
    if (!linker.empty() && fs::path(linker).is_absolute() && fs::exists(linker, ec))
        return {"wasm-ld", "ok", "clang links with " + linker, ""};
    std::string name = linker.empty() ? "wasm-ld-" + std::to_string(l.major) : linker;
    fs::path beside = probe.root / "usr" / "bin" / name;
    return {"wasm-ld", "problem",
            "clang finds no " + name + ": it looks beside its real path (" +
                (l.llvm_dir / "bin").string() + ") and on PATH",
            fs::exists(beside, ec) ? "add " + beside.parent_path().string() + " to PATH"
                                   : packages_fix(probe, l.major, {Piece::wasm_ld}, "")};
}

} // namespace

std::string system_sdk_name(int major) {
    return "system-llvm" + std::to_string(major);
}

std::vector<std::string> link_system_toolchains(const Context &ctx, const SystemLinkRequest &req) {
    SystemProbe probe = probe_system(system_root());
    std::vector<const SystemLlvm *> chosen;
    if (req.llvm) {
        const SystemLlvm *l = find_major(probe, req.llvm);
        if (!l)
            throw Error("LLVM " + std::to_string(req.llvm) + " is not among " + where(probe),
                        packages_fix(probe, req.llvm, kAllPieces, "wasisdk link --system"),
                        ExitCode::not_found);
        if (!l->usable())
            throw Error(
                describe_missing(*l, true) + " among " + where(probe),
                packages_fix(probe, l->major, required_missing(*l), "wasisdk link --system"),
                ExitCode::not_found);
        chosen.push_back(l);
    } else {
        for (const auto &l : probe.llvms)
            if (l.usable())
                chosen.push_back(&l);
        if (chosen.empty())
            throw nothing_usable(probe);
        // The first linked becomes the default of a home without one: the most complete
        // (libc++ counts), then the newest.
        std::stable_sort(chosen.begin(), chosen.end(),
                         [](const SystemLlvm *a, const SystemLlvm *b) {
                             return a->missing.size() < b->missing.size();
                         });
        if (!req.name.empty() && chosen.size() > 1)
            throw Error("one name for " + std::to_string(chosen.size()) +
                            " system toolchains (LLVM " + std::to_string(chosen[0]->major) +
                            " and " + std::to_string(chosen[1]->major) + ")",
                        "add --llvm " + std::to_string(chosen[0]->major) + " (or another major)",
                        ExitCode::usage);
    }
    if (req.name == "latest")
        throw Error("'latest' cannot name a linked SDK", "use a plain name such as system-llvm19",
                    ExitCode::usage);
    Store store = ctx.make_store();
    std::vector<std::string> names;
    for (const SystemLlvm *l : chosen) {
        std::string name = req.name.empty() ? system_sdk_name(l->major) : req.name;
        bool is_default =
            store.link_system(name, probe, *l, req.force, req.make_default && names.empty());
        names.push_back(name);
        Receipt r = read_receipt(receipt_of(ctx.home().toolchain_dir(name)));
        ctx.note("linked " + name + ": LLVM " +
                 (l->clang_version.empty() ? std::to_string(l->major) : l->clang_version) +
                 " from " + where(probe) + (is_default ? " (default)" : ""));
        if (r.system && !r.system->lacks.empty())
            ctx.note(name + " has " + join(r.system->lacks, "; "));
        if (!l->missing.empty())
            ctx.note(name + ": " + describe_missing(*l, false) + " (" +
                     packages_fix(probe, l->major, l->missing, "wasisdk link --system") + ")");
    }
    // The wrappers point at the active SDK: make sure they exist, as install does.
    try {
        ensure_wrappers(ctx, false);
    } catch (const Error &e) {
        ctx.warn("the wrappers were not set up: " + e.one_line());
    }
    if (!req.llvm)
        for (const auto &l : probe.llvms)
            if (!l.usable())
                ctx.note(
                    "LLVM " + std::to_string(l.major) +
                    " not linked: " + describe_missing(l, true) + " (" +
                    packages_fix(probe, l.major, required_missing(l), "wasisdk link --system") +
                    ")");
    return names;
}

int offline_fallback(const Context &ctx, const Unreachable &network, bool link_instead,
                     bool make_default) {
    if (!link_instead) {
        SystemProbe probe = probe_system(system_root());
        for (const auto &l : probe.llvms)
            if (l.usable())
                throw Unreachable(network.what(), network.fix() + "; or use the system's LLVM " +
                                                      std::to_string(l.major) +
                                                      ": add --or-system, or run "
                                                      "wasisdk link --system");
        throw network;
    }
    ctx.warn(std::string(network.what()) +
             "; linking the system's toolchain instead (--or-system)");
    try {
        link_system_toolchains(ctx, {"", 0, false, make_default});
    } catch (const Error &e) {
        throw Error(std::string(network.what()) + ", and " + e.what(), e.fix(), ExitCode::failure);
    }
    return 0;
}

std::vector<SystemCheck> system_checks(const Receipt *receipt, const fs::path &view) {
    std::vector<SystemCheck> checks;
    if (!receipt) {
        SystemProbe probe = probe_system(system_root());
        for (const auto &l : probe.llvms)
            if (l.usable()) {
                checks.push_back({"system", "warn",
                                  "LLVM " + std::to_string(l.major) + " among " + where(probe) +
                                      " is a complete WASI toolchain",
                                  "wasisdk link --system"});
                return checks;
            }
        Error e = nothing_usable(probe);
        checks.push_back({"system", "warn", e.what(), e.fix()});
        return checks;
    }
    const SystemSource &src = *receipt->system;
    SystemProbe probe = probe_system(src.root);
    const SystemLlvm *l = find_major(probe, src.llvm_major);
    std::string label = receipt->name;
    if (!l || !l->usable()) {
        std::vector<Piece> need = l ? required_missing(*l) : kAllPieces;
        checks.push_back({"system", "problem",
                          label + " is a view of packages that are gone: " +
                              (l ? describe_missing(*l, true)
                                 : "LLVM " + std::to_string(src.llvm_major) + " is not installed"),
                          packages_fix(probe, src.llvm_major, need, "")});
        return checks;
    }
    if (!l->missing.empty())
        checks.push_back({"system", "warn", describe_missing(*l, false) + " among " + where(probe),
                          packages_fix(probe, l->major, l->missing, "wasisdk link --system")});
    else
        checks.push_back(
            {"system", "ok",
             "LLVM " + (l->clang_version.empty() ? std::to_string(l->major) : l->clang_version) +
                 ", wasi-libc and libc++ from " + where(probe),
             ""});
    checks.push_back(linker_check(probe, *l, view));
    // Packages installed since the view was made are not in it until it is made again.
    const fs::path sysroot = view / WSD_SYSROOT_DIR / "include";
    std::error_code ec;
    bool view_has_cxx = !l->triples.empty() && fs::exists(sysroot / l->triples.front() / "c++", ec);
    if (std::find(l->missing.begin(), l->missing.end(), Piece::libcxx) == l->missing.end() &&
        !view_has_cxx)
        checks.push_back({"view", "warn", "libc++ was installed after " + label + " was made",
                          "wasisdk link --system"});
    if (!src.lacks.empty())
        checks.push_back({"lacks", "warn", label + " has " + join(src.lacks, "; "),
                          "for those, a wasi-sdk release: wasisdk install latest"});
    return checks;
}

} // namespace wasisdk::cli
