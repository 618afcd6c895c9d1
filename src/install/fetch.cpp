#include "install/fetch.h"

#include "base/error.h"
#include "base/fs_util.h"
#include "base/text.h"
#include "install/sha256.h"
#include "model/manifest.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <curl/curl.h>
#include <exception>
#include <fcntl.h>
#include <mutex>
#include <sys/stat.h>
#include <thread>
#include <unistd.h>
#include <vector>

namespace wasisdk {

namespace fs = std::filesystem;

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
    bool unreachable = false; // the server was never reached (thrown as Unreachable)
};

[[noreturn]] void throw_failure(const Failure &f, const std::string &message) {
    if (f.unreachable)
        throw Unreachable(message, f.fix);
    throw Error(message, f.fix);
}

// Whether the transfer got as far as a connection (a timeout before one is "offline").
bool connected(CURL *c) {
    curl_off_t us = 0;
    return curl_easy_getinfo(c, CURLINFO_CONNECT_TIME_T, &us) == CURLE_OK && us > 0;
}

Failure classify(CURLcode rc, long http_code, const std::string &url, const char *errbuf,
                 bool was_connected, const FetchOptions &o) {
    std::string where = sanitize_url(url);
    std::string detail = errbuf[0] ? errbuf : curl_easy_strerror(rc);
    switch (rc) {
    case CURLE_HTTP_RETURNED_ERROR: {
        bool transient = http_code >= 500 || http_code == 408 || http_code == 429;
        return {"HTTP " + std::to_string(http_code) + " from " + where,
                transient ? "the server had a problem; try again later"
                          : "check the URL, the version and " + o.mirror_option,
                transient};
    }
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
        return {"cannot resolve the host of " + where + ": " + detail, o.unreachable_fix, false,
                true};
    case CURLE_COULDNT_CONNECT:
        return {"cannot connect to " + where + ": " + detail, o.unreachable_fix, true, true};
    case CURLE_OPERATION_TIMEDOUT:
        return {"download of " + where + " timed out: " + detail, "try again later", true,
                !was_connected};
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

// What one attempt came to: done, failed (`f` says how and whether a retry may help),
// or to be made again at once, without a wait (a resumed download that mismatched
// starts once from zero; it still counts as an attempt).
enum class Attempt { done, failed, again_now };

// The one retry loop, for downloads and documents (manifests) alike: an attempt that
// failed transiently (Failure::retryable: connection errors, timeouts, 5xx, 408, 429, a
// body cut short) is made again after retry_base_delay, then twice that, and so on, up
// to max_attempts in all (FetchOptions: 4 attempts, waits of 1, 2 and 4 s; docs/cli.md,
// WASISDK_RETRY_BASE_MS). Any other failure is thrown at once; the last one after the
// final attempt, saying how many were made.
template <class Once> void with_retries(const FetchOptions &o, Once &&attempt_once) {
    auto delay = o.retry_base_delay;
    for (int attempt = 1;; ++attempt) {
        Failure f;
        switch (attempt_once(f)) {
        case Attempt::done:
            return;
        case Attempt::again_now:
            continue;
        case Attempt::failed:
            break;
        }
        if (!f.retryable || attempt >= o.max_attempts)
            throw_failure(f, f.message + (attempt > 1
                                              ? " (after " + std::to_string(attempt) + " attempts)"
                                              : ""));
        std::this_thread::sleep_for(delay);
        delay *= 2;
    }
}

// One artifact's download with retries and resume.
class Transfer {
  public:
    Transfer(const DownloadRequest &req, const fs::path &cache_dir, const FetchOptions &o)
        : req_(req), cache_dir_(cache_dir), o_(o) {
        std::string key = req.sha256 ? *req.sha256 : "url-" + sha256_string(req.url).substr(0, 32);
        part_ = cache_dir / (key + ".part");
        file_url_ =
            req.url.size() > 7 && std::equal(req.url.begin(), req.url.begin() + 7, "file://",
                                             [](char a, char b) { return std::tolower(a) == b; });
    }

    DownloadResult run() {
        if (req_.sha256) {
            fs::path cached = cache_dir_ / *req_.sha256;
            std::error_code ec;
            if (fs::is_regular_file(fs::symlink_status(cached, ec))) {
                // The cache is on disk and so not trusted: hash it again.
                if (sha256_file(cached) == *req_.sha256)
                    return finished_from_cache(cached);
                fs::remove(cached, ec);
            }
        }
        slot_ = o_.progress ? o_.progress->start(req_.label, req_.size.value_or(0)) : 0;
        bool restarted_after_mismatch = false;
        std::optional<DownloadResult> result;
        with_retries(o_, [&](Failure &f) {
            if (!attempt_once(f))
                return Attempt::failed;
            result = verify_and_store(restarted_after_mismatch);
            // A stale .part from an older, different file can make a resumed download
            // mismatch: start once from zero before calling it a mismatch.
            restarted_after_mismatch = !result;
            return result ? Attempt::done : Attempt::again_now;
        });
        return *result;
    }

    // A failed first attempt that received nothing leaves no clutter behind; a
    // non-empty .part stays for the next run to resume.
    void drop_empty_part() noexcept {
        struct stat st;
        if (::lstat(part_.c_str(), &st) == 0 && S_ISREG(st.st_mode) && st.st_size == 0)
            discard_part();
    }

  private:
    DownloadResult finished_from_cache(const fs::path &cached) {
        std::error_code ec;
        DownloadResult r{cached, *req_.sha256,
                         static_cast<std::uint64_t>(fs::file_size(cached, ec)), true};
        if (o_.progress) {
            int slot = o_.progress->start(req_.label, r.size);
            o_.progress->finish(slot, req_.label + ": in the download cache, sha256 verified");
        }
        return r;
    }

    // Returns true when the transfer completed; fills `f` otherwise.
    bool attempt_once(Failure &f) {
        std::error_code ec;
        std::uint64_t have = resumable_bytes();
        if (file_url_ && !check_local_file(f))
            return false;
        // O_NOFOLLOW and a regular-file check: a .part planted as a symlink must not make
        // us append to (or truncate) a file elsewhere.
        int fd =
            ::open(part_.c_str(),
                   O_WRONLY | O_CREAT | O_CLOEXEC | O_NOFOLLOW | (have ? O_APPEND : O_TRUNC), 0644);
        struct stat st;
        if (fd >= 0 && (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode))) {
            ::close(fd);
            fd = -1;
            errno = EINVAL;
        }
        file_ = fd >= 0 ? ::fdopen(fd, have ? "ab" : "wb") : nullptr;
        if (!file_)
            throw Error("cannot write " + part_.string() + ": " + std::strerror(errno),
                        "check that the wasisdk home is writable and the disk is not full");
        hash_.reset();
        if (have) {
            // Resuming: the bytes already on disk count towards the hash.
            int in = ::open(part_.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
            std::vector<char> buf(1 << 20);
            ssize_t n;
            while (in >= 0 && (n = ::read(in, buf.data(), buf.size())) > 0)
                hash_.update(buf.data(), static_cast<std::size_t>(n));
            if (in >= 0)
                ::close(in);
        }
        offset_ = have;
        received_ = have;
        if (o_.progress) // the rate is of this attempt's bytes, not of those on disk
            o_.progress->resume_from(slot_, have);
        too_long_ = false;
        write_failed_ = 0;
        validator_.clear();
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
        curl_easy_setopt(easy.get(), CURLOPT_HEADERFUNCTION, &Transfer::on_header);
        curl_easy_setopt(easy.get(), CURLOPT_HEADERDATA, this);
        struct curl_slist *headers = nullptr;
        if (have) {
            curl_easy_setopt(easy.get(), CURLOPT_RESUME_FROM_LARGE, static_cast<curl_off_t>(have));
            // Unpinned bytes resume only if the server still has the same file (RFC 9110
            // 13.1.5): on a changed file it answers 200 with the whole body, which curl
            // reports as CURLE_RANGE_ERROR, and the download starts over below.
            if (!req_.sha256) {
                headers = curl_slist_append(nullptr, ("If-Range: " + read_validator()).c_str());
                curl_easy_setopt(easy.get(), CURLOPT_HTTPHEADER, headers);
            }
        }
        CURLcode rc = curl_easy_perform(easy.get());
        curl_slist_free_all(headers);
        long code = 0;
        curl_easy_getinfo(easy.get(), CURLINFO_RESPONSE_CODE, &code);
        bool close_failed = std::fclose(file_) != 0;
        file_ = nullptr;

        if (write_failed_ || close_failed) {
            // A full disk: the partial file would only keep it full.
            int err = write_failed_ ? write_failed_ : errno;
            discard_part();
            throw Error("cannot write " + part_.string() + ": " + std::strerror(err),
                        "free some disk space and run the command again");
        }
        if (too_long_) {
            discard_part();
            if (req_.size)
                throw Error("download of " + sanitize_url(req_.url) + " is larger than the " +
                                std::to_string(*req_.size) + " bytes the manifest states",
                            "the mirror serves a different file; check --dist-server");
            throw Error("download of " + sanitize_url(req_.url) + " is larger than " +
                            std::to_string(limit() >> 20) +
                            " MiB, the limit for a file whose size the manifest does not state",
                        "if the file really is that large, raise WASISDK_MAX_DOWNLOAD_MB");
        }
        if (!req_.sha256) {
            // Keep what lets an unpinned .part resume; without a validator it cannot.
            if (validator_.empty())
                ::unlink(validator_path().c_str());
            else
                write_file_atomic(validator_path(), validator_ + "\n");
        }
        if (rc == CURLE_HTTP_RETURNED_ERROR && code == 416) {
            // Range not satisfiable: our .part is not a prefix of what the server has.
            discard_part();
            f = {"HTTP 416 from " + sanitize_url(req_.url), "try again", true};
            return false;
        }
        if (rc == CURLE_RANGE_ERROR) {
            // The server does not do Range: start over from zero on the next attempt.
            discard_part();
            f = {"download of " + sanitize_url(req_.url) + " cannot be resumed", "try again", true};
            return false;
        }
        if (rc == CURLE_OK)
            return true;
        f = classify(rc, code, req_.url, errbuf, connected(easy.get()), o_);
        return false;
    }

    std::optional<DownloadResult> verify_and_store(bool already_restarted) {
        std::error_code ec;
        std::string actual = hash_.hex_digest();
        std::uint64_t size = received_;
        if (req_.sha256 && actual != *req_.sha256) {
            discard_part();
            if (offset_ > 0 && !already_restarted)
                return std::nullopt;
            check_sha256(sanitize_url(req_.url), {*req_.sha256, req_.sha256_from}, actual,
                         "the file was deleted; if the manifest's hash is right the server "
                         "sent wrong bytes, so try another mirror",
                         !file_url_);
        }
        if (req_.size && size != *req_.size) {
            discard_part();
            throw Error("download of " + sanitize_url(req_.url) + " has " + std::to_string(size) +
                            " bytes, expected " + std::to_string(*req_.size),
                        "the file was deleted; try again or use another mirror");
        }
        fs::path final_path = cache_dir_ / actual;
        ::unlink(validator_path().c_str());
        fs::rename(part_, final_path, ec);
        if (ec)
            throw Error("cannot store " + final_path.string() + ": " + ec.message());
        if (o_.progress)
            o_.progress->finish(
                slot_,
                req_.label + ": " + human_bytes(static_cast<double>(size)) +
                    (req_.sha256 ? ", sha256 verified" : ", NOT verified (sha256 " + actual + ")"));
        return DownloadResult{final_path, actual, size, false};
    }

    static size_t on_data(char *ptr, size_t size, size_t nmemb, void *userdata) {
        auto *self = static_cast<Transfer *>(userdata);
        size_t n = size * nmemb;
        if (self->received_ + n > self->limit()) {
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

    // How many bytes of an earlier .part this attempt may keep: any prefix of a pinned
    // file (the hash decides), an unpinned one only with the server's validator saved
    // beside it, a local file's never (re-reading it is cheap). Anything at the .part's
    // name that is not a regular file is removed, never followed.
    std::uint64_t resumable_bytes() {
        struct stat st;
        if (::lstat(part_.c_str(), &st) != 0)
            return 0;
        std::uint64_t have = S_ISREG(st.st_mode) ? static_cast<std::uint64_t>(st.st_size) : 0;
        bool keep = S_ISREG(st.st_mode) && (req_.sha256 ? !(req_.size && have > *req_.size)
                                                        : !file_url_ && !read_validator().empty());
        if (!keep) {
            discard_part();
            return 0;
        }
        return have;
    }

    // The most bytes this download may have: the stated size, else the caller's bound,
    // else the general one for unknown sizes.
    std::uint64_t limit() const {
        return req_.size.value_or(req_.max_size.value_or(o_.max_unknown_size));
    }

    fs::path validator_path() const { return fs::path(part_.string() + ".validator"); }

    // The ETag (or else Last-Modified) saved for an unpinned .part, "" when none.
    std::string read_validator() const {
        try {
            return trim(read_file_if_exists(validator_path(), 1024).value_or(""));
        } catch (const Error &) {
            return {};
        }
    }

    void discard_part() noexcept {
        ::unlink(part_.c_str());
        ::unlink(validator_path().c_str());
    }

    // A file:// artifact must be a regular file: curl would block forever on a FIFO.
    bool check_local_file(Failure &f) {
        CURLU *u = curl_url();
        char *path = nullptr;
        bool ok = u && curl_url_set(u, CURLUPART_URL, req_.url.c_str(), 0) == CURLUE_OK &&
                  curl_url_get(u, CURLUPART_PATH, &path, CURLU_URLDECODE) == CURLUE_OK;
        struct stat st;
        ok = ok && ::stat(path, &st) == 0 && S_ISREG(st.st_mode);
        curl_free(path);
        curl_url_cleanup(u);
        if (!ok)
            f = {"cannot read " + sanitize_url(req_.url) + ": not a regular file",
                 "check the path"};
        return ok;
    }

    // Keeps the validator of the final response (a redirect's headers come first).
    static size_t on_header(char *buffer, size_t size, size_t nitems, void *userdata) {
        auto *self = static_cast<Transfer *>(userdata);
        std::string_view line(buffer, size * nitems);
        auto value_of = [&](std::string_view name) -> std::optional<std::string> {
            if (line.size() <= name.size() || line[name.size()] != ':')
                return std::nullopt;
            for (std::size_t i = 0; i < name.size(); ++i)
                if (std::tolower(static_cast<unsigned char>(line[i])) != name[i])
                    return std::nullopt;
            return trim(line.substr(name.size() + 1));
        };
        if (line.starts_with("HTTP/"))
            self->validator_.clear(), self->strong_validator_ = false;
        else if (auto etag = value_of("etag");
                 etag && !etag->starts_with("W/") && etag->size() < 512)
            self->validator_ = *etag, self->strong_validator_ = true; // If-Range needs a strong one
        else if (auto lm = value_of("last-modified");
                 lm && !self->strong_validator_ && lm->size() < 128)
            self->validator_ = *lm;
        return size * nitems;
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
    bool file_url_ = false;
    std::string validator_; // of the response being received
    bool strong_validator_ = false;
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
    with_retries(options, [&](Failure &f) {
        body.clear();
        Easy easy = make_easy(url, options);
        char errbuf[CURL_ERROR_SIZE] = {0};
        curl_easy_setopt(easy.get(), CURLOPT_ERRORBUFFER, errbuf);
        curl_easy_setopt(easy.get(), CURLOPT_WRITEFUNCTION, &append_to_string);
        curl_easy_setopt(easy.get(), CURLOPT_WRITEDATA, &body);
        CURLcode rc = curl_easy_perform(easy.get());
        if (rc == CURLE_OK)
            return Attempt::done;
        long code = 0;
        curl_easy_getinfo(easy.get(), CURLINFO_RESPONSE_CODE, &code);
        f = classify(rc, code, url, errbuf, connected(easy.get()), options);
        return Attempt::failed;
    });
    return body;
}

} // namespace wasisdk
