#include "model/fetch_options.h"

#include "base/error.h"
#include "base/fs_util.h"
#include "base/text.h"

#include <cstdlib>

namespace wasisdk {

// `text` as a whole number in [low, high]; anything else (junk, a sign, 20 digits that
// overflow long) is an Error naming the variable and its range.
static long number_in_range(const char *var, const std::string &text, long low, long high) {
    bool digits = !text.empty() && text.size() <= 12 &&
                  text.find_first_not_of("0123456789") == std::string::npos;
    long v = digits ? std::strtol(text.c_str(), nullptr, 10) : -1;
    if (!digits || v < low || v > high)
        throw Error(std::string(var) + "=" + printable(text, 40) + " is not a number from " +
                        std::to_string(low) + " to " + std::to_string(high),
                    std::string("unset ") + var + " or give a number in that range",
                    ExitCode::usage);
    return v;
}

FetchOptions FetchOptions::from_environment() {
    FetchOptions o;
    for (const char *var : {"WASISDK_CA_BUNDLE", "SSL_CERT_FILE", "CURL_CA_BUNDLE"})
        if (auto v = env_var(var)) {
            o.ca_bundle = *v;
            break;
        }
    if (auto v = env_var("WASISDK_RETRY_BASE_MS"))
        o.retry_base_delay =
            std::chrono::milliseconds(number_in_range("WASISDK_RETRY_BASE_MS", *v, 0, 600000));
    if (auto v = env_var("WASISDK_LOW_SPEED_TIME"))
        o.low_speed_time_s = number_in_range("WASISDK_LOW_SPEED_TIME", *v, 1, 3600);
    if (auto v = env_var("WASISDK_MAX_DOWNLOAD_MB"))
        o.max_unknown_size =
            static_cast<std::uint64_t>(number_in_range("WASISDK_MAX_DOWNLOAD_MB", *v, 1, 65536))
            << 20;
    return o;
}

} // namespace wasisdk
