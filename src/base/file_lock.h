#pragma once
// A cross-process exclusive lock (flock) on a file. Held for the whole of any command
// that changes the store, so that concurrent `wasisdk install` calls serialise instead
// of racing (rustup has no such lock: rust-lang/rustup#988). The kernel drops the lock
// when the process dies, so kill -9 never leaves it stuck.
#include <filesystem>
#include <functional>

namespace wasisdk {

class FileLock {
  public:
    // Blocks until the lock is ours. `on_wait` runs once, before blocking, if another
    // process holds it (to tell the user why nothing happens).
    static FileLock acquire(const std::filesystem::path &path,
                            const std::function<void()> &on_wait = {});

    FileLock(FileLock &&other) noexcept : fd_(other.fd_) { other.fd_ = -1; }
    FileLock &operator=(FileLock &&) = delete;
    FileLock(const FileLock &) = delete;
    ~FileLock();

  private:
    explicit FileLock(int fd) : fd_(fd) {}
    int fd_;
};

} // namespace wasisdk
