// The archive path policy: whatever it accepts stays inside the tree.
#include "archive_policy/path_policy.h"

#include <cstdint>
#include <cstdlib>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    std::string text(reinterpret_cast<const char *>(data), size);
    auto cut = text.find('\n');
    std::string name = text.substr(0, cut);
    std::string target = cut == std::string::npos ? "" : text.substr(cut + 1);
    std::string why;
    auto rel = wasisdk::sanitize_entry_path(name, why);
    if (rel) {
        if (rel->empty() || rel->front() == '/' || rel->find('\\') != std::string::npos)
            std::abort();
        std::size_t i = 0;
        while (i <= rel->size()) { // no ".." or "." component, no empty one
            auto j = rel->find('/', i);
            if (j == std::string::npos)
                j = rel->size();
            std::string part = rel->substr(i, j - i);
            if (part == ".." || part == "." || part.empty())
                std::abort();
            i = j + 1;
        }
        if (wasisdk::symlink_target_inside(*rel, target, why) &&
            (target.empty() || target.front() == '/'))
            std::abort();
    } else if (why.empty()) {
        std::abort(); // a refusal must say why
    }
    return 0;
}
