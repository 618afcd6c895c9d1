#pragma once
// What a command checks before it changes a home (Store::begin_change). A home is a
// directory wasisdk may empty parts of (tmp/) and replace parts of (toolchains/), so:
//  - a directory is adopted as a home only when it is new, empty, already carries the
//    marker file `.wasisdk-home`, or holds nothing but the home's own names (a home made
//    by wasisdk before the marker existed); `--home ~` or `WASISDK_HOME=$PWD` on a
//    directory of other files is refused before anything is touched;
//  - the home and its directories must belong to the user running the command and not
//    be writable by group or others (as ssh treats ~/.ssh): otherwise another user could
//    plant a symlink and make this one, maybe root, create or delete files elsewhere;
//  - tmp/, downloads/, bin/, release-manifest/ and the install areas must be real directories:
//  wasisdk
//    never follows a symlink in its home that it did not make itself.
// Each refusal is one Error naming the path and the fix (chown, chmod, rm, --home).
#include "model/home.h"

namespace wasisdk {

// The marker's name, in the home's root.
inline constexpr const char *kHomeMarker = ".wasisdk-home";

// Creates what is missing and checks the rest; throws Error when the home must not be
// changed by this user.
void prepare_home_for_change(const Home &home);

// Whether `name`, an entry of tmp/, is one of wasisdk's own temporaries (made by
// make_temp_dir with a prefix from kTempPrefixes): only those are ever deleted.
bool is_own_temporary(const std::string &name);

// The prefixes of every temporary wasisdk makes in a home's tmp/.
inline constexpr const char *kTempPrefixes[] = {
    "install-",        "remove-",           "link-",  "rust-std-", "self-update-",
    "self-uninstall-", "release-manifest-", "compat-"};

} // namespace wasisdk
