#pragma once
// The wrappers' whole run: resolve the active SDK (the same function as `wasisdk
// show`), read what its tree offers, plan the command and execv it. No shell, no fork,
// no manifest, no network; on success this never returns.
namespace wasisdk {

int driver_main(int argc, char **argv);

} // namespace wasisdk
