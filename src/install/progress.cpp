#include "install/progress.h"

#include "base/text.h"

#include <cstdio>
#include <unistd.h>

namespace wasisdk {

namespace {

class QuietProgress : public Progress {
  public:
    int start(const std::string &, std::uint64_t) override { return 0; }
    void advance(int, std::uint64_t, std::uint64_t) override {}
    void finish(int, const std::string &) override {}
};

class LineProgress : public Progress {
  public:
    int start(const std::string &, std::uint64_t) override { return 0; }
    void advance(int, std::uint64_t, std::uint64_t) override {}
    void finish(int, const std::string &summary) override {
        std::lock_guard lock(mutex_);
        std::fprintf(stderr, "%s\n", summary.c_str());
    }

  private:
    std::mutex mutex_;
};

// One line per artifact, redrawn in place at most 10 times a second.
class BarProgress : public Progress {
  public:
    int start(const std::string &label, std::uint64_t total) override {
        std::lock_guard lock(mutex_);
        slots_.push_back({label, total, 0, Clock::now(), false, {}});
        std::fputs("\n", stderr);
        drawn_ = static_cast<int>(slots_.size());
        redraw();
        return static_cast<int>(slots_.size()) - 1;
    }
    void advance(int slot, std::uint64_t done, std::uint64_t total) override {
        std::lock_guard lock(mutex_);
        slots_[slot].done = done;
        slots_[slot].total = total;
        auto now = Clock::now();
        if (now - last_draw_ < std::chrono::milliseconds(100))
            return;
        last_draw_ = now;
        redraw();
    }
    void finish(int slot, const std::string &summary) override {
        std::lock_guard lock(mutex_);
        slots_[slot].finished = true;
        slots_[slot].summary = summary;
        redraw();
    }

  private:
    using Clock = std::chrono::steady_clock;
    struct Slot {
        std::string label;
        std::uint64_t total, done;
        Clock::time_point started;
        bool finished;
        std::string summary;
    };

    void redraw() {
        std::fprintf(stderr, "\x1b[%dA", drawn_);
        for (const auto &s : slots_) {
            std::fputs("\r\x1b[2K", stderr);
            if (s.finished) {
                std::fprintf(stderr, "%s\n", s.summary.c_str());
                continue;
            }
            double secs = std::chrono::duration<double>(Clock::now() - s.started).count();
            double rate = secs > 0 ? static_cast<double>(s.done) / secs : 0;
            constexpr int width = 24;
            int filled = s.total ? static_cast<int>(width * s.done / s.total) : 0;
            std::string bar(static_cast<std::size_t>(filled), '#');
            bar.resize(width, '-');
            std::string eta = "--";
            if (s.total && rate > 0)
                eta = std::to_string(static_cast<long>((s.total - s.done) / rate)) + "s";
            std::fprintf(stderr, "%-40.40s [%s] %s/%s %s/s ETA %s\n", s.label.c_str(),
                         bar.c_str(), human_bytes(static_cast<double>(s.done)).c_str(),
                         s.total ? human_bytes(static_cast<double>(s.total)).c_str() : "?",
                         human_bytes(rate).c_str(), eta.c_str());
        }
        drawn_ = static_cast<int>(slots_.size());
        std::fflush(stderr);
    }

    std::mutex mutex_;
    std::vector<Slot> slots_;
    int drawn_ = 0;
    Clock::time_point last_draw_{};
};

} // namespace

ProgressStyle default_progress_style(bool quiet) {
    if (quiet)
        return ProgressStyle::quiet;
    return ::isatty(2) ? ProgressStyle::bars : ProgressStyle::lines;
}

std::unique_ptr<Progress> make_progress(ProgressStyle style) {
    switch (style) {
    case ProgressStyle::quiet:
        return std::make_unique<QuietProgress>();
    case ProgressStyle::lines:
        return std::make_unique<LineProgress>();
    case ProgressStyle::bars:
        return std::make_unique<BarProgress>();
    }
    return std::make_unique<LineProgress>();
}

} // namespace wasisdk
