#include "store/home_guard.h"

#include "base/error.h"
#include "base/fs_util.h"
#include "base/text.h"
#include "exec_path/home_layout.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

namespace wasisdk {

namespace {

// The entries a home made by wasisdk holds (model/home.h has the layout). A directory
// holding only these is a home from before the marker: adopting it loses nothing.
// packaging/install.sh keeps a copy of this list.
constexpr const char *kHomeNames[] = {
    WSD_HOME_DEFAULT,  WSD_HOME_TOOLCHAINS,      WSD_HOME_SYSROOTS,
    WSD_HOME_BUILTINS, WSD_HOME_DOWNLOADS,       WSD_HOME_TMP,
    WSD_HOME_BIN,      WSD_HOME_SHARE,           WSD_HOME_LOCK,
    kHomeMarker,       "rust-std.json",          "libexec",
    WSD_HOME_PREFIX,   WSD_HOME_RELEASE_MANIFEST};

bool is_home_name(const std::string &name) {
    // write_file_atomic's temporary for one of them (`default` or the marker being
    // written right now by a concurrent first command) counts as that name
    std::string base = name.substr(0, name.find(".tmp."));
    for (const char *n : kHomeNames)
        if (base == n)
            return true;
    return false;
}

std::string user_name(uid_t uid) {
    if (const passwd *pw = ::getpwuid(uid))
        return pw->pw_name;
    return "uid " + std::to_string(uid);
}

// The fix for a path that belongs to another user: hand it back to the one who owns
// the home, or run as the owner.
std::string ownership_fix(const fs::path &path, const struct stat &st) {
    if (::geteuid() == 0)
        return "run wasisdk as " + user_name(st.st_uid) +
               ", or use a home of your own with --home DIR";
    return "give it back: sudo chown -R " + user_name(::geteuid()) + " " + path.string() +
           " (a wasisdk command run as " + user_name(st.st_uid) + " left it)";
}

// One directory of the home: created if missing, else a real directory of this user's
// that nobody else may write to.
void check_directory(const fs::path &dir, bool is_root) {
    struct stat st;
    if (::lstat(dir.c_str(), &st) != 0) {
        if (errno != ENOENT)
            throw Error("cannot use " + dir.string() + ": " + std::strerror(errno),
                        "choose another home with --home DIR or WASISDK_HOME");
        std::error_code ec;
        fs::create_directories(dir, ec);
        if (ec)
            throw Error("cannot create " + dir.string() + ": " + ec.message(),
                        "choose a writable home with --home DIR or WASISDK_HOME");
        return;
    }
    // The root may be a symlink the user made (~/.wasisdk -> /data/wasisdk); its parts
    // may not.
    if (S_ISLNK(st.st_mode)) {
        if (!is_root)
            throw Error(dir.string() + " is a symlink: wasisdk never follows links in its home",
                        "remove it (rm " + dir.string() + "); wasisdk makes its own directories");
        if (::stat(dir.c_str(), &st) != 0)
            throw Error("the wasisdk home " + dir.string() + " is a dangling symlink",
                        "point it at a directory, or choose another home with --home DIR");
    }
    if (!S_ISDIR(st.st_mode))
        throw Error(dir.string() + " is not a directory",
                    is_root
                        ? "choose another home with --home DIR or WASISDK_HOME"
                        : "remove it (rm " + dir.string() + "); wasisdk makes its own directories");
    if (st.st_uid != ::geteuid())
        throw Error((is_root ? "the wasisdk home " : std::string()) + dir.string() +
                        " belongs to " + user_name(st.st_uid) + ", not to " +
                        user_name(::geteuid()),
                    ownership_fix(dir, st));
    if (st.st_mode & (S_IWGRP | S_IWOTH))
        throw Error(dir.string() + " is writable by other users, who could make this command "
                                   "write or delete files elsewhere",
                    "chmod go-w " + dir.string());
}

void adopt(const Home &home) {
    fs::path marker = home.root / kHomeMarker;
    struct stat st;
    if (::lstat(marker.c_str(), &st) == 0) {
        if (!S_ISREG(st.st_mode))
            throw Error(marker.string() + " is not a regular file",
                        "remove it: rm " + marker.string());
        return;
    }
    std::error_code ec;
    std::string stranger;
    for (const auto &e : fs::directory_iterator(home.root, ec)) {
        std::string name = e.path().filename().string();
        if (!is_home_name(name)) {
            stranger = name;
            break;
        }
    }
    if (ec)
        throw Error("cannot read " + home.root.string() + ": " + ec.message(),
                    "choose another home with --home DIR or WASISDK_HOME");
    if (!stranger.empty())
        throw Error(home.root.string() + " is not a wasisdk home: it holds other files (such as " +
                        printable(stranger) + ") that wasisdk could delete",
                    "use a new or empty directory: --home DIR or WASISDK_HOME (default ~/.wasisdk)",
                    ExitCode::usage);
    write_file_atomic(
        marker, "This directory is a wasisdk home: wasisdk replaces and deletes what is in it.\n");
}

} // namespace

bool is_own_temporary(const std::string &name) {
    for (const char *prefix : kTempPrefixes)
        if (name.starts_with(prefix))
            return true;
    return false;
}

void prepare_home_for_change(const Home &home) {
    check_directory(home.root, true);
    adopt(home);
    for (const fs::path &dir : {home.tmp(), home.downloads()})
        check_directory(dir, false);
    for (const fs::path &dir :
         {home.bin(), home.install_area(ArtifactKind::sdk),
          home.install_area(ArtifactKind::sysroot), home.install_area(ArtifactKind::builtins),
          home.release_manifest_dir()}) {
        std::error_code ec;
        if (fs::exists(fs::symlink_status(dir, ec)))
            check_directory(dir, false);
    }
    // A home this user owns but cannot write (chmod a-w) fails here, not halfway.
    if (::access(home.root.c_str(), W_OK) != 0)
        throw Error("the wasisdk home " + home.root.string() + " is not writable",
                    "chmod u+w " + home.root.string() + ", or choose another home with --home DIR");
}

} // namespace wasisdk
