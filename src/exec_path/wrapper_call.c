#include "exec_path/wrapper_call.h"

#include "exec_path/configured_sdk.h"
#include "exec_path/cxx_compat.h"
#include "exec_path/loop_guard.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

static bool path_too_long(wsd_error *err, const char *what) {
    return wsd_fail(err, WSD_FAILURE, "use a shorter path", "%s: path too long", what);
}

bool wsd_resolve_for_call(const char *home_flag, const char *spec, const char *cwd, char *home,
                          size_t home_size, wsd_active_sdk *active, wsd_error *err) {
    if (!wsd_resolve_home(home_flag, home, home_size, err)) {
        /* WASI_SDK_PATH names the SDK outright: a container without HOME can still build. */
        if (spec || !wsd_env("WASI_SDK_PATH"))
            return false;
        home[0] = '\0';
    }
    return wsd_resolve_active_sdk(home, spec, cwd ? cwd : "", active, err);
}

/* Steps 1-3: which SDK, and whether to plan at all. */
static bool choose_sdk(const wsd_wrapper_call *call, int *argc, char **argv, wsd_prepared_call *out,
                       wsd_error *err) {
    out->expected = wsd_take_expected_sdk(argv, argc);
    out->spec = NULL;
    if (*argc > 1 && argv[1][0] == '+' && argv[1][1]) {
        out->spec = argv[1] + 1;
        memmove(argv + 1, argv + 2, (size_t)(*argc - 1) * sizeof *argv); /* and argv's NULL */
        --*argc;
    }
    if (!wsd_resolve_for_call(call->home, out->spec, call->cwd, out->home, sizeof out->home,
                              &out->active, err))
        return false;
    if (out->expected && !wsd_check_expected_sdk(out->expected, &out->active, err))
        return false;
    out->action = *argc == 2 && strcmp(argv[1], WSD_PRINT_SDK_FLAG) == 0 ? WSD_ACTION_PRINT_SDK
                                                                         : WSD_ACTION_EXEC;
    return true;
}

/* Step 4. */
static bool probe_sdk(const wsd_role *role, wsd_prepared_call *out, wsd_error *err) {
    const wsd_active_sdk *active = &out->active;
    char label[WSD_NAME_MAX + 16];
    snprintf(label, sizeof label, "wasi-sdk %s", active->name);
    if (!wsd_probe_sdk(active->root, active->name[0] ? label : active->root, &out->sdk))
        return path_too_long(err, active->root);
    const wsd_tool_kind tool = role->tool->kind;
    if (tool == WSD_TOOL_CC || tool == WSD_TOOL_CXX || tool == WSD_TOOL_PKG_CONFIG)
        return wsd_choose_triple(role->target, &out->sdk, &out->triple, err);
    return true;
}

/* Step 5: what the triple's directory offers, read only where the plan needs it. */
static bool probe_triple(const wsd_role *role, wsd_prepared_call *out, wsd_error *err) {
    const wsd_tool_kind tool = role->tool->kind;
    if (tool != WSD_TOOL_CC && tool != WSD_TOOL_CXX)
        return true;
    const char *value = wsd_env("WASISDK_EMULATE");
    if (value && !wsd_parse_emulations(value, &out->emulations, err))
        return false;
    const bool links = out->command.links;
    const bool long_double = links && wsd_wants_default_long_double(wsd_env("WASISDK_LONG_DOUBLE"));
    wsd_triple_facts *tf = &out->triple_facts;
    if (tool == WSD_TOOL_CXX || out->emulations.count > 0 || long_double)
        wsd_probe_triple(&out->sdk, out->triple, tf);
    if (long_double)
        wsd_add_long_double(&out->emulations,
                            tf->emulation_libraries & (1u << WSD_EMULATION_LONG_DOUBLE));
    /* C++ links only: one stat of the install's compat archive (cxx_compat.h). */
    if (links && out->active.name[0] && wsd_links_cxx_runtime(tool, &out->command) &&
        wsd_install_dir(out->home, out->active.name, out->sdk.install_dir,
                        sizeof out->sdk.install_dir))
        wsd_probe_cxx_compat(&out->sdk, out->triple, tf);
    return true;
}

