#pragma once
// The symbol index of a static library (an `ar` archive): the names its members define,
// as a linker reads them before it pulls a member in. wasisdk reads it to learn whether
// an SDK's libc++abi defines a symbol without running llvm-nm (store/cxx_compat.h).
//
// Formats read: GNU/SysV, whose first member is named "/" (a 4-byte big-endian count,
// that many 4-byte offsets, then the names, each NUL-terminated), and its 64-bit form
// "/SYM64/" (8-byte count and offsets); regular ("!<arch>\n") and thin ("!<thin>\n")
// archives. llvm-ar writes the GNU form for wasm objects on every host (it picks the
// BSD/Darwin form only for Mach-O members), so every wasi-sdk library has it; a BSD
// "__.SYMDEF" index is reported as not read rather than guessed at.
//
// Every length and count comes from the file and is checked against the bytes there:
// a truncated or hostile archive gives an error value, never a read past the end, and a
// file reads at most kMaxArIndexBytes of it (the largest index seen, Debian's LLVM 19
// libc++.a for wasm32-wasi, is 149,684 bytes).
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace wasisdk {

inline constexpr std::uint64_t kMaxArIndexBytes = 16u << 20;

struct ArIndex {
    // The defined symbols, in the index's order (one name per member defining it).
    std::optional<std::vector<std::string>> symbols;
    // Why there are none: "not an ar archive", "has no symbol index", "truncated ...".
    std::string problem;

    bool defines(std::string_view symbol) const;
};

// Parses the index at the start of `bytes`, the first bytes of an archive (its magic,
// the first member's 60-byte header and that member; more is ignored).
ArIndex parse_ar_index(std::string_view bytes);

// Reads and parses the index of the archive at `path`. An unreadable file, or an index
// over kMaxArIndexBytes, is a problem value too (nothing throws).
ArIndex read_ar_index(const std::filesystem::path &path);

} // namespace wasisdk
