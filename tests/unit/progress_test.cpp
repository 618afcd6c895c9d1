#include "install/progress.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>

using namespace wasisdk;
using Clock = std::chrono::steady_clock;

namespace {

// A bar progress writing into memory, with a clock and a width the test moves.
struct Screen {
    char *buffer = nullptr;
    std::size_t size = 0;
    std::FILE *out = open_memstream(&buffer, &size);
    Clock::time_point now{};
    int columns = 80;
    std::unique_ptr<Progress> progress = make_bar_progress(
        out, [this] { return now; }, [this] { return columns; });

    ~Screen() {
        progress.reset();
        std::fclose(out);
        std::free(buffer);
    }
    std::string take() {
        std::fflush(out);
        std::string text(buffer, size);
        std::rewind(out);
        size = 0;
        return text;
    }
};

} // namespace

TEST(Progress, BarFitsTheWidthDroppingDetailInOrder) {
    const std::string label = "wasi-sdk-25.0-x86_64-linux.tar.gz";
    std::string wide = format_bar(label, 35'000'000, 70'100'000, 5'200'000, 120);
    EXPECT_EQ(wide, label + " [###########-------------] 35.0 MB/70.1 MB 5.2 MB/s ETA 6s");
    // 80 columns: the bar shortens first, the label stays whole.
    EXPECT_EQ(format_bar(label, 35'000'000, 70'100'000, 5'200'000, 80),
              label + " [#####------] 35.0 MB/70.1 MB 5.2 MB/s ETA 6s");
    for (int columns = 2; columns <= 130; ++columns)
        EXPECT_LE(format_bar(label, 35'000'000, 70'100'000, 5'200'000, columns).size(),
                  static_cast<std::size_t>(columns - 1))
            << columns;
    // 50: no room for the ETA and the rate; what they leave goes back to the label.
    EXPECT_EQ(format_bar(label, 35'000'000, 70'100'000, 5'200'000, 50),
              "wasi-sdk-25.0-x86... [####------] 35.0 MB/70.1 MB");
}

TEST(Progress, ResumedBytesCountAsDoneButNotAsSpeed) {
    Screen s;
    int slot = s.progress->start("sdk.tar.gz", 10'000'000);
    s.progress->resume_from(slot, 9'000'000); // a .part from an earlier run
    s.now += std::chrono::seconds(1);
    s.progress->advance(slot, 9'100'000, 10'000'000);
    std::string text = s.take();
    // 100 KB in the second since the attempt began, not 9.1 MB/s; the ETA follows.
    EXPECT_NE(text.find("9.1 MB/10.0 MB 100.0 KB/s ETA 9s"), std::string::npos) << text;
}

TEST(Progress, RedrawMovesUpOverWhatTheLastDrawLeftAtTheNewWidth) {
    Screen s;
    int slot = s.progress->start("sdk.tar.gz", 1000);
    std::string first = s.take();
    EXPECT_EQ(first.substr(0, 4), "\r\x1b[J"); // nothing above to move over
    s.now += std::chrono::seconds(1);
    s.progress->advance(slot, 500, 1000);
    EXPECT_EQ(s.take().substr(0, 8), "\x1b[1A\r\x1b[J");
    // Narrowed to 20 columns: a reflowing terminal split the 79-column line in 4 rows.
    std::size_t drawn = format_bar("sdk.tar.gz", 500, 1000, 500, 80).size();
    s.columns = 20;
    s.now += std::chrono::seconds(1);
    s.progress->advance(slot, 600, 1000);
    std::string text = s.take();
    EXPECT_EQ(text.substr(0, 8), "\x1b[" + std::to_string((drawn + 19) / 20) + "A\r\x1b[J") << text;
    // A finished artifact is printed once and leaves the redrawn area.
    s.progress->finish(slot, "sdk.tar.gz: 1.0 KB, sha256 verified");
    EXPECT_EQ(s.take(), "\x1b[1A\r\x1b[Jsdk.tar.gz: 1.0 KB, sha256 verified\n");
    s.progress->start("unpacking sdk.tar.gz", 1000);
    EXPECT_EQ(s.take().substr(0, 4), "\r\x1b[J");
}

TEST(Progress, StyleFollowsTheFlag) {
    EXPECT_EQ(progress_when_from_string("never"), ProgressWhen::never);
    EXPECT_EQ(progress_when_from_string("sometimes"), std::nullopt);
    EXPECT_EQ(choose_progress_style(ProgressWhen::always, false), ProgressStyle::bars);
    EXPECT_EQ(choose_progress_style(ProgressWhen::always, true), ProgressStyle::quiet);
    EXPECT_EQ(choose_progress_style(ProgressWhen::never, false), ProgressStyle::lines);
}
