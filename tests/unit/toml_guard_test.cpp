// Every TOML input goes through parse_toml_guarded (src/rust_dist/toml.h): hostile text is a
// one-line Error naming the file and line, for a channel manifest (find_rust_std) and for
// a bootstrap.toml (merge_bootstrap_config) alike; never a crash, abort or undefined
// behaviour in toml++ 3.3.0.
#include "base/error.h"
#include "rust_dist/bootstrap_config.h"
#include "rust_dist/channel_manifest.h"
#include "rust_dist/toml.h"

#include <gtest/gtest.h>

#include <cmath>

using namespace wasisdk;

namespace {

const BootstrapConfig kConfig{
    "x86_64-unknown-linux-gnu",
    {{"wasm32-wasip1", "/sdk/share/wasi-sysroot", "/b/cc", "/b/cxx", "/b/ar"}}};

struct Outcome {
    std::string message; // "accepted" when there is no error
    std::string fix;
    int code = 0;
};

template <class Parse> Outcome outcome_of(Parse parse) {
    try {
        parse();
        return {"accepted", "", 0};
    } catch (const Error &e) {
        return {e.what(), e.fix(), int(e.code())};
    }
}

// What each entry point says about `text`.
Outcome channel(const std::string &text) {
    return outcome_of([&] { find_rust_std(text, "m.toml", "wasm32-wasip1"); });
}
Outcome bootstrap(const std::string &text) {
    return outcome_of([&] { merge_bootstrap_config(text, "bootstrap.toml", kConfig); });
}

const char *kChannelFix =
    "the server sent a damaged channel manifest; try again or use another --rust-dist-server";
const char *kBootstrapFix =
    "fix the file, or print the fragment without --write and merge it by hand";

std::string repeat(const std::string &s, std::size_t n) {
    std::string out;
    out.reserve(s.size() * n);
    for (std::size_t i = 0; i < n; ++i)
        out += s;
    return out;
}

const std::string kTooDeep = "nested more than 64 levels deep (dotted keys, [ and {)";
const std::string kNoKey = "invalid TOML: Error while parsing key: expected bare key starting "
                           "character or string delimiter, saw ','";

struct Hostile {
    const char *name;
    std::string text;
    std::string problem;         // after "<file>:", the same for both inputs
    std::string channel_problem; // when a channel manifest gets another answer
};

// The classes issue 15 names, each of which crashed, aborted or reached undefined
// behaviour (or, for 64 MiB, was parsed whole) before the guard.
std::vector<Hostile> hostile_inputs() {
    return {
        {"300,000-level dotted key", "a" + repeat(".a", 300000) + " = 1\n", "1: " + kTooDeep},
        {"300,000-level header", "[a" + repeat(".a", 300000) + "]\n", "1: " + kTooDeep},
        {"300,000-level dotted key in an inline table", "x = {a" + repeat(".a", 300000) + " = 1}\n",
         "1: " + kTooDeep},
        {"300,000 nested arrays", "x = " + repeat("[", 300000) + "\n", "1: " + kTooDeep},
        {"300,000 nested inline tables", "x = " + repeat("{a = ", 300000) + "\n", "1: " + kTooDeep},
        {"[, header", "[,\n", "1: " + kNoKey},
        {"[[, header", "a = 1\n[[ ,]]\n", "2: " + kNoKey},
        {"[a.,b] header", "[a.,b]\n", "1: " + kNoKey},
        {"a time without its hour", "h = 1979-05-27T:00\n",
         "1: invalid TOML: Error while parsing time: expected 2-digit hour, saw ':'"},
        {"non-ASCII key", "\xce\x9e = 1\n",
         "1: non-ASCII character outside a string or comment (TOML keys are ASCII unless "
         "quoted)",
         "1: byte 0 is not ASCII, and Rust's channel manifests are"},
        {"non-ASCII in whitespace position", "a =\u039e1\n",
         "1: non-ASCII character outside a string or comment (TOML keys are ASCII unless "
         "quoted)",
         "1: byte 3 is not ASCII, and Rust's channel manifests are"},
        {"NUL byte", std::string("a = 1\n\n# x\0y\n", 12),
         "3: control character 0x00 (TOML allows only tab and line breaks; write it as an "
         "escape in a string)"},
        {"escape character in a string", "a = \"\x1b[2J\"\n",
         "1: control character 0x1B (TOML allows only tab and line breaks; write it as an "
         "escape in a string)"},
        {"a lone carriage return", "a = 1\rb = 2\n",
         "1: control character 0x0D (TOML allows only tab and line breaks; write it as an "
         "escape in a string)"},
        {"64 MiB + 1", "# " + std::string((std::size_t{64} << 20) - 2, 'x') + "\n",
         " 67108865 bytes, more than the 16 MiB a TOML file may have here"},
    };
}

} // namespace

