#include "store/store.h"

#include "base/error.h"
#include "base/fs_util.h"
#include "base/text.h"
#include "exec_path/cxx_compat.h"
#include "model/active_sdk.h"
#include "model/receipt.h"
#include "model/version.h"
#include "store/cxx_compat.h"
#include "store/download_cache.h"
#include "store/home_guard.h"
#include "store/staged_install.h"
#include "tree_probe/tree_probe.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <ctime>
#include <fcntl.h>
#include <unistd.h>

namespace wasisdk {

namespace fs = std::filesystem;

std::string utc_timestamp() {
    std::time_t now = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&now, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

std::vector<fs::path> Store::own_temporaries() const {
    std::vector<fs::path> out;
    std::error_code ec;
    for (const auto &e : fs::directory_iterator(home_.tmp(), ec))
        if (is_own_temporary(e.path().filename().string()))
            out.push_back(e.path());
    std::sort(out.begin(), out.end());
    return out;
}

void Store::clean_stale_temporaries(Removed *removed) const {
    // Only called with the lock held: a temporary in tmp/ belongs to a command that died.
    // Only wasisdk's own (by prefix) are deleted, and remove_all never follows a link.
    for (const fs::path &t : own_temporaries()) {
        if (removed)
            removed->emplace_back(t, bytes_under(t));
        remove_all_quiet(t);
    }
}

FileLock Store::begin_change(Removed *removed) const {
    prepare_home_for_change(home_);
    FileLock lock = FileLock::acquire(home_.lock_file(), [&] {
        report_.note("waiting for another wasisdk command to finish (lock " +
                     home_.lock_file().string() + ")");
    });
    clean_stale_temporaries(removed);
    return lock;
}

std::optional<std::string> Store::already_installed(const InstallRequest &request) const {
    // "latest" needs the manifest; what is no name is refused by the spec's own parser.
    if (request.spec == "latest" || !valid_install_name(request.spec))
        return std::nullopt;
    try {
        return find_installed(home_, request.kind, request.spec);
    } catch (const Error &e) {
        if (e.code() != ExitCode::not_found)
            throw;
        return std::nullopt; // a name nothing registered: no version either, as install says
    }
}

void Store::commit(const fs::path &staged, const fs::path &target) const {
    std::error_code ec;
    fs::create_directories(target.parent_path(), ec);
    if (fs::exists(fs::symlink_status(target, ec))) {
        // Only an install is ever swapped out: a directory with our receipt, not a link
        // or a directory someone else put there.
        if (!fs::is_directory(fs::symlink_status(target, ec)) ||
            !fs::is_regular_file(fs::symlink_status(receipt_of(target), ec)))
            throw Error(target.string() + " exists and is not a wasisdk install: not replaced",
                        "move it out of the wasisdk home", ExitCode::failure);
        // Replace atomically: swap the two directories, then delete the old one, now
        // sitting in tmp/ where a crash would leave it for the next cleanup.
        if (::renameat2(AT_FDCWD, staged.c_str(), AT_FDCWD, target.c_str(), RENAME_EXCHANGE) != 0)
            throw Error("cannot replace " + target.string() + ": " + std::strerror(errno));
        remove_all_quiet(staged);
        return;
    }
    if (::rename(staged.c_str(), target.c_str()) != 0)
        throw Error("cannot install into " + target.string() + ": " + std::strerror(errno),
                    "check that the wasisdk home is writable");
}

bool Store::update_default_after_install(const std::string &name, bool requested) const {
    std::optional<std::string> current;
    try {
        current = home_.default_sdk();
    } catch (const Error &) {
        // corrupt: replaced below
    }
    std::error_code ec;
    bool dangling = current && !fs::exists(receipt_of(home_.toolchain_dir(*current)), ec);
    if (requested || !current || dangling) {
        write_file_atomic(home_.default_file(), name + "\n");
        return true;
    }
    return false;
}

std::string Store::uninstall(const std::string &spec, ArtifactKind kind) {
    FileLock lock = begin_change();
    const std::string name = lookup_installed(home_, kind, spec);
    fs::path dir = home_.install_dir(kind, name);
    // Move it out of sight first (atomic), then delete: a crash mid-delete leaves only
    // garbage in tmp/. For a linked SDK `sdk` is a symlink: remove_all removes the
    // link, never what it points to.
    {
        const ScopedTempDir trash(home_.tmp(), "remove-");
        if (::rename(dir.c_str(), (trash / "x").c_str()) != 0)
            throw Error("cannot remove " + dir.string() + ": " + std::strerror(errno),
                        "check that the wasisdk home is writable");
    }

    std::optional<std::string> current_default;
    try {
        current_default = home_.default_sdk();
    } catch (const Error &) {
    }
    if (kind == ArtifactKind::sdk && current_default == name) {
        auto rest = home_.installed(ArtifactKind::sdk);
        if (rest.empty()) {
            std::error_code ec;
            fs::remove(home_.default_file(), ec);
        } else {
            write_file_atomic(home_.default_file(), rest.back() + "\n");
            report_.note("the default SDK is now " + rest.back());
        }
    }
    return name;
}

void Store::link(const std::string &name, const fs::path &dir, bool force) {
    if (name == "latest")
        throw Error("'latest' cannot name a linked SDK",
                    "use a plain name such as opt or 22-custom", ExitCode::usage);
    require_install_name(name, "the link name");
    std::error_code ec;
    fs::path root = fs::absolute(dir).lexically_normal();
    if (!fs::is_directory(root, ec))
        throw Error(dir.string() + " is not a directory", "give the path of a wasi-sdk tree",
                    ExitCode::usage);
    if (!fs::exists(root / "bin" / "clang", ec))
        throw Error(root.string() + " has no bin/clang: not a wasi-sdk tree",
                    "give the SDK's top directory (e.g. /opt/wasi-sdk)", ExitCode::usage);

    FileLock lock = begin_change();
    fs::path target = home_.toolchain_dir(name);
    if (fs::exists(receipt_of(target), ec) && !force)
        throw Error("an SDK named " + name + " is already installed",
                    "choose another name, or pass --force to replace it", ExitCode::usage);

    StagedInstall staged(*this, ArtifactKind::sdk, name, "link-");
    fs::create_directory_symlink(root, staged.tree());
    Receipt r;
    r.linked = true;
    r.linked_path = root.string();
    r.tree = staged.probe(root);
    if (auto v = read_file_if_exists(root / "VERSION")) {
        auto first = trim(split(*v, '\n').front());
        if (parse_version(first))
            r.version = first;
    }
    staged.commit(std::move(r), StagedInstall::Default::if_unset);
}

bool Store::link_system(const std::string &name, const SystemProbe &probe, const SystemLlvm &llvm,
                        bool force, bool make_default) {
    require_install_name(name, "the system SDK's name");
    FileLock lock = begin_change();
    fs::path target = home_.toolchain_dir(name);
    std::error_code ec;
    if (fs::exists(receipt_of(target), ec) && !force) {
        std::optional<SystemSource> was;
        try {
            was = read_receipt(receipt_of(target)).system;
        } catch (const Error &) {
        }
        if (!was)
            throw Error("an SDK named " + name +
                            " is already installed and is not a view of the "
                            "system's toolchain",
                        "choose another name, or pass --force to replace it", ExitCode::usage);
    }
    StagedInstall staged(*this, ArtifactKind::sdk, name, "link-");
    make_system_view(probe, llvm, name, staged.tree());
    Receipt r;
    r.tree = staged.probe(staged.tree());
    r.system = SystemSource{probe.root.string(), probe.layout, llvm.major, probe.distro.pretty,
                            system_limits(llvm, staged.tree())};
    return staged.commit(std::move(r), make_default ? StagedInstall::Default::make
                                                    : StagedInstall::Default::if_unset);
}

std::string Store::set_default(const std::string &spec) {
    FileLock lock = begin_change();
    // The lookup (and its message) every rule uses: a version to install, or a name
    // that only `wasisdk link` makes.
    std::string name = lookup_installed(home_, ArtifactKind::sdk, spec);
    write_file_atomic(home_.default_file(), name + "\n");
    return name;
}

std::string sdk_label(const std::string &name) {
    return "wasi-sdk " + name;
}

namespace {

// Whether the archives recorded for an install still match what its tree needs: every
// triple in the same state as a survey finds now, every archive on disk.
bool compat_up_to_date(const fs::path &dir, const Receipt &r) {
    if (!r.cxx_compat)
        return false; // made before wasisdk checked
    std::error_code ec;
    const std::vector<CompatEntry> now = survey_cxx_compat(tree_of(dir));
    if (now.size() != r.cxx_compat->size())
        return false;
    for (std::size_t i = 0; i < now.size(); ++i) {
        const CompatEntry &was = (*r.cxx_compat)[i];
        if (was.triple != now[i].triple || was.thread_atexit != now[i].thread_atexit ||
            (!was.archive.empty() && !fs::is_regular_file(dir / was.archive, ec)))
            return false;
    }
    return true;
}

} // namespace

std::vector<CompatEntry> Store::add_cxx_compat(const fs::path &tree, const fs::path &staged,
                                               const std::string &name) const {
    auto entries = build_cxx_compat(tree, staged, sdk_label(name));
    report_cxx_compat(entries, name);
    return entries;
}

void Store::report_cxx_compat(const std::vector<CompatEntry> &entries,
                              const std::string &name) const {
    for (const auto &e : entries) {
        std::string line = describe_compat(e, sdk_label(name));
        if (line.empty())
            continue;
        if (e.thread_atexit == "explained")
            report_.note(line);
        else
            report_.warn(line);
    }
}

std::vector<std::string> Store::repair_cxx_compat() const {
    FileLock lock = begin_change();
    std::vector<std::string> changed;
    for (const auto &name : home_.installed(ArtifactKind::sdk)) {
        const fs::path dir = home_.toolchain_dir(name);
        Receipt r;
        try {
            r = read_receipt(receipt_of(dir));
        } catch (const Error &) {
            continue; // `list` and `show` name a corrupt receipt and its fix
        }
        if (compat_up_to_date(dir, r))
            continue;
        // Built aside, then swapped in with renames: a crash leaves the old archives or
        // the new ones, and a receipt that the next setup finds out of date.
        const ScopedTempDir work(home_.tmp(), "compat-");
        r.cxx_compat = add_cxx_compat(tree_of(dir), work.path(), name);
        std::error_code ec;
        if (fs::exists(fs::symlink_status(dir / WSD_COMPAT_DIR, ec)))
            fs::rename(dir / WSD_COMPAT_DIR, work / "old");
        if (fs::exists(work / WSD_COMPAT_DIR, ec))
            fs::rename(work / WSD_COMPAT_DIR, dir / WSD_COMPAT_DIR);
        write_file_atomic(receipt_of(dir), receipt_to_json(r));
        changed.push_back(name);
    }
    return changed;
}

} // namespace wasisdk
