#pragma once
// Man pages (roff, man(7) macros) written from the same CLI11 definition as --help:
// wasisdk(1) with every command, and wasisdk-<command>(1) for each one.
#include "cli_tree.h"

#include <string>

namespace wasisdk::cli {

// wasisdk(1): the global options, every command, environment, exit status, files.
std::string man_page(const CommandDoc &root, const std::string &version);

// wasisdk-<command>(1): one command, its options and subcommands.
std::string man_page(const CommandDoc &root, const CommandDoc &command, const std::string &version);

// "wasisdk-rust-std" for "wasisdk rust-std".
std::string man_name(const CommandDoc &command);

} // namespace wasisdk::cli
