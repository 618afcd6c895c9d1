#pragma once
// Quoting a string so that a language reads it back as exactly that string, and runs
// nothing. Every file or script wasisdk generates (env, setup, completions, the CMake
// toolchain files, cargo-config) quotes through here: one rule per language, each
// following that language's own specification, cited below.
//
// Values are paths and environment values, so they never hold a NUL byte. A value a
// language cannot hold at all (TOML and PowerShell strings are Unicode; CMake turns
// CR LF into LF when it reads a file) is refused with wasisdk::Error rather than
// written wrongly.
#include <string>
#include <string_view>

namespace wasisdk::quote {

// POSIX sh, also bash, dash and zsh: '...' keeps every byte as it is; a ' becomes '\''
// (close, an escaped quote, reopen). POSIX.1-2017 XCU 2.2.2 "Single-Quotes".
std::string sh(std::string_view value);

// fish: '...', in which \' and \\ are the only escapes and every other byte is itself
// (fish-shell documentation, "Quotes"). The sh form is wrong here: a value holding \'
// or \\ ends up inside sh's quotes, where fish reads them as escapes, so the quoting
// ends somewhere else than sh's does and the rest of the value runs as code.
std::string fish(std::string_view value);

// PowerShell: an expression whose value is `value`, written in ASCII only. Runs of
// printable ASCII are verbatim strings '...' with ' doubled; every other character is
// [char]0xXXXX (UTF-16 code units), joined with +, in parentheses when there is more
// than one piece. PowerShell Language Specification 3.0, §2.3.5.2 "String literals"
// (learn.microsoft.com/powershell/scripting/lang-spec/chapter-02): a verbatim-string-
// literal opens and closes with any of U+0027, U+2018, U+2019, U+201A, U+201B, as
// PowerShell's tokenizer does (CharTraits.cs, IsSingleQuote). ASCII output never
// depends on the code page that decodes it: Windows PowerShell decodes a native
// command's output with [Console]::OutputEncoding, and in code page 1252 the bytes 0x82,
// 0x91 and 0x92 (UTF-8 continuation bytes, as in Б = D0 91) are U+201A, U+2018 and
// U+2019, which would end a literal. Throws for non-UTF-8 input.
std::string pwsh(std::string_view value);

// CMake: a bracket argument [=[...]=] whose fence has enough '=' that its closing
// bracket appears nowhere in the value (cmake-language(7), "Bracket Argument"). No
// escape sequence or ${}, $ENV{}, @var@ reference is evaluated inside one, under any
// policy setting, whereas a quoted argument's rules depend on CMP0053, which the
// project including the toolchain file decides. A value starting with a newline gets
// one more (CMake drops one newline right after the opening bracket). Throws for CR LF:
// CMake's file reader turns it into LF before it parses (cmListFileLexer.in.l).
std::string cmake(std::string_view value);

// TOML 1.0 basic string "...": ", \ and the control characters U+0000-U+001F and U+007F
// escaped (\" \\ \uXXXX), as toml.io/en/v1.0.0#string requires. Throws for non-UTF-8
// input: a TOML document must be valid UTF-8.
std::string toml(std::string_view value);

// Throws unless `value` is valid UTF-8, naming `language` (e.g. "JSON"), for writers
// that escape by other means (nlohmann::json) but need Unicode.
void require_utf8(std::string_view value, std::string_view language);

// Whether `value` is valid UTF-8 (RFC 3629: no overlong forms, surrogates or code
// points above U+10FFFF).
bool is_utf8(std::string_view value);

} // namespace wasisdk::quote
