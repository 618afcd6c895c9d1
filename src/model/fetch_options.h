#pragma once
// How downloads behave: retries, timeouts, TLS trust, progress. A plain settings struct
// (no libcurl here) so that code which only configures downloads need not link them.
#include <chrono>
#include <optional>
#include <string>

namespace wasisdk {

class Progress;

struct FetchOptions {
    int max_attempts = 4;
    std::chrono::milliseconds retry_base_delay{1000}; // doubles on each retry
    long connect_timeout_s = 30;
    long low_speed_time_s = 30;   // abort when under 1 KB/s for this long
    bool allow_http = false;      // plain http beyond loopback
    std::optional<std::string> ca_bundle;
    Progress *progress = nullptr;

    // Defaults, adjusted by WASISDK_CA_BUNDLE / SSL_CERT_FILE / CURL_CA_BUNDLE and the
    // tuning variables WASISDK_RETRY_BASE_MS, WASISDK_LOW_SPEED_TIME (docs/cli.md).
    static FetchOptions from_environment();
};

} // namespace wasisdk
