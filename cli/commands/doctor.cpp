// wasisdk doctor [--target T] [--rustc PATH] [--deep] [--json]
// Checks that the active SDK, its sysroot and builtins, rustc's rust-std, the linker and
// the two wasi-libcs fit together, each printed as ok / warn / problem with the fix.
// --deep also compiles and links a tiny C + Rust program in both link modes. Exit status
// 1 when any check is a problem.
#include "base/error.h"
#include "base/fs_util.h"
#include "base/process.h"
#include "base/text.h"
#include "build_integration/build_integration.h"
#include "command_table.h"
#include "context.h"
#include "exec_path/cxx_compat.h"
#include "exec_path_cxx/wrapper_call.h"
#include "program_paths.h"
#include "rust/llvm_compat.h"
#include "rust/rust_target.h"
#include "shared_options.h"
#include "store/cxx_compat.h"
#include "system_link.h"
#include "wrapper_setup.h"

#include <cstdio>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>

namespace wasisdk::cli {

namespace {

struct Check {
    std::string name;
    std::string status; // ok, warn, problem, skip
    std::string detail;
    std::string fix;
};

struct DoctorArgs {
    std::string target = "wasm32-wasip1";
    std::string rustc; // --rustc; empty: $RUSTC, else rustc on PATH (rustc_in_use)
    bool deep = false;
};

bool same_bytes(const fs::path &a, const fs::path &b) {
    std::ifstream x(a, std::ios::binary), y(b, std::ios::binary);
    if (!x || !y)
        return false;
    return std::equal(std::istreambuf_iterator<char>(x), std::istreambuf_iterator<char>(),
                      std::istreambuf_iterator<char>(y), std::istreambuf_iterator<char>());
}

std::string first_line(const std::string &text) {
    return trim(split(trim(text), '\n').front());
}

// The most telling error line: the linker's own rather than rustc's "error: linking with
// ... failed" summary.
std::string first_error(const std::string &text) {
    std::string summary;
    for (const auto &l : split(text, '\n')) {
        std::string t = trim(l);
        if (t.find("error") == std::string::npos)
            continue;
        if (t.starts_with("error: linking with") || t.starts_with("error: aborting")) {
            if (summary.empty())
                summary = t;
            continue;
        }
        return t.starts_with("= note: ") ? t.substr(8) : t;
    }
    return summary.empty() ? first_line(text) : summary;
}

// The rustup toolchain whose directory holds `sysroot` (<rustup home>/toolchains/<name>),
// if any. rustup manages that sysroot's components: rust-std comes from `rustup target
// add` there, and a file wasisdk put in would be one rustup does not know. The rustup
// home is RUSTUP_HOME, ~/.rustup, or what `rustup show home` says when rustup is on PATH.
std::optional<std::string> rustup_toolchain(const fs::path &sysroot) {
    std::vector<fs::path> homes;
    if (auto h = env_var("RUSTUP_HOME"))
        homes.emplace_back(*h);
    if (auto h = env_var("HOME"))
        homes.push_back(fs::path(*h) / ".rustup");
    if (auto rustup = find_on_path("rustup")) {
        auto shown = run_capture({rustup->string(), "show", "home"});
        if (shown.exit_code == 0 && !trim(shown.output).empty())
            homes.emplace_back(first_line(shown.output));
    }
    std::error_code ec;
    fs::path real = fs::weakly_canonical(sysroot, ec);
    for (const auto &home : homes) {
        // rustup's own toolchains/ (not a wasisdk home), where a rustc sysroot may live.
        fs::path toolchains = fs::weakly_canonical(home / "toolchains", ec);
        fs::path rel = real.lexically_relative(toolchains);
        if (!ec && !rel.empty() && *rel.begin() != ".." && *rel.begin() != ".")
            return rel.begin()->string();
    }
    return std::nullopt;
}

class Doctor {
  public:
    Doctor(Context &ctx, const DoctorArgs &a) : ctx_(ctx), a_(a) {}

