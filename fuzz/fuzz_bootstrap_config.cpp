// bootstrap-config --write: any bootstrap.toml gives an Error or a merged file that reads
// back through the same guard, keeps the user's top-level keys and lists the target; toml++
// never reaches one of its assumptions (src/rust_dist/toml.h).
#include "base/error.h"
#include "rust_dist/bootstrap_config.h"
#include "rust_dist/toml.h"

#include <cstdint>
#include <cstdlib>

using namespace wasisdk;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    std::string text(reinterpret_cast<const char *>(data), size);
    const BootstrapConfig config{
        "x86_64-unknown-linux-gnu",
        {{"wasm32-wasip1", "/sdk/share/wasi-sysroot", "/b/cc", "/b/cxx", "/b/ar"}}};
    std::string merged;
    try {
        merged = merge_bootstrap_config(text, "fuzz.toml", config).text;
    } catch (const Error &) {
        if (toml_assumptions_reached() != 0)
            std::abort();
        return 0;
    }
    toml::table before;
    try {
        before = parse_toml_guarded(text, "fuzz.toml", kBootstrapToml);
    } catch (const Error &) {
        std::abort(); // merged a file the guard refuses
    }
    try {
        // toml++ 3.3.0 writes some keys and strings wrong (toml_text() in rust_dist/toml.h);
        // merge_bootstrap_config() does not write through toml_text() yet, so such files
        // are left out of the checks below until it does.
        toml_text(before, "fuzz.toml", kBootstrapToml);
    } catch (const Error &) {
        return 0;
    }
    toml::table after;
    try {
        after = parse_toml_guarded(merged, "merged.toml", kBootstrapToml);
    } catch (const Error &) {
        std::abort(); // wrote a file that does not read back
    }
    if (toml_assumptions_reached() != 0 || !after["target"]["wasm32-wasip1"].is_table())
        std::abort();
    bool listed = false;
    if (auto targets = after["build"]["target"].as_array())
        for (const auto &t : *targets)
            listed = listed || t.value<std::string>() == "wasm32-wasip1";
    if (!listed)
        std::abort();
    for (const auto &[key, value] : before)
        if (!after.contains(key.str()))
            std::abort(); // lost a setting of the user's
    return 0;
}
