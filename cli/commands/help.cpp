// wasisdk help [COMMAND...]: what `wasisdk COMMAND... --help` prints, for every command
// and subcommand (`wasisdk help rust-std install`), as git and cargo answer `help`.
#include "base/error.h"
#include "base/text.h"
#include "cli_tree.h"
#include "command_table.h"
#include "context.h"

#include <cstdio>

namespace wasisdk::cli {

Command help_command() {
    return {"help", "Show the help of wasisdk or of a command (the same as COMMAND --help)",
            [](CLI::App &app, Context &ctx) -> std::function<int()> {
                auto words = std::make_shared<std::vector<std::string>>();
                app.add_option("command", *words, "A command, e.g. install or rust-std install");
                CLI::App *root = app.get_parent();
                return [&ctx, words, root] {
                    CLI::App *at = root;
                    std::string path = root->get_name();
                    for (const auto &w : *words) {
                        std::vector<std::string> names;
                        CLI::App *next = nullptr;
                        for (CLI::App *sub : at->get_subcommands({})) {
                            if (!is_hidden(*sub))
                                names.push_back(sub->get_name());
                            if (sub->get_name() == w)
                                next = sub;
                        }
                        if (!next) {
                            std::string guess = closest_match(w, names);
                            throw Error("unknown command '" + printable(w) + "'" +
                                            (at == root ? "" : " for " + path),
                                        (guess.empty() ? "" : "did you mean '" + guess + "'? ") +
                                            "see " + path + " --help",
                                        ExitCode::usage);
                        }
                        at = next;
                        path += " " + w;
                    }
                    std::string text = help_text(*at, path);
                    if (ctx.options.json)
                        ctx.print_json({{"command", path}, {"help", text}});
                    else
                        std::fputs(text.c_str(), stdout);
                    return 0;
                };
            }};
}

} // namespace wasisdk::cli
