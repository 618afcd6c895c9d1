// base/quote.h against each language's own rules. Every quoted string is read back by
// a small reader written from that language's specification (not from quote.cpp), and
// must give the value back exactly, for a list of hostile values. The real shells, CMake
// and Python's tomllib read the generated files in tests/integration/test_quoting.py;
// PowerShell is not packaged for Debian 12, so its reader here is the only check.
#include "base/error.h"
#include "base/quote.h"

#include <cstdio>
#include <gtest/gtest.h>
#include <optional>
#include <string>
#include <vector>

using namespace wasisdk;

namespace {

const std::vector<std::string> kHostile = {
    "",
    " ",
    "/home/a b",
    "'",
    "''",
    "\\'",
    "'\\''",
    "\"",
    "\\",
    "\\\\",
    "$",
    "$HOME",
    "${HOME}",
    "$ENV{HOME}",
    "@HOME@",
    "`",
    "`id`",
    "$(id)",
    "$(touch PWNED)",
    "(touch PWNED)", // fish's command substitution
    "\n",
    "\nleading newline",
    "a\nb",
    "\t",
    "\r",
    ";",
    "a;b",
    "#",
    "]]",
    "]=]",
    "]==]",
    "x]",
    "x]=",
    "]=]]==]]===]",
    "[[",
    "[=[",
    "\xE2\x80\x98", // U+2018 LEFT SINGLE QUOTATION MARK
    "\xE2\x80\x99", // U+2019
    "\xE2\x80\x9A", // U+201A
    "\xE2\x80\x9B", // U+201B
    "a\xE2\x80\x98; id; \xE2\x80\x99",
    "\xD0\x91",         // Б: D0 91, whose 0x91 is U+2018 in code page 1252
    "\xF0\x9F\x98\x80", // U+1F600, outside the BMP
    "\x01",
    "\x7F",
    "/home/a b/'q'/\\/$(touch PWNED)/`id`/\"x\"",
};

const std::vector<std::string> kNotUtf8 = {
    "\xFF",
    "a\xFE"
    "b",
    "\xC0\xAF",         // overlong '/'
    "\xED\xA0\x80",     // a surrogate
    "\xF4\x90\x80\x80", // above U+10FFFF
    "\xE2\x80",         // cut short
    "\x80",
};

// POSIX XCU 2.2.2/2.2.1: '...' is literal up to the next '; outside quotes only \'
// may appear here (2.2.1: a backslash quotes the next character). Anything else
// unquoted could be expanded, so it is a failure.
std::optional<std::string> read_sh(const std::string &s) {
    std::string out;
    for (std::size_t i = 0; i < s.size();) {
        if (s[i] == '\'') {
            std::size_t end = s.find('\'', i + 1);
            if (end == std::string::npos)
                return std::nullopt;
            out += s.substr(i + 1, end - i - 1);
            i = end + 1;
        } else if (s.compare(i, 2, "\\'") == 0) {
            out += '\'';
            i += 2;
        } else {
            return std::nullopt;
        }
    }
    return out;
}

// fish documentation, "Quotes": in single quotes \' is ' and \\ is \; any other
// backslash is itself. One quoted token, nothing outside it.
std::optional<std::string> read_fish(const std::string &s) {
    if (s.size() < 2 || s.front() != '\'' || s.back() != '\'')
        return std::nullopt;
    std::string out;
    for (std::size_t i = 1; i + 1 < s.size(); ++i) {
        if (s[i] == '\\' && i + 2 < s.size() && (s[i + 1] == '\'' || s[i + 1] == '\\'))
            out += s[++i];
        else if (s[i] == '\'')
            return std::nullopt; // the token would end here
        else
            out += s[i];
    }
    return out;
}

void append_utf8(std::string &out, char32_t cp) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

// The PowerShell expressions quote::pwsh writes: '...' | ( piece + piece ... ), a piece
// being a verbatim string (spec §2.3.5.2: a quote character doubled stands for one) or
// [char]0xHHHH. The spec's other four single-quote characters (U+2018-U+201B) are not
// ASCII, so the first check (printable ASCII only) already rules them out. The value
// is built in UTF-16, as .NET strings are, then compared as UTF-8. The first piece must
// be a string: [char] + [char] adds numbers.
std::optional<std::string> read_pwsh(const std::string &s) {
    for (unsigned char c : s)
        if (c < 0x20 || c > 0x7E)
            return std::nullopt;
    std::string body = s;
    bool grouped = s.size() >= 2 && s.front() == '(' && s.back() == ')';
    if (grouped)
        body = s.substr(1, s.size() - 2);
    std::u16string units;
    std::size_t i = 0;
    bool first = true;
    for (;;) {
        if (body.compare(i, 1, "'") == 0) {
            for (++i;; ++i) {
                if (i >= body.size())
                    return std::nullopt;
                if (body[i] == '\'') {
                    if (i + 1 < body.size() && body[i + 1] == '\'')
                        units += u'\'', ++i;
                    else
                        break;
                } else {
                    units += static_cast<char16_t>(body[i]);
                }
            }
            ++i;
        } else if (body.compare(i, 8, "[char]0x") == 0 && !first) {
            std::size_t n = 0;
            unsigned long v = std::stoul(body.substr(i + 8, 4), &n, 16);
            if (n != 4)
                return std::nullopt;
            units += static_cast<char16_t>(v);
            i += 12;
        } else {
            return std::nullopt;
        }
        first = false;
        if (i == body.size())
            break;
        if (!grouped || body.compare(i, 3, " + ") != 0)
            return std::nullopt;
        i += 3;
    }
    std::string out;
    for (std::size_t k = 0; k < units.size(); ++k) {
        char32_t cp = units[k];
        if (cp >= 0xD800 && cp < 0xDC00 && k + 1 < units.size())
            cp = 0x10000 + ((cp - 0xD800) << 10) + (units[++k] - 0xDC00);
        append_utf8(out, cp);
    }
    return out;
}

// cmake-language(7) "Bracket Argument", as cmListFileLexer.in.l reads one: [={n}[,
// one optional newline dropped, content up to the first ]={n}], which must end `s`.
std::optional<std::string> read_cmake(const std::string &s) {
    if (s.empty() || s[0] != '[')
        return std::nullopt;
    std::size_t n = s.find_first_not_of('=', 1);
    if (n == std::string::npos || s[n] != '[')
        return std::nullopt;
    std::string close = "]" + std::string(n - 1, '=') + "]";
    std::size_t start = n + 1 + (s.compare(n + 1, 1, "\n") == 0 ? 1 : 0);
    std::size_t end = s.find(close, start);
    if (end == std::string::npos || end + close.size() != s.size())
        return std::nullopt;
    return s.substr(start, end - start);
}

// toml.io/en/v1.0.0#string, basic strings: escapes \b \t \n \f \r \" \\ \uXXXX
// \UXXXXXXXX; control characters other than tab must be escaped.
std::optional<std::string> read_toml(const std::string &s) {
    if (s.size() < 2 || s.front() != '"' || s.back() != '"')
        return std::nullopt;
    std::string out;
    for (std::size_t i = 1; i + 1 < s.size(); ++i) {
        unsigned char c = static_cast<unsigned char>(s[i]);
        if (c == '"' || (c < 0x20 && c != '\t') || c == 0x7F)
            return std::nullopt;
        if (c != '\\') {
            out += s[i];
            continue;
        }
        char e = s[++i];
        static const std::string kSimple = "btnfr\"\\", kValues = "\b\t\n\f\r\"\\";
        if (auto k = kSimple.find(e); k != std::string::npos) {
            out += kValues[k];
        } else if (e == 'u' || e == 'U') {
            std::size_t len = e == 'u' ? 4 : 8;
            append_utf8(out, static_cast<char32_t>(std::stoul(s.substr(i + 1, len), nullptr, 16)));
            i += len;
        } else {
            return std::nullopt;
        }
    }
    return out;
}

std::string hex(const std::string &s) {
    std::string out;
    for (unsigned char c : s) {
        char b[4];
        std::snprintf(b, sizeof b, "%02X ", c);
        out += b;
    }
    return out;
}

} // namespace

