#include "store/cxx_compat.h"

#include "base/ar_index.h"
#include "base/fs_util.h"
#include "base/process.h"
#include "base/text.h"
#include "exec_path/cxx_compat.h"
#include "exec_path/sdk_facts.h"
#include "exec_path/sys.h"
#include "exec_path/targets.h"

#include <algorithm>
#include <optional>
#include <thread>

namespace wasisdk {

// src/store/compat/thread_atexit.c, embedded at build time (cmake/embed_text.cmake).
std::string_view thread_atexit_source();

namespace fs = std::filesystem;

namespace {

// The sysroot inside a tree, where the driver looks for it (exec_path/sdk_facts.h).
const char *const kSysroot = WSD_SYSROOT_DIR;
// The C++ runtime's libraries, in each of lib/<triple>/ and its 33+ eh/ and noeh/, and
// the C library beside them: the ones a C++ link takes without being asked.
const char *const kCxxLibraries[] = {"libc++abi.a", "libc++.a"};
const char *const kCxxLibraryDirs[] = {"", "noeh", "eh"};
const char *const kCLibrary = "libc.a";

// Whether a wrapper serves `triple` with threads; nullopt when no wrapper serves it (the
// target table, exec_path/targets.c).
std::optional<bool> served_with_threads(const std::string &triple) {
    for (std::size_t i = 0; i < wsd_target_count; ++i)
        for (std::size_t k = 0; wsd_targets[i].triples[k]; ++k)
            if (triple == wsd_targets[i].triples[k])
                return wsd_targets[i].threads;
    return std::nullopt;
}

std::string first_line(const std::string &text) {
    auto lines = split(trim(text), '\n');
    return lines.empty() ? std::string() : trim(lines.front());
}

// The symbol the threads archive's link fails on: the message a user reads.
std::string explanation(const std::string &triple, const std::string &label) {
    return "wasisdk: thread_local variables with destructors cannot link for " + triple + " with " +
           label +
           ": its libc++abi has no " WSD_THREAD_ATEXIT_SYMBOL
           ", and __cxa_atexit cannot run destructors per thread (use an SDK whose "
           "libc++abi has it)";
}

// Compiles and archives the compat archive for `entry` (state "fallback" or
// "explained") into `archive`. The reason when it fails, else "".
std::string build_archive(const fs::path &tree, const fs::path &archive, const std::string &label,
                          const CompatEntry &entry) {
    const fs::path dir = archive.parent_path();
    const fs::path source = dir / "thread_atexit.c", object = dir / "thread_atexit.o";
    fs::create_directories(dir);
    write_file_atomic(source, std::string(thread_atexit_source()));
    std::vector<std::string> cc = {(tree / "bin" / "clang").string(), "--target=" + entry.triple,
                                   "--sysroot=" + (tree / kSysroot).string(), "-O2"};
    if (entry.thread_atexit == "explained") {
        // Objects of a threads link must have atomics and bulk memory (-pthread turns
        // them on), or wasm-ld refuses --shared-memory with a second error.
        cc.push_back("-pthread");
        cc.push_back("-DWASISDK_EXPLAIN=\"" + explanation(entry.triple, label) + "\"");
    }
    for (const std::string &a :
         {std::string("-c"), source.string(), std::string("-o"), object.string()})
        cc.push_back(a);
    auto compiled = run_capture(cc);
    if (compiled.exit_code != 0)
        return cc[0] +
               (compiled.exit_code < 0 ? " does not run" : ": " + first_line(compiled.output));
    const std::string ar = (tree / "bin" / "llvm-ar").string();
    auto archived = run_capture({ar, "rcs", archive.string(), object.string()});
    if (archived.exit_code != 0)
        return ar + (archived.exit_code < 0 ? " does not run" : ": " + first_line(archived.output));
    fs::remove(source);
    fs::remove(object);
    // The wrappers trust the archive by its existence: it must really define the symbol.
    if (!read_ar_index(archive).defines(WSD_THREAD_ATEXIT_SYMBOL))
        return archive.string() + " does not define " WSD_THREAD_ATEXIT_SYMBOL;
    return "";
}

// Builds `entry`'s archive under `install_dir` and records it, or why it failed (then
// nothing is left behind).
void build_entry(const fs::path &tree, const fs::path &install_dir, const std::string &label,
                 CompatEntry &entry) {
    char path[WSD_PATH_MAX];
    std::string why = "path too long";
    if (wsd_compat_archive_path(install_dir.c_str(), entry.triple.c_str(), path, sizeof path)) {
        try {
            why = build_archive(tree, path, label, entry);
        } catch (const std::exception &e) { // a file that cannot be written
            why = e.what();
        }
        if (why.empty()) {
            entry.archive = fs::path(path).lexically_relative(install_dir).generic_string();
            return;
        }
        remove_all_quiet(fs::path(path).parent_path());
    }
    entry.thread_atexit = "failed";
    entry.detail = why;
}

} // namespace

std::vector<fs::path> cxx_runtime_libraries(const fs::path &tree, const std::string &triple) {
    const fs::path lib = tree / kSysroot / "lib" / triple;
    std::vector<fs::path> out;
    std::error_code ec;
    for (const char *dir : kCxxLibraryDirs)
        for (const char *name : kCxxLibraries)
            if (fs::is_regular_file(lib / dir / name, ec))
                out.push_back(lib / dir / name);
    if (!out.empty() && fs::is_regular_file(lib / kCLibrary, ec))
        out.push_back(lib / kCLibrary);
    return out;
}

CompatEntry survey_thread_atexit(const fs::path &tree, const std::string &triple) {
    CompatEntry entry{triple, "", "", ""};
    auto threads = served_with_threads(triple);
    auto libraries = cxx_runtime_libraries(tree, triple);
    if (!threads || libraries.empty())
        return entry; // no wrapper links C++ for it
    std::vector<std::string> unread;
    for (const auto &library : libraries) {
        ArIndex index = read_ar_index(library);
        if (index.defines(WSD_THREAD_ATEXIT_SYMBOL)) {
            entry.thread_atexit = "sdk";
            entry.detail = library.lexically_relative(tree).generic_string();
            return entry;
        }
        if (!index.symbols)
            unread.push_back(library.lexically_relative(tree).generic_string() + ": " +
                             index.problem);
    }
    if (!unread.empty()) {
        entry.thread_atexit = "unknown";
        for (const auto &u : unread)
            entry.detail += (entry.detail.empty() ? "" : "; ") + u;
        return entry;
    }
    entry.thread_atexit = *threads ? "explained" : "fallback";
    return entry;
}

std::vector<CompatEntry> survey_cxx_compat(const fs::path &tree) {
    std::vector<std::string> triples;
    std::error_code ec;
    for (const auto &e : fs::directory_iterator(tree / kSysroot / "lib", ec))
        if (e.is_directory(ec))
            triples.push_back(e.path().filename().string());
    std::sort(triples.begin(), triples.end());
    std::vector<CompatEntry> entries;
    for (const auto &triple : triples)
        if (CompatEntry entry = survey_thread_atexit(tree, triple); !entry.thread_atexit.empty())
            entries.push_back(std::move(entry));
    return entries;
}

std::vector<CompatEntry> build_cxx_compat(const fs::path &tree, const fs::path &install_dir,
                                          const std::string &label) {
    std::vector<CompatEntry> entries = survey_cxx_compat(tree);
    // One thread per archive: each is a clang and an llvm-ar run (~40 ms and ~20 ms for
    // the Debian-built SDK of bench/install.sh), mostly process start-up that overlaps
    // well on two cores; an install builds two (wasm32-wasi, wasm32-wasip1).
    std::vector<std::thread> builds;
    for (auto &entry : entries)
        if (entry.thread_atexit == "fallback" || entry.thread_atexit == "explained")
            builds.emplace_back([&tree, &install_dir, &label, &entry] {
                try {
                    build_entry(tree, install_dir, label, entry);
                } catch (const std::exception &e) { // out of memory: nothing else throws
                    entry.thread_atexit = "failed";
                    entry.detail = e.what();
                }
            });
    for (auto &b : builds)
        b.join();
    std::error_code ec;
    fs::remove(install_dir / WSD_COMPAT_DIR, ec); // only when empty: every build failed
    return entries;
}

std::string describe_compat(const CompatEntry &entry, const std::string &label) {
    const std::string lacks =
        label + "'s C++ runtime has no " WSD_THREAD_ATEXIT_SYMBOL " for " + entry.triple;
    if (entry.thread_atexit == "explained")
        return lacks + ": thread_local variables with destructors will not link there (with "
                       "threads, __cxa_atexit cannot stand in for it)";
    if (entry.thread_atexit == "failed")
        return lacks + " and building wasisdk's fallback failed (" + entry.detail +
               "): thread_local variables with destructors will not link there; run "
               "wasisdk setup to try again";
    if (entry.thread_atexit == "unknown")
        return "cannot tell whether " + label + " defines " WSD_THREAD_ATEXIT_SYMBOL " for " +
               entry.triple + " (" + entry.detail + "): no fallback added";
    return "";
}

} // namespace wasisdk
