#pragma once
// Download and unpacking progress: a bar per artifact on a terminal, one line per
// finished artifact otherwise, nothing with --quiet. Called from download threads.
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace wasisdk {

class Progress {
  public:
    virtual ~Progress() = default;
    // Returns the slot id used by the other calls.
    virtual int start(const std::string &label, std::uint64_t total) = 0;
    // A (re)started attempt begins with `bytes` already on disk (a resumed .part): they
    // count towards done, never towards the rate.
    virtual void resume_from(int slot, std::uint64_t bytes) = 0;
    virtual void advance(int slot, std::uint64_t done, std::uint64_t total) = 0;
    virtual void finish(int slot, const std::string &summary) = 0;
};

enum class ProgressStyle { quiet, lines, bars };

// --progress / WASISDK_PROGRESS, as cargo's term.progress.when.
enum class ProgressWhen { automatic, always, never };
std::optional<ProgressWhen> progress_when_from_string(const std::string &s);

// quiet: nothing. never: lines. always: bars. automatic: bars when stderr is a terminal
// that understands cursor movement (TERM set and not "dumb", as cargo and git decide),
// lines otherwise.
ProgressStyle choose_progress_style(ProgressWhen when, bool quiet);
std::unique_ptr<Progress> make_progress(ProgressStyle style);

// The width bars are fitted to: the terminal's (TIOCGWINSZ on `fd`), else COLUMNS, else
// 80. Asked again before every redraw, so a resized terminal is followed.
int terminal_columns(int fd);

// Bars written to `out` with the clock and width given: what make_progress(bars) is,
// with stderr, steady_clock and terminal_columns(2); tests inject their own.
using ProgressClock = std::function<std::chrono::steady_clock::time_point()>;
std::unique_ptr<Progress> make_bar_progress(std::FILE *out, ProgressClock now,
                                            std::function<int()> columns);

// One bar line as drawn at `columns` columns: never wider than columns - 1 (the last
// column would make some terminals wrap), dropping detail in this order as it narrows:
// bar length (to 10), label length (to 12), ETA, rate, the bar, then a hard cut.
std::string format_bar(const std::string &label, std::uint64_t done, std::uint64_t total,
                       double rate, int columns);

} // namespace wasisdk
