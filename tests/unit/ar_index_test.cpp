// The symbol index of static libraries (base/ar_index.h), read from archives that
// Debian's llvm-ar 19 makes of wasm objects that clang 19 compiles (both installed by
// packaging/deps-debian.sh --test), checked against llvm-nm's reading of the same index,
// and from every truncation and corruption of one.
#include "base/ar_index.h"
#include "base/fs_util.h"
#include "base/process.h"
#include "base/text.h"

#include <fstream>
#include <gtest/gtest.h>
#include <set>
#include <sys/stat.h>

using namespace wasisdk;

namespace {

const std::string kLlvm = "/usr/lib/llvm-19/bin/";

std::string bytes_of(const fs::path &p) {
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

class Archives : public ::testing::Test {
  protected:
    void SetUp() override {
        for (const char *tool : {"clang", "llvm-ar", "llvm-nm"})
            ASSERT_TRUE(fs::exists(kLlvm + tool))
                << kLlvm + tool << " is required (packaging/deps-debian.sh --test installs it)";
        dir_ = make_temp_dir(fs::temp_directory_path(), "wasisdk-ar-");
        compile("one.c",
                "int __cxa_thread_atexit(void (*f)(void *), void *o, void *d) { return 0; }\n"
                "int one_more(void) { return 1; }\nstatic int hidden(void) { return 2; }\n"
                "int (*use_hidden)(void) = hidden;\n");
        compile("two.c", "extern int one_more(void);\nint two(void) { return one_more() + 1; }\n");
    }
    void TearDown() override { remove_all_quiet(dir_); }

    void compile(const std::string &name, const std::string &text) {
        std::ofstream(dir_ / name) << text;
        auto r = run_capture({kLlvm + "clang", "--target=wasm32-wasi", "-O2", "-c",
                              (dir_ / name).string(), "-o", (dir_ / (name + ".o")).string()});
        ASSERT_EQ(r.exit_code, 0) << r.output;
    }

    // llvm-ar `flags` archive of the two objects; `env` is set for llvm-ar only.
    fs::path archive(const std::string &name, const std::vector<std::string> &flags,
                     const std::string &env = "") {
        fs::path a = dir_ / name;
        std::vector<std::string> argv;
        if (!env.empty())
            argv = {"env", env};
        argv.push_back(kLlvm + "llvm-ar");
        argv.insert(argv.end(), flags.begin(), flags.end());
        for (const auto &s : {a.string(), (dir_ / "one.c.o").string(), (dir_ / "two.c.o").string()})
            argv.push_back(s);
        auto r = run_capture(argv);
        EXPECT_EQ(r.exit_code, 0) << r.output;
        return a;
    }

    // The index as llvm-nm prints it (--print-armap: "name in member" lines).
    std::multiset<std::string> armap(const fs::path &a) {
        auto r = run_capture({kLlvm + "llvm-nm", "--print-armap", a.string()});
        EXPECT_EQ(r.exit_code, 0) << r.output;
        std::multiset<std::string> names;
        for (const auto &line : split(r.output, '\n'))
            if (auto at = line.find(" in ");
                at != std::string::npos && line.find(':') == std::string::npos)
                names.insert(line.substr(0, at));
        return names;
    }

    fs::path dir_;
};

std::multiset<std::string> as_set(const ArIndex &index) {
    return index.symbols ? std::multiset<std::string>(index.symbols->begin(), index.symbols->end())
                         : std::multiset<std::string>{};
}

} // namespace

TEST_F(Archives, GnuIndexAsLlvmArWritesIt) {
    fs::path a = archive("libgnu.a", {"rcs"});
    ArIndex index = read_ar_index(a);
    ASSERT_TRUE(index.symbols) << index.problem;
    EXPECT_EQ(as_set(index),
              (std::multiset<std::string>{"__cxa_thread_atexit", "one_more", "use_hidden", "two"}));
    EXPECT_EQ(as_set(index), armap(a));
    EXPECT_TRUE(index.defines("__cxa_thread_atexit"));
    EXPECT_FALSE(index.defines("hidden"));       // static: not in the index
    EXPECT_FALSE(index.defines("__cxa_atexit")); // only referenced
}

TEST_F(Archives, Sym64ThinAndIndexlessArchives) {
    // llvm-ar writes /SYM64/ past 4 GiB of members, or past SYM64_THRESHOLD bytes.
    fs::path big = archive("libsym64.a", {"rcs"}, "SYM64_THRESHOLD=0");
    ASSERT_EQ(bytes_of(big).substr(8, 7), "/SYM64/");
    EXPECT_EQ(as_set(read_ar_index(big)), armap(big));
    EXPECT_TRUE(read_ar_index(big).defines("__cxa_thread_atexit"));

    fs::path thin = archive("libthin.a", {"rcsT"});
    ASSERT_EQ(bytes_of(thin).substr(0, 8), "!<thin>\n");
    EXPECT_TRUE(read_ar_index(thin).defines("two"));

    ArIndex none = read_ar_index(archive("libnoindex.a", {"rcS"}));
    EXPECT_FALSE(none.symbols);
    EXPECT_EQ(none.problem, "has no symbol index (llvm-ranlib adds one)");

    ArIndex bsd = read_ar_index(archive("libbsd.a", {"--format=bsd", "rcs"}));
    EXPECT_FALSE(bsd.symbols);
}

TEST_F(Archives, DebiansLibcxxabiLacksTheSymbol) {
    // The fault this reader exists for (issue 10, item 6): Debian's libc++abi for wasm
    // has no __cxa_thread_atexit, and its index says so.
    fs::path lib = "/usr/lib/llvm-19/lib/wasm32-wasi/libc++abi.a";
    ASSERT_TRUE(fs::exists(lib)) << lib << " is required (packaging/deps-debian.sh --test)";
    ArIndex index = read_ar_index(lib);
    ASSERT_TRUE(index.symbols) << index.problem;
    EXPECT_EQ(as_set(index), armap(lib));
    EXPECT_TRUE(index.defines("__cxa_guard_acquire"));
    EXPECT_FALSE(index.defines("__cxa_thread_atexit"));
}

TEST_F(Archives, EveryTruncationIsAProblemNotACrash) {
    const std::string whole = bytes_of(archive("libgnu.a", {"rcs"}));
    const std::size_t index_end = 68 + std::stoul(whole.substr(56, 10));
    for (std::size_t n = 0; n < index_end; ++n) {
        ArIndex cut = parse_ar_index(std::string_view(whole).substr(0, n));
        if (n == 8)
            EXPECT_TRUE(cut.symbols && cut.symbols->empty()); // just the magic: empty
        else
            EXPECT_FALSE(cut.symbols) << n;
    }
    EXPECT_TRUE(parse_ar_index(std::string_view(whole).substr(0, index_end)).symbols);
}

TEST(ArIndex, HostileHeaders) {
    auto archive = [](std::string name, std::string size, std::string body) {
        name.resize(16, ' ');
        size.resize(10, ' ');
        return "!<arch>\n" + name + std::string(32, ' ') + size + "`\n" + body;
    };
    const std::string one = std::string("\0\0\0\1\0\0\0\0sym\0", 12);
    EXPECT_EQ(*parse_ar_index(archive("/", "12", one)).symbols, std::vector<std::string>{"sym"});
    // A count larger than the member holds, names without their NUL, a size that is no
    // number or larger than the file, a bad terminator, no magic.
    EXPECT_EQ(parse_ar_index(archive("/", "12", std::string("\xff\xff\xff\xff\0\0\0\0sym\0", 12)))
                  .problem,
              "symbol index counts more symbols than it holds");
    EXPECT_EQ(parse_ar_index(archive("/", "11", one.substr(0, 11))).problem,
              "truncated symbol names");
    EXPECT_EQ(parse_ar_index(archive("/", "1x", one)).problem, "corrupt member size");
    EXPECT_EQ(parse_ar_index(archive("/", "", one)).problem, "corrupt member size");
    EXPECT_EQ(parse_ar_index(archive("/", "13", one)).problem, "truncated symbol index");
    EXPECT_EQ(parse_ar_index(archive("/SYM64/", "12", one)).problem,
              "symbol index counts more symbols than it holds"); // 8-byte count, 4 bytes left
    std::string bad = archive("/", "12", one);
    bad[66] = 'x';
    EXPECT_EQ(parse_ar_index(bad).problem, "corrupt member header");
    EXPECT_EQ(parse_ar_index("\x7f"
                             "ELF")
                  .problem,
              "not an ar archive");
    EXPECT_EQ(parse_ar_index(archive("__.SYMDEF", "12", one)).problem,
              "has a BSD-format symbol index, which wasisdk does not read");
}

TEST(ArIndex, FilesThatAreNoArchives) {
    fs::path dir = make_temp_dir(fs::temp_directory_path(), "wasisdk-ar-");
    EXPECT_EQ(read_ar_index(dir / "missing.a").problem, "No such file or directory");
    EXPECT_EQ(read_ar_index(dir).problem, "not a regular file");
    // A FIFO is refused without blocking.
    ASSERT_EQ(::mkfifo((dir / "fifo.a").c_str(), 0600), 0);
    EXPECT_EQ(read_ar_index(dir / "fifo.a").problem, "not a regular file");
    // An index size over the limit is refused before anything is read into memory.
    std::string name = "/", size = std::to_string(kMaxArIndexBytes + 1);
    name.resize(16, ' ');
    size.resize(10, ' ');
    std::ofstream(dir / "huge.a") << "!<arch>\n" << name << std::string(32, ' ') << size << "`\n";
    EXPECT_EQ(read_ar_index(dir / "huge.a").problem, "symbol index over 16 MiB");
    remove_all_quiet(dir);
}
