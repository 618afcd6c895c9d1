#include "exec_path_cxx/sdk_facts.h"

#include "base/error.h"
#include "exec_path/emulations.h"

namespace wasisdk {

static void path_too_long(const std::filesystem::path &root) {
    throw Error(root.string() + ": path too long", "use a shorter path");
}

SdkFacts probe_sdk(const std::filesystem::path &root, const std::string &label) {
    SdkFacts s;
    if (!wsd_probe_sdk(root.c_str(), label.c_str(), &s))
        path_too_long(root);
    return s;
}

TripleFacts probe_triple(const SdkFacts &sdk, const std::string &triple) {
    TripleFacts f;
    wsd_probe_triple(&sdk, triple.c_str(), &f);
    return f;
}

SdkFacts describe_sdk(const std::filesystem::path &root, const std::string &label,
                      const std::vector<std::string> &triples, bool component_ld) {
    SdkFacts s;
    if (!wsd_sdk_facts_init(&s, root.c_str(), label.c_str()))
        path_too_long(root);
    for (const auto &t : triples)
        wsd_sdk_facts_add_triple(&s, t.c_str());
    s.component_ld = component_ld;
    return s;
}

unsigned emulation_library_bit(const std::string &library) {
    for (std::size_t i = 0; i < wsd_emulation_count; ++i)
        if (library == wsd_emulations[i].library)
            return 1u << i;
    return 0;
}

} // namespace wasisdk