    std::vector<Check> run() {
        const TargetSpec &target = require_target(a_.target);
        // A C++ link for the target, prepared as its wrapper prepares it (which SDK, its
        // sysroot triple, what the triple offers, the compat archive): no rule of the
        // wrapper's is assembled again here.
        std::optional<PreparedCall> call;
        try {
            call = prepare_call({std::string(target.name) + "-clang++",
                                 {"doctor.o"},
                                 ctx_.home().root.string(),
                                 fs::current_path().string(),
                                 std::nullopt, // the process's environment
                                 std::nullopt});
        } catch (const Error &e) { // no home
            add("active SDK", "problem", e.what(), e.fix());
            add_system(nullptr, {});
            return checks_;
        }
        if (call->step() == WSD_STEP_ACTIVE_SDK) {
            add("active SDK", "problem", call->error()->what(), call->error()->fix());
            add_system(nullptr, {}); // what the distribution's packages could offer
            return checks_;
        }
        const ActiveSdk sdk = active_sdk_of(call->c().active);
        const SdkFacts &facts = call->c().sdk;
        std::string label = facts.label;
        add("active SDK", "ok", label + " (" + active_reason(sdk) + ")");
        try {
            if (auto receipt = ctx_.receipt_of_active(sdk); receipt && receipt->system)
                add_system(&*receipt, sdk.root);
        } catch (const Error &) {
            // a corrupt receipt: show and list say so; the checks below still run
        }

        fs::path clang = sdk.root / "bin" / "clang";
        auto version = run_capture({clang.string(), "--version"});
        if (version.exit_code != 0) {
            add("clang", "problem", clang.string() + " does not run: " + first_line(version.output),
                "reinstall the SDK: wasisdk install --force " + sdk.name);
            return checks_;
        }
        add("clang", "ok", first_line(version.output));
        // "Debian clang version 19.1.7 (3~deb12u1)" -> "19.1.7"
        std::string sdk_llvm = first_line(version.output);
        if (auto pos = sdk_llvm.find("version "); pos != std::string::npos)
            sdk_llvm = sdk_llvm.substr(pos + 8);
        sdk_llvm = sdk_llvm.substr(0, sdk_llvm.find_first_of(" -+("));

        if (call->step() == WSD_STEP_SYSROOT) {
            add("sysroot", "problem", call->error()->what(), call->error()->fix());
            return checks_;
        }
        triple_ = call->c().triple;
        add("sysroot", "ok",
            std::string(target.name) + " builds as " + triple_ + " in " +
                std::string(facts.sysroot));
        check_cxx_compat(sdk, label, call->c());
        auto builtins = run_capture({clang.string(), "--target=" + triple_,
                                     "--sysroot=" + std::string(facts.sysroot),
                                     "-rtlib=compiler-rt", "-print-libgcc-file-name"});
        std::string builtins_path = trim(builtins.output);
        std::error_code ec;
        if (builtins.exit_code == 0 && fs::exists(builtins_path, ec))
            add("builtins", "ok", builtins_path);
        else
            add("builtins", "problem",
                "clang looks for " + builtins_path +
                    " and it is missing: links will fail with "
                    "\"cannot open ...libclang_rt.builtins\"",
                "install a complete SDK (wasisdk install latest)");

        check_rust(target, facts, sdk_llvm);
        return checks_;
    }

  private:
    void add_system(const Receipt *receipt, const fs::path &view) {
        for (auto &c : system_checks(receipt, view))
            add(std::move(c.name), std::move(c.status), std::move(c.detail), std::move(c.fix));
    }

    void add(std::string name, std::string status, std::string detail, std::string fix = {}) {
        checks_.push_back({std::move(name), std::move(status), std::move(detail), std::move(fix)});
    }

