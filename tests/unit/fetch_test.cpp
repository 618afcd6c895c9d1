// Downloads (install/fetch.h) against a loopback HTTP server in this file, scripted
// per request: how each failure is classified (retried or not, "unreachable" or not),
// the message it ends in, and resume with HTTP Range, within a run and across runs.
// No internet: 127.0.0.1 only. Retries wait 0 ms here (FetchOptions::retry_base_delay).
#include "base/error.h"
#include "base/fs_util.h"
#include "install/fetch.h"
#include "install/sha256.h"

#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <atomic>
#include <fstream>
#include <functional>
#include <map>
#include <mutex>
#include <netinet/in.h>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>

using namespace wasisdk;

namespace {

struct Request {
    std::string path;
    std::map<std::string, std::string> headers; // names in lower case
};

// What the server does with the n-th request (0-based): the raw bytes to send, after
// which it closes the connection (so a short body is a body cut short).
using Script = std::function<std::string(const Request &, int n)>;

std::string response(int status, const std::string &body, const std::string &extra = "",
                     std::size_t content_length = std::string::npos) {
    static const std::map<int, std::string> reason = {
        {200, "OK"}, {206, "Partial Content"}, {404, "Not Found"}, {503, "Service Unavailable"}};
    return "HTTP/1.1 " + std::to_string(status) + " " + reason.at(status) + "\r\nContent-Length: " +
           std::to_string(content_length == std::string::npos ? body.size() : content_length) +
           "\r\nConnection: close\r\n" + extra + "\r\n" + body;
}

class LoopbackServer {
  public:
    explicit LoopbackServer(Script script) : script_(std::move(script)) {
        fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        socklen_t len = sizeof a;
        if (fd_ < 0 || ::bind(fd_, reinterpret_cast<sockaddr *>(&a), len) != 0 ||
            ::listen(fd_, 16) != 0 ||
            ::getsockname(fd_, reinterpret_cast<sockaddr *>(&a), &len) != 0)
            throw std::runtime_error("cannot listen on 127.0.0.1");
        port_ = ntohs(a.sin_port);
        thread_ = std::thread([this] { serve(); });
    }
    ~LoopbackServer() {
        stop_ = true;
        ::shutdown(fd_, SHUT_RDWR); // wakes accept()
        thread_.join();
        ::close(fd_);
    }
    std::string url(const std::string &path) const {
        return "http://127.0.0.1:" + std::to_string(port_) + path;
    }
    std::vector<Request> requests() const {
        std::lock_guard<std::mutex> g(mutex_);
        return requests_;
    }

  private:
    void serve() {
        while (!stop_) {
            int c = ::accept4(fd_, nullptr, nullptr, SOCK_CLOEXEC);
            if (c < 0)
                continue;
            std::string head;
            char buf[4096];
            ssize_t n;
            while (head.find("\r\n\r\n") == std::string::npos &&
                   (n = ::read(c, buf, sizeof buf)) > 0)
                head.append(buf, static_cast<std::size_t>(n));
            Request r;
            std::size_t line_end = head.find("\r\n");
            std::string first = head.substr(0, line_end);
            std::size_t sp = first.find(' ');
            r.path = first.substr(sp + 1, first.rfind(' ') - sp - 1);
            for (std::size_t at = line_end + 2, end;
                 (end = head.find("\r\n", at)) != std::string::npos && end > at; at = end + 2) {
                std::string line = head.substr(at, end - at);
                std::string name = line.substr(0, line.find(':'));
                for (char &ch : name)
                    ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
                std::size_t v = line.find_first_not_of(' ', line.find(':') + 1);
                r.headers[name] = v == std::string::npos ? "" : line.substr(v);
            }
            int index;
            {
                std::lock_guard<std::mutex> g(mutex_);
                index = static_cast<int>(requests_.size());
                requests_.push_back(r);
            }
            std::string out = script_(r, index);
            for (std::size_t sent = 0; sent < out.size();) {
                ssize_t w = ::send(c, out.data() + sent, out.size() - sent, MSG_NOSIGNAL);
                if (w <= 0)
                    break;
                sent += static_cast<std::size_t>(w);
            }
            ::shutdown(c, SHUT_WR);
            while (::read(c, buf, sizeof buf) > 0) // let curl read it all before the close
                ;
            ::close(c);
        }
    }

    Script script_;
    int fd_ = -1;
    int port_ = 0;
    std::atomic<bool> stop_{false};
    std::thread thread_;
    mutable std::mutex mutex_;
    std::vector<Request> requests_;
};

const std::string kBody = [] {
    std::string s;
    for (int i = 0; i < 100000; ++i)
        s += static_cast<char>('a' + i % 26);
    return s;
}();

class FetchTest : public ::testing::Test {
  protected:
    void SetUp() override {
        cache_ = make_temp_dir(fs::temp_directory_path(), "wasisdk-fetch-");
        options_.retry_base_delay = std::chrono::milliseconds(0);
    }
    void TearDown() override { remove_all_quiet(cache_); }

