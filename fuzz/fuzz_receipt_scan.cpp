// The receipt scan compilers caches rely on (exec_path/sdk_identity.h): any bytes, read
// exactly as long as they are (no NUL needed, none read past the end), give at most
// WSD_MAX_ARTIFACTS values, each 64 lowercase hex digits; and the line written for
// sccache from any identity text never ends its comment early.
#include "exec_path/sdk_identity.h"

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <unistd.h>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    // A copy of exactly `size` bytes, so that ASan sees any read past them.
    std::unique_ptr<char[]> text(new char[size ? size : 1]);
    std::memcpy(text.get(), data, size);
    wsd_receipt_digest d;
    if (wsd_scan_receipt(text.get(), size, &d)) {
        if (d.count > WSD_MAX_ARTIFACTS)
            std::abort();
        for (size_t i = 0; i < d.count; ++i)
            if (std::strlen(d.sha256[i]) != 64 ||
                std::strspn(d.sha256[i], "0123456789abcdef") != 64)
                std::abort();
    }

    // The same bytes as identity text, up to a NUL, as long as the driver's buffer holds.
    std::string identity(text.get(), strnlen(text.get(), size));
    if (identity.size() >= WSD_IDENTITY_MAX)
        return 0;
    int fds[2];
    if (pipe(fds) != 0)
        return 0;
    char line[3 * WSD_IDENTITY_MAX + 16];
    ssize_t n = 0;
    if (wsd_write_identity_line(fds[1], identity.c_str())) {
        n = read(fds[0], line, sizeof line - 1); // one write under the pipe's 64 KiB: all of it
        line[n > 0 ? n : 0] = '\0';
        const char *body = line + 5; // after "# /* "
        const char *close = std::strstr(body, "*/");
        if (std::strncmp(line, "# /* ", 5) != 0 || !close || std::strcmp(close, "*/\n") != 0)
            std::abort();
    }
    close(fds[0]);
    close(fds[1]);
    return 0;
}
