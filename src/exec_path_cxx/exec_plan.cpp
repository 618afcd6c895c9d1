#include "exec_path_cxx/exec_plan.h"

#include "base/error.h"
#include "base/text.h"

namespace wasisdk {

namespace {

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

Emulations parse_emulations(std::string_view value) {
    Emulations list{};
    wsd_error err;
    if (!wsd_parse_emulations(std::string(value).c_str(), &list, &err))
        throw_error(err);
    return list;
}

std::vector<std::string> emulation_names(const Emulations &emulations) {
    std::vector<std::string> names;
    for (std::size_t i = 0; i < emulations.count; ++i)
        names.emplace_back(wsd_emulations[emulations.items[i]].name);
    return names;
}

bool command_links(const std::vector<std::string> &args) {
    auto c = c_strings(args);
    return wsd_command_links(c.data(), c.size());
}

ExecPlan to_exec_plan(const wsd_plan &p) {
    ExecPlan plan;
    plan.program = p.program;
    plan.search_path = p.search_path;
    plan.args.assign(p.argv + 1, p.argv + p.argc);
    for (std::size_t i = 0; i < p.env_count; ++i)
        plan.env.emplace_back(p.env_names[i], p.env_values[i]);
    return plan;
}

ExecPlan plan_exec(const Role &role, const SdkFacts &sdk, const std::string &triple,
                   const TripleFacts &triple_facts, const std::vector<std::string> &user_args,
                   const Emulations &emulations) {
    auto args = c_strings(user_args);
    wsd_command command;
    wsd_read_command(args.data(), args.size(), &command);
    PlanGuard guard;
    wsd_error err;
    if (!wsd_plan_exec(&role, &sdk, triple.c_str(), &triple_facts, &command, &emulations,
                       &guard.plan, &err))
        throw_error(err);
    return to_exec_plan(guard.plan);
}

} // namespace wasisdk
