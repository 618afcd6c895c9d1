#include "man_page.h"

#include <utility>

namespace wasisdk::cli {

namespace {

// Text as roff reads it: a backslash is \e, a '-' that is an option's dash is \-, and a
// line starting with '.' or '\'' would be a request, so it gets a zero-width \&.
std::string roff(const std::string &text, bool dashes = false) {
    std::string out;
    bool line_start = true;
    for (char c : text) {
        if (line_start && (c == '.' || c == '\''))
            out += "\\&";
        if (c == '\\')
            out += "\\e";
        else if (c == '-' && dashes)
            out += "\\-";
        else
            out += c;
        line_start = c == '\n';
    }
    return out;
}

std::string option_lines(const std::vector<OptionDoc> &options) {
    std::string s;
    for (const auto &o : options) {
        s += ".TP\n";
        if (o.positional) {
            s += "\\fI" + roff(o.names.front()) + "\\fR" + (o.repeats ? "..." : "") + "\n";
        } else {
            std::string names;
            for (const auto &n : o.names)
                names += (names.empty() ? "" : ", ") + ("\\fB" + roff(n, true) + "\\fR");
            s += names + (o.value.empty() ? "" : " \\fI" + roff(o.value, true) + "\\fR") + "\n";
        }
        s += roff(o.help) + (o.env.empty() ? "" : " (environment: \\fB" + roff(o.env) + "\\fR)") +
             "\n";
    }
    return s;
}

std::string header(const std::string &name, const std::string &version) {
    std::string upper;
    for (char c : name)
        upper += static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
    // No hyphenation and no justification: option lists and variable names stay whole.
    return ".TH " + roff(upper, true) + " 1 \"\" \"wasisdk " + version +
           "\" \"User Commands\"\n.nh\n.ad l\n";
}

// The documented exit codes (base/error.h's ExitCode, docs/cli.md).
const std::pair<const char *, const char *> kExitCodes[] = {
    {"0", "success"},
    {"1", "the operation failed (network, verification, filesystem, a hostile archive)"},
    {"2", "the command line was wrong"},
    {"3", "the requested SDK, version, host build or tool does not exist"},
};

std::string see_also(const CommandDoc &root, const CommandDoc *except) {
    std::string s = ".SH SEE ALSO\n";
    std::string list = except ? "\\fBwasisdk\\fR(1)" : "";
    for (const auto &c : root.subcommands)
        if (!except || c.path != except->path)
            list += (list.empty() ? "" : ", ") + ("\\fB" + roff(man_name(c), true) + "\\fR(1)");
    return s + list +
           "\n.PP\nThe documentation in \\fI/usr/share/doc/wasisdk/\\fR (or "
           "\\fIshare/doc/wasisdk/\\fR under the prefix wasisdk was installed to):\n"
           "cli.md, driver.md, rust.md, manifest-format.md, security.md.\n";
}

} // namespace

std::string man_name(const CommandDoc &command) {
    std::string name = command.path;
    for (char &c : name)
        if (c == ' ')
            c = '-';
    return name;
}

std::string man_page(const CommandDoc &root, const std::string &version) {
    std::string s = header("wasisdk", version);
    const std::string what = root.help.substr(root.help.find(": ") + 2); // after "wasisdk: "
    s += ".SH NAME\nwasisdk \\- " + roff(what) + "\n";
    s += ".SH SYNOPSIS\n\\fBwasisdk\\fR [\\fIGLOBAL OPTIONS\\fR] \\fICOMMAND\\fR "
         "[\\fIOPTIONS\\fR]\n.br\n\\fBwasisdk help\\fR [\\fICOMMAND\\fR...]\n";
    s += ".SH DESCRIPTION\n\\fBwasisdk\\fR installs wasi-sdk releases, verified, under its "
         "home, and points builds at them through wrappers such as "
         "\\fBwasm32\\-wasip1\\-clang\\fR. Global options may come before or after the "
         "command; with \\fB\\-\\-json\\fR every command prints one JSON document.\n";
    s += ".SH GLOBAL OPTIONS\n" + option_lines(root.options);
    s += ".SH COMMANDS\n";
    for (const auto &c : root.subcommands) {
        s += ".TP\n\\fBwasisdk " + roff(c.name, true) + "\\fR " + roff(usage_words(c), true) +
             "\n" + roff(c.help) + ". See \\fB" + roff(man_name(c), true) + "\\fR(1).\n";
        for (const auto &sub : c.subcommands)
            s += ".RS\n.TP\n\\fB" + roff(sub.name, true) + "\\fR " + roff(usage_words(sub), true) +
                 "\n" + roff(sub.help) + "\n.RE\n";
    }
    s += ".SH ENVIRONMENT\nEach global option above names the variable that sets it. The active "
         "SDK is the first of: a \\fB+VERSION\\fR argument to a wrapper, \\fBWASI_SDK_PATH\\fR, "
         "\\fBWASISDK_SDK\\fR, the nearest \\fI.wasi-sdk-version\\fR file from the working "
         "directory upward, the default (\\fBwasisdk default\\fR).\n";
    s += ".SH EXIT STATUS\n";
    for (const auto &[code, meaning] : kExitCodes)
        s += ".TP\n" + std::string(code) + "\n" + meaning + "\n";
    s += ".SH FILES\n.TP\n\\fI~/.wasisdk\\fR\nThe home (\\fB\\-\\-home\\fR, \\fBWASISDK_HOME\\fR): "
         "toolchains/, downloads/, bin/ (the wrappers), share/cmake/ (CMake toolchain files).\n"
         ".TP\n\\fI.wasi-sdk-version\\fR\nA project's pin: its first line that is neither blank "
         "nor a # comment names a version or an installed name (\\fBwasisdk pin\\fR writes it).\n";
    return s + see_also(root, nullptr);
}

std::string man_page(const CommandDoc &root, const CommandDoc &command,
                     const std::string &version) {
    std::string name = man_name(command);
    std::string s = header(name, version);
    s += ".SH NAME\n" + roff(name, true) + " \\- " + roff(command.help) + "\n";
    s += ".SH SYNOPSIS\n\\fB" + roff(command.path, true) + "\\fR " +
         roff(usage_words(command), true) + "\n";
    for (const auto &sub : command.subcommands)
        s += ".br\n\\fB" + roff(sub.path, true) + "\\fR " + roff(usage_words(sub), true) + "\n";
    s += ".SH DESCRIPTION\n" + roff(command.help) +
         ". The global options of \\fBwasisdk\\fR(1) apply as well, before or after the "
         "command.\n";
    if (!command.options.empty())
        s += ".SH OPTIONS\n" + option_lines(command.options);
    for (const auto &sub : command.subcommands) {
        s += ".SH " + roff(sub.path, true) + "\n" + roff(sub.help) + ".\n";
        s += option_lines(sub.options);
    }
    return s + see_also(root, &command);
}

} // namespace wasisdk::cli
