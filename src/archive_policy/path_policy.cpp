#include "archive_policy/path_policy.h"

#include <vector>

namespace wasisdk {

static std::vector<std::string_view> components(std::string_view path) {
    std::vector<std::string_view> parts;
    std::size_t i = 0;
    while (i <= path.size()) {
        auto j = path.find('/', i);
        if (j == std::string_view::npos)
            j = path.size();
        auto part = path.substr(i, j - i);
        if (!part.empty() && part != ".")
            parts.push_back(part);
        i = j + 1;
    }
    return parts;
}

std::optional<std::string> sanitize_entry_path(std::string_view raw, std::string &why) {
    if (raw.empty()) {
        why = "empty name";
        return std::nullopt;
    }
    if (raw.find('\0') != std::string_view::npos) {
        why = "NUL byte in name";
        return std::nullopt;
    }
    if (raw.front() == '/') {
        why = "absolute path";
        return std::nullopt;
    }
    if (raw.find('\\') != std::string_view::npos) {
        why = "backslash in name";
        return std::nullopt;
    }
    if (raw.size() >= 2 && raw[1] == ':') {
        why = "drive letter in name";
        return std::nullopt;
    }
    std::string out;
    for (auto part : components(raw)) {
        if (part == "..") {
            why = "'..' in path";
            return std::nullopt;
        }
        if (!out.empty())
            out += '/';
        out += part;
    }
    if (out.empty()) {
        why = "name is only '.'";
        return std::nullopt;
    }
    return out;
}

bool symlink_target_inside(std::string_view link_path, std::string_view target, std::string &why) {
    if (target.empty()) {
        why = "empty symlink target";
        return false;
    }
    if (target.front() == '/') {
        why = "symlink to an absolute path";
        return false;
    }
    if (target.find('\0') != std::string_view::npos) {
        why = "NUL byte in symlink target";
        return false;
    }
    // Depth of the link's directory, then walk the target's components.
    auto link_parts = components(link_path);
    long depth = static_cast<long>(link_parts.size()) - 1;
    if (depth < 0)
        depth = 0;
    for (auto part : components(target)) {
        if (part == "..") {
            if (--depth < 0) {
                why = "symlink points outside the archive";
                return false;
            }
        } else {
            ++depth;
        }
    }
    return true;
}

} // namespace wasisdk