TEST(TomlGuard, HostileInputIsAOneLineErrorForBothInputs) {
    for (const auto &h : hostile_inputs()) {
        std::string for_channel = h.channel_problem.empty() ? h.problem : h.channel_problem;
        Outcome c = channel(h.text);
        EXPECT_EQ(c.message, "m.toml:" + for_channel) << h.name;
        EXPECT_EQ(c.fix, kChannelFix) << h.name;
        EXPECT_EQ(c.code, 1) << h.name;
        Outcome b = bootstrap(h.text);
        EXPECT_EQ(b.message, "bootstrap.toml:" + h.problem) << h.name;
        EXPECT_EQ(b.fix, kBootstrapFix) << h.name;
        EXPECT_EQ(b.code, 2) << h.name;
    }
}

TEST(TomlGuard, DepthLimitIsExact) {
    // 64 levels are accepted and 65 refused, however they are made. The value of `x` is
    // level 1; each `[` adds one; each key segment adds one.
    auto arrays = [](int levels) {
        return "x = " + repeat("[", levels - 1) + "1" + repeat("]", levels - 1) + "\n";
    };
    auto dotted = [](int levels) { return "a" + repeat(".a", levels - 1) + " = 1\n"; };
    auto inline_tables = [](int levels) {
        return "x = " + repeat("{a = ", levels - 1) + "1" + repeat("}", levels - 1) + "\n";
    };
    for (auto make : {+arrays, +dotted, +inline_tables}) {
        EXPECT_EQ(bootstrap(make(64)).message, "accepted") << make(64);
        EXPECT_EQ(bootstrap(make(65)).message, "bootstrap.toml:1: " + kTooDeep) << make(65);
    }
    // A [header]'s segments are one level each, and two where a [[table array]] was
    // declared: the header lands in its last element.
    EXPECT_EQ(bootstrap("[a" + repeat(".a", 63) + "]\n").message, "accepted");
    EXPECT_EQ(bootstrap("[a" + repeat(".a", 64) + "]\n").message, "bootstrap.toml:1: " + kTooDeep);
    EXPECT_EQ(bootstrap("[a" + repeat(".a", 62) + "]\nb = 1\n").message, "accepted");
    EXPECT_EQ(bootstrap("[a" + repeat(".a", 62) + "]\nb.c = 1\nx = 1\n").message,
              "bootstrap.toml:2: " + kTooDeep);
    auto table_arrays = [](int n) {
        std::string text, path = "a";
        for (int i = 0; i < n; ++i, path += ".a")
            text += "[[" + path + "]]\n";
        return text;
    };
    EXPECT_EQ(bootstrap(table_arrays(32)).message, "accepted");
    EXPECT_EQ(bootstrap(table_arrays(33)).message, "bootstrap.toml:33: " + kTooDeep);
    EXPECT_EQ(bootstrap(table_arrays(31) + "['a'" + repeat(".\"a\"", 30) + ".b.c]\n").message,
              "accepted");
    EXPECT_EQ(bootstrap(table_arrays(31) + "[a" + repeat(".a", 30) + ".b.c.d]\n").message,
              "bootstrap.toml:32: " + kTooDeep);
    // An escape may spell any key: such a segment counts two.
    EXPECT_EQ(bootstrap("[\"\\u0061\"" + repeat(".a", 62) + "]\n").message, "accepted");
    EXPECT_EQ(bootstrap("[\"\\u0061\"" + repeat(".a", 63) + "]\n").message,
              "bootstrap.toml:1: " + kTooDeep);
}

TEST(TomlGuard, StringsAndCommentsDoNotNest) {
    // Brackets, braces, dots and quotes inside strings and comments are text.
    std::string text = "# [[[[ {{{{ a.a.a.a \" '\n"
                       "s = \"" +
                       repeat("[{.", 1000) +
                       "\\\" \\\\\"\n"
                       "l = '" +
                       repeat("[{.\\", 1000) +
                       "'\n"
                       "m = \"\"\"\n" +
                       repeat("[{.\"", 1000) +
                       "\"\"\"\"\n"
                       "n = '''" +
                       repeat("[{.'x", 1000) +
                       "'''''\n"
                       "\"" +
                       repeat("a.", 1000) +
                       "\" = 1\n"
                       "[build]\n"
                       "target = [\"wasm32-wasip1\"] # {{{\n";
    EXPECT_EQ(bootstrap(text).message, "accepted");
    EXPECT_EQ(channel(text).message, "m.toml: no pkg.rust-std.target.wasm32-wasip1 (this Rust "
                                     "release has no rust-std for wasm32-wasip1)");
}

