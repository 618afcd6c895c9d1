#include "exec_path_cxx/wrapper_call.h"

namespace wasisdk {

struct PreparedCall::State {
    std::vector<std::string> strings; // argv's characters
    std::vector<char *> argv;         // into strings, NULL-terminated (the C code edits it)
    std::optional<std::map<std::string, std::string>> env;
    wsd_prepared_call c;
    ~State() { wsd_prepared_call_free(&c); }
};

namespace {

const char *lookup(const char *name, void *context) {
    const auto &env = *static_cast<const std::map<std::string, std::string> *>(context);
    auto it = env.find(name);
    return it == env.end() ? nullptr : it->second.c_str();
}

} // namespace

PreparedCall prepare_call(const WrapperCall &call) {
    auto role = role_from_program_name(call.wrapper);
    if (!role)
        throw Error(call.wrapper + " is no wrapper name", "use one such as wasm32-wasip1-clang",
                    ExitCode::usage);
    auto state = std::make_shared<PreparedCall::State>();
    state->strings.push_back(call.wrapper);
    state->strings.insert(state->strings.end(), call.args.begin(), call.args.end());
    for (auto &s : state->strings)
        state->argv.push_back(s.data());
    state->argv.push_back(nullptr);
    state->env = call.env;

    wsd_wrapper_call c{};
    c.role = *role;
    c.argc = static_cast<int>(state->strings.size());
    c.argv = state->argv.data();
    c.home = call.home ? call.home->c_str() : nullptr;
    c.cwd = call.cwd.c_str();
    if (state->env)
        c.env = {lookup, &*state->env};
    c.self = call.self ? call.self->c_str() : nullptr;

    PreparedCall prepared;
    wsd_error err;
    if (!wsd_prepare_call(&c, &state->c, &err))
        prepared.error_ = error_of(err);
    prepared.c_ = &state->c;
    prepared.state_ = std::move(state);
    return prepared;
}

} // namespace wasisdk
