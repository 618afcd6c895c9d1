#pragma once
// Options and helpers that several commands share (--target, --link, --rustc).
#include "build_integration/build_integration.h"
#include "context.h"
#include "exec_path_cxx/targets.h"

#include <string>
#include <vector>

namespace wasisdk::cli {

// --target and --link, shared by env and cargo-config.
void add_target_options(CLI::App &app, std::string &target, std::string &link);
const TargetSpec &require_target(const std::string &name);
LinkMode parse_link_mode(const std::string &mode);

// --rustc PATH, as env, cargo-config, doctor and rust-std take it; `what` ends the help
// ("The rustc to check"). Unset: the rustc cargo runs (rust/cargo_target.h: $RUSTC, else
// rustc on PATH), which rustc_in_use resolves.
void add_rustc_option(CLI::App &app, std::string &rustc, const std::string &what);
RustcChoice rustc_in_use(const std::string &option);

std::string join_targets(const std::vector<std::string> &targets);

} // namespace wasisdk::cli
