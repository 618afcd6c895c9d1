// The driver's use-case, as the driver runs it (exec_path_cxx/wrapper_call.h: +SPEC,
// --wasisdk-expect, the one pass over the arguments, the plan), on a real SDK tree made
// once and a fake environment: the user's arguments all reach the program, in their
// order, and nothing the user gave is duplicated (--target, --sysroot).
#include "base/text.h"
#include "exec_path/compiler_args.h"
#include "exec_path_cxx/wrapper_call.h"

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>

using namespace wasisdk;
namespace fs = std::filesystem;

namespace {

// <tmp>/tree: every tool and four sysroot triples with libc++ and two emulation libraries.
std::string make_tree() {
    char dir[] = "/tmp/wasisdk-fuzz-XXXXXX";
    if (!mkdtemp(dir))
        std::abort();
    const fs::path tree = fs::path(dir) / "tree";
    auto touch = [](const fs::path &p) {
        fs::create_directories(p.parent_path());
        std::ofstream(p) << "";
    };
    for (const auto &tool : tool_table()) {
        touch(tree / "bin" / tool.program);
        fs::permissions(tree / "bin" / tool.program, fs::perms::owner_all);
    }
    touch(tree / "bin/wasm-component-ld");
    for (const char *t :
         {"wasm32-wasi", "wasm32-wasip1", "wasm32-wasip2", "wasm32-wasip1-threads"}) {
        const fs::path s = tree / "share/wasi-sysroot";
        for (const char *lib :
             {"libc.a", "libc++.a", "libwasi-emulated-mman.a", "libc-printscan-long-double.a"})
            touch(s / "lib" / t / lib);
        fs::create_directories(s / "include" / t / "c++/v1");
    }
    return tree.string();
}

// The arguments the program gets: without the first --wasisdk-expect=, then without a
// leading +SPEC (wrapper_call.h, step 1).
std::vector<std::string> passed_on(std::vector<std::string> args) {
    auto expect = std::find_if(args.begin(), args.end(), [](const std::string &a) {
        return a.rfind("--wasisdk-expect=", 0) == 0;
    });
    if (expect != args.end())
        args.erase(expect);
    if (!args.empty() && args[0].size() > 1 && args[0][0] == '+')
        args.erase(args.begin());
    return args;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    static const std::string tree = make_tree();
    if (size < 2)
        return 0;
    auto targets = target_table();
    auto tools = tool_table();
    const std::string wrapper = std::string(targets[data[0] % targets.size()].name) + "-" +
                                tools[data[1] % tools.size()].suffix;
    std::vector<std::string> args;
    std::string cur;
    for (size_t i = 2; i < size; ++i) {
        if (data[i] == 0) {
            args.push_back(cur);
            cur.clear();
        } else {
            cur += static_cast<char>(data[i]);
        }
    }
    args.push_back(cur);

    std::map<std::string, std::string> env = {{"WASI_SDK_PATH", tree},
                                              {"HOME", "/nonexistent-wasisdk-home"},
                                              {"WASISDK_EMULATE", "mman,long-double"}};
    PreparedCall prepared = prepare_call({wrapper, args, std::nullopt, "/", env, std::nullopt});
    if (!prepared.ok() || prepared.c().action != WSD_ACTION_EXEC)
        return 0;
    ExecPlan plan = prepared.plan();
    const std::vector<std::string> user = passed_on(args);
    // The user's arguments are a subsequence of the result, in order.
    auto it = plan.args.begin();
    for (const auto &a : user) {
        it = std::find(it, plan.args.end(), a);
        if (it == plan.args.end())
            std::abort();
        ++it;
    }
    auto count = [](const std::vector<std::string> &list, const std::string &prefix) {
        return std::count_if(list.begin(), list.end(),
                             [&](const std::string &a) { return a.rfind(prefix, 0) == 0; });
    };
    // The wrapper adds one --target= and one --sysroot= unless the user gave that option;
    // a user's "--sysroot=x" that is another option's value (`-o --sysroot=x`) is a file
    // name, not the option (compiler_args.h), and still gets the wrapper's.
    std::vector<const char *> user_c = c_strings(user);
    wsd_command command;
    wsd_read_command(user_c.data(), user.size(), &command);
    const long added_target = (command.given & WSD_OPT_TARGET) ? 0 : 1;
    const long added_sysroot = (command.given & WSD_OPT_SYSROOT) ? 0 : 1;
    if (count(plan.args, "--target=") > count(user, "--target=") + added_target ||
        count(plan.args, "--sysroot=") > count(user, "--sysroot=") + added_sysroot)
        std::abort();
    return 0;
}
