#pragma once
// What an archive entry may be, decided before anything is written (pure functions, so
// they are unit-tested and fuzzed on their own). The policy:
//  - names are relative, '/'-separated, without '..' components, backslashes, NUL or
//    drive letters; "./" and repeated slashes are normalised away;
//  - symlink targets are relative and stay inside the tree when resolved from the
//    link's directory (checked again on the real tree after extraction);
//  - hardlink targets obey the name rules;
//  - only files, directories, symlinks and hardlinks: devices, fifos and sockets are
//    refused;
//  - setuid, setgid and sticky bits are dropped.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace wasisdk {

// The normalised relative path, or nullopt with `why` set.
std::optional<std::string> sanitize_entry_path(std::string_view raw, std::string &why);

// Whether a symlink at `link_path` (already sanitised) pointing to `target` stays
// inside the tree. Sets `why` when not.
bool symlink_target_inside(std::string_view link_path, std::string_view target, std::string &why);

enum class EntryType { file, directory, symlink, hardlink, other };

// Mode bits to apply: permission bits only, never setuid/setgid/sticky.
inline std::uint32_t sanitize_mode(std::uint32_t mode) {
    return mode & 0777;
}

// Limits that keep a hostile archive from filling the disk or the inode table.
struct ExtractLimits {
    std::uint64_t max_entry_size = 4ull << 30;  // 4 GiB: the largest real file is ~100 MB
    std::uint64_t max_total_size = 32ull << 30; // 32 GiB unpacked
    std::uint64_t max_entries = 1'000'000;      // a wasi-sdk release has ~10,000
};

} // namespace wasisdk