/* Steps 7 and 8. */
static bool check_program(const wsd_wrapper_call *call, wsd_prepared_call *out, wsd_error *err) {
    const wsd_plan *plan = &out->plan;
    if (!plan->search_path) {
        if (access(plan->program, X_OK) != 0)
            return wsd_fail(err, WSD_NOT_FOUND,
                            "reinstall it (wasisdk install --force), or use another SDK",
                            "%s has no %s in %s/bin", out->sdk.label,
                            strrchr(plan->program, '/') + 1, out->sdk.root);
        if (call->self && wsd_same_file(plan->program, call->self))
            return wsd_fail(err, WSD_USAGE,
                            "point WASI_SDK_PATH at a wasi-sdk tree, not at wasisdk's bin/",
                            "%s is this wrapper itself", plan->program);
    }
    if (!wsd_next_depth(wsd_env(WSD_DEPTH_VARIABLE), plan->program, out->depth, err))
        return false;
    const char *verbose = wsd_env("WASISDK_VERBOSE");
    out->verbose = verbose && strcmp(verbose, "0") != 0;
    /* sccache hashes this wrapper's -E output for every compile (its key has nothing else
       that changes with the SDK), and distcc sends it to a helper machine: the identity
       goes first, and a compile of preprocessed output checks it (sdk_identity.h). */
    const wsd_tool_kind tool = call->role.tool->kind;
    const bool compiler = tool == WSD_TOOL_CC || tool == WSD_TOOL_CXX;
    out->identity_first =
        compiler && wsd_preprocesses_to_stdout(&out->command) && wsd_parent_reads_preprocessed();
    const char *input = compiler && !out->identity_first ? out->command.preprocessed_input : NULL;
    if ((out->identity_first || input) &&
        !wsd_sdk_identity(out->home, &out->active, out->identity, sizeof out->identity))
        return path_too_long(err, out->active.root);
    return !input || wsd_check_preprocessed(input, out->identity, out->sdk.label, err);
}

static bool prepare(const wsd_wrapper_call *call, wsd_prepared_call *out, wsd_error *err) {
    int argc = call->argc;
    char **argv = call->argv;
    out->step = WSD_STEP_ACTIVE_SDK;
    if (!choose_sdk(call, &argc, argv, out, err))
        return false;
    if (out->action == WSD_ACTION_PRINT_SDK) {
        out->step = WSD_STEP_READY;
        return true;
    }
    out->step = WSD_STEP_SYSROOT;
    if (!probe_sdk(&call->role, out, err))
        return false;
    out->step = WSD_STEP_COMMAND;
    wsd_read_command((const char *const *)argv + 1, (size_t)argc - 1, &out->command);
    if (!probe_triple(&call->role, out, err) ||
        !wsd_plan_exec(&call->role, &out->sdk, out->triple, &out->triple_facts, &out->command,
                       &out->emulations, &out->plan, err))
        return false;
    out->step = WSD_STEP_PROGRAM;
    if (!check_program(call, out, err))
        return false;
    out->step = WSD_STEP_READY;
    return true;
}

bool wsd_prepare_call(const wsd_wrapper_call *call, wsd_prepared_call *out, wsd_error *err) {
    /* No memset: the struct is ~50 KB, and every page touched costs the driver a fault. */
    out->action = WSD_ACTION_EXEC;
    out->spec = out->expected = out->triple = NULL;
    out->home[0] = '\0';
    out->triple_facts = (wsd_triple_facts){0};
    out->emulations.count = 0;
    out->command = (wsd_command){0};
    out->plan.argv = NULL;
    out->plan.program = NULL;
    out->depth[0] = '\0';
    out->verbose = out->identity_first = false;
    wsd_env_source env = call->env;
    wsd_swap_env_source(&env);
    bool ok = prepare(call, out, err);
    wsd_swap_env_source(&env);
    return ok;
}

void wsd_prepared_call_free(wsd_prepared_call *prepared) {
    if (prepared->plan.argv)
        wsd_plan_free(&prepared->plan);
}
