#include "model/fetch_options.h"

#include "base/error.h"
#include "base/fs_util.h"

#include <cstdlib>

namespace wasisdk {

static long positive_number(const char *var, const std::string &text) {
    char *end = nullptr;
    long v = std::strtol(text.c_str(), &end, 10);
    if (end == text.c_str() || *end != '\0' || v < 0)
        throw Error(std::string(var) + "=" + text + " is not a non-negative number",
                    std::string("unset ") + var + " or give a number", ExitCode::usage);
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
        o.retry_base_delay = std::chrono::milliseconds(positive_number("WASISDK_RETRY_BASE_MS", *v));
    if (auto v = env_var("WASISDK_LOW_SPEED_TIME"))
        o.low_speed_time_s = positive_number("WASISDK_LOW_SPEED_TIME", *v);
    return o;
}

} // namespace wasisdk
