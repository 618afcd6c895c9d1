// The symbol index reader (base/ar_index.h): any bytes, read exactly as long as they are,
// give symbols or a problem, never both, and every symbol lies within the input.
#include "base/ar_index.h"

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    // A copy of exactly `size` bytes, so that ASan sees any read past them.
    std::unique_ptr<char[]> bytes(new char[size ? size : 1]);
    std::memcpy(bytes.get(), data, size);
    wasisdk::ArIndex index = wasisdk::parse_ar_index(std::string_view(bytes.get(), size));
    if (index.symbols.has_value() == !index.problem.empty())
        std::abort();
    std::size_t total = 0;
    if (index.symbols)
        for (const auto &s : *index.symbols)
            total += s.size() + 1;
    if (total > size)
        std::abort();
    return 0;
}
