// wasisdk pin <version>: writes .wasi-sdk-version in the working directory, as rustup's
// `override set` and mise's `use` do, so that this directory and those below it build
// with that SDK (rule 3 of model/active_sdk.h). A version that is neither installed nor
// in the manifest for this host is refused: a pin nobody can satisfy breaks every build.
#include "base/error.h"
#include "base/fs_util.h"
#include "base/host.h"
#include "base/text.h"
#include "command_table.h"
#include "context.h"
#include "exec_path/active_sdk.h"
#include "exec_path/install_name.h"
#include "model/version.h"

#include <cstdio>

namespace wasisdk::cli {

namespace {

// The pin file's new text: its value line replaced, its comments and blank lines kept.
std::string pin_text(const std::optional<std::string> &old, const std::string &spec) {
    std::vector<std::string> lines = old ? split(*old, '\n') : std::vector<std::string>{};
    if (!lines.empty() && lines.back().empty())
        lines.pop_back(); // the final newline
    bool replaced = false;
    for (auto &line : lines) {
        std::string t = trim(line);
        if (!replaced && !t.empty() && t.front() != '#') {
            line = spec;
            replaced = true;
        }
    }
    if (!replaced)
        lines.push_back(spec);
    std::string text;
    for (const auto &line : lines)
        text += line + "\n";
    return text;
}

// The release a spec would install here, or an Error saying it has none.
std::string installable(const Context &ctx, const std::string &spec) {
    Manifest m = ctx.load_manifest();
    std::string host = detect_host();
    auto version = match_version(parse_version_spec(spec), m.versions());
    const Release *release = version ? m.find(*version) : nullptr;
    if (!release || !release->find(ArtifactKind::sdk, host))
        throw Error("wasi-sdk " + spec + " is not installed, and " + m.origin + " has no " +
                        (release ? "build of it for " + host : std::string("such release")),
                    "pick an installed SDK (wasisdk list) or one that can be installed "
                    "(wasisdk list --available)",
                    ExitCode::not_found);
    return release->version;
}

int run(Context &ctx, const std::string &given) {
    std::string spec = trim(given);
    if (!wsd_valid_install_name(spec.c_str()))
        throw Error("'" + printable(spec) + "' is not a wasi-sdk version or an SDK name",
                    "name a version such as 25, or an installed name (wasisdk list)",
                    ExitCode::usage);
    // A name that is not installed: the lookup's message says to link it.
    std::string installed = find_installed(ctx.home(), ArtifactKind::sdk, spec).value_or("");
    std::string available = installed.empty() ? installable(ctx, spec) : "";
    fs::path file = fs::current_path() / WSD_PIN_FILE_NAME;
    write_file_atomic(file, pin_text(read_file_if_exists(file), spec));
    if (ctx.options.json) {
        ctx.print_json({{"pin", file.string()},
                        {"spec", spec},
                        {"installed", installed},
                        {"available", available}});
        return 0;
    }
    if (!installed.empty())
        ctx.note("pinned " + fs::current_path().string() + " to wasi-sdk " + spec +
                 (installed == spec ? "" : " (" + installed + ", installed)"));
    else
        ctx.note("pinned " + fs::current_path().string() + " to wasi-sdk " + spec + "; " +
                 available + " is not installed yet: run `wasisdk install` here to install it");
    return 0;
}

} // namespace

Command pin_command() {
    return {"pin", "Pin the working directory to an SDK (writes .wasi-sdk-version)",
            [](CLI::App &app, Context &ctx) -> std::function<int()> {
                auto spec = std::make_shared<std::string>();
                app.add_option("version", *spec,
                               "A version (25, 25.0, latest) or an installed name")
                    ->required();
                return [&ctx, spec] { return run(ctx, *spec); };
            }};
}

} // namespace wasisdk::cli
