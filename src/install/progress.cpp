#include "install/progress.h"

#include "base/fs_util.h"
#include "base/text.h"

#include <algorithm>
#include <cstdlib>
#include <mutex>
#include <sys/ioctl.h>
#include <unistd.h>
#include <vector>

namespace wasisdk {

namespace {

class QuietProgress : public Progress {
  public:
    int start(const std::string &, std::uint64_t) override { return 0; }
    void resume_from(int, std::uint64_t) override {}
    void advance(int, std::uint64_t, std::uint64_t) override {}
    void finish(int, const std::string &) override {}
};

class LineProgress : public Progress {
  public:
    int start(const std::string &, std::uint64_t) override { return 0; }
    void resume_from(int, std::uint64_t) override {}
    void advance(int, std::uint64_t, std::uint64_t) override {}
    void finish(int, const std::string &summary) override {
        std::lock_guard lock(mutex_);
        std::fprintf(stderr, "%s\n", summary.c_str());
    }

  private:
    std::mutex mutex_;
};

// The unfinished artifacts, one line each, redrawn in place at most 10 times a second.
// A finished artifact's summary is printed once above them and never redrawn, so that
// what others print between two downloads (the "unpacking" note) is never drawn over.
class BarProgress : public Progress {
  public:
    BarProgress(std::FILE *out, ProgressClock now, std::function<int()> columns)
        : out_(out), now_(std::move(now)), columns_(std::move(columns)) {}

    int start(const std::string &label, std::uint64_t total) override {
        std::lock_guard lock(mutex_);
        slots_.push_back({printable(label, 200), total, 0, 0, now_(), false, false, {}});
        redraw();
        return static_cast<int>(slots_.size()) - 1;
    }
    void resume_from(int slot, std::uint64_t bytes) override {
        std::lock_guard lock(mutex_);
        slots_[slot].base = bytes;
        slots_[slot].done = bytes;
        slots_[slot].started = now_();
    }
    void advance(int slot, std::uint64_t done, std::uint64_t total) override {
        std::lock_guard lock(mutex_);
        slots_[slot].done = done;
        slots_[slot].total = total;
        auto now = now_();
        if (now - last_draw_ < std::chrono::milliseconds(100))
            return;
        redraw();
    }
    void finish(int slot, const std::string &summary) override {
        std::lock_guard lock(mutex_);
        slots_[slot].finished = true;
        slots_[slot].summary = summary;
        redraw();
    }

  private:
    struct Slot {
        std::string label;
        std::uint64_t total, done;
        std::uint64_t base; // on disk before this attempt: not part of the rate
        std::chrono::steady_clock::time_point started;
        bool finished, summary_printed;
        std::string summary;
    };

    // Rows the live lines occupy now. A terminal that reflows (tmux, VTE, kitty) splits
    // a line drawn at the old width over ceil(length / width) rows once it narrows; a
    // line never exceeds the width it was drawn at, so at that width it is one row.
    int rows_drawn(int columns) const {
        int rows = 0;
        for (std::size_t length : drawn_lengths_)
            rows += std::max<int>(1, static_cast<int>((length + columns - 1) / columns));
        return rows;
    }

    void redraw() {
        int columns = std::max(columns_(), 2);
        std::string text;
        if (int up = rows_drawn(columns); up > 0)
            text += "\x1b[" + std::to_string(up) + "A";
        text += "\r\x1b[J"; // from here to the end of the screen: stale rows go too
        for (auto &s : slots_)
            if (s.finished && !s.summary_printed) {
                text += s.summary + "\n"; // printed once, never redrawn: may wrap
                s.summary_printed = true;
            }
        drawn_lengths_.clear();
        auto now = now_();
        for (const auto &s : slots_) {
            if (s.finished)
                continue;
            double secs = std::chrono::duration<double>(now - s.started).count();
            double rate =
                secs > 0 && s.done > s.base ? static_cast<double>(s.done - s.base) / secs : 0;
            std::string line = format_bar(s.label, s.done, s.total, rate, columns);
            drawn_lengths_.push_back(line.size());
            text += line + "\n";
        }
        std::fputs(text.c_str(), out_);
        std::fflush(out_);
        last_draw_ = now;
    }

