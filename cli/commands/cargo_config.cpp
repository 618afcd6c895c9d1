// wasisdk cargo-config [--target T] [--link self-contained|external] [--rustc PATH] [--write]
// The .cargo/config.toml settings equivalent to `wasisdk env --target T`: printed, or
// with --write merged into ./.cargo/config.toml, keeping everything else the file says
// (rust_dist/toml_edit.h), so that running it twice leaves the file as running it once did.
// [target.<t>] and [env] CC_<t> use the name the rustc in use reads (rust/cargo_target.h).
#include "base/error.h"
#include "base/fs_util.h"
#include "base/text.h"
#include "build_integration/build_integration.h"
#include "command_table.h"
#include "context.h"
#include "program_paths.h"
#include "shared_options.h"
#include "wrapper_setup.h"

#include <algorithm>
#include <cstdio>
#include <sys/stat.h>

namespace wasisdk::cli {

namespace {

struct CargoArgs {
    std::string target = "wasm32-wasip1";
    std::string link = "external";
    bool write = false;
    std::string rustc;
};

// How the file names the wrappers. By name when PATH finds this home's wrappers: cargo
// and cc-rs then find them the same way, and a committed file names no one's home. By
// path otherwise, since a bare name would then be "linker not found".
struct Naming {
    bool by_name = false;
    std::string why;
};

Naming choose_naming(const Home &home, const TargetSpec &t) {
    for (const char *tool : {"clang", "clang++", "ar"}) {
        std::string name = std::string(t.name) + "-" + tool;
        auto found = find_on_path(name);
        std::error_code ec;
        if (!found)
            return {false, "absolute paths: " + home.bin().string() +
                               " is not on PATH, so cargo would not find " + name +
                               " by name (eval \"$(wasisdk env)\", then --write again for "
                               "names that work in any home)"};
        if (!fs::equivalent(*found, home.bin() / name, ec))
            return {false,
                    "absolute paths: PATH finds another " + name + " first, at " + found->string()};
    }
    return {true, "wrapper names, which cargo finds on PATH in " + home.bin().string() +
                      ": the file names no home"};
}

// Cargo reads .cargo/config (no extension) when it exists, even beside config.toml.
fs::path config_file() {
    std::error_code ec;
    fs::path legacy = fs::path(".cargo") / "config";
    return fs::is_regular_file(legacy, ec) ? legacy : fs::path(".cargo") / "config.toml";
}

// `flags` without -Clink-self-contained=..., also written as "-C", "link-self-contained=...".
std::vector<std::string> without_link_self_contained(const std::vector<std::string> &flags) {
    std::vector<std::string> out;
    for (std::size_t i = 0; i < flags.size(); ++i) {
        if (flags[i].starts_with("-Clink-self-contained="))
            continue;
        if (flags[i] == "-C" && i + 1 < flags.size() &&
            flags[i + 1].starts_with("link-self-contained=")) {
            ++i;
            continue;
        }
        out.push_back(flags[i]);
    }
    return out;
}

// Settings as edits of what the file has: our linker and [env] replace theirs; in
// rustflags, their flags stay and ours replace any -Clink-self-contained; a linker that
// is one of our wrappers goes when self-contained linking needs none.
std::vector<TomlSetting> edits_for(const std::vector<CargoSetting> &settings, const TargetSpec &t,
                                   const std::vector<std::string> &cargo_names, LinkMode mode) {
    std::vector<TomlSetting> edits;
    for (const auto &s : settings) {
        TomlValue ours = s.value;
        if (s.key == "rustflags")
            edits.push_back(
                {s.table, s.key, [ours](const TomlFound &f) -> std::optional<TomlValue> {
                     std::vector<std::string> flags;
                     if (f.value && std::holds_alternative<std::string>(*f.value)) {
                         // cargo splits a string of flags on whitespace
                         for (const auto &w : split(std::get<std::string>(*f.value), ' '))
                             if (!w.empty())
                                 flags.push_back(w);
                     } else if (f.value) {
                         flags = std::get<std::vector<std::string>>(*f.value);
                     }
                     flags = without_link_self_contained(flags);
                     for (const auto &flag : std::get<std::vector<std::string>>(ours))
                         flags.push_back(flag);
                     return flags;
                 }});
        else
            edits.push_back({s.table, s.key, [ours](const TomlFound &) { return ours; }});
    }
    if (mode == LinkMode::self_contained) {
        std::string wrapper = std::string(t.name) + "-clang";
        for (const auto &name : cargo_names)
            edits.push_back({{"target", name},
                             "linker",
                             [wrapper](const TomlFound &f) -> std::optional<TomlValue> {
                                 const auto *s =
                                     f.value ? std::get_if<std::string>(&*f.value) : nullptr;
                                 bool ours =
                                     s && (*s == wrapper || s->ends_with("/bin/" + wrapper));
                                 if (ours || !f.present)
                                     return std::nullopt;
                                 return f.value; // the user's own linker: theirs to remove
                             }});
    }
    return edits;
}

// "[target.wasm32-wasi] and [env] CC_wasm32_wasi, CXX_wasm32_wasi, AR_wasm32_wasi"
std::string tables(const std::vector<std::string> &cargo_names) {
    if (cargo_names.size() != 1)
        return "[target.<t>] and [env] CC_<t>, CXX_<t>, AR_<t> for each";
    std::string lower = cargo_env_suffix(cargo_names[0], false);
    return "[target." + cargo_names[0] + "] and [env] CC_" + lower + ", CXX_" + lower + ", AR_" +
           lower;
}

int run(Context &ctx, const CargoArgs &a) {
    Home home = ctx.home();
    const TargetSpec &t = require_target(a.target);
    LinkMode mode = parse_link_mode(a.link);
    CargoTargetNames rust = cargo_target_names(t.name, rustc_in_use(a.rustc));
    if (!rust.why.empty())
        ctx.note(rust.why + ": " + (a.write ? "writing " : "printing ") + tables(rust.names));
    Naming naming = choose_naming(home, t);
    if (!a.write) {
        std::string text = cargo_config(home, t, rust.names, mode, naming.by_name);
        if (ctx.options.json)
            ctx.print_json({{"file", ""},
                            {"changed", false},
                            {"written", nlohmann::json::array()},
                            {"values", naming.by_name ? "names" : "paths"},
                            {"text", text}});
        else
            std::fputs(text.c_str(), stdout);
        ctx.note("cargo-config: " + naming.why);
        return 0;
    }
    // Without the wrappers a bare name finds nothing (and a path names nothing).
    ensure_wrappers(ctx, false);
    fs::path file = config_file();
    std::string existing = read_file_if_exists(file).value_or("");
    TomlEdit edit = edit_toml(
        existing, file.string(),
        edits_for(cargo_settings(home, t, rust.names, mode, naming.by_name), t, rust.names, mode));
    if (edit.changed) {
        fs::create_directories(file.parent_path());
        struct stat st {};
        mode_t perms = ::stat(file.c_str(), &st) == 0 ? (st.st_mode & 07777) : 0644;
        write_file_atomic(file, edit.text, perms);
    }
    if (ctx.options.json) {
        ctx.print_json({{"file", file.string()},
                        {"changed", edit.changed},
                        {"written", edit.written},
                        {"values", naming.by_name ? "names" : "paths"},
                        {"text", edit.text}});
    } else if (!edit.changed) {
        ctx.note(file.string() + " already has these settings for " + t.name);
    } else {
        std::string keys;
        for (const auto &k : edit.written)
            keys += (keys.empty() ? "" : ", ") + k;
        ctx.note("updated " + file.string() + ": " + keys);
        if (!edit.layout_kept && existing.find('#') != std::string::npos)
            ctx.warn("the comments in " + file.string() +
                     " were not kept: it has a shape (inline tables, dotted keys) that only a "
                     "rewrite by toml++ could merge into");
    }
    ctx.note("cargo-config: " + naming.why);
    return 0;
}

} // namespace

Command cargo_config_command() {
    return {"cargo-config",
            "Print (or --write into .cargo/config.toml) cargo settings that use "
            "the wrappers",
            [](CLI::App &app, Context &ctx) -> std::function<int()> {
                auto a = std::make_shared<CargoArgs>();
                add_target_options(app, a->target, a->link);
                app.add_flag("--write", a->write,
                             "Merge into ./.cargo/config.toml (kept: your other settings)");
                add_rustc_option(app, a->rustc, "The rustc whose target name the settings use");
                return [&ctx, a] { return run(ctx, *a); };
            }};
}

} // namespace wasisdk::cli
