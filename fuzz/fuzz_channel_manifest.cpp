// Rust channel manifests and .sha256 files: a package with a valid hash, or an Error;
// toml++ never reaches one of its assumptions (src/rust_dist/toml.h).
#include "base/error.h"
#include "model/manifest.h"
#include "rust_dist/channel_manifest.h"
#include "rust_dist/toml.h"

#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    std::string text(reinterpret_cast<const char *>(data), size);
    try {
        auto p = wasisdk::find_rust_std(text, "fuzz.toml", "wasm32-wasip1");
        if (!wasisdk::is_sha256_hex(p.sha256) || p.url.empty())
            std::abort();
    } catch (const wasisdk::Error &) {
    }
    if (wasisdk::toml_assumptions_reached() != 0)
        std::abort();
    try {
        if (!wasisdk::is_sha256_hex(wasisdk::parse_sha256_file(text, "fuzz.sha256")))
            std::abort();
    } catch (const wasisdk::Error &) {
    }
    return 0;
}
