#pragma once
// The command line as data, read from the CLI11 definition itself: what `help`, the man
// pages and the completion scripts describe, so none of them can disagree with the
// parser.
#include <CLI/CLI.hpp>
#include <string>
#include <vector>

namespace wasisdk::cli {

struct OptionDoc {
    std::vector<std::string> names; // "-q", "--quiet"; for a positional, its name
    std::string value;              // "DIR", "sdk|sysroot|builtins"; empty for a flag
    std::string help;
    std::string env; // the environment variable that sets it, if any
    bool positional = false;
    bool required = false;
    bool repeats = false; // takes several values ("spec...")
};

struct CommandDoc {
    std::string path; // "wasisdk", "wasisdk install", "wasisdk rust-std install"
    std::string name;
    std::string help;
    std::vector<OptionDoc> options;      // without --help
    std::vector<CommandDoc> subcommands; // visible ones only
};

// Hidden commands (an empty CLI11 group: `man`) are for the build, not for users.
bool is_hidden(const CLI::App &app);

// The values of a CLI::IsMember check ("{a,b,c}" in CLI11 2.x), if the option has one.
std::vector<std::string> member_values(CLI::Option *opt);

CommandDoc describe_command(CLI::App &app, const std::string &path);

// "[--force] [--from FILE] spec..." for a synopsis.
std::string usage_words(const CommandDoc &command);

// The app that the words name below `root` ("rust-std", "install"), or nullptr; `path`
// gets "wasisdk rust-std install".
CLI::App *find_command(CLI::App &root, const std::vector<std::string> &words, std::string &path);

// What `wasisdk COMMAND --help` prints for `app` named by `path`.
std::string help_text(const CLI::App &app, const std::string &path);

} // namespace wasisdk::cli
