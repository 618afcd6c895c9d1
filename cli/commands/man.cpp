// wasisdk man [COMMAND] [--out-dir DIR] (hidden): the man pages, written from the parser's
// own definition by the build (cli/CMakeLists.txt), so that they say what --help
// says. Without --out-dir, one page on stdout: wasisdk(1), or wasisdk-COMMAND(1).
#include "base/error.h"
#include "base/fs_util.h"
#include "command_table.h"
#include "context.h"
#include "man_page.h"

#include <cstdio>

namespace wasisdk::cli {

Command man_command() {
    return {"man", "Write the man pages (for the build)",
            [](CLI::App &app, Context &ctx) -> std::function<int()> {
                app.group(""); // hidden: in neither --help nor the completions
                auto command = std::make_shared<std::string>();
                auto out_dir = std::make_shared<std::string>();
                app.add_option("command", *command, "The command whose page to print");
                app.add_option("--out-dir", *out_dir, "Write wasisdk.1 and wasisdk-*.1 here")
                    ->type_name("DIR");
                CLI::App *root = app.get_parent();
                return [&ctx, command, out_dir, root] {
                    CommandDoc doc = describe_command(*root, root->get_name());
                    std::vector<std::pair<std::string, std::string>> pages; // file, text
                    pages.emplace_back("wasisdk.1", man_page(doc, kWasisdkVersion));
                    for (const auto &c : doc.subcommands)
                        if (command->empty() || c.name == *command)
                            pages.emplace_back(man_name(c) + ".1",
                                               man_page(doc, c, kWasisdkVersion));
                    if (!command->empty() && pages.size() == 1)
                        throw Error("no command '" + *command + "'", "see wasisdk --help",
                                    ExitCode::usage);
                    if (out_dir->empty()) {
                        std::fputs((command->empty() ? pages.front() : pages.back()).second.c_str(),
                                   stdout);
                        return 0;
                    }
                    fs::create_directories(*out_dir);
                    for (const auto &[file, text] : pages)
                        write_file_atomic(fs::path(*out_dir) / file, text);
                    ctx.note("wrote " + std::to_string(pages.size()) + " man pages to " + *out_dir);
                    return 0;
                };
            }};
}

} // namespace wasisdk::cli
