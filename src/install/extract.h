#pragma once
// Unpacks .tar.gz/.tar.xz/.tar.zst/.zip archives under the path policy of
// path_policy.h, streaming (memory use does not grow with the archive).
#include "archive_policy/path_policy.h"
#include "install/progress.h"

#include <filesystem>

namespace wasisdk {

// Extracts `archive` into `dest` (which must exist and be empty). Throws Error naming
// the archive and the offending entry when an entry breaks the policy; `dest` is then
// in an unspecified state and the caller removes it.
// `display_name` names the archive in errors (default: its file name; the download
// cache names files by their sha256, which tells a user nothing).
// `progress`, when given, gets a slot "unpacking <name>" measured in archive bytes read
// (a 246 MB SDK takes seconds to unpack, and showed nothing).
void extract_archive(const std::filesystem::path &archive, const std::filesystem::path &dest,
                     const ExtractLimits &limits = {}, const std::string &display_name = {},
                     Progress *progress = nullptr);

// The tree an extracted archive holds: its single top-level directory, or `dest`
// itself when there are several entries at the top. Every symlink in the returned tree
// resolves inside it (checked again here: the extraction checked against `dest`, one
// level up, and a link such as top/x -> ../y would leave the tree once top becomes
// sdk/). Throws Error naming `archive_name` and the link otherwise.
std::filesystem::path single_top_directory(const std::filesystem::path &dest,
                                           const std::string &archive_name = {});

} // namespace wasisdk
