#include "driver/driver_main.h"

#include "base/error.h"
#include "base/fs_util.h"
#include "driver/exec_plan.h"
#include "model/active_sdk.h"

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <sys/stat.h>
#include <unistd.h>

namespace wasisdk {

namespace {

std::string base_name(const char *path) {
    const char *slash = std::strrchr(path, '/');
    return slash ? slash + 1 : path;
}

bool same_file(const char *a, const char *b) {
    struct stat x, y;
    return ::stat(a, &x) == 0 && ::stat(b, &y) == 0 && x.st_dev == y.st_dev &&
           x.st_ino == y.st_ino;
}

void print_command(const ExecPlan &plan) {
    std::string line = "wasisdk: exec";
    for (const auto &[k, v] : plan.env)
        line += " " + k + "=" + v;
    line += " " + plan.program;
    for (const auto &a : plan.args)
        line += " " + (a.find_first_of(" \t'\"") == std::string::npos ? a : "'" + a + "'");
    std::fprintf(stderr, "%s\n", line.c_str());
}

[[noreturn]] void run(const Role &role, std::vector<std::string> args) {
    std::optional<std::string> spec;
    if (!args.empty() && args[0].size() > 1 && args[0][0] == '+') {
        spec = args[0].substr(1); // `wasm32-wasip1-clang +22 ...` picks an SDK for one call
        args.erase(args.begin());
    }
    Home home = resolve_home(std::nullopt);
    char cwd[4096];
    ActiveSdk active = resolve_active_sdk(
        home, {spec, ::getcwd(cwd, sizeof cwd) ? fs::path(cwd) : fs::path()});
    SdkFacts sdk = probe_sdk(active.root, active.name.empty() ? active.root.string()
                                                              : "wasi-sdk " + active.name);

    const Tool tool = role.tool->tool;
    bool compiler = tool == Tool::cc || tool == Tool::cxx;
    std::string triple;
    TripleFacts tf;
    std::vector<std::string> emulations;
    if (compiler || tool == Tool::pkg_config)
        triple = choose_triple(*role.target, sdk);
    if (compiler) {
        tf = probe_triple(sdk, triple);
        if (auto e = env_var("WASISDK_EMULATE"))
            emulations = parse_emulations(*e);
    }
    ExecPlan plan = plan_exec(role, sdk, triple, tf, args, emulations);

    if (!plan.search_path) {
        if (::access(plan.program.c_str(), X_OK) != 0)
            throw Error(sdk.label + " has no " + fs::path(plan.program).filename().string() +
                            " in " + (sdk.root / "bin").string(),
                        "reinstall it (wasisdk install --force), or use another SDK",
                        ExitCode::not_found);
        if (same_file(plan.program.c_str(), "/proc/self/exe"))
            throw Error(plan.program + " is this wrapper itself",
                        "point WASI_SDK_PATH at a wasi-sdk tree, not at wasisdk's bin/",
                        ExitCode::usage);
    }
    for (const auto &[k, v] : plan.env)
        ::setenv(k.c_str(), v.c_str(), 0); // defaults: a value the user set (even "") wins
    if (auto v = env_var("WASISDK_VERBOSE"); v && *v != "0")
        print_command(plan);

    std::vector<char *> argv;
    argv.push_back(plan.program.data());
    for (auto &a : plan.args)
        argv.push_back(a.data());
    argv.push_back(nullptr);
    if (plan.search_path)
        ::execvp(plan.program.c_str(), argv.data());
    else
        ::execv(plan.program.c_str(), argv.data());
    throw Error("cannot run " + plan.program + ": " + std::strerror(errno),
                plan.search_path ? "install it (e.g. apt install pkg-config)" : "");
}

} // namespace

int driver_main(int argc, char **argv) {
    std::string self = argc > 0 ? base_name(argv[0]) : "wasisdk-driver";
    auto role = role_from_program_name(self);
    if (!role) {
        std::fprintf(stderr,
                     "%s: error: called by a name that is no wrapper (use a link named like "
                     "wasm32-wasip1-clang; wasisdk setup creates them)\n",
                     self.c_str());
        return static_cast<int>(ExitCode::usage);
    }
    try {
        run(*role, std::vector<std::string>(argv + 1, argv + argc));
    } catch (const Error &e) {
        std::fprintf(stderr, "%s: error: %s\n", self.c_str(), e.one_line().c_str());
        return static_cast<int>(e.code());
    } catch (const std::exception &e) {
        std::fprintf(stderr, "%s: error: %s\n", self.c_str(), e.what());
        return static_cast<int>(ExitCode::failure);
    }
}

} // namespace wasisdk
