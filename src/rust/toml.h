#pragma once
// toml++ (Debian's 3.3.0, header-only) as this project uses it. fuzz/ found that its
// is_non_ascii_horizontal_whitespace() reaches __builtin_unreachable() for some
// non-ASCII code points in whitespace position (e.g. U+039E): undefined behaviour on
// hostile input. Redefining the macro before the rest of the library is read turns that
// into a deterministic abort; channel manifests, which are ASCII, are also refused
// before parsing when they are not (channel_manifest.cpp).
#include <cstdlib>
#include <toml++/impl/preprocessor.h>
#undef TOML_UNREACHABLE
#define TOML_UNREACHABLE std::abort()
#include <toml++/toml.h>
