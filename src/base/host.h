#pragma once
#include <string>
#include <vector>

namespace wasisdk {

// Host names as used in manifests: <arch>-<os>.
const std::vector<std::string> &known_hosts();

// This machine's host name; WASISDK_HOST overrides it (to fetch another host's SDK,
// e.g. for a container image built elsewhere, and in tests).
std::string detect_host();

} // namespace wasisdk