TEST(TomlGuard, BootstrapTomlMayHoldNonAsciiInStringsAndComments) {
    // A user's paths and comments; U+039E after a line-ending backslash used to reach
    // toml++'s is_non_ascii_horizontal_whitespace() and abort.
    std::string text = "# Konfiguration für José\n"
                       "[build]\n"
                       "docs = \"/home/josé/doc\"\n"
                       "note = \"\"\"a \\\n  \xce\x9e b\"\"\"\n"
                       "[llvm]\n"
                       "'ключ' = 'значение' # ok\r\n";
    std::string merged = merge_bootstrap_config(text, "bootstrap.toml", kConfig).text;
    auto doc = parse_toml_guarded(merged, "merged", kBootstrapToml);
    EXPECT_EQ(doc["build"]["docs"].value_or(std::string()), "/home/josé/doc");
    EXPECT_EQ(doc["build"]["note"].value_or(std::string()), "a \xce\x9e b");
    EXPECT_EQ(doc["llvm"]["ключ"].value_or(std::string()), "значение");
    // Channel manifests are ASCII, strings and comments included.
    EXPECT_EQ(channel("# für\n").message,
              "m.toml:1: byte 3 is not ASCII, and Rust's channel manifests are");
    // Broken UTF-8 in a string: toml++'s one-line error.
    EXPECT_EQ(bootstrap("a = \"\xff\"\n").message.rfind("bootstrap.toml:1: invalid TOML: ", 0), 0u);
}

TEST(TomlGuard, RealChannelManifestShapeIsAccepted) {
    // Excerpts of channel-rust-stable.toml for 1.86.0 (2025-04-03; a copy is in
    // github.com/QunaSys/setuptools-rust-bundled at e6a42a12): its deepest sections, a
    // quoted target name with a dot, arrays of tables, and the [profiles] arrays.
    const std::string text = R"toml(manifest-version = "2"
date = "2025-04-03"
[pkg.rust]
version = "1.86.0 (05f9846f8 2025-03-31)"
[pkg.rust.target.aarch64-apple-darwin]
available = true
xz_hash = "b176bf7381e2fd22b5815e68780440f618780ed3f7a34b87bb58585afa923755"

[[pkg.rust.target.aarch64-apple-darwin.components]]
pkg = "rustc"
target = "aarch64-apple-darwin"

[[pkg.rust.target.aarch64-apple-darwin.extensions]]
pkg = "rust-src"
target = "*"
[pkg.llvm-tools-preview.target."thumbv8m.base-none-eabi"]
available = false

[pkg.rust-std.target.wasm32-wasip1]
available = true
url = "https://static.rust-lang.org/dist/2025-04-03/rust-std-1.86.0-wasm32-wasip1.tar.gz"
hash = "52e732b6532fa45c8cafae8aef313ae2d2e56fe40edd0a214c75cac0c4e6b16a"
xz_url = "https://static.rust-lang.org/dist/2025-04-03/rust-std-1.86.0-wasm32-wasip1.tar.xz"
xz_hash = "2dd67024dbdad5432a8b7ac6b52f368913cc773ba347595591f532aedfbb2da5"
[renames.clippy]
to = "clippy-preview"

[profiles]
minimal = ["rustc", "cargo", "rust-std", "rust-mingw"]
)toml";
    auto p = find_rust_std(text, "channel-rust-1.86.0.toml", "wasm32-wasip1");
    EXPECT_EQ(p.url, "https://static.rust-lang.org/dist/2025-04-03/rust-std-1.86.0-wasm32-wasip1"
                     ".tar.xz");
}

