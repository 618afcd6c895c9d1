#pragma once
// Download progress: a bar per artifact on a terminal, one line per finished artifact
// otherwise, nothing with --quiet. Called from download threads.
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace wasisdk {

class Progress {
  public:
    virtual ~Progress() = default;
    // Returns the slot id used by the other calls.
    virtual int start(const std::string &label, std::uint64_t total) = 0;
    virtual void advance(int slot, std::uint64_t done, std::uint64_t total) = 0;
    virtual void finish(int slot, const std::string &summary) = 0;
};

enum class ProgressStyle { quiet, lines, bars };

// Bars when stderr is a terminal, lines otherwise (unless quiet).
ProgressStyle default_progress_style(bool quiet);
std::unique_ptr<Progress> make_progress(ProgressStyle style);

} // namespace wasisdk
