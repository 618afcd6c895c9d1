#include "base/ar_index.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace wasisdk {

namespace {

constexpr std::string_view kMagic = "!<arch>\n";
constexpr std::string_view kThinMagic = "!<thin>\n";
// A member header: name[16] date[12] uid[6] gid[6] mode[8] size[10] "`\n".
constexpr std::size_t kHeaderBytes = 60;
constexpr std::size_t kIndexStart = 8 + kHeaderBytes; // the first member's data
constexpr std::size_t kSizeField = 48, kSizeWidth = 10, kTerminator = 58;

ArIndex problem(std::string why) {
    ArIndex r;
    r.problem = std::move(why);
    return r;
}

// The size field: decimal digits padded with spaces. At most 10 digits, so no overflow.
std::optional<std::uint64_t> member_size(std::string_view field) {
    std::uint64_t value = 0;
    std::size_t i = 0;
    for (; i < field.size() && field[i] >= '0' && field[i] <= '9'; ++i)
        value = value * 10 + static_cast<std::uint64_t>(field[i] - '0');
    if (i == 0 || field.find_first_not_of(' ', i) != std::string_view::npos)
        return std::nullopt;
    return value;
}

std::uint64_t big_endian(std::string_view bytes) {
    std::uint64_t value = 0;
    for (unsigned char c : bytes)
        value = value << 8 | c;
    return value;
}

// The index member's width of counts and offsets (4 or 8), or 0 when the first member
// is no GNU index.
std::size_t index_width(std::string_view name) {
    if (name == "/               ")
        return 4;
    if (name == "/SYM64/         ")
        return 8;
    return 0;
}

} // namespace

bool ArIndex::defines(std::string_view symbol) const {
    return symbols && std::find(symbols->begin(), symbols->end(), symbol) != symbols->end();
}

ArIndex parse_ar_index(std::string_view bytes) {
    if (bytes.substr(0, kMagic.size()) != kMagic &&
        bytes.substr(0, kThinMagic.size()) != kThinMagic)
        return problem("not an ar archive");
    if (bytes.size() == kMagic.size()) {
        ArIndex empty; // an archive without members defines nothing
        empty.symbols.emplace();
        return empty;
    }
    if (bytes.size() < kIndexStart)
        return problem("truncated member header");
    std::string_view header = bytes.substr(kMagic.size(), kHeaderBytes);
    if (header.substr(kTerminator) != "`\n")
        return problem("corrupt member header");
    std::string_view name = header.substr(0, 16);
    const std::size_t width = index_width(name);
    if (width == 0)
        return problem(name.starts_with("__.SYMDEF") || name.starts_with("#1/")
                           ? "has a BSD-format symbol index, which wasisdk does not read"
                           : "has no symbol index (llvm-ranlib adds one)");
    auto size = member_size(header.substr(kSizeField, kSizeWidth));
    if (!size)
        return problem("corrupt member size");
    if (*size > bytes.size() - kIndexStart)
        return problem("truncated symbol index");
    std::string_view body = bytes.substr(kIndexStart, *size);
    if (body.size() < width)
        return problem("truncated symbol index");
    const std::uint64_t count = big_endian(body.substr(0, width));
    if (count > (body.size() - width) / width)
        return problem("symbol index counts more symbols than it holds");
    std::string_view names = body.substr(width + count * width);
    ArIndex r;
    r.symbols.emplace();
    r.symbols->reserve(std::min<std::uint64_t>(count, names.size()));
    for (std::uint64_t i = 0; i < count; ++i) {
        auto nul = names.find('\0');
        if (nul == std::string_view::npos)
            return problem("truncated symbol names");
        r.symbols->emplace_back(names.substr(0, nul));
        names.remove_prefix(nul + 1);
    }
    return r;
}

ArIndex read_ar_index(const std::filesystem::path &path) {
    // O_NONBLOCK and fstat: a FIFO or device is refused without blocking.
    int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
        return problem(std::strerror(errno));
    struct stat st {};
    std::string bytes;
    auto read_up_to = [&](std::uint64_t want) {
        bytes.resize(static_cast<std::size_t>(want));
        std::size_t got = 0;
        while (got < bytes.size()) {
            ssize_t n =
                ::pread(fd, bytes.data() + got, bytes.size() - got, static_cast<off_t>(got));
            if (n < 0 && errno == EINTR)
                continue;
            if (n <= 0)
                break;
            got += static_cast<std::size_t>(n);
        }
        bytes.resize(got);
    };
    ArIndex r;
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        r = problem("not a regular file");
    } else {
        read_up_to(std::min<std::uint64_t>(kIndexStart, static_cast<std::uint64_t>(st.st_size)));
        // Only an index member is read on: the first object of a library without one
        // could be megabytes.
        std::string_view head = bytes;
        auto size = head.size() == kIndexStart && index_width(head.substr(8, 16)) != 0
                        ? member_size(head.substr(8 + kSizeField, kSizeWidth))
                        : std::nullopt;
        if (size && *size > kMaxArIndexBytes)
            r = problem("symbol index over " + std::to_string(kMaxArIndexBytes >> 20) + " MiB");
        else {
            if (size)
                read_up_to(std::min<std::uint64_t>(kIndexStart + *size,
                                                   static_cast<std::uint64_t>(st.st_size)));
            r = parse_ar_index(bytes);
        }
    }
    ::close(fd);
    return r;
}

} // namespace wasisdk
