#include "driver/targets.h"

namespace wasisdk {

const std::vector<TargetSpec> &target_table() {
    static const std::vector<TargetSpec> table = {
        {"wasm32-wasip1", {"wasm32-wasip1", "wasm32-wasi"}, false, false, ""},
        {"wasm32-wasi", {"wasm32-wasi", "wasm32-wasip1"}, false, false, ""},
        {"wasm32-wasip1-threads",
         {"wasm32-wasip1-threads", "wasm32-wasi-threads"},
         true,
         false,
         "wasi-sdk 20 or later"},
        {"wasm32-wasip2", {"wasm32-wasip2"}, false, true, "wasi-sdk 22 or later"},
    };
    return table;
}

const TargetSpec *find_target(std::string_view name) {
    for (const auto &t : target_table())
        if (name == t.name)
            return &t;
    return nullptr;
}

const std::vector<ToolSpec> &tool_table() {
    // Longest suffixes first where one ends another ("-clang++" before "-clang").
    static const std::vector<ToolSpec> table = {
        {"clang++", Tool::cxx, "clang++"},    {"clang", Tool::cc, "clang"},
        {"c++", Tool::cxx, "clang++"},        {"cc", Tool::cc, "clang"},
        // autoconf's AC_PROG_CC looks for <host>-gcc first and then takes the host's
        // unprefixed gcc: answering to -gcc keeps `./configure --host=...` on wasm.
        {"g++", Tool::cxx, "clang++"},        {"gcc", Tool::cc, "clang"},
        {"ar", Tool::ar, "llvm-ar"},          {"ranlib", Tool::ranlib, "llvm-ranlib"},
        {"nm", Tool::nm, "llvm-nm"},          {"strip", Tool::strip, "llvm-strip"},
        {"wasm-ld", Tool::wasm_ld, "wasm-ld"}, {"pkg-config", Tool::pkg_config, "pkg-config"},
    };
    return table;
}

std::optional<Role> role_from_program_name(std::string_view argv0) {
    auto slash = argv0.rfind('/');
    std::string_view name = slash == std::string_view::npos ? argv0 : argv0.substr(slash + 1);
    if (name == "wasm-ld") {
        for (const auto &tool : tool_table())
            if (tool.tool == Tool::wasm_ld)
                return Role{find_target("wasm32-wasip1"), &tool};
    }
    for (const auto &tool : tool_table()) {
        std::string suffix = std::string("-") + tool.suffix;
        if (name.size() <= suffix.size() || !name.ends_with(suffix))
            continue;
        if (const TargetSpec *t = find_target(name.substr(0, name.size() - suffix.size())))
            return Role{t, &tool};
    }
    return std::nullopt;
}

std::vector<std::string> all_wrapper_names() {
    std::vector<std::string> names;
    for (const auto &t : target_table())
        for (const auto &tool : tool_table())
            names.push_back(std::string(t.name) + "-" + tool.suffix);
    return names;
}

} // namespace wasisdk
