// The rules live in the exec path (exec_path/version.h), which the driver shares; this
// is their C++ face for the installer.
#include "model/version.h"

#include "base/error.h"
#include "base/text.h"
#include "exec_path/version.h"

#include <algorithm>

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

namespace {
// The C value a Version was parsed from, rebuilt from its fields: sorting n versions
// compares O(n log n) times, and none of them parses again.
wsd_version c_version(const Version &v) {
    wsd_version c{};
    c.count = std::min<std::size_t>(v.numbers.size(), WSD_VERSION_MAX_NUMBERS);
    std::copy_n(v.numbers.begin(), c.count, c.numbers);
    c.suffix = v.suffix.c_str();
    c.text = v.text.c_str();
    return c;
}
} // namespace

bool version_less(const Version &a, const Version &b) {
    const wsd_version x = c_version(a), y = c_version(b);
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

std::optional<std::string> match_version(const VersionSpec &spec,
                                         const std::vector<std::string> &available) {
    auto names = c_strings(available);
    int i =
        wsd_match_version(spec.latest ? "latest" : spec.text.c_str(), names.data(), names.size());
    if (i < 0)
        return std::nullopt;
    return available[static_cast<std::size_t>(i)];
}

} // namespace wasisdk
