// The one table of clang options the planner reads the user's arguments with
// (exec_path/compiler_args.h), and the one pass over them.
#include "base/text.h"
#include "exec_path_cxx/exec_plan.h"

#include <algorithm>
#include <cstring>
#include <gtest/gtest.h>

using namespace wasisdk;
using Args = std::vector<std::string>;

namespace {

// `args` must outlive the command, which points into it.
wsd_command read(const Args &args, std::vector<const char *> &storage) {
    storage = c_strings(args);
    wsd_command command;
    wsd_read_command(storage.data(), storage.size(), &command);
    return command;
}

Args plan(const std::string &wrapper, const Args &args) {
    SdkFacts sdk = describe_sdk("/sdk", "wasi-sdk 25.0", {"wasm32-wasip1"}, true);
    TripleFacts tf{};
    tf.cxx_headers = tf.libcxx = true;
    return plan_exec(*role_from_program_name(wrapper), sdk, "wasm32-wasip1", tf, args).args;
}

} // namespace

TEST(CompilerOptions, TableIsSortedForBinarySearch) {
    for (std::size_t i = 1; i < wsd_compiler_option_count; ++i)
        EXPECT_LT(std::strcmp(wsd_compiler_options[i - 1].name, wsd_compiler_options[i].name), 0)
            << wsd_compiler_options[i].name;
    for (std::size_t i = 0; i < wsd_compiler_option_count; ++i)
        EXPECT_EQ(wsd_find_compiler_option(wsd_compiler_options[i].name), &wsd_compiler_options[i]);
    EXPECT_EQ(wsd_find_compiler_option("-Xfoo"), nullptr);
}

// Issue 12.3: options whose value is the next argument and which the table lacked, so
// their values counted as input files (clang-19 -### takes none of them as an input).
TEST(CompilerOptions, SeparateValuesAreNotInputs) {
    for (const char *option : {"-Xassembler",
                               "-Xpreprocessor",
                               "-arch",
                               "-MJ",
                               "--param",
                               "-working-directory",
                               "-l",
                               "-u",
                               "-e",
                               "-iprefix",
                               "-iwithprefix",
                               "-iwithprefixbefore",
                               "-ivfsoverlay",
                               "-include-pch",
                               "-dependency-file",
                               "-serialize-diagnostics",
                               "-Xanalyzer",
                               "-F",
                               "-B",
                               "-iframework"}) {
        EXPECT_FALSE(command_links({option, "value"})) << option << ": the value is no input";
        EXPECT_TRUE(command_links({option, "value", "a.o"})) << option;
        EXPECT_FALSE(command_links({option, "value", "-c", "a.c"})) << option;
    }
    std::vector<const char *> storage;
    wsd_command c = read({"-MJ", "foo.json", "-c", "x.c"}, storage);
    EXPECT_TRUE(c.has_input); // x.c
    EXPECT_FALSE(c.links);
    c = read({"-MJ", "foo.json", "-fsyntax-only"}, storage);
    EXPECT_FALSE(c.has_input); // foo.json is -MJ's
    // The ones the table had before keep their values too.
    for (const char *option : {"-Xclang", "-Xlinker", "-mllvm", "-include", "-isystem", "-o", "-MF",
                               "-MT", "-MQ", "-x", "-target", "-I", "-D", "-L", "-z", "-T"})
        EXPECT_FALSE(command_links({option, "value"})) << option;
}

TEST(CompilerOptions, AValueIsNeverReadAsAnOption) {
    // `-o -c` writes a file named -c: the command still links.
    EXPECT_TRUE(command_links({"a.c", "-o", "-c"}));
    std::vector<const char *> storage;
    wsd_command c =
        read({"-Xlinker", "-shared", "-Xclang", "-fexceptions", "-mllvm", "-g", "a.o"}, storage);
    EXPECT_EQ(c.given & WSD_OPT_SHARED, 0u);
    EXPECT_EQ(c.exceptions, 0);
    EXPECT_FALSE(c.debug_info);
    EXPECT_TRUE(c.links);
}