TEST(Quote, ShReadsBackEveryValue) {
    for (const auto &v : kHostile)
        EXPECT_EQ(read_sh(quote::sh(v)), v) << hex(v) << "-> " << quote::sh(v);
    for (const auto &v : kNotUtf8) // sh strings are bytes
        EXPECT_EQ(read_sh(quote::sh(v)), v) << hex(v);
}

TEST(Quote, ShForm) {
    EXPECT_EQ(quote::sh(""), "''");
    EXPECT_EQ(quote::sh("a b"), "'a b'");
    EXPECT_EQ(quote::sh("it's"), "'it'\\''s'");
    EXPECT_EQ(quote::sh("$(id)`id`\\"), "'$(id)`id`\\'");
}

TEST(Quote, FishReadsBackEveryValue) {
    for (const auto &v : kHostile)
        EXPECT_EQ(read_fish(quote::fish(v)), v) << hex(v) << "-> " << quote::fish(v);
    for (const auto &v : kNotUtf8)
        EXPECT_EQ(read_fish(quote::fish(v)), v) << hex(v);
}

TEST(Quote, FishIsNotTheShForm) {
    // sh's '\'' read by fish: the \' inside the quotes is an escaped quote, so the
    // token does not end where sh's does (what let a path with \' run a command).
    EXPECT_EQ(read_fish(quote::sh("a'b")), std::nullopt);
    EXPECT_EQ(quote::fish("a'b\\c"), "'a\\'b\\\\c'");
    EXPECT_EQ(quote::fish("\\'"), "'\\\\\\''");
}

