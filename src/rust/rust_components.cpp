#include "rust/rust_components.h"

#include "base/error.h"
#include "base/fs_util.h"
#include "base/text.h"
#include "install/path_policy.h"

#include <algorithm>

namespace wasisdk {

namespace fs = std::filesystem;

namespace {

fs::path rustlib(const fs::path &sysroot) { return sysroot / "lib" / "rustlib"; }

std::vector<std::string> lines_of(const std::string &text) {
    std::vector<std::string> out;
    for (const auto &l : split(text, '\n'))
        if (!trim(l).empty())
            out.push_back(trim(l));
    return out;
}

void write_lines(const fs::path &path, const std::vector<std::string> &lines) {
    std::string text;
    for (const auto &l : lines)
        text += l + "\n";
    write_file_atomic(path, text);
}

// "rust-std-wasm32-wasi" -> "wasm32-wasi"
std::string target_of(const std::string &component) {
    const std::string prefix = "rust-std-";
    if (!component.starts_with(prefix))
        throw Error("'" + component + "' is not a rust-std component", "", ExitCode::usage);
    return component.substr(prefix.size());
}

} // namespace

std::vector<std::string> installed_components(const fs::path &sysroot) {
    return lines_of(read_file_if_exists(rustlib(sysroot) / "components").value_or(""));
}

std::size_t install_rust_component(const fs::path &unpacked, const fs::path &sysroot,
                                   const std::string &component) {
    const std::string target = target_of(component);
    const std::string origin = unpacked.filename().string();
    auto version = read_file_if_exists(unpacked / "rust-installer-version");
    if (!version || trim(*version) != "3")
        throw Error(origin + ": not a rust-installer v3 tarball (rust-installer-version is " +
                        (version ? "'" + trim(*version) + "'" : std::string("missing")) + ")",
                    "use a rust-std tarball from Rust's dist server");
    auto components = lines_of(read_file_if_exists(unpacked / "components").value_or(""));
    if (std::find(components.begin(), components.end(), component) == components.end())
        throw Error(origin + " holds no component " + component,
                    "use the rust-std tarball for " + target);
    auto manifest_in = read_file_if_exists(unpacked / component / "manifest.in");
    if (!manifest_in)
        throw Error(origin + ": " + component + "/manifest.in is missing",
                    "use a rust-std tarball from Rust's dist server");

    const fs::path target_dir = rustlib(sysroot) / target;
    const fs::path record = rustlib(sysroot) / ("manifest-" + component);
    std::error_code ec;
    if (fs::exists(target_dir, ec)) {
        if (!fs::exists(record, ec))
            throw Error(target_dir.string() + " exists and no installer recorded it (installed "
                                              "by your distribution?)",
                        "use that rust-std, or remove the directory first", ExitCode::usage);
        // Ours, from a run that stopped between the rename and the record: finish it.
    } else {
        const std::string prefix = "lib/rustlib/" + target + "/";
        std::vector<std::string> entries = lines_of(*manifest_in);
        fs::create_directories(rustlib(sysroot), ec);
        if (ec)
            throw Error("cannot write into " + rustlib(sysroot).string() + ": " + ec.message(),
                        "run as a user who owns that rustc, or pass --rustc for your own");
        fs::path stage = make_temp_dir(rustlib(sysroot), ".wasisdk-stage-");
        try {
            for (const auto &entry : entries) {
                auto colon = entry.find(':');
                std::string kind = entry.substr(0, colon);
                std::string why;
                auto rel = colon == std::string::npos
                               ? std::nullopt
                               : sanitize_entry_path(entry.substr(colon + 1), why);
                if ((kind != "file" && kind != "dir") || !rel)
                    throw Error(origin + ": bad manifest.in line '" + entry + "'" +
                                    (why.empty() ? "" : ": " + why),
                                "use a rust-std tarball from Rust's dist server");
                if (!rel->starts_with(prefix))
                    throw Error(origin + ": " + *rel + " is outside " + prefix,
                                "use a rust-std tarball from Rust's dist server");
                fs::path from = unpacked / component / *rel, to = stage / *rel;
                fs::create_directories(to.parent_path());
                fs::copy(from, to,
                         kind == "dir" ? fs::copy_options::recursive : fs::copy_options::none);
            }
            write_file_atomic(record, *manifest_in);
            fs::rename(stage / "lib" / "rustlib" / target, target_dir);
        } catch (const fs::filesystem_error &e) {
            remove_all_quiet(stage);
            fs::remove(record, ec);
            throw Error("cannot install " + component + " into " + sysroot.string() + ": " +
                            e.code().message(),
                        "check free space and that you may write to that sysroot");
        } catch (...) {
            remove_all_quiet(stage);
            fs::remove(record, ec);
            throw;
        }
        remove_all_quiet(stage);
    }

    auto installed = installed_components(sysroot);
    if (std::find(installed.begin(), installed.end(), component) == installed.end()) {
        installed.push_back(component);
        write_lines(rustlib(sysroot) / "components", installed);
    }
    if (!fs::exists(rustlib(sysroot) / "rust-installer-version", ec))
        write_file_atomic(rustlib(sysroot) / "rust-installer-version", "3\n");
    std::size_t files = 0;
    for (auto it = fs::recursive_directory_iterator(target_dir, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec))
        files += it->is_regular_file(ec);
    return files;
}

void uninstall_rust_component(const fs::path &sysroot, const std::string &component) {
    const std::string target = target_of(component);
    const fs::path record = rustlib(sysroot) / ("manifest-" + component);
    auto installed = installed_components(sysroot);
    std::error_code ec;
    if (!fs::exists(record, ec))
        throw Error(component + " is not installed in " + sysroot.string(),
                    "see what is: wasisdk rust-std list", ExitCode::not_found);
    // Out of sight first (one rename), then the records, then the files.
    fs::path trash = make_temp_dir(rustlib(sysroot), ".wasisdk-remove-");
    fs::rename(rustlib(sysroot) / target, trash / target, ec);
    installed.erase(std::remove(installed.begin(), installed.end(), component), installed.end());
    if (installed.empty()) {
        // Nothing left that the records describe: leave the sysroot as it was before.
        fs::remove(rustlib(sysroot) / "components", ec);
        bool other_manifests = false;
        for (const auto &e : fs::directory_iterator(rustlib(sysroot), ec))
            other_manifests |= e.path().filename().string().starts_with("manifest-") &&
                               e.path() != record;
        if (!other_manifests)
            fs::remove(rustlib(sysroot) / "rust-installer-version", ec);
    } else {
        write_lines(rustlib(sysroot) / "components", installed);
    }
    fs::remove(record, ec);
    remove_all_quiet(trash);
}

} // namespace wasisdk
