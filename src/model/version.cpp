#include "model/version.h"

#include "base/error.h"

#include <algorithm>
#include <cctype>

namespace wasisdk {

std::optional<Version> parse_version(const std::string &text) {
    Version v;
    v.text = text;
    std::size_t i = 0;
    while (true) {
        if (i >= text.size() || !std::isdigit(static_cast<unsigned char>(text[i])))
            return std::nullopt;
        unsigned long n = 0;
        std::size_t digits = 0;
        while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) {
            n = n * 10 + static_cast<unsigned>(text[i] - '0');
            if (++digits > 6)
                return std::nullopt; // no real version has a 7-digit component
            ++i;
        }
        v.numbers.push_back(static_cast<unsigned>(n));
        if (i < text.size() && text[i] == '.' && i + 1 < text.size() &&
            std::isdigit(static_cast<unsigned char>(text[i + 1]))) {
            ++i;
            continue;
        }
        break;
    }
    v.suffix = text.substr(i);
    if (!v.suffix.empty() && v.suffix[0] != '-' && v.suffix[0] != '+')
        return std::nullopt;
    return v;
}

bool version_less(const Version &a, const Version &b) {
    std::size_t n = std::max(a.numbers.size(), b.numbers.size());
    for (std::size_t i = 0; i < n; ++i) {
        unsigned x = i < a.numbers.size() ? a.numbers[i] : 0;
        unsigned y = i < b.numbers.size() ? b.numbers[i] : 0;
        if (x != y)
            return x < y;
    }
    if (a.stable() != b.stable())
        return !a.stable(); // 34.0-rc.2 < 34.0
    return a.text < b.text;
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
    std::optional<Version> want;
    if (!spec.latest)
        want = parse_version(spec.text);
    std::optional<Version> best;
    for (const auto &text : available) {
        auto v = parse_version(text);
        if (!v)
            continue;
        bool matches = false;
        if (spec.latest) {
            matches = v->stable();
        } else if (v->text == want->text) {
            matches = true;
        } else if (want->stable() && v->stable() && want->numbers.size() <= v->numbers.size()) {
            // "22" matches 22.0 and 22.1; "22.0" matches 22.0.0 but not 22.1.
            matches = std::equal(want->numbers.begin(), want->numbers.end(),
                                 v->numbers.begin());
        }
        if (matches && (!best || version_less(*best, *v)))
            best = v;
    }
    if (!best)
        return std::nullopt;
    return best->text;
}

} // namespace wasisdk