TEST(Quote, PwshReadsBackEveryValue) {
    for (const auto &v : kHostile)
        EXPECT_EQ(read_pwsh(quote::pwsh(v)), v) << hex(v) << "-> " << quote::pwsh(v);
}

TEST(Quote, PwshForm) {
    EXPECT_EQ(quote::pwsh(""), "''");
    EXPECT_EQ(quote::pwsh("C:\\a b\\$x `y`"), "'C:\\a b\\$x `y`'");
    EXPECT_EQ(quote::pwsh("it's"), "'it''s'");
    // The typographic single quotes end a verbatim string: they never appear in one.
    EXPECT_EQ(quote::pwsh("\xE2\x80\x98"), "('' + [char]0x2018)");
    EXPECT_EQ(quote::pwsh("a\xE2\x80\x99"
                          "b"),
              "('a' + [char]0x2019 + 'b')");
    EXPECT_EQ(quote::pwsh("\xE2\x80\x9A\xE2\x80\x9B"), "('' + [char]0x201A + [char]0x201B)");
    EXPECT_EQ(quote::pwsh("a\nb"), "('a' + [char]0x000A + 'b')");
    EXPECT_EQ(quote::pwsh("\xF0\x9F\x98\x80"), "('' + [char]0xD83D + [char]0xDE00)");
}

TEST(Quote, CmakeReadsBackEveryValue) {
    for (const auto &v : kHostile) {
        if (v.find("\r\n") != std::string::npos) // refused: see CmakeForm
            continue;
        EXPECT_EQ(read_cmake(quote::cmake(v)), v) << hex(v) << "-> " << quote::cmake(v);
    }
    for (const auto &v : kNotUtf8) // CMake reads bytes
        EXPECT_EQ(read_cmake(quote::cmake(v)), v) << hex(v);
}

TEST(Quote, CmakeForm) {
    EXPECT_EQ(quote::cmake("/a b/${X}"), "[[/a b/${X}]]");
    EXPECT_EQ(quote::cmake("]]"), "[=[]]]=]");
    EXPECT_EQ(quote::cmake("x]"), "[=[x]]=]"); // not [[x]]], which ends after x
    EXPECT_EQ(quote::cmake("]=]]]"), "[==[]=]]]]==]");
    EXPECT_EQ(quote::cmake("\nx"), "[[\n\nx]]"); // CMake drops the first newline
    EXPECT_THROW(quote::cmake("a\r\nb"), Error);
    EXPECT_EQ(read_cmake(quote::cmake("a\rb")), "a\rb"); // a lone CR survives
}

TEST(Quote, TomlReadsBackEveryValue) {
    for (const auto &v : kHostile)
        EXPECT_EQ(read_toml(quote::toml(v)), v) << hex(v) << "-> " << quote::toml(v);
}

TEST(Quote, TomlForm) {
    EXPECT_EQ(quote::toml("C:\\x \"y\" $z"), "\"C:\\\\x \\\"y\\\" $z\"");
    EXPECT_EQ(quote::toml("a\nb\x7F"), "\"a\\u000Ab\\u007F\"");
    EXPECT_EQ(quote::toml("\xE2\x80\x98"), "\"\xE2\x80\x98\"");
}

TEST(Quote, UnicodeOnlyLanguagesRefuseOtherBytes) {
    for (const auto &v : kNotUtf8) {
        EXPECT_FALSE(quote::is_utf8(v)) << hex(v);
        EXPECT_THROW(quote::pwsh(v), Error) << hex(v);
        EXPECT_THROW(quote::toml(v), Error) << hex(v);
        EXPECT_THROW(quote::require_utf8(v, "JSON"), Error) << hex(v);
    }
    for (const auto &v : kHostile)
        EXPECT_TRUE(quote::is_utf8(v)) << hex(v);
}

TEST(Quote, RefusalNamesTheValueAndTheLanguage) {
    try {
        quote::toml("/home/\xFF/x");
        FAIL();
    } catch (const Error &e) {
        EXPECT_EQ(e.one_line(), "cannot write \"/home/\\xFF/x\" into a TOML file: it is not "
                                "valid UTF-8 (use a path that is valid UTF-8)");
    }
}
