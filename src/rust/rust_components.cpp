#include "rust/rust_components.h"

#include "archive_policy/path_policy.h"
#include "base/error.h"
#include "base/fs_util.h"
#include "base/text.h"

#include <algorithm>
#include <optional>

namespace wasisdk {

namespace fs = std::filesystem;

namespace {

constexpr const char *kComponents = "components";
constexpr const char *kInstallerVersion = "rust-installer-version";

std::vector<std::string> lines_of(const std::string &text) {
    std::vector<std::string> out;
    for (const auto &l : split(text, '\n'))
        if (!trim(l).empty())
            out.push_back(trim(l));
    return out;
}

std::string text_of(const std::vector<std::string> &lines) {
    std::string text;
    for (const auto &l : lines)
        text += l + "\n";
    return text;
}

bool contains(const std::vector<std::string> &v, const std::string &s) {
    return std::find(v.begin(), v.end(), s) != v.end();
}

// "rust-std-wasm32-wasi" -> "wasm32-wasi"
std::string target_of(const std::string &component) {
    const std::string prefix = "rust-std-";
    if (!component.starts_with(prefix))
        throw Error("'" + component + "' is not a rust-std component", "", ExitCode::usage);
    return component.substr(prefix.size());
}

// The records one change touches (lib/rustlib/<name>, nullopt: absent), as they were
// before it: a failed change puts back exactly these, and nothing it did not write.
class Records {
  public:
    Records(const SysrootLock &lock, const SysrootStage &stage, std::vector<std::string> names)
        : rustlib_(lock.rustlib()), stage_(stage.path()) {
        for (auto &n : names)
            before_.emplace_back(n, read_file_if_exists(rustlib_ / n));
    }

    // Written in the stage (a private directory), then renamed into lib/rustlib.
    void put(const std::string &name, const std::string &text) const {
        write_file_atomic(stage_ / name, text);
        fs::rename(stage_ / name, rustlib_ / name);
    }
    void remove(const std::string &name) const {
        std::error_code ec;
        fs::remove(rustlib_ / name, ec);
    }

    void restore() const noexcept {
        for (const auto &[name, text] : before_) {
            try {
                if (text)
                    put(name, *text);
                else
                    remove(name);
            } catch (...) {
            }
        }
    }

