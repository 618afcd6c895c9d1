// wasisdk: installs and manages wasi-sdk releases. main() only parses the command line
// and turns failures into one line and an exit code; commands live in commands/.
#include "base/error.h"
#include "base/fs_util.h"
#include "base/json_text.h"
#include "base/text.h"
#include "cli_tree.h"
#include "command_table.h"
#include "context.h"
#include "net_backend.h"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstdio>
#include <exception>
#include <sys/resource.h>

using namespace wasisdk;
using namespace wasisdk::cli;

namespace {

std::vector<Command> command_table() {
    return {install_command(),      uninstall_command(),
            list_command(),         update_command(),
            default_command(),      which_command(),
            show_command(),         env_command(),
            link_command(),         setup_command(),
            cargo_config_command(), rust_std_command(),
            doctor_command(),       bootstrap_config_command(),
            completions_command(),  gc_command(),
            mirror_command(),       self_command(),
            pin_command(),          help_command(),
            man_command()};
}

// Set once the command line says --json (before it is parsed, so that a parse error is
// JSON too): errors then also go to stdout as {"error": {...}} (docs/cli.md).
bool json_errors = false;

// One error: "wasisdk: error: <message> (<fix>)" on stderr, and in JSON mode the same
// as a document on stdout. CLI11's parse errors join their fix with "; " instead.
int fail(const std::string &message, const std::string &fix, ExitCode code,
         const char *joiner = nullptr) {
    std::string line = fix.empty() ? message
                       : joiner    ? message + joiner + fix
                                   : message + " (" + fix + ")";
    std::fprintf(stderr, "wasisdk: error: %s\n", line.c_str());
    if (json_errors) {
        nlohmann::json doc = {
            {"schema", kJsonSchema},
            {"error", {{"message", message}, {"fix", fix}, {"exit_code", static_cast<int>(code)}}}};
        std::printf("%s\n", json_text(doc).c_str());
    }
    return static_cast<int>(code);
}

int usage_error(const std::string &message, const std::string &where) {
    return fail(message, "see " + where + " --help", ExitCode::usage, "; ");
}

bool json_requested(const std::vector<std::string> &args) {
    for (const auto &a : args) {
        if (a == "--")
            return false;
        if (a == "--json")
            return true;
    }
    return false;
}

// The command word: the first argument that is neither a global option nor its value;
// `commands` are the names to suggest instead of an unknown one.
// CLI11 would keep an unknown word as an extra and still act on a global flag after it
// (`wasisdk run 22 clang --version` printed the version, status 0), so it is checked
// before parsing.
int check_command_word(const CLI::App &app, const std::vector<std::string> &args,
                       const std::vector<std::string> &commands) {
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string &a = args[i];
        if (a == "--")
            return -1;
        if (a.size() > 1 && a[0] == '-') {
            const CLI::Option *opt = app.get_option_no_throw(a.substr(0, a.find('=')));
            if (opt && opt->get_expected_max() != 0 && a.find('=') == std::string::npos)
                ++i; // its value
            continue;
        }
        for (const CLI::App *sub : app.get_subcommands({}))
            if (sub->get_name() == a)
                return -1;
        std::string guess = closest_match(a, commands);
        return usage_error("unknown command '" + printable(a) + "'" +
                               (guess.empty() ? "" : " (did you mean '" + guess + "'?)"),
                           "wasisdk");
    }
    return -1;
}

std::vector<std::string> option_names(const CLI::App &app) {
    std::vector<std::string> names;
    for (const CLI::Option *opt : app.get_options())
        for (const auto &n : opt->get_lnames())
            names.push_back("--" + n);
    if (app.get_parent())
        for (const auto &n : option_names(*app.get_parent()))
            names.push_back(n);
    return names;
}

// The innermost parsed subcommand ("wasisdk rust-std install ...").
CLI::App *innermost(CLI::App &app) {
    CLI::App *active = &app;
    for (bool deeper = true; deeper;) {
        deeper = false;
        for (CLI::App *sub : active->get_subcommands()) {
            active = sub;
            deeper = true;
        }
    }
    return active;
}

std::string command_path(const CLI::App &app, const CLI::App *active) {
    std::string where = "wasisdk";
    for (const CLI::App *a = active; a != &app; a = a->get_parent())
        where.insert(7, " " + a->get_name());
    return where;
}

// CLI11's own messages, with the command they concern and where to read more.
int report_parse_error(CLI::App &app, const CLI::ParseError &e,
                       const std::vector<std::string> &args) {
    CLI::App *active = innermost(app);
    std::string where = command_path(app, active);
    std::string what = e.what();
    if (what == "A subcommand is required") {
        std::vector<std::string> names;
        std::string list;
        for (const CLI::App *sub : active->get_subcommands({})) {
            names.push_back(sub->get_name());
            list += (list.empty() ? "" : ", ") + sub->get_name();
        }
        // The word after the command, if any, was meant as its subcommand.
        auto it = std::find(args.begin(), args.end(), active->get_name());
        while (it != args.end() && ++it != args.end() && it->starts_with("-")) {
        }
        if (it != args.end()) {
            std::string guess = closest_match(*it, names);
            what = "unknown command '" + *it + "' for " + where +
                   (guess.empty() ? "" : " (did you mean '" + guess + "'?)");
        } else {
            what = where + " needs a subcommand (" + list + ")";
        }
    }
    return usage_error(what, where);
}