    std::FILE *out_;
    ProgressClock now_;
    std::function<int()> columns_;
    std::mutex mutex_;
    std::vector<Slot> slots_;
    std::vector<std::size_t> drawn_lengths_; // the live lines of the last redraw
    std::chrono::steady_clock::time_point last_draw_{};
};

std::string eta_text(std::uint64_t done, std::uint64_t total, double rate) {
    if (!total || rate <= 0 || done >= total)
        return "--";
    auto secs = static_cast<long>(static_cast<double>(total - done) / rate);
    return secs >= 3600 ? std::to_string(secs / 3600) + "h" + std::to_string(secs / 60 % 60) + "m"
           : secs >= 60 ? std::to_string(secs / 60) + "m" + std::to_string(secs % 60) + "s"
                        : std::to_string(secs) + "s";
}

} // namespace

std::string format_bar(const std::string &label, std::uint64_t done, std::uint64_t total,
                       double rate, int columns) {
    const std::size_t width = static_cast<std::size_t>(std::max(columns - 1, 1));
    std::string amount = human_bytes(static_cast<double>(done)) + "/" +
                         (total ? human_bytes(static_cast<double>(total)) : std::string("?"));
    std::string speed = human_bytes(rate) + "/s";
    std::string eta = "ETA " + eta_text(done, total, rate);
    std::size_t label_len = std::min<std::size_t>(label.size(), 40), bar_len = 24;
    bool show_eta = true, show_rate = true, show_bar = true;
    auto length = [&] {
        return label_len + (show_bar ? 3 + bar_len : 0) + 1 + amount.size() +
               (show_rate ? 1 + speed.size() : 0) + (show_eta ? 1 + eta.size() : 0);
    };
    // Narrower terminals lose detail in a fixed order (progress.h).
    while (length() > width && bar_len > 10)
        --bar_len;
    while (length() > width && label_len > std::min<std::size_t>(12, label.size()))
        --label_len;
    if (length() > width)
        show_eta = false;
    if (length() > width)
        show_rate = false;
    if (length() > width)
        show_bar = false;
    // What a drop freed goes back to the label.
    while (length() < width && label_len < std::min<std::size_t>(label.size(), 40))
        ++label_len;

    std::string line = label.size() > label_len
                           ? label.substr(0, label_len >= 4 ? label_len - 3 : label_len) +
                                 (label_len >= 4 ? "..." : "")
                           : label;
    if (show_bar) {
        std::size_t filled =
            total ? static_cast<std::size_t>(bar_len * std::min(done, total) / total) : 0;
        line += " [" + std::string(filled, '#') + std::string(bar_len - filled, '-') + "]";
    }
    line += " " + amount;
    if (show_rate)
        line += " " + speed;
    if (show_eta)
        line += " " + eta;
    return line.substr(0, width);
}

std::optional<ProgressWhen> progress_when_from_string(const std::string &s) {
    if (s == "auto")
        return ProgressWhen::automatic;
    if (s == "always")
        return ProgressWhen::always;
    if (s == "never")
        return ProgressWhen::never;
    return std::nullopt;
}

ProgressStyle choose_progress_style(ProgressWhen when, bool quiet) {
    if (quiet)
        return ProgressStyle::quiet;
    switch (when) {
    case ProgressWhen::always:
        return ProgressStyle::bars;
    case ProgressWhen::never:
        return ProgressStyle::lines;
    case ProgressWhen::automatic:
        break;
    }
    auto term = env_var("TERM");
    return ::isatty(2) && term && *term != "dumb" ? ProgressStyle::bars : ProgressStyle::lines;
}

int terminal_columns(int fd) {
    struct winsize ws {};
    if (::ioctl(fd, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
        return ws.ws_col;
    if (auto columns = env_var("COLUMNS")) {
        char *end = nullptr;
        long n = std::strtol(columns->c_str(), &end, 10);
        if (*end == '\0' && n > 0 && n <= 10000)
            return static_cast<int>(n);
    }
    return 80;
}

std::unique_ptr<Progress> make_bar_progress(std::FILE *out, ProgressClock now,
                                            std::function<int()> columns) {
    return std::make_unique<BarProgress>(out, std::move(now), std::move(columns));
}

std::unique_ptr<Progress> make_progress(ProgressStyle style) {
    switch (style) {
    case ProgressStyle::quiet:
        return std::make_unique<QuietProgress>();
    case ProgressStyle::lines:
        return std::make_unique<LineProgress>();
    case ProgressStyle::bars:
        return make_bar_progress(
            stderr, [] { return std::chrono::steady_clock::now(); },
            [] { return terminal_columns(2); });
    }
    return std::make_unique<LineProgress>();
}

} // namespace wasisdk