  private:
    fs::path rustlib_, stage_;
    std::vector<std::pair<std::string, std::optional<std::string>>> before_;
};

void add_to_records(const SysrootLock &lock, const Records &records, const std::string &component) {
    auto installed = installed_components(lock.sysroot());
    if (!contains(installed, component)) {
        installed.push_back(component);
        records.put(kComponents, text_of(installed));
    }
    std::error_code ec;
    if (!fs::exists(lock.rustlib() / kInstallerVersion, ec))
        records.put(kInstallerVersion, "3\n");
}

void remove_from_records(const SysrootLock &lock, const Records &records,
                         const std::string &component) {
    const std::string record = "manifest-" + component;
    auto installed = installed_components(lock.sysroot());
    installed.erase(std::remove(installed.begin(), installed.end(), component), installed.end());
    if (installed.empty()) {
        // Nothing left that the records describe: leave the sysroot as it was before.
        records.remove(kComponents);
        bool other_manifests = false;
        std::error_code ec;
        for (const auto &e : fs::directory_iterator(lock.rustlib(), ec))
            other_manifests |= e.path().filename().string().starts_with("manifest-") &&
                               e.path().filename() != record;
        if (!other_manifests)
            records.remove(kInstallerVersion);
    } else {
        records.put(kComponents, text_of(installed));
    }
    records.remove(record);
}

// Moves each manifest.in entry from the unpacked tree to the same place under `stage`,
// refusing anything that is not what its line says (a symlink would point elsewhere
// once moved into the sysroot).
void move_listed_entries(const std::string &manifest_in, const fs::path &from_root,
                         const fs::path &stage, const std::string &target,
                         const std::string &origin) {
    const std::string prefix = "lib/rustlib/" + target + "/";
    auto bad = [&](const std::string &what) {
        return Error(origin + ": " + what, "use a rust-std tarball from Rust's dist server");
    };
    for (const auto &entry : lines_of(manifest_in)) {
        auto colon = entry.find(':');
        std::string kind = entry.substr(0, colon);
        std::string why;
        auto rel = colon == std::string::npos ? std::nullopt
                                              : sanitize_entry_path(entry.substr(colon + 1), why);
        if ((kind != "file" && kind != "dir") || !rel)
            throw bad("bad manifest.in line '" + entry + "'" + (why.empty() ? "" : ": " + why));
        if (!rel->starts_with(prefix))
            throw bad(*rel + " is outside " + prefix);
        fs::path from = from_root / *rel, to = stage / *rel;
        const auto want = kind == "dir" ? fs::file_type::directory : fs::file_type::regular;
        std::error_code ec;
        auto type = fs::symlink_status(from, ec).type();
        if (type == fs::file_type::not_found && fs::exists(fs::symlink_status(to, ec)))
            continue; // listed twice, or inside a dir: line already moved
        if (type != want)
            throw bad(*rel + " is listed as a " + kind + " but is " +
                      (type == fs::file_type::not_found ? "missing" : "something else"));
        if (kind == "dir")
            for (const auto &e : fs::recursive_directory_iterator(from))
                if (auto t = e.symlink_status().type();
                    t != fs::file_type::directory && t != fs::file_type::regular)
                    throw bad(e.path().lexically_relative(from_root).string() +
                              " is neither a file nor a directory");
        fs::create_directories(to.parent_path());
        fs::rename(from, to);
    }
}

std::size_t files_under(const fs::path &dir) {
    std::size_t files = 0;
    std::error_code ec;
    for (auto it = fs::recursive_directory_iterator(dir, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec))
        files += it->is_regular_file(ec);
    return files;
}

} // namespace

std::vector<std::string> installed_components(const fs::path &sysroot) {
    return lines_of(read_file_if_exists(sysroot / "lib" / "rustlib" / kComponents).value_or(""));
}

namespace {

// Under the lock every stage is stale. A trash directory holding <target> while the
// target's record is still there is an uninstall killed between its two steps: finish it
// rather than leave records for files that are gone.
void recover(const SysrootLock &lock) {
    for (const auto &dir : stages_in(lock.rustlib())) {
        if (dir.filename().string().starts_with(kRemovePrefix)) {
            std::error_code ec;
            for (const auto &e : fs::directory_iterator(dir, ec)) {
                const std::string component = "rust-std-" + e.path().filename().string();
                if (e.is_directory(ec) && !fs::exists(lock.rustlib() / e.path().filename(), ec) &&
                    fs::exists(lock.rustlib() / ("manifest-" + component), ec)) {
                    SysrootStage stage(lock, kRemovePrefix);
                    SignalsHeld held;
                    remove_from_records(lock, Records(lock, stage, {}), component);
                }
            }
        }
        remove_all_quiet(dir);
    }
}

} // namespace

SysrootLock lock_sysroot(const fs::path &sysroot,
                         const std::function<void(const std::string &)> &note) {
    SysrootLock lock = SysrootLock::acquire(sysroot, [&] {
        note("waiting for another wasisdk command to finish with " + sysroot.string() + " (lock " +
             SysrootLock::file(sysroot).string() + ")");
    });
    recover(lock);
    return lock;
}

void tidy_sysroot(const fs::path &sysroot) noexcept {
    try {
        std::error_code ec;
        if (stages_in(sysroot / "lib" / "rustlib").empty() &&
            !fs::exists(fs::symlink_status(SysrootLock::file(sysroot), ec)))
            return;
        if (auto lock = SysrootLock::try_acquire(sysroot))
            recover(*lock);
    } catch (...) {
    }
}

std::size_t install_rust_component(const SysrootLock &lock, const SysrootStage &stage,
                                   const fs::path &unpacked, const std::string &component) {
    const std::string target = target_of(component);
    const std::string origin = unpacked.filename().string();
    auto version = read_file_if_exists(unpacked / kInstallerVersion);
    if (!version || trim(*version) != "3")
        throw Error(origin + ": not a rust-installer v3 tarball (rust-installer-version is " +
                        (version ? "'" + trim(*version) + "'" : std::string("missing")) + ")",
                    "use a rust-std tarball from Rust's dist server");
    auto components = lines_of(read_file_if_exists(unpacked / kComponents).value_or(""));
    if (!contains(components, component))
        throw Error(origin + " holds no component " + component,
                    "use the rust-std tarball for " + target);
    auto manifest_in = read_file_if_exists(unpacked / component / "manifest.in");
    if (!manifest_in)
        throw Error(origin + ": " + component + "/manifest.in is missing",
                    "use a rust-std tarball from Rust's dist server");

    const fs::path target_dir = lock.rustlib() / target;
    const std::string record = "manifest-" + component;
    const Records records(lock, stage, {record, kComponents, kInstallerVersion});
    std::error_code ec;
    if (fs::exists(fs::symlink_status(target_dir, ec))) {
        if (!fs::exists(lock.rustlib() / record, ec))
            throw Error(target_dir.string() + " exists and no installer recorded it (installed "
                                              "by your distribution?)",
                        "use that rust-std, or remove the directory first", ExitCode::usage);
        // Ours, from a run killed between the rename and the records: finish it.
        SignalsHeld held;
        add_to_records(lock, records, component);
        return files_under(target_dir);
    }

    const fs::path built = stage.path() / "lib" / "rustlib" / target;
    try {
        move_listed_entries(*manifest_in, unpacked / component, stage.path(), target, origin);
        if (!fs::is_directory(built, ec))
            throw Error(origin + ": " + component + "/manifest.in lists no files",
                        "use a rust-std tarball from Rust's dist server");
        // The commit: record, files (one rename), components list. Signals wait until it
        // is done or undone; only kill -9 can land in between (then the next install
        // finishes it, see above).
        SignalsHeld held;
        records.put(record, *manifest_in);
        try {
            fs::rename(built, target_dir);
            try {
                add_to_records(lock, records, component);
            } catch (...) {
                fs::rename(target_dir, built, ec);
                throw;
            }
        } catch (...) {
            records.restore();
            throw;
        }
    } catch (const fs::filesystem_error &e) {
        throw Error("cannot install " + component + " into " + lock.sysroot().string() + ": " +
                        e.code().message(),
                    "check free space and that you may write to that sysroot");
    }
    return files_under(target_dir);
}

void uninstall_rust_component(const SysrootLock &lock, const std::string &component) {
    const std::string target = target_of(component);
    const std::string record = "manifest-" + component;
    std::error_code ec;
    if (!fs::exists(lock.rustlib() / record, ec))
        throw Error(component + " is not installed in " + lock.sysroot().string(),
                    "see what is: wasisdk rust-std list", ExitCode::not_found);
    // Out of sight first (one rename), then the records; the trash goes with the stage.
    SysrootStage trash(lock, kRemovePrefix);
    const Records records(lock, trash, {record, kComponents, kInstallerVersion});
    SignalsHeld held;
    fs::rename(lock.rustlib() / target, trash.path() / target, ec); // gone already: fine
    try {
        try {
            remove_from_records(lock, records, component);
        } catch (...) {
            fs::rename(trash.path() / target, lock.rustlib() / target, ec);
            records.restore();
            throw;
        }
    } catch (const fs::filesystem_error &e) {
        throw Error("cannot update the records in " + lock.rustlib().string() + ": " +
                        e.code().message(),
                    "check free space, then run the uninstall again");
    }
}

} // namespace wasisdk
