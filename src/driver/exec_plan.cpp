#include "driver/exec_plan.h"

#include "base/error.h"
#include "base/text.h"

#include <algorithm>

namespace wasisdk {

namespace {

struct Emulation {
    const char *name;
    const char *define;  // nullptr: link-time only
    const char *library; // lib<library>.a in the sysroot
};

// wasi-libc's emulation libraries. long-double: printf/scanf of `long double` builds
// cleanly without it and aborts at run time.
const Emulation kEmulations[] = {
    {"mman", "_WASI_EMULATED_MMAN", "wasi-emulated-mman"},
    {"signal", "_WASI_EMULATED_SIGNAL", "wasi-emulated-signal"},
    {"process-clocks", "_WASI_EMULATED_PROCESS_CLOCKS", "wasi-emulated-process-clocks"},
    {"getpid", "_WASI_EMULATED_GETPID", "wasi-emulated-getpid"},
    {"long-double", nullptr, "c-printscan-long-double"},
};

const Emulation *find_emulation(std::string_view name) {
    for (const auto &e : kEmulations)
        if (name == e.name)
            return &e;
    return nullptr;
}

std::string join(const std::set<std::string> &items) {
    std::string out;
    for (const auto &i : items)
        out += (out.empty() ? "" : ", ") + i;
    return out.empty() ? "none" : out;
}

// Options whose value is the next argument (so that value is not an input file).
bool takes_separate_value(std::string_view a) {
    static const char *const options[] = {
        "-o",       "-I",        "-D",      "-U",       "-L",         "-include", "-isystem",
        "-iquote",  "-idirafter", "-MF",    "-MT",      "-MQ",        "-x",       "-Xclang",
        "-Xlinker", "-target",   "--target", "--sysroot", "-isysroot", "-resource-dir",
        "-z",       "-imacros",  "-mllvm",  "-T",
    };
    return std::find(std::begin(options), std::end(options), a) != std::end(options);
}

bool has_flag(const std::vector<std::string> &args, std::string_view flag) {
    return std::find(args.begin(), args.end(), flag) != args.end();
}

// --target=X, --target X, -target X
bool user_gave_target(const std::vector<std::string> &args) {
    for (const auto &a : args)
        if (a == "-target" || a == "--target" || a.starts_with("--target="))
            return true;
    return false;
}

bool user_gave_sysroot(const std::vector<std::string> &args) {
    for (const auto &a : args)
        if (a == "--sysroot" || a.starts_with("--sysroot=") || a == "-isysroot")
            return true;
    return false;
}

// The last of -fexceptions / -fno-exceptions wins, as in clang.
int user_exceptions(const std::vector<std::string> &args) {
    int state = 0; // 0: not given, 1: on, -1: off
    for (const auto &a : args) {
        if (a == "-fexceptions" || a == "-fcxx-exceptions")
            state = 1;
        else if (a == "-fno-exceptions" || a == "-fno-cxx-exceptions")
            state = -1;
    }
    return state;
}

} // namespace

std::string choose_triple(const TargetSpec &target, const SdkFacts &sdk) {
    for (const char *t : target.triples)
        if (sdk.triples.count(t))
            return t;
    std::string fix = target.needs[0] ? std::string("install ") + target.needs +
                                            " (wasisdk install latest), or build for wasm32-wasip1"
                                      : "install a complete wasi-sdk (wasisdk install latest)";
    throw Error(sdk.label + " has no " + target.name + " sysroot (it has: " + join(sdk.triples) + ")",
                fix, ExitCode::not_found);
}

std::vector<std::string> parse_emulations(std::string_view value) {
    std::vector<std::string> out;
    for (const auto &name : split(value, ',')) {
        if (name.empty())
            continue;
        if (!find_emulation(name))
            throw Error("WASISDK_EMULATE names '" + name + "'",
                        "use any of mman, signal, process-clocks, getpid, long-double",
                        ExitCode::usage);
        if (std::find(out.begin(), out.end(), name) == out.end())
            out.push_back(name);
    }
    return out;
}

bool command_links(const std::vector<std::string> &args) {
    bool has_input = false;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string &a = args[i];
        if (a == "-c" || a == "-S" || a == "-E" || a == "-fsyntax-only" || a == "-M" ||
            a == "-MM" || a == "--version" || (a == "-v" && args.size() == 1))
            return false;
        if (takes_separate_value(a)) {
            ++i;
            continue;
        }
        if (a.empty() || a[0] != '-' || a == "-")
            has_input = true;
    }
    return has_input;
}

