#include "store/self_install.h"

#include "base/error.h"
#include "base/fs_util.h"
#include "base/text.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <sys/stat.h>
#include <unistd.h>

namespace wasisdk {

namespace fs = std::filesystem;

std::optional<InstallRecord> read_install_record(const fs::path &dir) {
    const fs::path file = dir / kInstallRecord;
    struct stat st;
    if (::lstat(file.c_str(), &st) != 0 || !S_ISREG(st.st_mode))
        return std::nullopt;
    InstallRecord r;
    for (const auto &raw : split(read_file_if_exists(file).value_or(""), '\n')) {
        if (raw.starts_with("home "))
            r.home = raw.substr(5);
        else if (raw.starts_with("rc "))
            r.rc_files.emplace_back(raw.substr(3));
        else if (raw.starts_with("created "))
            r.created.emplace_back(raw.substr(8));
        else if (raw.starts_with("line "))
            r.path_line = raw.substr(5);
        else if (raw.starts_with("root "))
            r.root = raw.substr(5);
    }
    if (r.home.empty())
        throw Error(file.string() + " names no home", "reinstall wasisdk with install.sh");
    return r;
}

namespace {

// Removes each line equal to `line` from `rc`, keeping the file's mode; a file that
// does not hold it is left untouched. A link (dotfiles kept in a repository) is
// written through, so the link stays.
bool remove_line(const fs::path &rc, const std::string &line) {
    std::error_code ec;
    fs::path real = fs::canonical(rc, ec);
    if (ec)
        return false;
    auto text = read_file_if_exists(real);
    if (!text)
        return false;
    std::string kept;
    bool found = false;
    auto lines = split(*text, '\n');
    if (text->ends_with("\n"))
        lines.pop_back(); // the empty piece after the last newline
    for (const auto &l : lines) {
        if (l == line)
            found = true;
        else
            kept += l + "\n";
    }
    if (!found)
        return false;
    if (!text->ends_with("\n") && !kept.empty())
        kept.pop_back();
    struct stat st;
    mode_t mode = ::stat(real.c_str(), &st) == 0 ? (st.st_mode & 07777) : 0644;
    write_file_atomic(real, kept, mode);
    return true;
}

} // namespace

std::vector<std::string> self_uninstall(const Store &store, const fs::path &install_dir,
                                        const InstallRecord &record) {
    FileLock lock = store.begin_change();
    const Home &home = store.home();
    std::vector<std::string> removed;
    std::error_code ec;
    if (!record.path_line.empty())
        for (const auto &rc : record.rc_files)
            if (remove_line(rc, record.path_line)) {
                removed.push_back("the PATH line in " + rc.string());
                std::error_code size_ec;
                bool created = std::find(record.created.begin(), record.created.end(), rc) !=
                               record.created.end();
                if (created && fs::is_regular_file(fs::symlink_status(rc, size_ec)) &&
                    fs::file_size(rc, size_ec) == 0 && !size_ec) {
                    fs::remove(rc, size_ec);
                    removed.push_back(rc.string() + " (install.sh created it)");
                }
            }
    // Links in bin/ into the install directory: bin/wasisdk, and the wrappers `setup`
    // made to its driver. Nothing else in bin/ is touched.
    for (const auto &e : fs::directory_iterator(home.bin(), ec)) {
        if (!e.is_symlink(ec))
            continue;
        fs::path target = fs::read_symlink(e.path(), ec);
        fs::path absolute = target.is_absolute() ? target : home.bin() / target;
        if (absolute.lexically_normal().parent_path() == install_dir.lexically_normal()) {
            fs::remove(e.path(), ec);
            removed.push_back(e.path().string());
        }
    }
    // The directory goes out of sight in one rename, then is deleted.
    const fs::path trash = make_temp_dir(home.tmp(), "self-uninstall-");
    if (::rename(install_dir.c_str(), (trash / "x").c_str()) != 0)
        throw Error("cannot remove " + install_dir.string() + ": " + std::strerror(errno),
                    "check that the wasisdk home is writable");
    remove_all_quiet(trash);
    removed.push_back(install_dir.string());
    ::rmdir(install_dir.parent_path().c_str()); // libexec/, when nothing else is there
    return removed;
}

} // namespace wasisdk
