#include "install/fetch.h"

#include "base/error.h"
#include "base/fs_util.h"
#include "base/text.h"
#include "install/sha256.h"
#include "model/manifest.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <curl/curl.h>
#include <exception>
#include <mutex>
#include <thread>
#include <unistd.h>
#include <vector>

namespace wasisdk {

namespace fs = std::filesystem;

std::string sanitize_url(const std::string &url) {
    std::string out = url;
    if (auto q = out.find_first_of("?#"); q != std::string::npos)
        out = out.substr(0, q);
    auto scheme = out.find("://");
    if (scheme != std::string::npos) {
        auto host_start = scheme + 3;
        auto slash = out.find('/', host_start);
        auto at = out.rfind('@', slash);
        if (at != std::string::npos && at >= host_start)
            out.erase(host_start, at + 1 - host_start);
    }
    return out;
}

namespace {

void global_init() {
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

struct EasyDeleter {
    void operator()(CURL *c) const { curl_easy_cleanup(c); }
};
using Easy = std::unique_ptr<CURL, EasyDeleter>;

Easy make_easy(const std::string &url, const FetchOptions &o) {
    global_init();
    Easy easy(curl_easy_init());
    CURL *c = easy.get();
    curl_easy_setopt(c, CURLOPT_URL, url.c_str());
    curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
    curl_easy_setopt(c, CURLOPT_MAXREDIRS, 10L);
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "https,http,file");
    // An https download may only be redirected to https (GitHub -> its object store);
    // plain http is for loopback servers and explicit --allow-http.
    bool https = url.starts_with("https://");
    curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, https ? "https" : "http,https");
    curl_easy_setopt(c, CURLOPT_FAILONERROR, 1L);
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, o.connect_timeout_s);
    curl_easy_setopt(c, CURLOPT_LOW_SPEED_LIMIT, 1024L);
    curl_easy_setopt(c, CURLOPT_LOW_SPEED_TIME, o.low_speed_time_s);
    curl_easy_setopt(c, CURLOPT_USERAGENT, "wasisdk/0.1");
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_BUFFERSIZE, 256L * 1024);
    if (o.ca_bundle)
        curl_easy_setopt(c, CURLOPT_CAINFO, o.ca_bundle->c_str());
    return easy;
}

// How a failed attempt is reported and whether another attempt may succeed.
struct Failure {
    std::string message;
    std::string fix;
    bool retryable = false;
};

Failure classify(CURLcode rc, long http_code, const std::string &url, const char *errbuf) {
    std::string where = sanitize_url(url);
    std::string detail = errbuf[0] ? errbuf : curl_easy_strerror(rc);
    switch (rc) {
    case CURLE_HTTP_RETURNED_ERROR: {
        bool transient = http_code >= 500 || http_code == 408 || http_code == 429;
        return {"HTTP " + std::to_string(http_code) + " from " + where,
                transient ? "the server had a problem; try again later"
                          : "check the URL, the version and --dist-server",
                transient};
    }
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
        return {"cannot resolve the host of " + where + ": " + detail,
                "check the network, or use --dist-server with a reachable mirror, --from FILE, "
                "or wasisdk link for an SDK already on disk"};
    case CURLE_COULDNT_CONNECT:
        return {"cannot connect to " + where + ": " + detail,
                "check the network, or use --dist-server with a reachable mirror, --from FILE, "
                "or wasisdk link for an SDK already on disk",
                true};
    case CURLE_OPERATION_TIMEDOUT:
        return {"download of " + where + " timed out: " + detail, "try again later", true};
    case CURLE_PARTIAL_FILE:
    case CURLE_RECV_ERROR:
    case CURLE_SEND_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_SSL_CONNECT_ERROR:
        return {"download of " + where + " was interrupted: " + detail, "try again", true};
    case CURLE_TOO_MANY_REDIRECTS:
        return {"too many redirects from " + where, "check the URL or the mirror"};
    case CURLE_UNSUPPORTED_PROTOCOL:
        return {"refused to fetch " + where + ": " + detail +
                    " (a redirect from https to plain http is never followed)",
                "use an https mirror"};
    case CURLE_PEER_FAILED_VERIFICATION:
        return {"TLS certificate of " + where + " is not trusted: " + detail,
                "pass --cacert FILE (or set WASISDK_CA_BUNDLE) for a private CA"};
    case CURLE_FILE_COULDNT_READ_FILE:
        return {"cannot read " + where + ": " + detail, "check the path"};
    default:
        return {"download of " + where + " failed: " + detail, "try again"};
    }
}

