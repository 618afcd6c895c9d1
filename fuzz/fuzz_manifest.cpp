// The release manifest parser: any bytes give a Manifest or an Error, nothing else.
#include "base/error.h"
#include "model/manifest.h"

#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    std::string_view text(reinterpret_cast<const char *>(data), size);
    try {
        auto m = wasisdk::parse_manifest(text, "fuzz.json");
        for (const auto &r : m.releases)
            for (const auto &a : r.artifacts)
                if (a.sha256 && !wasisdk::is_sha256_hex(*a.sha256))
                    std::abort(); // the parser accepted a malformed hash
    } catch (const wasisdk::Error &) {
    }
    return 0;
}