TEST(TomlGuard, TomlAssumptionsAreChecksNotUndefinedBehaviour) {
    // Straight to toml++, past the pre-scan: `[,` breaks parse_key()'s assumption
    // (parser.inl:3037), which toml.h turns from __builtin_assume into a check; that
    // place is audited (toml++ tests the same right after), so toml++ goes on to its
    // own error, as a gcc build did.
    const std::size_t before = toml_assumptions_reached();
    try {
        toml::table t = toml::parse(std::string_view("[,\n"), std::string_view("x.toml"));
        ADD_FAILURE() << "parsed: " << t;
    } catch (const toml::parse_error &e) {
        EXPECT_EQ(e.description(), "Error while parsing key: expected bare key starting "
                                   "character or string delimiter, saw ','");
        EXPECT_EQ(e.source().begin.column, 2u);
    }
    EXPECT_EQ(toml_assumptions_reached(), before);
    // Anywhere else a broken assumption is an error, and counted for the fuzz targets.
    try {
        toml_assumption_failed("cp != nullptr", "/usr/include/toml++/impl/parser.inl", 98);
        ADD_FAILURE() << "returned";
    } catch (const TomlAssumptionFailed &e) {
        EXPECT_EQ(e.one_line(), "toml++ 3.3.0 reached a case it assumes impossible "
                                "(cp != nullptr, parser.inl:98) (please report this input to "
                                "wasisdk)");
    }
    EXPECT_EQ(toml_assumptions_reached(), before + 1);
    EXPECT_THROW(toml_unreachable("/usr/include/toml++/impl/node.h", 851), TomlAssumptionFailed);
    EXPECT_EQ(toml_assumptions_reached(), before + 2);
}

TEST(TomlGuard, NonAsciiWhitespaceTableHasNoUnreachableCase) {
    // toml++ 3.3.0's generated is_non_ascii_horizontal_whitespace() fell into
    // TOML_UNREACHABLE for non-whitespace code points in three of its blocks (U+00A1..,
    // U+2D3E.., U+FE5F..). Every code point now gets an answer: exactly the 20 its
    // generator lists (U+00A0, U+1680, U+180E, U+2000..U+200B, U+202F, U+205F, U+2060,
    // U+3000, U+FEFF), and no check fires.
    const std::size_t before = toml_assumptions_reached();
    std::vector<char32_t> whitespace;
    for (char32_t c = 0; c <= 0x10FFFF; ++c)
        if (toml::impl::is_non_ascii_horizontal_whitespace(c))
            whitespace.push_back(c);
    std::vector<char32_t> expected{0xA0, 0x1680, 0x180E};
    for (char32_t c = 0x2000; c <= 0x200B; ++c)
        expected.push_back(c);
    for (char32_t c : {0x202F, 0x205F, 0x2060, 0x3000, 0xFEFF})
        expected.push_back(c);
    EXPECT_EQ(whitespace, expected);
    EXPECT_EQ(toml_assumptions_reached(), before);
}

TEST(TomlGuard, TomlTextWritesOnlyWhatReadsBack) {
    auto text_of = [](const std::string &input) {
        auto doc = parse_toml_guarded(input, "bootstrap.toml", kBootstrapToml);
        return outcome_of([&] { return toml_text(doc, "bootstrap.toml", kBootstrapToml); });
    };
    // What toml++ 3.3.0's formatter writes wrong, each read from a valid file.
    const std::string refused = "bootstrap.toml: toml++ 3.3.0 cannot write this file back "
                                "unchanged (a key with a line break, tab or ', or a string "
                                "that starts with a line break or holds ''')";
    for (const char *input : {"\"a\\nb\" = 1\n",       // written bare: `a<LF>b = 1`
                              "\"a\\tb\" = 1\n",       // written bare
                              "\"a'b\" = 1\n",         // written bare
                              "s = \"\\nabc\"\n",      // written '''<LF>abc''': reads "abc"
                              "s = \"a\\n'''b\"\n"}) { // ends the '''literal''' early
        Outcome o = text_of(input);
        EXPECT_EQ(o.message, refused) << input;
        EXPECT_EQ(o.code, 2) << input;
    }
    // Everything else comes back as it was, nan included.
    const std::string fine = "s = \"a\\nb'c\\td\"\nf = nan\ng = 0.1\nd = 1979-05-27T07:32:00Z\n"
                             "u = \"caf\xc3\xa9\"\n[t]\n\"k.e y\" = [1, {x = 'y'}]\n";
    auto doc = parse_toml_guarded(fine, "bootstrap.toml", kBootstrapToml);
    std::string text = toml_text(doc, "bootstrap.toml", kBootstrapToml);
    auto back = parse_toml_guarded(text, "written", kBootstrapToml);
    EXPECT_EQ(back["s"].value_or(std::string()), "a\nb'c\td");
    EXPECT_TRUE(std::isnan(back["f"].value_or(0.0)));
    EXPECT_EQ(back["t"]["k.e y"][1]["x"].value_or(std::string()), "y");
    EXPECT_EQ(back["u"].value_or(std::string()), "caf\xc3\xa9");
}