TEST(CompilerOptions, OnePassReadsWhatThePlannerNeeds) {
    std::vector<const char *> storage;
    const Args args = {"-target",
                       "wasm32-wasi",
                       "--target=wasm32-wasip2",
                       "-isysroot",
                       "/s",
                       "-fno-exceptions",
                       "-fwasm-exceptions",
                       "-g2",
                       "-nostdlib++",
                       "-D",
                       "_WASI_EMULATED_MMAN",
                       "-lwasi-emulated-getpid",
                       "-l",
                       "c++",
                       "a.o"};
    wsd_command c = read(args, storage);
    EXPECT_STREQ(c.target, "wasm32-wasip2"); // the last one, as clang reads it
    EXPECT_NE(c.given & WSD_OPT_TARGET, 0u);
    EXPECT_NE(c.given & WSD_OPT_SYSROOT, 0u);
    EXPECT_EQ(c.exceptions, 1); // the last of on/off wins
    EXPECT_NE(c.given & WSD_OPT_WASM_EXCEPTIONS, 0u);
    EXPECT_TRUE(c.debug_info);
    EXPECT_NE(c.given & WSD_OPT_NO_STD_LIBRARIES, 0u);
    EXPECT_EQ(c.given & WSD_OPT_NO_LIBC, 0u);  // -nostdlib++ keeps libc
    EXPECT_EQ(c.emulation_defines, 1u << 0);   // mman
    EXPECT_EQ(c.emulation_libraries, 1u << 3); // getpid
    EXPECT_TRUE(c.cxx_runtime);
    EXPECT_TRUE(c.links);
    c = read({"-g0", "--sysroot=/s", "-c", "a.c", "-ofoo.o"}, storage);
    EXPECT_FALSE(c.debug_info);
    EXPECT_NE(c.given & WSD_OPT_SYSROOT, 0u);
    EXPECT_NE(c.given & WSD_OPT_OUTPUT, 0u);
    EXPECT_EQ(c.target, nullptr);
}

TEST(CompilerOptions, PlansKeepSeparateValuesWhereTheUserPutThem) {
    // A link with -Xlinker --foo keeps it, in order, and links.
    EXPECT_EQ(plan("wasm32-wasip1-clang", {"a.o", "-Xlinker", "--foo", "-o", "a.wasm"}),
              (Args{"--target=wasm32-wasip1", "--sysroot=/sdk/share/wasi-sysroot", "a.o",
                    "-Xlinker", "--foo", "-o", "a.wasm"}));
    // -MJ's value is no input: this compile of nothing is no link, so a C++ wrapper
    // asks for headers only (a link would add the compat archive and libraries).
    EXPECT_EQ(plan("wasm32-wasip1-clang", {"-MJ", "foo.json", "-c", "x.c"}),
              (Args{"--target=wasm32-wasip1", "--sysroot=/sdk/share/wasi-sysroot", "-MJ",
                    "foo.json", "-c", "x.c"}));
    // An emulation define given as `-D X` is not repeated.
    SdkFacts sdk = describe_sdk("/sdk", "wasi-sdk 25.0", {"wasm32-wasip1"}, true);
    TripleFacts tf{};
    tf.emulation_libraries = emulation_library_bit("wasi-emulated-mman");
    EXPECT_EQ(plan_exec(*role_from_program_name("wasm32-wasip1-clang"), sdk, "wasm32-wasip1", tf,
                        {"-D", "_WASI_EMULATED_MMAN", "-c", "a.c"}, parse_emulations("mman"))
                  .args,
              (Args{"--target=wasm32-wasip1", "--sysroot=/sdk/share/wasi-sysroot", "-D",
                    "_WASI_EMULATED_MMAN", "-c", "a.c"}));
}
