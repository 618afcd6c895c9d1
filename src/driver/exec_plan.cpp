#include "driver/exec_plan.h"

#include "base/error.h"
#include "exec_path/exec_plan.h"

namespace wasisdk {

namespace {

std::vector<const char *> c_strings(const std::vector<std::string> &items) {
    std::vector<const char *> out;
    for (const auto &s : items)
        out.push_back(s.c_str());
    return out;
}

// Owns a wsd_plan until the C++ copy is made.
struct PlanGuard {
    wsd_plan plan{};
    ~PlanGuard() { wsd_plan_free(&plan); }
};

} // namespace

std::string choose_triple(const TargetSpec &target, const SdkFacts &sdk) {
    const char *triple = nullptr;
    wsd_error err;
    if (!wsd_choose_triple(&target, &sdk, &triple, &err))
        throw_error(err);
    return triple;
}

std::vector<std::string> parse_emulations(std::string_view value) {
    wsd_emulation_list list;
    wsd_error err;
    if (!wsd_parse_emulations(std::string(value).c_str(), &list, &err))
        throw_error(err);
    std::vector<std::string> names;
    for (std::size_t i = 0; i < list.count; ++i)
        names.emplace_back(wsd_emulations[list.items[i]].name);
    return names;
}

bool command_links(const std::vector<std::string> &args) {
    auto c = c_strings(args);
    return wsd_command_links(c.data(), c.size());
}

ExecPlan plan_exec(const Role &role, const SdkFacts &sdk, const std::string &triple,
                   const TripleFacts &triple_facts, const std::vector<std::string> &user_args,
                   const std::vector<std::string> &emulations) {
    std::string joined;
    for (const auto &e : emulations)
        joined += (joined.empty() ? "" : ",") + e;
    wsd_emulation_list list;
    wsd_error err;
    if (!wsd_parse_emulations(joined.c_str(), &list, &err))
        throw_error(err);

    auto args = c_strings(user_args);
    PlanGuard guard;
    if (!wsd_plan_exec(&role, &sdk, triple.c_str(), &triple_facts, args.data(), args.size(), &list,
                       &guard.plan, &err))
        throw_error(err);
    const wsd_plan &p = guard.plan;
    ExecPlan plan;
    plan.program = p.program;
    plan.search_path = p.search_path;
    plan.args.assign(p.argv + 1, p.argv + p.argc);
    for (std::size_t i = 0; i < p.env_count; ++i)
        plan.env.emplace_back(p.env_names[i], p.env_values[i]);
    return plan;
}

} // namespace wasisdk