// One artifact's download with retries and resume.
class Transfer {
  public:
    Transfer(const DownloadRequest &req, const fs::path &cache_dir, const FetchOptions &o)
        : req_(req), cache_dir_(cache_dir), o_(o) {
        std::string key = req.sha256 ? *req.sha256 : "url-" + sha256_string(req.url).substr(0, 32);
        part_ = cache_dir / (key + ".part");
    }

    DownloadResult run() {
        if (req_.sha256) {
            fs::path cached = cache_dir_ / *req_.sha256;
            std::error_code ec;
            if (fs::exists(cached, ec)) {
                // The cache is on disk and so not trusted: hash it again.
                if (sha256_file(cached) == *req_.sha256)
                    return finished_from_cache(cached);
                fs::remove(cached, ec);
            }
        }
        slot_ = o_.progress ? o_.progress->start(req_.label, req_.size.value_or(0)) : 0;
        auto delay = o_.retry_base_delay;
        bool restarted_after_mismatch = false;
        for (int attempt = 1;; ++attempt) {
            Failure f;
            if (attempt_once(f)) {
                if (auto r = verify_and_store(restarted_after_mismatch))
                    return *r;
                // A stale .part from an older, different file can make a resumed download
                // mismatch: start once from zero before calling it a mismatch.
                restarted_after_mismatch = true;
                continue;
            }
            if (!f.retryable || attempt >= o_.max_attempts)
                throw Error(f.message + (attempt > 1 ? " (after " + std::to_string(attempt) +
                                                           " attempts)"
                                                     : ""),
                            f.fix);
            std::this_thread::sleep_for(delay);
            delay *= 2;
        }
    }

    // A failed first attempt that received nothing leaves no clutter behind; a
    // non-empty .part stays for the next run to resume.
    void drop_empty_part() noexcept {
        std::error_code ec;
        if (fs::exists(part_, ec) && fs::file_size(part_, ec) == 0)
            fs::remove(part_, ec);
    }

  private:
    DownloadResult finished_from_cache(const fs::path &cached) {
        std::error_code ec;
        DownloadResult r{cached, *req_.sha256, static_cast<std::uint64_t>(fs::file_size(cached, ec)),
                         true};
        if (o_.progress) {
            int slot = o_.progress->start(req_.label, r.size);
            o_.progress->finish(slot, req_.label + ": in the download cache, sha256 verified");
        }
        return r;
    }

