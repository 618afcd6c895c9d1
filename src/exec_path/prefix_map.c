#define _DEFAULT_SOURCE 1 /* realpath(): glibc and musl declare it under their default set */
#include "exec_path/prefix_map.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Appends "-ffile-prefix-map=<from>=<to>" made in the plan's storage. */
static bool push_map(wsd_plan *plan, const char *from) {
    char *s = plan->storage + plan->storage_used;
    size_t room = sizeof plan->storage - plan->storage_used;
    int n = snprintf(s, room, "-ffile-prefix-map=%s=%s", from, WSD_PREFIX_MAP_TARGET);
    if (n < 0 || (size_t)n >= room)
        return false;
    plan->storage_used += (size_t)n + 1;
    plan->argv[plan->argc++] = s; /* the planner's capacity keeps 8 slots to spare */
    return true;
}

bool wsd_push_prefix_maps(wsd_plan *plan, const wsd_sdk_facts *sdk, const wsd_command *command) {
    if (!command->debug_info)
        return true;
    if (!push_map(plan, sdk->root))
        return false;
    char real[WSD_PATH_MAX];
    if (realpath(sdk->root, real) && strcmp(real, sdk->root) != 0)
        return push_map(plan, real);
    return true;
}
