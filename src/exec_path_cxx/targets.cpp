#include "exec_path_cxx/targets.h"

namespace wasisdk {

std::span<const TargetSpec> target_table() {
    return {wsd_targets, wsd_target_count};
}

const TargetSpec *find_target(std::string_view name) {
    return wsd_find_target(name.data(), name.size());
}

std::span<const ToolSpec> tool_table() {
    return {wsd_tools, wsd_tool_count};
}

std::vector<std::string> target_triples(const TargetSpec &target) {
    std::vector<std::string> out;
    for (const char *const *t = target.triples; *t; ++t)
        out.emplace_back(*t);
    return out;
}

std::optional<Role> role_from_program_name(std::string_view argv0) {
    Role role;
    if (argv0.find('\0') != std::string_view::npos ||
        !wsd_role_from_program_name(std::string(argv0).c_str(), &role))
        return std::nullopt;
    return role;
}

std::vector<std::string> all_wrapper_names() {
    std::vector<std::string> names;
    for (const auto &t : target_table())
        for (const auto &tool : tool_table())
            names.push_back(std::string(t.name) + "-" + tool.suffix);
    return names;
}

} // namespace wasisdk
