// build_integration/build_integration.h from the user's side, each text read back by the
// tool it is for: cargo's settings parsed by toml++ (rust_dist/toml.h), the env scripts
// run by dash, bash, zsh and fish, the wrapper links read from disk. (The CMake
// toolchain files: cmake_toolchain_test.cpp.) tests/integration/test_quoting.py runs the
// same through the CLI for one target, one spelling and one home; here: both link modes,
// several cargo spellings, the naming by name, that `env` and cargo-config say the same
// thing, values no home path holds (empty, leading '-', control characters), and PATH
// entries that only look like the wrappers' directory.
#include "base/error.h"
#include "base/fs_util.h"
#include "base/process.h"
#include "build_integration/build_integration.h"
#include "rust_dist/toml.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <sys/stat.h>

using namespace wasisdk;

namespace {

const TargetSpec &target(const char *name) {
    return *find_target(name);
}

// A TOML document as "table.key" -> value; a value of another type fails the test.
std::map<std::string, TomlValue> flatten(const toml::table &table, const std::string &at = "") {
    std::map<std::string, TomlValue> out;
    for (const auto &[key, node] : table) {
        std::string name = at + std::string(key.str());
        if (const auto *t = node.as_table()) {
            out.merge(flatten(*t, name + "."));
        } else if (const auto *s = node.as_string()) {
            out[name] = s->get();
        } else if (const auto *a = node.as_array()) {
            std::vector<std::string> items;
            for (const auto &item : *a) {
                EXPECT_TRUE(item.is_string()) << name;
                items.push_back(item.value_or(std::string()));
            }
            out[name] = items;
        } else {
            ADD_FAILURE() << name << " is neither a string, an array nor a table";
        }
    }
    return out;
}

std::map<std::string, TomlValue> parse_cargo(const std::string &text) {
    return flatten(parse_toml_guarded(text, "cargo-config", kBootstrapToml));
}

using Flags = std::vector<std::string>;

TEST(CargoConfig, ExternalLinkingSetsTheLinkerAndToolsForEverySpelling) {
    Home home{"/h/.wasisdk"};
    auto doc =
        parse_cargo(cargo_config(home, target("wasm32-wasip1"), {"wasm32-wasi", "wasm32-wasip1"},
                                 LinkMode::external, false));
    // Whatever the spelling cargo uses, the values are the target's own wrappers.
    const std::string bin = "/h/.wasisdk/bin/wasm32-wasip1-";
    EXPECT_EQ(doc, (std::map<std::string, TomlValue>{
                       {"target.wasm32-wasi.linker", bin + "clang"},
                       {"target.wasm32-wasi.rustflags", Flags{"-Clink-self-contained=no"}},
                       {"target.wasm32-wasip1.linker", bin + "clang"},
                       {"target.wasm32-wasip1.rustflags", Flags{"-Clink-self-contained=no"}},
                       {"env.CC_wasm32_wasi", bin + "clang"},
                       {"env.CXX_wasm32_wasi", bin + "clang++"},
                       {"env.AR_wasm32_wasi", bin + "ar"},
                       {"env.CC_wasm32_wasip1", bin + "clang"},
                       {"env.CXX_wasm32_wasip1", bin + "clang++"},
                       {"env.AR_wasm32_wasip1", bin + "ar"}}));
}

TEST(CargoConfig, SelfContainedLinkingKeepsRustsLinkerAndNamesWrappersByName) {
    Home home{"/h/.wasisdk"};
    std::string text = cargo_config(home, target("wasm32-wasip1-threads"),
                                    {"wasm32-wasip1-threads"}, LinkMode::self_contained, true);
    EXPECT_EQ(text.find("/h/.wasisdk"), std::string::npos) << text; // names no one's home
    EXPECT_EQ(parse_cargo(text),
              (std::map<std::string, TomlValue>{
                  {"target.wasm32-wasip1-threads.rustflags", Flags{"-Clink-self-contained=yes"}},
                  {"env.CC_wasm32_wasip1_threads", "wasm32-wasip1-threads-clang"},
                  {"env.CXX_wasm32_wasip1_threads", "wasm32-wasip1-threads-clang++"},
                  {"env.AR_wasm32_wasip1_threads", "wasm32-wasip1-threads-ar"}}));
}

// TOML basic strings (base/quote.h): every value of a hostile home reads back exactly.
TEST(CargoConfig, HostileHomePathsReadBackExactly) {
    for (std::string name : {"a b", "\"", "\\", "\\\"", "'''", "\"\"\"", "#", "]", "a = \"b\"",
                             "x\"\n[env]\nCC_wasm32_wasip1 = \"evil", "\t\x01\x1F\x7F",
                             "\xD0\x91 \xF0\x9F\x98\x80", "\\u0041"}) {
        SCOPED_TRACE(name);
        Home home{"/h/" + name};
        auto doc = parse_cargo(cargo_config(home, target("wasm32-wasip1"), {"wasm32-wasip1"},
                                            LinkMode::external, false));
        std::string bin = "/h/" + name + "/bin/wasm32-wasip1-";
        EXPECT_EQ(doc.size(), 5u);
        EXPECT_EQ(doc["target.wasm32-wasip1.linker"], TomlValue(bin + "clang"));
        EXPECT_EQ(doc["env.CC_wasm32_wasip1"], TomlValue(bin + "clang"));
        EXPECT_EQ(doc["env.CXX_wasm32_wasip1"], TomlValue(bin + "clang++"));
        EXPECT_EQ(doc["env.AR_wasm32_wasip1"], TomlValue(bin + "ar"));
    }
}

// `wasisdk env --target` and `cargo-config` are two spellings of one setting: the same
// tools and flags for every target, spelling and mode.
TEST(CargoConfig, SaysWhatTheEnvironmentSays) {
    Home home{"/h/.wasisdk"};
    for (const TargetSpec &t : target_table())
        for (LinkMode mode : {LinkMode::external, LinkMode::self_contained}) {
            std::vector<std::string> names = {t.name, std::string(t.name) + "-x"};
            std::map<std::string, TomlValue> from_env;
            for (const auto &[k, v] : target_environment(home, t, names, mode)) {
                if (k.starts_with("CARGO_TARGET_") && k.ends_with("_RUSTFLAGS"))
                    from_env[k.substr(0, k.size() - 10) + "_rustflags"] = Flags{v};
                else if (k.starts_with("CARGO_TARGET_") && k.ends_with("_LINKER"))
                    from_env[k.substr(0, k.size() - 7) + "_linker"] = v;
                else if (k != "CMAKE_TOOLCHAIN_FILE")
                    from_env["env." + k] = v;
            }
            std::map<std::string, TomlValue> from_cargo;
            for (const auto &s : cargo_settings(home, t, names, mode, false)) {
                std::string key =
                    s.table.front() == "env"
                        ? "env." + s.key
                        : "CARGO_TARGET_" + cargo_env_suffix(s.table[1], true) + "_" + s.key;
                from_cargo[key] = s.value;
            }
            EXPECT_EQ(from_env, from_cargo) << t.name;
        }
}

TEST(TargetEnvironment, NamesTheWrappersTheToolchainFileAndTheLinkMode) {
    Home home{"/h"};
    const TargetSpec &t = target("wasm32-wasip2");
    using Vars = std::vector<std::pair<std::string, std::string>>;
    EXPECT_EQ(target_environment(home, t, {"wasm32-wasip2"}, LinkMode::external),
              (Vars{{"CC_wasm32_wasip2", "/h/bin/wasm32-wasip2-clang"},
                    {"CXX_wasm32_wasip2", "/h/bin/wasm32-wasip2-clang++"},
                    {"AR_wasm32_wasip2", "/h/bin/wasm32-wasip2-ar"},
                    {"CMAKE_TOOLCHAIN_FILE", "/h/share/cmake/wasm32-wasip2.cmake"},
                    {"CARGO_TARGET_WASM32_WASIP2_LINKER", "/h/bin/wasm32-wasip2-clang"},
                    {"CARGO_TARGET_WASM32_WASIP2_RUSTFLAGS", "-Clink-self-contained=no"}}));
    auto vars = target_environment(home, t, {"wasm32-wasip2"}, LinkMode::self_contained);
    EXPECT_EQ(vars.back(),
              (std::pair<std::string, std::string>{"CARGO_TARGET_WASM32_WASIP2_RUSTFLAGS",
                                                   "-Clink-self-contained=yes"}));
    for (const auto &[k, v] : vars)
        EXPECT_FALSE(k.ends_with("_LINKER")) << k; // rustc's own rust-lld
    EXPECT_EQ(cmake_toolchain_file(home, t), "/h/share/cmake/wasm32-wasip2.cmake");
}

// --- the env scripts, run by the shells -------------------------------------------------

struct ShellCase {
    const char *name;
    Shell syntax;
    std::vector<std::string> argv; // ends in -c
    // Whether the shell starts with an empty PATH as it finds it: zsh puts its own
    // default in (/usr/local/bin:/usr/bin:/bin:/usr/games on Debian 12), fish reads the
    // empty entry as "." (both seen here), so the script never sees an empty PATH there.
    bool keeps_empty_path;
};
const ShellCase kShells[] = {
    {"dash", Shell::sh, {"/bin/dash", "-c"}, true},
    {"bash", Shell::sh, {"/bin/bash", "--norc", "--noprofile", "-c"}, true},
    {"zsh", Shell::sh, {"/bin/zsh", "-f", "-c"}, false},
    {"fish", Shell::fish, {"/usr/bin/fish", "--no-config", "-c"}, false},
};

class ShellScriptTest : public ::testing::Test {
  protected:
    // Runs `script` then prints `names` and PATH (joined with ':'), each ending in NUL,
    // in a clean environment whose PATH is `path`; returns the printed fields.
    std::vector<std::string> run(const ShellCase &shell, const std::string &script,
                                 const std::vector<std::string> &names, const std::string &path) {
        std::string print = "printf '%s\\0'";
        for (const auto &n : names)
            print += " \"$" + n + "\"";
        print += " \"$PATH\"\n"; // fish joins a PATH variable with ':' when quoted
        std::vector<std::string> argv = {"env", "-i", "HOME=" + root_.path().string(),
                                         "PATH=" + path};
        argv.insert(argv.end(), shell.argv.begin(), shell.argv.end());
        argv.push_back(script + print);
        ProcessResult r = run_capture(argv);
        EXPECT_EQ(r.exit_code, 0) << shell.name << ": " << r.output;
        std::vector<std::string> fields;
        for (std::size_t at = 0, end; (end = r.output.find('\0', at)) != std::string::npos;
             at = end + 1)
            fields.push_back(r.output.substr(at, end - at));
        return fields;
    }