    // Returns true when the transfer completed; fills `f` otherwise.
    bool attempt_once(Failure &f) {
        std::error_code ec;
        std::uint64_t have = fs::exists(part_, ec) ? fs::file_size(part_, ec) : 0;
        if (req_.size && have > *req_.size) {
            fs::remove(part_, ec);
            have = 0;
        }
        file_ = std::fopen(part_.c_str(), have ? "ab" : "wb");
        if (!file_)
            throw Error("cannot write " + part_.string() + ": " + std::strerror(errno),
                        "check that the wasisdk home is writable and the disk is not full");
        hash_.reset();
        if (have) {
            // Resuming: the bytes already on disk count towards the hash.
            std::FILE *old = std::fopen(part_.c_str(), "rb");
            std::vector<char> buf(1 << 20);
            std::size_t n;
            while (old && (n = std::fread(buf.data(), 1, buf.size(), old)) > 0)
                hash_.update(buf.data(), n);
            if (old)
                std::fclose(old);
        }
        offset_ = have;
        received_ = have;
        too_long_ = false;
        write_failed_ = 0;
        if (req_.size && have == *req_.size) {
            std::fclose(file_);
            file_ = nullptr;
            return true; // complete already; verify_and_store decides
        }

        Easy easy = make_easy(req_.url, o_);
        char errbuf[CURL_ERROR_SIZE] = {0};
        curl_easy_setopt(easy.get(), CURLOPT_ERRORBUFFER, errbuf);
        curl_easy_setopt(easy.get(), CURLOPT_WRITEFUNCTION, &Transfer::on_data);
        curl_easy_setopt(easy.get(), CURLOPT_WRITEDATA, this);
        curl_easy_setopt(easy.get(), CURLOPT_NOPROGRESS, 0L);
        curl_easy_setopt(easy.get(), CURLOPT_XFERINFOFUNCTION, &Transfer::on_progress);
        curl_easy_setopt(easy.get(), CURLOPT_XFERINFODATA, this);
        if (have)
            curl_easy_setopt(easy.get(), CURLOPT_RESUME_FROM_LARGE, static_cast<curl_off_t>(have));
        CURLcode rc = curl_easy_perform(easy.get());
        long code = 0;
        curl_easy_getinfo(easy.get(), CURLINFO_RESPONSE_CODE, &code);
        bool close_failed = std::fclose(file_) != 0;
        file_ = nullptr;

        if (write_failed_)
            throw Error("cannot write " + part_.string() + ": " + std::strerror(write_failed_),
                        "free some disk space and run the command again: the download resumes");
        if (close_failed)
            throw Error("cannot write " + part_.string() + ": " + std::strerror(errno),
                        "free some disk space and run the command again: the download resumes");
        if (too_long_) {
            fs::remove(part_, ec);
            throw Error("download of " + sanitize_url(req_.url) + " is larger than the " +
                            std::to_string(*req_.size) + " bytes the manifest states",
                        "the mirror serves a different file; check --dist-server");
        }
        if (rc == CURLE_HTTP_RETURNED_ERROR && code == 416) {
            // Range not satisfiable: our .part is not a prefix of what the server has.
            fs::remove(part_, ec);
            f = {"HTTP 416 from " + sanitize_url(req_.url), "try again", true};
            return false;
        }
        if (rc == CURLE_RANGE_ERROR) {
            // The server does not do Range: start over from zero on the next attempt.
            fs::remove(part_, ec);
            f = {"download of " + sanitize_url(req_.url) + " cannot be resumed", "try again", true};
            return false;
        }
        if (rc == CURLE_OK)
            return true;
        f = classify(rc, code, req_.url, errbuf);
        return false;
    }

    std::optional<DownloadResult> verify_and_store(bool already_restarted) {
        std::error_code ec;
        std::string actual = hash_.hex_digest();
        std::uint64_t size = received_;
        if (req_.sha256 && actual != *req_.sha256) {
            fs::remove(part_, ec);
            if (offset_ > 0 && !already_restarted)
                return std::nullopt;
            throw Error("sha256 mismatch for " + sanitize_url(req_.url) + ": expected " +
                            *req_.sha256 + ", got " + actual,
                        "the file was deleted; if the manifest's hash is right the server "
                        "sent wrong bytes, so try another mirror");
        }
        if (req_.size && size != *req_.size) {
            fs::remove(part_, ec);
            throw Error("download of " + sanitize_url(req_.url) + " has " + std::to_string(size) +
                            " bytes, expected " + std::to_string(*req_.size),
                        "the file was deleted; try again or use another mirror");
        }
        fs::path final_path = cache_dir_ / actual;
        fs::rename(part_, final_path, ec);
        if (ec)
            throw Error("cannot store " + final_path.string() + ": " + ec.message());
        if (o_.progress)
            o_.progress->finish(slot_, req_.label + ": " + human_bytes(static_cast<double>(size)) +
                                           (req_.sha256 ? ", sha256 verified"
                                                        : ", NOT verified (sha256 " + actual + ")"));
        return DownloadResult{final_path, actual, size, false};
    }

