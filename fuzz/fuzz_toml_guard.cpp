// parse_toml_guarded (src/rust_dist/toml.h), for both kinds of input: a table or an Error;
// toml++ never reaches one of its assumptions; whatever is accepted nests at most
// kTomlMaxDepth levels (the pre-scan's bound holds for the tree toml++ really builds);
// a channel manifest is accepted only when ASCII, and then also as a bootstrap.toml;
// what toml_text() writes of an accepted bootstrap.toml is accepted again.
#include "base/error.h"
#include "rust_dist/toml.h"

#include <algorithm>
#include <cstdint>
#include <cstdlib>

using namespace wasisdk;

namespace {

// Levels below `node`: a table's or an array's children are one level further down.
int depth_below(const toml::node &node) {
    int deepest = 0;
    if (auto table = node.as_table())
        for (const auto &[key, child] : *table)
            deepest = std::max(deepest, 1 + depth_below(child));
    else if (auto array = node.as_array())
        for (const auto &child : *array)
            deepest = std::max(deepest, 1 + depth_below(child));
    return deepest;
}

bool accepted(std::string_view text, const TomlInput &input) {
    try {
        toml::table doc = parse_toml_guarded(text, "fuzz.toml", input);
        if (depth_below(doc) > kTomlMaxDepth)
            std::abort();
        if (input.ascii_only)
            return true; // never written; toml++ would write \u escapes as UTF-8
        std::string written;
        try {
            written = toml_text(doc, "fuzz.toml", input);
        } catch (const Error &) {
            return true; // toml++ would write it wrong (toml.h)
        }
        try {
            parse_toml_guarded(written, "written.toml", input);
        } catch (const Error &) {
            std::abort();
        }
        return true;
    } catch (const Error &) {
        return false;
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    std::string_view text(reinterpret_cast<const char *>(data), size);
    bool as_bootstrap = accepted(text, kBootstrapToml);
    bool as_channel = accepted(text, kChannelManifest);
    if (toml_assumptions_reached() != 0)
        std::abort();
    if (as_channel && (!as_bootstrap || std::any_of(text.begin(), text.end(), [](char c) {
            return static_cast<unsigned char>(c) >= 0x80;
        })))
        std::abort();
    return 0;
}