    // C++ thread_local destructors (store/cxx_compat.h), decided from the tree and the
    // install's compat archive as the wrappers see them, not from the receipt.
    void check_cxx_compat(const ActiveSdk &sdk, const std::string &label,
                          const wsd_prepared_call &call) {
        const CompatEntry now = survey_thread_atexit(sdk.root, triple_);
        const std::string lacks =
            label + "'s C++ runtime has no " WSD_THREAD_ATEXIT_SYMBOL " for " + triple_;
        std::optional<fs::path> archive; // the one the wrapper's C++ links add
        char path[WSD_PATH_MAX];
        if (call.triple_facts.cxx_compat &&
            wsd_compat_archive_path(call.sdk.install_dir, call.triple, path, sizeof path))
            archive = path;
        const char *name = "thread_local";
        if (now.thread_atexit.empty())
            return; // no libc++ for the triple: nothing a C++ link could miss
        if (now.thread_atexit == "sdk")
            add(name, archive ? "problem" : "ok",
                archive ? "the SDK's " + now.detail +
                              " defines " WSD_THREAD_ATEXIT_SYMBOL " now, and wasisdk's " +
                              archive->string() + " would replace it"
                        : "the SDK's " + now.detail + " defines " WSD_THREAD_ATEXIT_SYMBOL,
                "run: wasisdk setup");
        else if (now.thread_atexit == "unknown")
            add(name, "warn",
                "cannot tell whether " + label + " defines " WSD_THREAD_ATEXIT_SYMBOL " (" +
                    now.detail + ")",
                "if thread_local variables with destructors fail to link, use another SDK");
        else if (now.thread_atexit == "explained")
            add(name, "warn",
                lacks + ": thread_local variables with destructors will not link (with threads, "
                        "__cxa_atexit cannot stand in for it)",
                "use an SDK whose libc++abi has it");
        else if (archive)
            add(name, "ok",
                lacks + "; wasisdk's " + archive->string() +
                    " runs thread_local destructors at exit");
        else if (sdk.name.empty())
            add(name, "warn", lacks + ": thread_local variables with destructors will not link",
                "register the tree (wasisdk link NAME " + sdk.root.string() +
                    ") and use it by name, so that wasisdk adds its fallback");
        else
            add(name, "problem",
                lacks + " and wasisdk's fallback is missing (the SDK was installed before "
                        "wasisdk added it, or building it failed): thread_local variables with "
                        "destructors will not link",
                "run: wasisdk setup");
    }

    void check_rust(const TargetSpec &target, const SdkFacts &facts, const std::string &sdk_llvm) {
        RustcInfo rustc;
        try {
            rustc = probe_rustc(rustc_in_use(a_.rustc).program);
        } catch (const Error &e) {
            add("rustc", "skip", e.what(), "only needed for Rust: install Rust or pass --rustc");
            return;
        }
        std::string rt;
        try {
            rt = rust_target_name(target.name, rustc);
        } catch (const Error &e) {
            add("rustc", "problem", e.what(), e.fix());
            return;
        }
        add("rustc", "ok",
            "rustc " + rustc.release + " (LLVM " + rustc.llvm_version + ") at " +
                rustc.sysroot.string() + ", target " + rt);

        fs::path rustlib = rustc.sysroot / "lib" / "rustlib" / rt;
        std::error_code ec;
        bool have_std = fs::is_directory(rustlib / "lib", ec);
        if (have_std)
            add("rust-std", "ok", rustlib.string());
        else if (auto toolchain = rustup_toolchain(rustc.sysroot))
            add("rust-std", "problem",
                "no rust-std for " + rt + " in " + rustc.sysroot.string() +
                    ", which rustup manages (toolchain " + *toolchain + ")",
                "rustup target add " + rt + " --toolchain " + *toolchain);
        else
            add("rust-std", "problem", "no rust-std for " + rt + " in " + rustc.sysroot.string(),
                "wasisdk rust-std install --target " + rt + " --rustc " + rustc.path);

        std::string var = "CARGO_TARGET_" + cargo_env_suffix(rt, true) + "_LINKER";
        fs::path linker =
            env_var(var.c_str()).value_or((ctx_.home().bin() / (rt + "-clang")).string());
        if (::access(linker.c_str(), X_OK) == 0)
            add("linker", "ok", linker.string() + (env_var(var.c_str()) ? " (" + var + ")" : ""));
        else
            add("linker", "problem", linker.string() + " is missing",
                env_var(var.c_str()) ? "fix " + var : "run: wasisdk setup");

        switch (external_link_compat(rustc.llvm_version, sdk_llvm)) {
        case LinkCompat::same_llvm:
            add("llvm", "ok", "rustc and the SDK's wasm-ld share LLVM " + sdk_llvm);
            break;
        case LinkCompat::untested:
            add("llvm", "warn",
                "rustc's LLVM " + rustc.llvm_version + " and the SDK's LLVM " + sdk_llvm +
                    " differ; external linking of this pair was not tested",
                "if external linking fails, use --link self-contained");
            break;
        case LinkCompat::known_failure:
            add("llvm", "problem",
                "rustc's rlibs (LLVM " + rustc.llvm_version + ") and the SDK's wasm-ld (LLVM " +
                    sdk_llvm +
                    ") do not mix: external linking fails with \"archive member "
                    "'lib.rmeta' is neither Wasm object file nor LLVM bitcode\"",
                "use --link self-contained, or an SDK whose LLVM matches rustc's");
            break;
        }

        fs::path rust_libc = rustlib / "lib" / "self-contained" / "libc.a";
        fs::path sdk_libc = fs::path(facts.sysroot) / "lib" / triple_ / "libc.a";
        if (!fs::exists(rust_libc, ec))
            add("wasi-libc", "skip", "rust-std has no self-contained libc.a");
        else if (same_bytes(rust_libc, sdk_libc))
            add("wasi-libc", "ok", "rust-std's libc.a and the SDK's are the same wasi-libc");
        else
            add("wasi-libc", "warn",
                "rust-std's self-contained libc.a differs from the SDK's: in self-contained "
                "mode C code built against the SDK's headers links against rustc's wasi-libc",
                "use --link external for one wasi-libc, where the LLVM versions allow");

        if (a_.deep && have_std)
            deep_link(rustc, rt);
        else if (a_.deep)
            add("deep", "skip", "no rust-std to link against", "install rust-std first");
    }

