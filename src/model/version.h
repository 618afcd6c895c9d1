#pragma once
// wasi-sdk version strings and the specs users type for them.
// Versions look like "22.0", "20.0+threads" or "34.0-rc.2": tags are not all
// `wasi-sdk-<integer>` (docs/sdk-releases.md), so a version is numbers plus an optional
// suffix, and anything with a suffix is not a stable release.
#include <optional>
#include <string>
#include <vector>

namespace wasisdk {

struct Version {
    std::vector<unsigned> numbers; // 22.0 -> {22, 0}
    std::string suffix;            // "-rc.2", "+threads" or empty
    std::string text;              // as written

    bool stable() const { return suffix.empty(); }
};

// nullopt unless `text` starts with a number ("22", "22.0", "34.0-rc.2").
std::optional<Version> parse_version(const std::string &text);

// Orders by numbers (missing parts are 0), then a stable release after its
// pre-releases and variants, then by text.
bool version_less(const Version &a, const Version &b);

// What a user may ask for: "latest", "22" (the newest 22.x), "22.0" (exactly),
// or an exact version text such as "34.0-rc.2".
struct VersionSpec {
    bool latest = false;
    std::string text;
};

// Throws Error (usage) with a fix when the spec is not one of the forms above.
VersionSpec parse_version_spec(const std::string &text);

// The newest of `available` that the spec matches, or nullopt.
// "latest" and a bare number only match stable releases.
std::optional<std::string> match_version(const VersionSpec &spec,
                                         const std::vector<std::string> &available);

// Which installed SDK a spec names is model/active_sdk.h's lookup_installed (one rule,
// shared with the driver).

} // namespace wasisdk
