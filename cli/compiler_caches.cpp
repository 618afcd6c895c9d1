#include "compiler_caches.h"
#include "wrapper_setup.h"

#include "base/error.h"
#include "base/fs_util.h"
#include "base/text.h"
#include "exec_path/sdk_identity.h"

namespace wasisdk::cli {

namespace fs = std::filesystem;

namespace {

// The value of `key` in a ccache configuration file ("key = value" lines, '#' comments).
std::optional<std::string> config_value(const fs::path &file, const std::string &key) {
    std::optional<std::string> text;
    try {
        text = read_file_if_exists(file, 1 << 20);
    } catch (const Error &) {
        return std::nullopt; // unreadable: ccache cannot read it either
    }
    if (!text)
        return std::nullopt;
    for (const auto &raw : split(*text, '\n')) {
        std::string line = trim(raw);
        auto eq = line.find('=');
        if (line.empty() || line[0] == '#' || eq == std::string::npos)
            continue;
        if (trim(line.substr(0, eq)) == key)
            return trim(line.substr(eq + 1));
    }
    return std::nullopt;
}

// ccache's configuration files, highest priority first.
std::vector<fs::path> ccache_config_files() {
    if (auto path = env_var("CCACHE_CONFIGPATH"))
        return {*path}; // then the system file is not read
    std::vector<fs::path> files;
    auto home = env_var("HOME");
    if (auto dir = env_var("CCACHE_DIR"))
        files.push_back(fs::path(*dir) / "ccache.conf");
    else if (std::error_code ec; home && fs::is_directory(fs::path(*home) / ".ccache", ec))
        files.push_back(fs::path(*home) / ".ccache" / "ccache.conf");
    else if (auto xdg = env_var("XDG_CONFIG_HOME"))
        files.push_back(fs::path(*xdg) / "ccache" / "ccache.conf");
    else if (home)
        files.push_back(fs::path(*home) / ".config" / "ccache" / "ccache.conf");
    // <sysconfdir>/ccache.conf: Debian's ccache and a source build's.
    files.push_back("/etc/ccache.conf");
    files.push_back("/usr/local/etc/ccache.conf");
    return files;
}

// A value of the form `wasisdk env` exports (for this home or another, e.g. from an
// earlier `eval` with another --home): replaced by this home's, not kept as the user's.
bool exported_by_env(const std::string &value) {
    const std::string tail = std::string(WSD_SDK_IDENTITY_TOOL) + " %compiler%";
    return value.find(';') == std::string::npos && value.size() >= tail.size() &&
           value.compare(value.size() - tail.size(), tail.size(), tail) == 0;
}

} // namespace

std::string ccache_compiler_check(const fs::path &bin) {
    std::string tool = (bin / WSD_SDK_IDENTITY_TOOL).string();
    if (tool.find_first_of(" \t\r\n;") != std::string::npos)
        tool = WSD_SDK_IDENTITY_TOOL;
    return tool + " %compiler%";
}

std::optional<CcacheSetting> ccache_compiler_check_setting() {
    if (auto value = env_var("CCACHE_COMPILERCHECK"); value && !exported_by_env(*value))
        return CcacheSetting{"CCACHE_COMPILERCHECK", *value};
    for (const auto &file : ccache_config_files())
        if (auto value = config_value(file, "compiler_check"))
            return CcacheSetting{file.string(), *value};
    return std::nullopt;
}

std::vector<std::pair<std::string, std::string>> compiler_cache_environment(const Context &ctx) {
    std::vector<std::pair<std::string, std::string>> vars;
    const fs::path bin = ctx.home().bin();
    const std::string check = ccache_compiler_check(bin);
    if (auto set = ccache_compiler_check_setting()) {
        const std::string addition = "\"; " + check + "\"";
        if (set->value.find(WSD_SDK_IDENTITY_TOOL) == std::string::npos)
            ctx.warn("ccache's compiler_check is set (" + set->origin + " = " + set->value +
                     "), so wasisdk env leaves it alone and ccache cannot tell which SDK the "
                     "wrappers run; add " +
                     addition + " to it");
    } else {
        std::error_code ec;
        bool have_tool = fs::is_symlink(bin / WSD_SDK_IDENTITY_TOOL, ec);
        if (!have_tool) {
            try {
                ensure_wrappers(ctx, false);
                have_tool = true;
            } catch (const Error &e) {
                ctx.warn("CCACHE_COMPILERCHECK not set: " + e.one_line());
            }
        }
        if (have_tool)
            vars.push_back({"CCACHE_COMPILERCHECK", check});
    }
    if (!env_var("SCCACHE_DIRECT"))
        vars.push_back({"SCCACHE_DIRECT", "false"});
    return vars;
}

} // namespace wasisdk::cli