    // Compiles and links a tiny C + Rust program in both link modes.
    void deep_link(const RustcInfo &rustc, const std::string &rt) {
        ensure_wrappers(ctx_, false);
        fs::path dir = make_temp_dir(fs::temp_directory_path(), "wasisdk-doctor-");
        write_file_atomic(dir / "tiny.c", "int c_answer(void) { return 42; }\n");
        write_file_atomic(dir / "main.rs",
                          "extern \"C\" { fn c_answer() -> i32; }\n"
                          "fn main() { std::process::exit(unsafe { c_answer() } - 42); }\n");
        fs::path bin = ctx_.home().bin();
        auto cc = run_capture({(bin / (rt + "-clang")).string(), "-c", (dir / "tiny.c").string(),
                               "-o", (dir / "tiny.o").string()});
        auto ar = cc.exit_code == 0
                      ? run_capture({(bin / (rt + "-ar")).string(), "rcs",
                                     (dir / "libtiny.a").string(), (dir / "tiny.o").string()})
                      : cc;
        if (ar.exit_code != 0) {
            add("deep: C", "problem", first_error(ar.output), "see wasisdk doctor without --deep");
            remove_all_quiet(dir);
            return;
        }
        add("deep: C", "ok", "compiled and archived with " + rt + "-clang and " + rt + "-ar");
        for (const char *mode : {"self-contained", "external"}) {
            std::vector<std::string> args = {
                rustc.path, "--target",
                rt,         (dir / "main.rs").string(),
                "-L",       dir.string(),
                "-l",       "static=tiny",
                "-o",       (dir / (std::string(mode) + ".wasm")).string()};
            if (std::string(mode) == "external") {
                args.push_back("-Clinker=" + (bin / (rt + "-clang")).string());
                args.push_back("-Clink-self-contained=no");
            }
            auto r = run_capture(args);
            if (r.exit_code == 0)
                add(std::string("deep: ") + mode, "ok", "C + Rust linked");
            else
                add(std::string("deep: ") + mode, "problem", first_error(r.output),
                    std::string(mode) == "external" ? "use --link self-contained"
                                                    : "check rust-std and the SDK");
        }
        remove_all_quiet(dir);
    }

    Context &ctx_;
    const DoctorArgs &a_;
    std::vector<Check> checks_;
    std::string triple_;
};

int run(Context &ctx, const DoctorArgs &a) {
    auto checks = Doctor(ctx, a).run();
    bool failed = false;
    nlohmann::json rows = nlohmann::json::array();
    for (const auto &c : checks) {
        failed |= c.status == "problem";
        rows.push_back(
            {{"check", c.name}, {"status", c.status}, {"detail", c.detail}, {"fix", c.fix}});
        if (!ctx.options.json)
            std::printf("%-8s %-20s %s%s\n", c.status.c_str(), c.name.c_str(), c.detail.c_str(),
                        c.fix.empty() || c.status == "ok" ? "" : (" (fix: " + c.fix + ")").c_str());
    }
    if (ctx.options.json)
        ctx.print_json({{"ok", !failed}, {"checks", rows}});
    return failed ? 1 : 0;
}

} // namespace

Command doctor_command() {
    return {"doctor", "Check that the SDK, rustc, rust-std and the linker fit together",
            [](CLI::App &app, Context &ctx) -> std::function<int()> {
                auto a = std::make_shared<DoctorArgs>();
                app.add_option("--target", a->target, "wasm32-wasip1 (default), ...");
                add_rustc_option(app, a->rustc, "The rustc to check");
                app.add_flag("--deep", a->deep, "Also compile and link C + Rust in both modes");
                return [&ctx, a] { return run(ctx, *a); };
            }};
}

} // namespace wasisdk::cli
