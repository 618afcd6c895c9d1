// sha256 (install/sha256.h) against the examples of FIPS 180-2, "Secure Hash Standard",
// Appendix B (NIST, 2002; also NIST CSRC "Cryptographic Standards and Guidelines:
// Examples with Intermediate Values", SHA256.pdf): B.1 one block, B.2 the 448-bit
// message over two blocks, B.3 one million 'a'. The same digests from coreutils'
// sha256sum on this machine.
#include "base/error.h"
#include "install/sha256.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <unistd.h>

using namespace wasisdk;
namespace fs = std::filesystem;

namespace {

const std::string kAbc = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
const std::string k448 = "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1";
const std::string kMillionA = "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0";
const std::string k448Message = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";

TEST(Sha256, Fips180_2_AppendixB_OneShot) {
    EXPECT_EQ(sha256_string("abc"), kAbc);
    EXPECT_EQ(k448Message.size() * 8, 448u);
    EXPECT_EQ(sha256_string(k448Message), k448);
    EXPECT_EQ(sha256_string(std::string(1000000, 'a')), kMillionA);
}

TEST(Sha256, StreamingInUnevenPiecesAsDownloadsFeedIt) {
    // A download feeds the hash whatever curl hands over: 1000 pieces of 1000 bytes,
    // then odd sizes across the 64-byte block boundary.
    Sha256 h;
    const std::string thousand(1000, 'a');
    for (int i = 0; i < 1000; ++i)
        h.update(thousand.data(), thousand.size());
    EXPECT_EQ(h.hex_digest(), kMillionA);
    h.reset();
    for (std::size_t at = 0, step = 1; at < k448Message.size(); at += step, step += 7)
        h.update(k448Message.data() + at, std::min(step, k448Message.size() - at));
    EXPECT_EQ(h.hex_digest(), k448);
}

TEST(Sha256, FileHash) {
    const fs::path file =
        fs::temp_directory_path() / ("wasisdk-sha256-" + std::to_string(::getpid()));
    std::ofstream(file, std::ios::binary) << std::string(1000000, 'a');
    EXPECT_EQ(sha256_file(file), kMillionA);
    fs::remove(file);
}

TEST(Sha256, OnePinCheckOneMessage) {
    EXPECT_NO_THROW(check_sha256("x", {kAbc, "m.json"}, kAbc, "fix"));
    try {
        check_sha256("https://example.invalid/a.tar.gz", {kAbc, "the built-in manifest"}, k448,
                     "the file was deleted");
        FAIL();
    } catch (const Error &e) {
        EXPECT_EQ(e.one_line(), "sha256 mismatch for https://example.invalid/a.tar.gz: expected " +
                                    kAbc + " (from the built-in manifest), got " + k448 +
                                    " (the file was deleted)");
    }
    try { // a local file's hash is never printed; nothing vouched-for to name
        check_sha256("file:///etc/shadow", {kAbc, ""}, k448, "check the path", false);
        FAIL();
    } catch (const Error &e) {
        EXPECT_EQ(e.one_line(),
                  "sha256 mismatch for file:///etc/shadow: expected " + kAbc + " (check the path)");
    }
}

} // namespace
