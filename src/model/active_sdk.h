#pragma once
// Which SDK is active, decided in one place for `wasisdk show`, `which`, `env` and the
// driver (the rules are exec_path/active_sdk.h's, in C; this is the C++ face). The
// order, first match wins:
//   1. WASI_SDK_PATH     an explicit SDK directory, managed by wasisdk or not
//   2. WASISDK_SDK       an installed version or name
//   3. .wasi-sdk-version the nearest such file from the working directory upward
//   4. the default       `wasisdk default`, or the first SDK installed
// (A `+22` argument to the driver is an explicit request that precedes all of them.)
#include "model/home.h"

#include <filesystem>
#include <optional>
#include <string>

struct wsd_active_sdk;

namespace wasisdk {

enum class ActiveRule { explicit_request, env_sdk_path, env_sdk_version, pin_file, default_sdk };

struct ActiveSdk {
    ActiveRule rule = ActiveRule::default_sdk;
    std::string origin;    // the variable or file that decided ("WASISDK_SDK", a path)
    std::string requested; // what it asked for (a spec, a name or a path)
    std::string name;      // the installed name; empty for an unmanaged WASI_SDK_PATH
    fs::path root;         // the SDK tree
};

struct ActiveSdkQuery {
    std::optional<std::string> explicit_spec; // "+22" on a driver command line
    fs::path cwd;
};

// Why `sdk` is active, as one phrase (exec_path/active_sdk.h: wsd_active_reason):
// "pinned by /w/.wasi-sdk-version", "set by WASISDK_SDK", "the default /h/default".
std::string active_reason(const ActiveSdk &sdk);

// The C value's copy (exec_path/active_sdk.h).
ActiveSdk active_sdk_of(const wsd_active_sdk &c);

// Throws Error(not_found) naming the rule and the fix when the request cannot be met.
ActiveSdk resolve_active_sdk(const Home &home, const ActiveSdkQuery &query);

// The nearest .wasi-sdk-version from `cwd` upward, as rule 3 finds and reads it: nullopt
// when there is none; throws Error when the one found cannot be used.
struct PinFile {
    fs::path path;
    std::string spec; // its value: the first line that is neither blank nor a comment
};
std::optional<PinFile> find_pin_file(const fs::path &cwd);

// The installed name `spec` means in the area of `kind` ("25" -> "25.0", "opt"): the
// lookup every rule above uses (exec_path's, one rule for the driver and every
// command), with its one message when nothing matches:
//   wasi-sdk <spec>[ <component>][ (from <from>)] is not installed (<fix>)
// where the fix installs a version, or registers a name with `wasisdk link NAME DIR`.
// Throws Error(not_found) then, Error(usage) for what is no name at all.
std::string lookup_installed(const Home &home, ArtifactKind kind, const std::string &spec,
                             const std::string &from = "");

// For commands that may install what is missing (install, pin): nullopt when `spec` is
// a version or "latest" that nothing installed matches yet; otherwise lookup_installed.
std::optional<std::string> find_installed(const Home &home, ArtifactKind kind,
                                          const std::string &spec, const std::string &from = "");

} // namespace wasisdk
