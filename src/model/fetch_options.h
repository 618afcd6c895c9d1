#pragma once
// How downloads behave: retries, timeouts, TLS trust, progress. A plain settings struct
// (no libcurl here) so that code which only configures downloads need not link them.
#include "base/error.h"

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

namespace wasisdk {

class Progress;

struct FetchOptions {
    int max_attempts = 4;
    std::chrono::milliseconds retry_base_delay{1000}; // doubles on each retry
    long connect_timeout_s = 30;
    long low_speed_time_s = 30; // abort when under 1 KB/s for this long
    bool allow_http = false;    // plain http beyond loopback
    std::optional<std::string> ca_bundle;
    Progress *progress = nullptr;
    // The most a download whose size nobody stated may take: 2 GiB. The largest wasi-sdk
    // asset is under 200 MB and a rust-std under 100 MB, so a real file never hits it,
    // while a mirror streaming zeros stops long before a disk fills.
    std::uint64_t max_unknown_size = std::uint64_t{2} << 30;
    // What messages offer as ways out, per command: `rust-std install` has
    // --rust-dist-server and --from a tarball, not --dist-server and `wasisdk link`.
    std::string mirror_option = "--dist-server"; // named in "HTTP 404" fixes
    std::string unreachable_fix =                // when the host cannot be reached
        "check the network, or use --dist-server with a reachable mirror, --from FILE, or "
        "wasisdk link for an SDK already on disk";

    // Defaults, adjusted by WASISDK_CA_BUNDLE / SSL_CERT_FILE / CURL_CA_BUNDLE and the
    // tuning variables WASISDK_RETRY_BASE_MS (0 to 600000), WASISDK_LOW_SPEED_TIME (1 to
    // 3600 s) and WASISDK_MAX_DOWNLOAD_MB (1 to 65536) (docs/cli.md). A value out of
    // range is an Error (usage) naming the variable and its range.
    static FetchOptions from_environment();
};

// A download that never reached its server: no DNS answer, no connection, no
// connection within the timeout. `install --or-system` falls back to the system's
// toolchain on this failure and no other (a 404 or a hash mismatch is not "offline").
class Unreachable : public Error {
  public:
    using Error::Error;
};

} // namespace wasisdk
