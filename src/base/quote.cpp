#include "base/quote.h"

#include "base/error.h"

#include <cstdio>
#include <vector>

namespace wasisdk::quote {

namespace {

// How a value appears in an error message: printable ASCII as it is, anything else as
// \xNN, so that the message is one readable line whatever the value holds.
std::string display(std::string_view value) {
    std::string out;
    for (unsigned char c : value) {
        if (c >= 0x20 && c < 0x7f && c != '\\') {
            out += static_cast<char>(c);
        } else {
            char hex[5];
            std::snprintf(hex, sizeof hex, "\\x%02X", c);
            out += hex;
        }
    }
    return out;
}

[[noreturn]] void refuse(std::string_view value, std::string_view language, std::string_view why,
                         std::string_view fix) {
    throw Error("cannot write \"" + display(value) + "\" into " + std::string(language) + ": " +
                    std::string(why),
                std::string(fix));
}

// Decodes UTF-8 into code points; false for anything RFC 3629 does not allow.
bool decode_utf8(std::string_view s, std::vector<char32_t> *out) {
    // Per lead byte: how many continuation bytes, the smallest code point that needs
    // that many (shorter forms are overlong), and the payload bits of the lead byte.
    struct Form {
        unsigned char mask, lead;
        int more;
        char32_t min;
    };
    static const Form kForms[] = {
        {0x80, 0x00, 0, 0x0},
        {0xE0, 0xC0, 1, 0x80},
        {0xF0, 0xE0, 2, 0x800},
        {0xF8, 0xF0, 3, 0x10000},
    };
    for (std::size_t i = 0; i < s.size();) {
        unsigned char b = static_cast<unsigned char>(s[i]);
        const Form *form = nullptr;
        for (const Form &f : kForms)
            if ((b & f.mask) == f.lead)
                form = &f;
        if (!form || s.size() - i - 1 < static_cast<std::size_t>(form->more))
            return false;
        char32_t cp = b & static_cast<unsigned char>(~form->mask);
        for (int k = 1; k <= form->more; ++k) {
            unsigned char c = static_cast<unsigned char>(s[i + k]);
            if ((c & 0xC0) != 0x80)
                return false;
            cp = (cp << 6) | (c & 0x3F);
        }
        if (cp < form->min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return false;
        if (out)
            out->push_back(cp);
        i += 1 + form->more;
    }
    return true;
}

std::string hex4(unsigned value) {
    char buf[7];
    std::snprintf(buf, sizeof buf, "%04X", value);
    return buf;
}

} // namespace

bool is_utf8(std::string_view value) {
    return decode_utf8(value, nullptr);
}

void require_utf8(std::string_view value, std::string_view language) {
    if (!is_utf8(value))
        refuse(value, language, "it is not valid UTF-8", "use a path that is valid UTF-8");
}

std::string sh(std::string_view value) {
    std::string out = "'";
    for (char c : value)
        out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

std::string fish(std::string_view value) {
    std::string out = "'";
    for (char c : value) {
        if (c == '\'' || c == '\\')
            out += '\\';
        out += c;
    }
    return out + "'";
}

std::string pwsh(std::string_view value) {
    std::vector<char32_t> cps;
    if (!decode_utf8(value, &cps))
        refuse(value, "a PowerShell script", "it is not valid UTF-8",
               "use a path that is valid UTF-8");
    std::vector<std::string> pieces;
    std::string run; // printable ASCII, as a verbatim string
    bool in_run = false;
    auto flush = [&] {
        if (in_run)
            pieces.push_back("'" + run + "'");
        run.clear();
        in_run = false;
    };
    auto code_unit = [&](unsigned u) { pieces.push_back("[char]0x" + hex4(u)); };
    for (char32_t cp : cps) {
        if (cp >= 0x20 && cp < 0x7f) {
            run += cp == '\'' ? "''" : std::string(1, static_cast<char>(cp));
            in_run = true;
            continue;
        }
        flush();
        if (cp < 0x10000) {
            code_unit(static_cast<unsigned>(cp));
        } else { // a UTF-16 surrogate pair (Unicode 15.0, §3.9, D91)
            code_unit(0xD800 + ((cp - 0x10000) >> 10));
            code_unit(0xDC00 + ((cp - 0x10000) & 0x3FF));
        }
    }
    flush();
    if (pieces.empty())
        return "''";
    if (pieces.size() == 1 && pieces[0][0] == '\'')
        return pieces[0];
    std::string out = "(";
    if (pieces[0][0] != '\'')
        out += "'' + "; // [char] + [char] adds numbers: start from a string to concatenate
    for (std::size_t i = 0; i < pieces.size(); ++i)
        out += (i ? " + " : "") + pieces[i];
    return out + ")";
}

std::string cmake(std::string_view value) {
    if (value.find("\r\n") != std::string_view::npos)
        refuse(value, "a CMake file", "CMake reads CR LF as LF",
               "use a path without a carriage return");
    // The first `]=...]` in "value + closing bracket" must be the closing bracket itself
    // (a value ending in ']' would otherwise close a fence one character early).
    std::string equals;
    for (;;) {
        std::string close = "]" + equals + "]";
        std::string text = std::string(value) + close;
        if (text.find(close) == value.size())
            break;
        equals += '=';
    }
    std::string open = "[" + equals + "[";
    if (!value.empty() && value.front() == '\n')
        open += '\n'; // dropped by CMake, keeping the value's own
    return open + std::string(value) + "]" + equals + "]";
}

std::string toml(std::string_view value) {
    if (!is_utf8(value))
        refuse(value, "a TOML file", "it is not valid UTF-8", "use a path that is valid UTF-8");
    std::string out = "\"";
    for (char c : value) {
        unsigned char u = static_cast<unsigned char>(c);
        if (c == '"' || c == '\\')
            out += std::string("\\") + c;
        else if (u < 0x20 || u == 0x7f)
            out += "\\u" + hex4(u);
        else
            out += c;
    }
    return out + "\"";
}

} // namespace wasisdk::quote
