// The rules behind issue 15's promises, one by one: the install-name rule, pin-file
// values, URL sanitising, the wrapper's loop guard, and the home's temporaries.
#include "base/fs_util.h"
#include "base/text.h"
#include "exec_path/install_name.h"
#include "exec_path/loop_guard.h"
#include "model/receipt.h"
#include "model/version.h"
#include "store/home_guard.h"
#include <unistd.h>

#include <cstring>
#include <gtest/gtest.h>
#include <string>

using namespace wasisdk;

TEST(InstallName, EveryReleaseVersionAndLinkNameFits) {
    for (const char *ok : {"22", "22.0", "20.0+threads", "34.0-rc.2", "33.0+m", "opt", "22-custom",
                           "my_sdk.v2", "A"})
        EXPECT_TRUE(wsd_valid_install_name(ok)) << ok;
}

TEST(InstallName, NothingThatLeavesItsAreaOrNeedsQuoting) {
    for (const char *bad : {"",        ".",   "..",  "../x", "a/b",    "25.0-x/../../victim",
                            ".hidden", "-rf", "+22", "a..b", "my sdk", "caf\xc3\xa9",
                            "$(id)",   "a;b", "a'b", "a\"b", "a\\b",   "a\nb",
                            "a\tb",    "`id`"})
        EXPECT_FALSE(wsd_valid_install_name(bad)) << bad;
    EXPECT_TRUE(wsd_valid_install_name(std::string(WSD_INSTALL_NAME_MAX, 'a').c_str()));
    EXPECT_FALSE(wsd_valid_install_name(std::string(WSD_INSTALL_NAME_MAX + 1, 'a').c_str()));
}

TEST(InstallName, VersionsCarryOnlyTheNameAlphabet) {
    EXPECT_TRUE(parse_version("34.0-rc.2"));
    EXPECT_TRUE(parse_version("20.0+threads"));
    EXPECT_FALSE(parse_version("25.0-x/../../../victim"));
    EXPECT_FALSE(parse_version("25.0-$(id)"));
    EXPECT_FALSE(parse_version("25.0+a b"));
}

TEST(PinValue, FirstLineThatIsNoCommentOrBlank) {
    auto value = [](std::string text) { return std::string(wsd_pin_value(text.data())); };
    EXPECT_EQ(value("25\n"), "25");
    EXPECT_EQ(value("  25  \r\n"), "25");
    EXPECT_EQ(value("# pinned for CI\n\n\t22.0\n# later\n"), "22.0");
    EXPECT_EQ(value("# only a comment\n"), "");
    EXPECT_EQ(value(""), "");
    EXPECT_EQ(value("\n\n"), "");
}

TEST(SanitizeUrl, NoCredentialsQueriesOrControlBytes) {
    EXPECT_EQ(sanitize_url("https://alice:pw@example.com/m.json?token=x#f"),
              "https://example.com/m.json");
    EXPECT_EQ(sanitize_url("http://tok@127.0.0.1:8/a@b"), "http://127.0.0.1:8/a@b");
    EXPECT_EQ(sanitize_url("ftp://u:p@h/x"), "ftp://h/x");
    EXPECT_EQ(sanitize_url("u:p@h/x"), "h/x");
    EXPECT_EQ(sanitize_url("https://h/\x1b[31mred"), "https://h/\\x1b[31mred");
}

TEST(Printable, EscapesAndBounds) {
    EXPECT_EQ(printable("caf\xc3\xa9"), "caf\\xc3\\xa9");
    EXPECT_EQ(printable("a\nb"), "a\\x0ab");
    EXPECT_EQ(printable(std::string(10, 'x'), 4), "xxxx...");
}

TEST(LoopGuard, CountsAndStops) {
    char out[16];
    wsd_error err;
    ASSERT_TRUE(wsd_next_depth(nullptr, "/sdk/bin/clang", out, &err));
    EXPECT_STREQ(out, "1");
    ASSERT_TRUE(wsd_next_depth("3", "/sdk/bin/clang", out, &err));
    EXPECT_STREQ(out, "4");
    ASSERT_TRUE(wsd_next_depth("junk", "/sdk/bin/clang", out, &err)); // ours, and malformed
    EXPECT_STREQ(out, "1");
    EXPECT_FALSE(wsd_next_depth("8", "/sdk/bin/clang", out, &err));
    EXPECT_NE(std::strstr(err.what, "/sdk/bin/clang runs a wasisdk wrapper again"), nullptr);
    EXPECT_FALSE(wsd_next_depth("99999999999999999999", "x", out, &err));
}

TEST(HomeGuard, OnlyOwnTemporariesAreDeleted) {
    for (const char *own : {"install-abc123", "remove-x", "link-1", "rust-std-Zz"})
        EXPECT_TRUE(is_own_temporary(own)) << own;
    for (const char *other : {"notes.txt", "installer", "Install-x", ".install-x", ""})
        EXPECT_FALSE(is_own_temporary(other)) << other;
}

// Receipts written before the probe read `llvm-version:` hold an llvm-project commit;
// read back, it is no version (issue 9: `show` printed the commit).
TEST(Receipt, ACommitIsNoLlvmVersion) {
    fs::path dir = fs::temp_directory_path() / ("wasisdk-receipt-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    Receipt r;
    r.name = r.version = "25.0";
    r.component = "sdk";
    for (const char *llvm : {"ca7933e47d3a", "19.1.7"}) {
        r.tree.llvm_version = llvm;
        write_file_atomic(dir / "receipt.json", receipt_to_json(r));
        EXPECT_EQ(read_receipt(dir / "receipt.json").tree.llvm_version,
                  std::string(llvm) == "19.1.7" ? "19.1.7" : "");
    }
    fs::remove_all(dir);
}