    DownloadRequest pinned(const LoopbackServer &s) const {
        return {s.url("/sdk.tar.gz"), sha256_string(kBody), kBody.size(),
                "sdk.tar.gz",         std::nullopt,         "test manifest"};
    }
    // The one line of what download_all threw, and whether it was Unreachable.
    std::pair<std::string, bool> failure(const DownloadRequest &req) {
        try {
            download_all({req}, cache_, options_);
        } catch (const Unreachable &e) {
            return {e.one_line(), true};
        } catch (const Error &e) {
            return {e.one_line(), false};
        }
        return {"no error", false};
    }
    std::vector<std::string> cache_entries() const {
        std::vector<std::string> out;
        for (const auto &e : fs::directory_iterator(cache_))
            out.push_back(e.path().filename().string());
        std::sort(out.begin(), out.end());
        return out;
    }

    fs::path cache_;
    FetchOptions options_;
};

// --- classification ---------------------------------------------------------------

TEST_F(FetchTest, NotFoundIsFinalAndNotRetried) {
    LoopbackServer s([](const Request &, int) { return response(404, "no"); });
    auto [line, unreachable] = failure(pinned(s));
    EXPECT_EQ(line, "HTTP 404 from " + s.url("/sdk.tar.gz") +
                        " (check the URL, the version and --dist-server)");
    EXPECT_FALSE(unreachable); // the server answered: --or-system does not fall back
    EXPECT_EQ(s.requests().size(), 1u);
    EXPECT_EQ(cache_entries(), std::vector<std::string>{}); // no empty .part left behind
}

TEST_F(FetchTest, ServerErrorsAreRetriedUpToMaxAttempts) {
    LoopbackServer s([](const Request &, int) { return response(503, "busy"); });
    auto [line, unreachable] = failure(pinned(s));
    EXPECT_EQ(line, "HTTP 503 from " + s.url("/sdk.tar.gz") +
                        " (after 4 attempts) (the server had a problem; try again later)");
    EXPECT_FALSE(unreachable);
    EXPECT_EQ(s.requests().size(), static_cast<std::size_t>(options_.max_attempts));
}

TEST_F(FetchTest, ATransientErrorThenSuccess) {
    LoopbackServer s([](const Request &, int n) {
        return n < 2 ? response(503, "busy") : response(200, kBody);
    });
    auto results = download_all({pinned(s)}, cache_, options_);
    EXPECT_EQ(s.requests().size(), 3u);
    EXPECT_EQ(results[0].sha256, sha256_string(kBody));
    EXPECT_EQ(results[0].file, cache_ / sha256_string(kBody));
    EXPECT_EQ(sha256_file(results[0].file), sha256_string(kBody));
    EXPECT_EQ(cache_entries(), std::vector<std::string>{sha256_string(kBody)});
}

TEST_F(FetchTest, NoServerListeningIsUnreachable) {
    std::string url;
    { // a port that was just free
        LoopbackServer s([](const Request &, int) { return std::string(); });
        url = s.url("/sdk.tar.gz");
    }
    DownloadRequest req{url, sha256_string(kBody), kBody.size(), "sdk.tar.gz"};
    auto [line, unreachable] = failure(req);
    EXPECT_TRUE(unreachable) << line; // what --or-system falls back on
    EXPECT_EQ(line.rfind("cannot connect to " + url + ": ", 0), 0u) << line;
    EXPECT_NE(line.find("(after 4 attempts)"), std::string::npos) << line;
}

TEST_F(FetchTest, WrongBytesAreAMismatchNamingBothHashesAndNotKept) {
    const std::string wrong(kBody.size(), 'x');
    LoopbackServer s([&](const Request &, int) { return response(200, wrong); });
    auto [line, unreachable] = failure(pinned(s));
    EXPECT_EQ(line, "sha256 mismatch for " + s.url("/sdk.tar.gz") + ": expected " +
                        sha256_string(kBody) + " (from test manifest), got " +
                        sha256_string(wrong) +
                        " (the file was deleted; if the manifest's hash is right the server "
                        "sent wrong bytes, so try another mirror)");
    EXPECT_EQ(s.requests().size(), 1u); // not transient: not retried
    EXPECT_EQ(cache_entries(), std::vector<std::string>{});
}

TEST_F(FetchTest, DocumentsUseTheSameRetries) {
    LoopbackServer s([](const Request &, int n) {
        return n == 0 ? response(503, "busy") : response(200, "{\"doc\": 1}");
    });
    EXPECT_EQ(fetch_text(s.url("/m.json"), options_), "{\"doc\": 1}");
    EXPECT_EQ(s.requests().size(), 2u);
    LoopbackServer gone([](const Request &, int) { return response(404, "no"); });
    try {
        fetch_text(gone.url("/m.json"), options_);
        FAIL();
    } catch (const Error &e) {
        EXPECT_EQ(e.one_line(), "HTTP 404 from " + gone.url("/m.json") +
                                    " (check the URL, the version and --dist-server)");
    }
    EXPECT_EQ(gone.requests().size(), 1u);
}

// --- resume -----------------------------------------------------------------------

std::string partial_content(const Request &r) {
    const std::string range = r.headers.count("range") ? r.headers.at("range") : "";
    const std::size_t from = std::stoul(range.substr(range.find('=') + 1));
    return response(206, kBody.substr(from),
                    "Content-Range: bytes " + std::to_string(from) + "-" +
                        std::to_string(kBody.size() - 1) + "/" + std::to_string(kBody.size()) +
                        "\r\n");
}

TEST_F(FetchTest, ABodyCutShortIsResumedWithRange) {
    const std::size_t half = kBody.size() / 2;
    LoopbackServer s([&](const Request &r, int n) {
        // First: the whole length announced, half of it sent, then the connection closed.
        return n == 0 ? response(200, kBody.substr(0, half), "", kBody.size()) : partial_content(r);
    });
    auto results = download_all({pinned(s)}, cache_, options_);
    auto requests = s.requests();
    ASSERT_EQ(requests.size(), 2u);
    EXPECT_EQ(requests[0].headers.count("range"), 0u);
    EXPECT_EQ(requests[1].headers["range"], "bytes=" + std::to_string(half) + "-");
    EXPECT_EQ(sha256_file(results[0].file), sha256_string(kBody));
    EXPECT_EQ(cache_entries(), std::vector<std::string>{sha256_string(kBody)});
}

TEST_F(FetchTest, APartFromAnEarlierRunIsResumed) {
    const std::size_t have = 30000;
    std::ofstream(cache_ / (sha256_string(kBody) + ".part"), std::ios::binary)
        << kBody.substr(0, have);
    LoopbackServer s([](const Request &r, int) { return partial_content(r); });
    auto results = download_all({pinned(s)}, cache_, options_);
    ASSERT_EQ(s.requests().size(), 1u);
    EXPECT_EQ(s.requests()[0].headers["range"], "bytes=" + std::to_string(have) + "-");
    EXPECT_EQ(results[0].size, kBody.size());
    EXPECT_EQ(sha256_file(results[0].file), sha256_string(kBody));
    EXPECT_EQ(cache_entries(), std::vector<std::string>{sha256_string(kBody)}); // .part gone
}

TEST_F(FetchTest, AServerWithoutRangeSupportStartsOver) {
    std::ofstream(cache_ / (sha256_string(kBody) + ".part"), std::ios::binary)
        << kBody.substr(0, 30000);
    LoopbackServer s([](const Request &, int) { return response(200, kBody); }); // no 206
    auto results = download_all({pinned(s)}, cache_, options_);
    auto requests = s.requests();
    ASSERT_EQ(requests.size(), 2u);
    EXPECT_EQ(requests[0].headers.count("range"), 1u);
    EXPECT_EQ(requests[1].headers.count("range"), 0u); // from zero
    EXPECT_EQ(sha256_file(results[0].file), sha256_string(kBody));
}

TEST_F(FetchTest, AStalePartOfAnotherFileRestartsOnceFromZero) {
    // Bytes of some older file at the .part's name: the resumed result mismatches, and
    // the download starts once from zero before calling it a mismatch.
    std::ofstream(cache_ / (sha256_string(kBody) + ".part"), std::ios::binary)
        << std::string(30000, 'z');
    LoopbackServer s([](const Request &r, int) {
        return r.headers.count("range") ? partial_content(r) : response(200, kBody);
    });
    auto results = download_all({pinned(s)}, cache_, options_);
    auto requests = s.requests();
    ASSERT_EQ(requests.size(), 2u);
    EXPECT_EQ(requests[0].headers.count("range"), 1u);
    EXPECT_EQ(requests[1].headers.count("range"), 0u);
    EXPECT_EQ(sha256_file(results[0].file), sha256_string(kBody));
}

TEST_F(FetchTest, AVerifiedArchiveInTheCacheIsNotDownloadedAgain) {
    std::ofstream(cache_ / sha256_string(kBody), std::ios::binary) << kBody;
    LoopbackServer s([](const Request &, int) { return response(404, "no"); });
    auto results = download_all({pinned(s)}, cache_, options_);
    EXPECT_TRUE(results[0].from_cache);
    EXPECT_EQ(s.requests().size(), 0u);
}

} // namespace
