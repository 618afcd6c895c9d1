#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace wasisdk {

std::string trim(std::string_view s);
std::vector<std::string> split(std::string_view s, char sep);
bool starts_with(std::string_view s, std::string_view prefix);
bool ends_with(std::string_view s, std::string_view suffix);

// Levenshtein distance, for "did you mean ...?" suggestions.
std::size_t edit_distance(std::string_view a, std::string_view b);

// The candidate closest to `word` if it is close enough to be a plausible typo
// (distance <= max(1, len/3)), else empty.
std::string closest_match(std::string_view word, const std::vector<std::string> &candidates);

// 12.3 MB style sizes for progress output.
std::string human_bytes(double bytes);

} // namespace wasisdk
