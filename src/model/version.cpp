// The rules live in the exec path (exec_path/version.h), which the driver shares; this
// is their C++ face for the installer.
#include "model/version.h"

#include "base/error.h"
#include "exec_path/version.h"

namespace wasisdk {

std::optional<Version> parse_version(const std::string &text) {
    wsd_version c;
    if (text.find('\0') != std::string::npos || !wsd_parse_version(text.c_str(), &c))
        return std::nullopt;
    Version v;
    v.numbers.assign(c.numbers, c.numbers + c.count);
    v.suffix = c.suffix;
    v.text = text;
    return v;
}

bool version_less(const Version &a, const Version &b) {
    wsd_version x, y;
    if (!wsd_parse_version(a.text.c_str(), &x) || !wsd_parse_version(b.text.c_str(), &y))
        return a.text < b.text; // not from parse_version(): no version order to apply
    return wsd_version_compare(&x, &y) < 0;
}

VersionSpec parse_version_spec(const std::string &text) {
    VersionSpec spec;
    spec.text = text;
    if (text == "latest") {
        spec.latest = true;
        return spec;
    }
    if (!parse_version(text))
        throw Error("'" + text + "' is not a wasi-sdk version",
                    "use a number such as 22, an exact version such as 22.0, or latest",
                    ExitCode::usage);
    return spec;
}

namespace {
std::vector<const char *> c_strings(const std::vector<std::string> &items) {
    std::vector<const char *> out;
    out.reserve(items.size());
    for (const auto &s : items)
        out.push_back(s.c_str());
    return out;
}
} // namespace

std::optional<std::string> match_version(const VersionSpec &spec,
                                         const std::vector<std::string> &available) {
    auto names = c_strings(available);
    int i = wsd_match_version(spec.latest ? "latest" : spec.text.c_str(), names.data(), names.size());
    if (i < 0)
        return std::nullopt;
    return available[static_cast<std::size_t>(i)];
}

} // namespace wasisdk
