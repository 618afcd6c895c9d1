#pragma once
// The lexical pass parse_toml_guarded() (rust_dist/toml.h) makes before toml++ sees a text.
#include <string>
#include <string_view>

namespace wasisdk {

struct TomlInput;

// Throws Error "<origin>:<line>: <problem>" (with input.fix and input.code) for a control
// character other than tab and line breaks, a non-ASCII byte where `input` allows none,
// or nesting deeper than kTomlMaxDepth. Reads each byte once and never recurses.
void prescan_toml(std::string_view text, const std::string &origin, const TomlInput &input);

} // namespace wasisdk
