// Version specs: parsing, matching and ordering never crash; ordering is irreflexive.
#include "base/error.h"
#include "model/version.h"

#include <algorithm>
#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    std::string text(reinterpret_cast<const char *>(data), size);
    auto cut = text.find('\n');
    std::string spec = text.substr(0, cut);
    std::vector<std::string> available;
    if (cut != std::string::npos)
        for (std::size_t i = cut + 1; i <= text.size();) {
            auto next = text.find('\n', i);
            available.push_back(text.substr(i, next - i));
            i = next == std::string::npos ? text.size() + 1 : next + 1;
        }
    for (const auto &a : available)
        if (auto v = wasisdk::parse_version(a); v && wasisdk::version_less(*v, *v))
            std::abort();
    try {
        auto s = wasisdk::parse_version_spec(spec);
        auto m = wasisdk::match_version(s, available);
        if (m && std::find(available.begin(), available.end(), *m) == available.end())
            std::abort(); // matched something that was not offered
    } catch (const wasisdk::Error &) {
    }
    return 0;
}
