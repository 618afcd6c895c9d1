#pragma once
// What `wasisdk env` exports for compiler caches in front of the wrappers (docs/driver.md,
// "Compiler caches"). ccache and sccache key on the compiler executable, and every
// wrapper is the same executable whatever SDK is active, so by default they would serve
// objects built by the previous SDK after a pin change, `wasisdk default` or a reinstall:
//   CCACHE_COMPILERCHECK  `<bin>/wasisdk-sdk-identity %compiler%`: ccache runs it per
//                         compile and hashes what it prints, the active SDK's identity
//                         (exec_path/sdk_identity.h), or for other compilers their size
//                         and mtime (ccache's default)
//   SCCACHE_DIRECT=false  sccache's preprocessor cache mode (0.7+, on by default) skips
//                         the wrapper's -E run, which is where the identity reaches it
// Each is left alone when the user set it (for ccache: also in a configuration file).
#include "context.h"

#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace wasisdk::cli {

// The variables to export. Creates the identity tool's link when it is missing (a home
// set up before it existed); when that fails, warns and leaves CCACHE_COMPILERCHECK out.
std::vector<std::pair<std::string, std::string>> compiler_cache_environment(const Context &ctx);

// The compiler_check value for the tool in `bin`: by absolute path unless the path holds
// whitespace or ';', which ccache splits commands at; then by name, found on PATH.
std::string ccache_compiler_check(const std::filesystem::path &bin);

// Where the user set compiler_check: "CCACHE_COMPILERCHECK" (unless it holds what `wasisdk
// env` exports, maybe for another home), or the ccache configuration file that sets it,
// found as ccache 4 looks for them (its manual, "Location of the configuration file").
// With the value, or nullopt when ccache would use its default.
struct CcacheSetting {
    std::string origin;
    std::string value;
};
std::optional<CcacheSetting> ccache_compiler_check_setting();

} // namespace wasisdk::cli
