// wasisdk setup: creates or repairs the wrapper links in $WASISDK_HOME/bin, the CMake
// toolchain files and each SDK's C++ compat archives (store/cxx_compat.h). When the
// wrappers are not on PATH it prints sh's PATH line on stdout
// (for `eval "$(wasisdk setup)"`, as documented since the first release) and ends with
// the command for the user's own shell on stderr (install ends the same way).
#include "base/error.h"
#include "base/fs_util.h"
#include "base/quote.h"
#include "build_integration/build_integration.h"
#include "command_table.h"
#include "context.h"
#include "program_paths.h"
#include "wrapper_setup.h"

#include <cstdio>

namespace wasisdk::cli {

namespace {

// The shells `wasisdk env` writes for, by $SHELL's base name: how to run its output, and
// where that line goes to last. Any other shell gets sh's line, which bash, zsh, dash
// and ksh all read.
struct ShellHint {
    const char *name;
    std::string (*quote)(std::string_view);
    const char *run; // %s: the wasisdk command with its global options
    const char *rc_file;
};

const ShellHint kShellHints[] = {
    {"sh", quote::sh, "eval \"$(%s env)\"", "~/.profile"},
    {"bash", quote::sh, "eval \"$(%s env)\"", "~/.bashrc"},
    {"zsh", quote::sh, "eval \"$(%s env)\"", "~/.zshrc"},
    {"fish", quote::fish, "%s env --shell fish | source", "~/.config/fish/config.fish"},
    {"pwsh", quote::pwsh, "%s env --shell pwsh | Out-String | Invoke-Expression", "$PROFILE"},
};

const ShellHint &user_shell() {
    std::string shell = fs::path(env_var("SHELL").value_or("sh")).filename().string();
    for (const auto &h : kShellHints)
        if (shell == h.name)
            return h;
    return kShellHints[0];
}

} // namespace

void ensure_wrappers(const Context &ctx, bool report) {
    auto driver = find_helper("wasisdk-driver");
    if (!driver)
        throw Error("wasisdk-driver is missing (looked for " +
                        helper_candidates("wasisdk-driver").front().string() + ")",
                    "reinstall wasisdk");
    Home home = ctx.home();
    int changed = setup_wrappers(home, *driver);
    if (report)
        ctx.note(std::to_string(changed) + " wrapper links updated in " + home.bin().string());
    // CMake splits CMAKE_TOOLCHAIN_FILE, and every path the file names, at ';' (its list
    // separator; no quoting keeps one whole): the files are written, but CMake cannot
    // include them, and would split the wrappers' paths if it could.
    if (home.cmake_dir().string().find(';') != std::string::npos)
        ctx.warn("CMake cannot use the toolchain files in " + home.cmake_dir().string() +
                 ": the path holds ';', which CMake reads as a list separator (for CMake, use "
                 "a wasisdk home whose path has no ';': --home or WASISDK_HOME)");
}

std::optional<PathHint> path_hint(const Context &ctx) {
    Home home = ctx.home();
    if (dir_on_path(home.bin()))
        return std::nullopt;
    const ShellHint &shell = user_shell();
    // `wasisdk` when PATH finds this one, else its full path; --home when the home is
    // not the one `wasisdk env` would find without it.
    fs::path front = front_binary();
    auto found = find_on_path("wasisdk");
    std::error_code ec;
    std::string program =
        found && fs::equivalent(*found, front, ec) ? "wasisdk" : shell.quote(front.string());
    if (shell.quote == quote::pwsh && program != "wasisdk")
        program = "& " + program; // pwsh runs a quoted path only through &
    auto user_home = env_var("HOME");
    if (!user_home || home.root != fs::path(*user_home) / ".wasisdk")
        program += " --home " + shell.quote(home.root.string());
    std::string run = shell.run;
    run.replace(run.find("%s"), 2, program);
    return PathHint{run, shell.rc_file};
}

std::string path_hint_text(const Context &ctx, const PathHint &hint) {
    return "the wrappers (wasm32-wasip1-clang, ...) are in " + ctx.home().bin().string() +
           ", which is not on PATH; to use them in this shell, run:\n    " + hint.command +
           "\nand add that line to " + hint.rc_file + " for new shells";
}

Command setup_command() {
    return {"setup",
            "Create or repair the wrappers (wasm32-wasip1-clang, ...), CMake files and C++ "
            "compat archives",
            [](CLI::App &, Context &ctx) -> std::function<int()> {
                return [&ctx] {
                    ensure_wrappers(ctx, !ctx.options.json);
                    // SDKs installed before wasisdk built C++ compat archives, or whose
                    // linked tree changed since (store/cxx_compat.h).
                    auto repaired = ctx.make_store().repair_cxx_compat();
                    if (!repaired.empty() && !ctx.options.json) {
                        std::string names;
                        for (const auto &n : repaired)
                            names += (names.empty() ? "" : ", ") + n;
                        ctx.note("C++ compat archives updated for " + names);
                    }
                    auto hint = path_hint(ctx);
                    if (ctx.options.json) {
                        ctx.print_json({{"bin", ctx.home().bin().string()},
                                        {"on_path", !hint},
                                        {"next_step", hint ? hint->command : ""},
                                        {"cxx_compat_updated", repaired}});
                        return 0;
                    }
                    if (hint) {
                        std::fputs(shell_script(Shell::sh, {}, ctx.home().bin()).c_str(), stdout);
                        ctx.note(path_hint_text(ctx, *hint));
                    }
                    return 0;
                };
            }};
}

} // namespace wasisdk::cli
