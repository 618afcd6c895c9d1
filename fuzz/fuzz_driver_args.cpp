// The driver's argument rewriting: the user's arguments all reach the compiler, in their
// order, and nothing the user gave is duplicated (--target, --sysroot).
#include "base/error.h"
#include "driver/exec_plan.h"

#include <algorithm>
#include <cstdint>
#include <cstdlib>

using namespace wasisdk;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size < 2)
        return 0;
    auto targets = target_table();
    auto tools = tool_table();
    Role role{&targets[data[0] % targets.size()], &tools[data[1] % tools.size()]};
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

    SdkFacts sdk = describe_sdk("/sdk", "fuzz",
                                {"wasm32-wasi", "wasm32-wasip1", "wasm32-wasip2",
                                 "wasm32-wasip1-threads"},
                                data[0] & 0x80);
    TripleFacts tf{};
    tf.cxx_headers = tf.libcxx = true;
    tf.emulation_libraries = emulation_library_bit("wasi-emulated-mman") |
                             emulation_library_bit("c-printscan-long-double");
    try {
        std::string triple = choose_triple(*role.target, sdk);
        auto plan = plan_exec(role, sdk, triple, tf, args, parse_emulations("mman,long-double"));
        // The user's arguments are a subsequence of the result, in order.
        auto it = plan.args.begin();
        for (const auto &a : args) {
            it = std::find(it, plan.args.end(), a);
            if (it == plan.args.end())
                std::abort();
            ++it;
        }
        auto count = [&](const std::string &prefix) {
            return std::count_if(plan.args.begin(), plan.args.end(),
                                 [&](const std::string &a) { return a.rfind(prefix, 0) == 0; });
        };
        auto user = [&](const std::string &prefix) {
            return std::count_if(args.begin(), args.end(),
                                 [&](const std::string &a) { return a.rfind(prefix, 0) == 0; });
        };
        if (count("--target=") > std::max<long>(1, user("--target=")) ||
            count("--sysroot=") > std::max<long>(1, user("--sysroot=")))
            std::abort();
    } catch (const Error &) {
    }
    return 0;
}
