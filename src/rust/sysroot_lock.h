#pragma once
// What makes changes to a rustc sysroot safe when several wasisdk homes (or users) share
// one rustc; rust_components.h says what the changes are.
//
// SysrootLock: an flock on <sysroot>/lib/rustlib/.wasisdk-lock, held for the whole of
//   every rust-std command that changes the sysroot. The home's lock cannot serialise
//   these: two homes have two locks (without this one, the loser of a race rolled back the
//   winner's record). The file exists only while a command holds it: it is unlinked
//   before release, so that uninstall restores the sysroot exactly, and acquiring checks
//   that the locked file is still the one at the path (else it retries).
//
// SysrootStage: a directory <sysroot>/lib/rustlib/.wasisdk-stage-XXXXXX (or
//   .wasisdk-remove-XXXXXX) on the sysroot's filesystem, so that what it holds moves into
//   place with one rename. It is removed by its destructor; on SIGINT, SIGTERM or SIGHUP
//   by a handler that then re-raises the signal; after kill -9 by the next rust-std
//   command. A stage exists only while its creator holds the lock, so any stage found with
//   the lock held is stale (the rule the home's tmp/ follows).
#include <filesystem>
#include <functional>
#include <optional>
#include <signal.h>
#include <vector>

namespace wasisdk {

class SysrootLock {
  public:
    // Blocks until the lock is ours; `on_wait` runs once first if another process holds
    // it. <sysroot>/lib/rustlib must exist. Throws Error when it is not writable or the
    // lock path is not a regular file.
    static SysrootLock acquire(const std::filesystem::path &sysroot,
                               const std::function<void()> &on_wait = {});
    // Without waiting: nullopt when another process holds it or it cannot be taken.
    static std::optional<SysrootLock> try_acquire(const std::filesystem::path &sysroot) noexcept;

    SysrootLock(SysrootLock &&other) noexcept;
    SysrootLock &operator=(SysrootLock &&) = delete;
    SysrootLock(const SysrootLock &) = delete;
    ~SysrootLock();

    // <sysroot>/lib/rustlib/.wasisdk-lock
    static std::filesystem::path file(const std::filesystem::path &sysroot);

    const std::filesystem::path &sysroot() const { return sysroot_; }
    std::filesystem::path rustlib() const { return sysroot_ / "lib" / "rustlib"; }

  private:
    SysrootLock(std::filesystem::path sysroot, int fd) : sysroot_(std::move(sysroot)), fd_(fd) {}
    std::filesystem::path sysroot_;
    int fd_;
};

// Prefixes of the directories only wasisdk creates in lib/rustlib.
inline constexpr const char *kStagePrefix = ".wasisdk-stage-";   // an install being built
inline constexpr const char *kRemovePrefix = ".wasisdk-remove-"; // an uninstall's trash

// The stages in `rustlib` (directories with either prefix; symlinks are not followed).
std::vector<std::filesystem::path> stages_in(const std::filesystem::path &rustlib);

class SysrootStage {
  public:
    // One stage per process at a time: the signal handler knows one path.
    SysrootStage(const SysrootLock &lock, const char *prefix);
    SysrootStage(const SysrootStage &) = delete;
    SysrootStage &operator=(const SysrootStage &) = delete;
    ~SysrootStage();

    const std::filesystem::path &path() const { return path_; }

  private:
    std::filesystem::path path_;
};

// Holds SIGINT, SIGTERM and SIGHUP back for a scope: the few renames that commit a change
// run to the end, and a signal that came meanwhile is handled (stage removed, process
// ended) right after.
class SignalsHeld {
  public:
    SignalsHeld();
    SignalsHeld(const SignalsHeld &) = delete;
    SignalsHeld &operator=(const SignalsHeld &) = delete;
    ~SignalsHeld();

  private:
    sigset_t old_;
};

} // namespace wasisdk