    ScopedTempDir root_{fs::temp_directory_path(), "wasisdk-env-"};
};

TEST_F(ShellScriptTest, EveryValueComesBackAndNothingRuns) {
    const std::string pwned = (root_ / "PWNED").string();
    const std::vector<std::string> values = {"",
                                             " ",
                                             "a b",
                                             "'",
                                             "''",
                                             "\\'",
                                             "\"",
                                             "\\",
                                             "\\\\",
                                             "$HOME",
                                             "${HOME}",
                                             "`touch " + pwned + "`",
                                             "$(touch " + pwned + ")",
                                             "(touch " + pwned + ")",
                                             "'; touch " + pwned + "; '",
                                             "\n",
                                             "a\nb\n",
                                             "\t",
                                             "-n",
                                             "-e",
                                             "--",
                                             "x=y",
                                             "*",
                                             "~",
                                             "!1",
                                             "%s",
                                             "\xD0\x91",
                                             "\xE2\x80\x98",
                                             "\xFF not UTF-8"};
    fs::path bin = root_ / ("home ' \" $(touch " + pwned + ") \n") / "bin";
    std::vector<std::pair<std::string, std::string>> vars;
    std::vector<std::string> names;
    for (std::size_t i = 0; i < values.size(); ++i) {
        names.push_back("V" + std::to_string(i));
        vars.push_back({names.back(), values[i]});
    }
    for (const ShellCase &shell : kShells) {
        SCOPED_TRACE(shell.name);
        auto got = run(shell, shell_script(shell.syntax, vars, bin), names, "/usr/bin:/bin");
        std::vector<std::string> expected = values;
        expected.push_back(bin.string() + ":/usr/bin:/bin");
        EXPECT_EQ(got, expected);
        EXPECT_FALSE(fs::exists(root_ / "PWNED"));
    }
}

// The PATH line adds the wrappers' directory in front once, only when PATH lacks that
// exact entry, and gives an empty PATH no empty entry (which would mean ".").
TEST_F(ShellScriptTest, PathGetsTheWrappersOnceAndInFront) {
    const std::string bin = (root_ / "home a/bin").string();
    struct Case {
        std::string before, after;
    } cases[] = {
        {"/usr/bin:/bin", bin + ":/usr/bin:/bin"},
        {"/usr/bin:" + bin + ":/bin", "/usr/bin:" + bin + ":/bin"}, // there: not moved
        {"/usr/bin:" + bin, "/usr/bin:" + bin},
        {bin + "-old:/bin", bin + ":" + bin + "-old:/bin"}, // only looks like it
        {"/x" + bin + ":/bin", bin + ":/x" + bin + ":/bin"},
    };
    for (const ShellCase &shell : kShells)
        for (const Case &c : cases) {
            SCOPED_TRACE(std::string(shell.name) + " " + c.before);
            std::string once = shell_script(shell.syntax, {}, bin);
            EXPECT_EQ(run(shell, once + once, {}, c.before), std::vector<std::string>{c.after});
        }
    for (const ShellCase &shell : kShells) {
        if (shell.keeps_empty_path) {
            EXPECT_EQ(run(shell, shell_script(shell.syntax, {}, bin), {}, ""),
                      std::vector<std::string>{bin})
                << shell.name;
        }
    }
}

TEST(ShellScript, ADirectoryWithAColonIsRefusedForEveryShell) {
    for (Shell shell : {Shell::sh, Shell::fish, Shell::pwsh}) {
        try {
            shell_script(shell, {{"A", "a"}}, "/h:x/bin");
            ADD_FAILURE() << "no error";
        } catch (const Error &e) {
            EXPECT_EQ(e.one_line(), "cannot put /h:x/bin on PATH: it contains ':', which "
                                    "separates PATH entries (use a wasisdk home whose path has "
                                    "no ':' (--home or WASISDK_HOME))");
        }
    }
}

// --- the wrapper links ------------------------------------------------------------------

TEST(SetupWrappers, LinksEveryWrapperToTheDriverAndRepairsOnlyWhatIsWrong) {
    ScopedTempDir root(fs::temp_directory_path(), "wasisdk-links-");
    Home home{root / "home"};
    fs::path driver = root / "driver";
    std::vector<std::string> names = all_wrapper_names();
    names.push_back("wasisdk-sdk-identity"); // ccache's compiler_check (compiler_caches.h)
    ASSERT_EQ(setup_wrappers(home, driver), static_cast<int>(names.size()));
    std::vector<std::string> linked;
    for (const auto &entry : fs::directory_iterator(home.root / "bin")) {
        linked.push_back(entry.path().filename().string());
        EXPECT_EQ(fs::read_symlink(entry.path()), driver) << linked.back();
    }
    std::sort(linked.begin(), linked.end());
    std::sort(names.begin(), names.end());
    EXPECT_EQ(linked, names);
    for (const TargetSpec &t : target_table())
        EXPECT_TRUE(fs::is_regular_file(cmake_toolchain_file(home, t))) << t.name;
    EXPECT_TRUE(fs::is_regular_file(home.root / "share/cmake/Platform/WASI.cmake"));

    // Again: nothing changes, and a file already right keeps its inode (a rewrite would
    // make every build configured with it re-run CMake).
    fs::path toolchain = cmake_toolchain_file(home, target("wasm32-wasip1"));
    auto inode = [](const fs::path &p) {
        struct stat st {};
        ::stat(p.c_str(), &st);
        return st.st_ino;
    };
    auto before = inode(toolchain);
    EXPECT_EQ(setup_wrappers(home, driver), 0);
    EXPECT_EQ(inode(toolchain), before);

    // A link someone pointed elsewhere and an edited toolchain file are put back.
    fs::path clang = home.root / "bin/wasm32-wasip1-clang";
    std::string text = *read_file_if_exists(toolchain);
    fs::remove(clang);
    fs::create_symlink("/usr/bin/clang", clang);
    write_file_atomic(toolchain, "# edited\n");
    EXPECT_EQ(setup_wrappers(home, driver), 1);
    EXPECT_EQ(fs::read_symlink(clang), driver);
    EXPECT_EQ(read_file_if_exists(toolchain), text);
}

} // namespace
