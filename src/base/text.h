#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace wasisdk {

std::string trim(std::string_view s);
std::vector<std::string> split(std::string_view s, char sep);
bool starts_with(std::string_view s, std::string_view prefix);
bool ends_with(std::string_view s, std::string_view suffix);

// Edit distance for "did you mean ...?" suggestions: insertions, deletions,
// substitutions and swaps of two neighbours each count one (optimal string alignment,
// a restricted Damerau-Levenshtein), since "lsit" and "shwo" are one slip of the hand.
std::size_t edit_distance(std::string_view a, std::string_view b);

// The candidate closest to `word` if it is close enough to be a plausible typo
// (distance <= max(1, len/3)), else empty.
std::string closest_match(std::string_view word, const std::vector<std::string> &candidates);

// A URL as it may be shown or stored: without user:password@, query string and
// fragment (tokens live there), and through printable(). Used for every URL wasisdk
// prints, records in a receipt or writes as JSON; also for strings that are not URLs
// at all ("user:pw@host/x" loses "user:pw@" too).
std::string sanitize_url(std::string_view url);

// `text` as it may be echoed in a message: printable ASCII as is, any other byte as
// \xNN (no terminal escapes, no invalid UTF-8 in JSON), cut to `max` bytes with "...".
std::string printable(std::string_view text, std::size_t max = 120);

// `s` with its %XX escapes decoded (URL paths: "wasi-sysroot-33.0%2Bm.tar.gz" ->
// "...+m..."); a '%' not followed by two hex digits stays as is.
std::string percent_decode(std::string_view s);

// 12.3 MB style sizes for progress output.
std::string human_bytes(double bytes);

// How long ago something happened, `seconds` before now: "just now" (under a minute),
// "5 minutes ago", "3 hours ago", "2 days ago" (whole units, rounded down); a time in
// the future (a clock set wrong) is "in the future".
std::string age_in_words(long long seconds);

// Pointers to the items' characters, for a C function taking (const char *const *, n):
// valid while `items` is unchanged.
std::vector<const char *> c_strings(const std::vector<std::string> &items);

} // namespace wasisdk
