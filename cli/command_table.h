#pragma once
// The commands of the CLI, one entry per file in commands/; main.cpp registers them.
#include "context.h"

#include <string>
#include <vector>

namespace wasisdk::cli {

// A command: its name, one-line help and how it registers its options. The callback
// runs after parsing and returns the exit code.
struct Command {
    const char *name;
    const char *help;
    std::function<std::function<int()>(CLI::App &, Context &)> setup;
};

// One table entry per file in commands/.
Command install_command();
Command uninstall_command();
Command list_command();
Command default_command();
Command which_command();
Command show_command();
Command env_command();
Command link_command();
Command setup_command();
Command cargo_config_command();
Command rust_std_command();
Command doctor_command();
Command bootstrap_config_command();
Command completions_command();
Command gc_command();
Command mirror_command();
Command self_command();
Command help_command();
Command pin_command();
Command man_command();
Command update_command();

} // namespace wasisdk::cli