ExecPlan plan_exec(const Role &role, const SdkFacts &sdk, const std::string &triple,
                   const TripleFacts &tf, const std::vector<std::string> &user_args,
                   const std::vector<std::string> &emulations) {
    ExecPlan plan;
    const Tool tool = role.tool->tool;
    const TargetSpec &target = *role.target;

    if (tool == Tool::pkg_config) {
        // Only the wasm sysroot's .pc files: PKG_CONFIG_LIBDIR replaces the host's
        // default search path, and the sysroot prefix is applied to -I/-L paths.
        std::string s = sdk.sysroot.string();
        plan.program = role.tool->program;
        plan.search_path = true;
        plan.args = user_args;
        plan.env = {{"PKG_CONFIG_SYSROOT_DIR", s},
                    {"PKG_CONFIG_LIBDIR", s + "/lib/" + triple + "/pkgconfig:" + s +
                                              "/lib/pkgconfig:" + s + "/share/pkgconfig"}};
        return plan;
    }
    plan.program = (sdk.root / "bin" / role.tool->program).string();
    if (tool != Tool::cc && tool != Tool::cxx) {
        plan.args = user_args; // binutils and the linker take no target flags
        return plan;
    }

    const bool links = command_links(user_args);
    const bool cxx = tool == Tool::cxx;
    if (target.component && links && !sdk.component_ld)
        throw Error(sdk.label + " has no wasm-component-ld, which links " + target.name +
                        " components",
                    std::string("install ") + target.needs + " (wasisdk install latest)",
                    ExitCode::not_found);
    int exceptions = user_exceptions(user_args);
    if (cxx) {
        if (!tf.cxx_headers)
            throw Error(sdk.label + " has no C++ headers for " + triple,
                        "install a wasi-sdk release (they ship libc++), or compile as C",
                        ExitCode::not_found);
        if (links && !tf.libcxx)
            throw Error(sdk.label + " has no C++ library (libc++.a) for " + triple,
                        "install a wasi-sdk release (they ship libc++)", ExitCode::not_found);
        if (exceptions == 1 && !tf.exceptions)
            throw Error(sdk.label + " has no C++ exception runtime for " + triple,
                        "build with -fno-exceptions, or use wasi-sdk 33 or later",
                        ExitCode::not_found);
    }

    std::vector<std::string> &a = plan.args;
    if (!user_gave_target(user_args))
        a.push_back("--target=" + triple);
    if (!user_gave_sysroot(user_args))
        a.push_back("--sysroot=" + sdk.sysroot.string());
    if (target.threads && !has_flag(user_args, "-pthread"))
        a.push_back("-pthread");
    if (cxx && exceptions == 0 && !tf.exceptions)
        a.push_back("-fno-exceptions");

    std::vector<const Emulation *> emus;
    for (const auto &name : emulations) {
        const Emulation *e = find_emulation(name);
        if (!tf.archives.count(e->library))
            throw Error("WASISDK_EMULATE=" + name + ": " + sdk.label + " has no lib" +
                            e->library + ".a for " + triple,
                        "remove it from WASISDK_EMULATE, or use an SDK whose wasi-libc has it",
                        ExitCode::not_found);
        emus.push_back(e);
        if (e->define && !has_flag(user_args, std::string("-D") + e->define))
            a.push_back(std::string("-D") + e->define);
    }

    a.insert(a.end(), user_args.begin(), user_args.end());

    if (links) {
        // wasi-threads imports its memory from the host and exports it to WASI
        // (wasi-sdk's own wasi-sdk-pthread.cmake links with the same two flags).
        if (target.threads) {
            for (const char *f : {"-Wl,--import-memory", "-Wl,--export-memory"})
                if (!has_flag(user_args, f))
                    a.push_back(f);
        }
        for (const Emulation *e : emus)
            if (!has_flag(user_args, std::string("-l") + e->library))
                a.push_back(std::string("-l") + e->library);
    }
    return plan;
}

} // namespace wasisdk