    static size_t on_data(char *ptr, size_t size, size_t nmemb, void *userdata) {
        auto *self = static_cast<Transfer *>(userdata);
        size_t n = size * nmemb;
        if (self->req_.size && self->received_ + n > *self->req_.size) {
            self->too_long_ = true;
            return 0;
        }
        if (std::fwrite(ptr, 1, n, self->file_) != n) {
            self->write_failed_ = errno ? errno : EIO;
            return 0;
        }
        self->hash_.update(ptr, n);
        self->received_ += n;
        return n;
    }

    static int on_progress(void *userdata, curl_off_t dltotal, curl_off_t dlnow, curl_off_t,
                           curl_off_t) {
        auto *self = static_cast<Transfer *>(userdata);
        if (self->o_.progress) {
            std::uint64_t total = self->req_.size.value_or(
                dltotal > 0 ? static_cast<std::uint64_t>(dltotal) + self->offset_ : 0);
            (void)dlnow;
            self->o_.progress->advance(self->slot_, self->received_, total);
        }
        return 0;
    }

    const DownloadRequest &req_;
    fs::path cache_dir_;
    const FetchOptions &o_;
    fs::path part_;
    std::FILE *file_ = nullptr;
    Sha256 hash_;
    std::uint64_t offset_ = 0, received_ = 0;
    bool too_long_ = false;
    int write_failed_ = 0;
    int slot_ = 0;
};

size_t append_to_string(char *ptr, size_t size, size_t nmemb, void *userdata) {
    auto *s = static_cast<std::string *>(userdata);
    if (s->size() > (64u << 20))
        return 0; // no manifest is 64 MB: refuse to buffer an endless body
    s->append(ptr, size * nmemb);
    return size * nmemb;
}

} // namespace

std::vector<DownloadResult> download_all(const std::vector<DownloadRequest> &requests,
                                         const fs::path &cache_dir, const FetchOptions &options) {
    std::error_code ec;
    fs::create_directories(cache_dir, ec);
    if (ec)
        throw Error("cannot create " + cache_dir.string() + ": " + ec.message(),
                    "check that the wasisdk home is writable");
    std::vector<DownloadResult> results(requests.size());
    std::vector<std::exception_ptr> errors(requests.size());
    auto work = [&](std::size_t i) {
        Transfer t(requests[i], cache_dir, options);
        try {
            results[i] = t.run();
        } catch (...) {
            t.drop_empty_part();
            errors[i] = std::current_exception();
        }
    };
    if (requests.size() == 1) {
        work(0);
    } else {
        std::vector<std::thread> threads;
        for (std::size_t i = 0; i < requests.size(); ++i)
            threads.emplace_back(work, i);
        for (auto &t : threads)
            t.join();
    }
    for (auto &e : errors)
        if (e)
            std::rethrow_exception(e);
    return results;
}

std::string fetch_text(const std::string &url, const FetchOptions &options) {
    if (auto problem = check_url_scheme(url, options.allow_http); !problem.empty())
        throw Error("cannot fetch " + sanitize_url(url) + ": " + problem);
    std::string body;
    FetchOptions o = options;
    for (int attempt = 1;; ++attempt) {
        body.clear();
        Easy easy = make_easy(url, o);
        char errbuf[CURL_ERROR_SIZE] = {0};
        curl_easy_setopt(easy.get(), CURLOPT_ERRORBUFFER, errbuf);
        curl_easy_setopt(easy.get(), CURLOPT_WRITEFUNCTION, &append_to_string);
        curl_easy_setopt(easy.get(), CURLOPT_WRITEDATA, &body);
        CURLcode rc = curl_easy_perform(easy.get());
        if (rc == CURLE_OK)
            return body;
        long code = 0;
        curl_easy_getinfo(easy.get(), CURLINFO_RESPONSE_CODE, &code);
        Failure f = classify(rc, code, url, errbuf);
        if (!f.retryable || attempt >= o.max_attempts)
            throw Error(f.message, f.fix);
        std::this_thread::sleep_for(o.retry_base_delay * (1 << (attempt - 1)));
    }
}

} // namespace wasisdk