// Leftover arguments are unknown commands or flags: one line, with a suggestion.
int report_leftovers(CLI::App &app, const std::vector<std::string> &commands) {
    CLI::App *active = innermost(app);
    auto rest = active->remaining();
    if (rest.empty())
        rest = app.remaining();
    if (rest.empty())
        return -1;
    const std::string &word = rest.front();
    if (word.starts_with("-")) {
        std::string flag = word.substr(0, word.find('='));
        std::string guess = closest_match(flag, option_names(*active));
        std::string where = command_path(app, active);
        return usage_error("unknown option '" + flag + "' for " + where +
                               (guess.empty() ? "" : " (did you mean '" + guess + "'?)"),
                           where);
    }
    if (active == &app || !active->get_subcommands({}).empty()) {
        std::vector<std::string> names = commands;
        if (active != &app) {
            names.clear();
            for (const CLI::App *sub : active->get_subcommands({}))
                names.push_back(sub->get_name());
        }
        std::string guess = closest_match(word, names);
        std::string where = command_path(app, active);
        return usage_error("unknown command '" + word + "'" +
                               (guess.empty() ? "" : " (did you mean '" + guess + "'?)"),
                           where);
    }
    std::string where = command_path(app, active);
    return usage_error("unexpected argument '" + word + "' for " + where, where);
}

} // namespace

int main(int argc, char **argv) {
    remember_command_line(argc, argv);
    Context ctx;
    CLI::App app{"wasisdk: install and use wasi-sdk toolchains for WebAssembly/WASI"};
    app.name("wasisdk");
    app.set_version_flag("-V,--version", std::string("wasisdk ") + kWasisdkVersion);
    app.require_subcommand(0, 1);
    app.allow_extras();
    app.fallthrough();

    GlobalOptions &g = ctx.options;
    app.add_option("--home", g.home, "Where SDKs are stored (default ~/.wasisdk)")
        ->type_name("DIR")
        ->envname("WASISDK_HOME");
    app.add_flag("-q,--quiet", g.quiet, "Print only errors and requested output");
    app.add_flag("-v,--verbose", g.verbose, "Print more about what happens");
    app.add_flag("--json", g.json, "One JSON document on stdout, errors included");
    app.add_option("--manifest", g.manifest, "Release manifest to use instead of the built-in one")
        ->type_name("FILE|URL")
        ->envname("WASISDK_MANIFEST");
    app.add_option("--dist-server", g.dist_server, "Mirror that replaces the manifest's base_url")
        ->type_name("URL")
        ->envname("WASISDK_DIST_SERVER");
    app.add_option("--cacert", g.cacert, "CA bundle for TLS (private mirrors)")
        ->type_name("FILE")
        ->envname("WASISDK_CA_BUNDLE");
    app.add_flag("--allow-http", g.allow_http, "Allow plain http beyond loopback addresses");
    app.add_option("--manifest-root", g.manifest_root,
                   "Where `update` fetches the signed release manifest (default: this build's)")
        ->type_name("URL")
        ->envname("WASISDK_MANIFEST_ROOT");
    app.add_option("--manifest-key", g.manifest_key,
                   "One more public key to trust for the release manifest (a trust decision)")
        ->type_name("FILE")
        ->envname("WASISDK_MANIFEST_KEY");
    app.add_option("--progress", g.progress,
                   "Progress bars: auto (on a terminal that is not TERM=dumb), always or never")
        ->check(CLI::IsMember({"auto", "always", "never"}))
        ->envname("WASISDK_PROGRESS");

    std::vector<std::string> names;
    std::vector<std::pair<CLI::App *, std::function<int()>>> runners;
    for (const Command &c : command_table()) {
        CLI::App *sub = app.add_subcommand(c.name, c.help);
        sub->allow_extras();
        sub->fallthrough();
        runners.emplace_back(sub, c.setup(*sub, ctx));
        if (!is_hidden(*sub)) // suggested in "did you mean"; `man` is for the build
            names.push_back(c.name);
    }

    const std::vector<std::string> args(argv + 1, argv + argc);
    json_errors = json_requested(args);
    if (int rc = check_command_word(app, args, names); rc >= 0)
        return rc;
    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp &e) {
        return app.exit(e);
    } catch (const CLI::CallForAllHelp &e) {
        return app.exit(e);
    } catch (const CLI::CallForVersion &e) {
        if (!json_errors)
            return app.exit(e);
        ctx.print_json({{"version", kWasisdkVersion}});
        return 0;
    } catch (const CLI::ParseError &e) {
        return report_parse_error(app, e, args);
    }
    if (int rc = report_leftovers(app, names); rc >= 0)
        return rc;

    try {
        for (auto &[sub, run] : runners)
            if (sub->parsed()) {
                int rc = run();
                // Peak memory of this process alone (not of helpers such as clang), for
                // bench/install.sh.
                struct rusage usage {};
                if (getrusage(RUSAGE_SELF, &usage) == 0)
                    ctx.detail("peak memory: " + std::to_string(usage.ru_maxrss) + " KB");
                return rc;
            }
        if (ctx.options.json)
            ctx.print_json({{"command", "wasisdk"}, {"help", app.help()}});
        else
            std::fputs(app.help().c_str(), stdout);
        return 0;
    } catch (const Error &e) {
        return fail(e.what(), e.fix(), e.code());
    } catch (const std::filesystem::filesystem_error &e) {
        return fail(e.what(), "", ExitCode::failure);
    } catch (const std::bad_alloc &) {
        return fail("out of memory", "", ExitCode::failure);
    } catch (const std::exception &e) {
        return fail(std::string("internal error: ") + e.what(),
                    "please report it with the command you ran", ExitCode::failure);
    }
}
