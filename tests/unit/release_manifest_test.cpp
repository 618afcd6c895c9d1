// Releases newer than the binary (issue 13, section 2): the manifest's `generated` time,
// the union with the built-in pins, Ed25519 signatures, GitHub's release JSON, the cache
// in the home, and `update`'s refusals (rollback, bad signature, pin conflict), run here
// against a file:// manifest root with keys made at test time.
#include "base/error.h"
#include "base/fs_util.h"
#include "base/text.h"
#include "install/release_manifest.h"
#include "install/signature.h"
#include "model/github_release.h"
#include "model/manifest_union.h"
#include "store/home_guard.h"
#include "store/release_manifest_cache.h"

#include <functional>
#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <unistd.h>

using namespace wasisdk;

namespace {

std::string error_of(const std::function<void()> &f) {
    try {
        f();
    } catch (const Error &e) {
        return e.one_line();
    }
    return "no error";
}

// --- the `generated` field and ages --------------------------------------------------

TEST(ManifestGenerated, OneUtcFormOnly) {
    Manifest m = parse_manifest(
        R"({"schema": 1, "generated": "2026-07-21T08:00:00Z", "releases": []})", "m.json");
    EXPECT_EQ(m.generated, "2026-07-21T08:00:00Z");
    EXPECT_EQ(parse_manifest(R"({"schema": 1, "releases": []})", "m.json").generated, "");
    for (const char *bad : {"2026-07-21", "2026-07-21 08:00:00Z", "2026-07-21T08:00:00+02:00",
                            "2026-13-01T00:00:00Z", "2026-07-21T24:00:00Z", "yesterday"}) {
        std::string text =
            std::string(R"({"schema": 1, "generated": ")") + bad + R"(", "releases": []})";
        EXPECT_EQ(error_of([&] { parse_manifest(text, "m.json"); }),
                  std::string("m.json: $.generated: expected a UTC time such as "
                              "2026-07-21T00:00:00Z, found '") +
                      bad + "' (fix the manifest, or pass --manifest with a corrected file)")
            << bad;
    }
}

TEST(ManifestGenerated, SecondsAndAges) {
    EXPECT_EQ(utc_time_seconds("1970-01-01T00:00:00Z"), 0);
    EXPECT_EQ(utc_time_seconds("2000-01-01T00:00:00Z"), 946684800); // the well-known epoch value
    EXPECT_FALSE(utc_time_seconds("2000-01-01"));
    EXPECT_EQ(age_in_words(0), "just now");
    EXPECT_EQ(age_in_words(59), "just now");
    EXPECT_EQ(age_in_words(60), "1 minute ago");
    EXPECT_EQ(age_in_words(7199), "1 hour ago");
    EXPECT_EQ(age_in_words(7200), "2 hours ago");
    EXPECT_EQ(age_in_words(3 * 86400 + 5), "3 days ago");
    EXPECT_EQ(age_in_words(-5), "in the future");
}

// --- the union with the built-in manifest ----------------------------------------------

const std::string kA(64, 'a'), kB(64, 'b'), kC(64, 'c');

Manifest built_in() {
    return parse_manifest(R"({"schema": 1, "base_url": "https://gh.example/dl/", "releases": [
      {"version": "22.0", "llvm": "18.1.2", "artifacts": [
        {"kind": "sdk", "host": "x86_64-linux", "url": "wasi-sdk-22/l.tar.gz",
         "sha256": ")" + kA + R"(", "source": "spack"},
        {"kind": "sdk", "host": "arm64-macos", "url": "wasi-sdk-22/m.tar.gz"}]}]})",
                          "built-in manifest");
}

Manifest refreshed(const std::string &body) {
    return parse_manifest(R"({"schema": 1, "generated": "2026-07-21T00:00:00Z",
      "base_url": "https://gh.example/dl/", "releases": [)" +
                              body + "]}",
                          "signed release manifest https://m.example/wasi-sdk.json");
}

TEST(ManifestUnion, AddsReleasesAndFillsUnpinnedArtifacts) {
    Manifest m = merge_release_manifests(built_in(),
                                         refreshed(R"(
      {"version": "35.0", "artifacts": [{"kind": "sdk", "host": "x86_64-linux",
        "url": "wasi-sdk-35/n.tar.gz", "sha256": ")" +
                                                   kC + R"("}]},
      {"version": "22.0", "artifacts": [
        {"kind": "sdk", "host": "x86_64-linux", "url": "elsewhere.tar.gz"},
        {"kind": "sdk", "host": "arm64-macos", "url": "wasi-sdk-22/m.tar.gz", "sha256": ")" +
                                                   kB + R"(",
         "source": "the publisher"},
        {"kind": "sysroot", "url": "wasi-sdk-22/s.tar.gz"}]})"),
                                         "fix");
    EXPECT_EQ(m.versions(), (std::vector<std::string>{"22.0", "35.0"}));
    EXPECT_EQ(m.generated, "2026-07-21T00:00:00Z");
    EXPECT_EQ(m.origin,
              "built-in manifest and the signed release manifest https://m.example/wasi-sdk.json");
    const Release *r22 = m.find("22.0");
    EXPECT_EQ(r22->llvm, "18.1.2");
    // The built-in pin stays, URL and all, when the refreshed entry has no sha256.
    const Artifact *linux = r22->find(ArtifactKind::sdk, "x86_64-linux");
    EXPECT_EQ(linux->sha256, kA);
    EXPECT_EQ(linux->url, "https://gh.example/dl/wasi-sdk-22/l.tar.gz");
    EXPECT_EQ(linux->pinned_by, "built-in manifest");
    // An artifact the built-in manifest has no sha256 for takes the refreshed pin.
    const Artifact *mac = r22->find(ArtifactKind::sdk, "arm64-macos");
    EXPECT_EQ(mac->sha256, kB);
    EXPECT_EQ(mac->source, "the publisher");
    EXPECT_EQ(mac->pinned_by, "signed release manifest https://m.example/wasi-sdk.json");
    EXPECT_TRUE(r22->find(ArtifactKind::sysroot, "x86_64-linux"));
    EXPECT_EQ(m.find("35.0")->find(ArtifactKind::sdk, "x86_64-linux")->sha256, kC);
}

TEST(ManifestUnion, ADisagreeingPinNamesBothHashesAndSources) {
    Manifest fresh = refreshed(R"({"version": "22.0", "artifacts": [
        {"kind": "sdk", "host": "x86_64-linux", "url": "wasi-sdk-22/l.tar.gz",
         "sha256": ")" + kB + R"(", "source": "a rebuild"}]})");
    EXPECT_EQ(error_of([&] { merge_release_manifests(built_in(), fresh, "nothing was cached"); }),
              "wasi-sdk 22.0 sdk for x86_64-linux: the built-in manifest pins sha256 " + kA +
                  " (source: spack), but the signed release manifest "
                  "https://m.example/wasi-sdk.json says sha256 " +
                  kB + " (source: a rebuild) (nothing was cached)");
    // The same pin twice is agreement, not a conflict.
    Manifest same = refreshed(R"({"version": "22.0", "artifacts": [
        {"kind": "sdk", "host": "x86_64-linux", "url": "x.tar.gz", "sha256": ")" +
                              kA + R"("}]})");
    EXPECT_EQ(merge_release_manifests(built_in(), same, "f").find("22.0")->artifacts.size(), 2u);
}

// --- GitHub's release JSON ------------------------------------------------------------

TEST(GithubRelease, AssetsAndTheirDigests) {
    // The shape of GitHub's "Get a release by tag name" answer, fields wasisdk reads.
    auto assets = parse_github_release(R"({"tag_name": "wasi-sdk-35", "assets": [
      {"name": "wasi-sdk-35.0-x86_64-linux.tar.gz", "browser_download_url": "https://github.com/d/a",
       "digest": "sha256:)" + std::string(64, 'A') +
                                           R"(", "size": 1},
      {"name": "old.tar.gz", "browser_download_url": "https://github.com/d/b", "digest": null},
      {"name": "md5.tar.gz", "browser_download_url": "https://github.com/d/c", "digest": "md5:00"}]})",
                                       "api");
    ASSERT_EQ(assets.size(), 3u);
    EXPECT_EQ(assets[0].sha256, kA); // lower-cased
    EXPECT_EQ(assets[0].url, "https://github.com/d/a");
    EXPECT_FALSE(assets[1].sha256);
    EXPECT_FALSE(assets[2].sha256);
    EXPECT_EQ(
        error_of([] { parse_github_release(R"({"message": "Not Found"})", "https://api/x"); }),
        "https://api/x: $.assets: expected an array (GitHub's API answered with something "
        "else than a release; check WASISDK_GITHUB_API)");
    EXPECT_EQ(
        error_of([] { parse_github_release(R"({"assets": [{"name": 3}]})", "a"); }).substr(0, 28),
        "a: $.assets[0].name: expecte");
}

TEST(GithubRelease, TagsAndAssetNames) {
    EXPECT_EQ(github_release_tag("35"), "wasi-sdk-35");
    EXPECT_EQ(github_release_tag("35.0"), "wasi-sdk-35");
    for (const char *odd : {"35.1", "35.0-rc.1", "20.0+threads", "latest"})
        EXPECT_EQ(error_of([&] { github_release_tag(odd); }).substr(0, 40),
                  "--trust github-digest finds a release by")
            << odd;
    EXPECT_EQ(github_release_url("https://api.github.com/", "wasi-sdk-35"),
              "https://api.github.com/repos/WebAssembly/wasi-sdk/releases/tags/wasi-sdk-35");
    EXPECT_EQ(github_asset_name(ArtifactKind::sdk, "35.0", "arm64-macos"),
              "wasi-sdk-35.0-arm64-macos.tar.gz");
    EXPECT_EQ(github_asset_name(ArtifactKind::sysroot, "35.0", "x"), "wasi-sysroot-35.0.tar.gz");
    EXPECT_EQ(github_asset_name(ArtifactKind::builtins, "35.0", "x"), "libclang_rt-35.0.tar.gz");
}

// --- Ed25519 with keys made here ------------------------------------------------------

struct KeyPair {
    EVP_PKEY *key = nullptr;
    explicit KeyPair(const char *type = "ED25519") {
        key = std::string(type) == "EC" ? EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256")
                                        : EVP_PKEY_Q_keygen(nullptr, nullptr, type);
    }
    ~KeyPair() { EVP_PKEY_free(key); }
    std::string public_pem() const {
        BIO *bio = BIO_new(BIO_s_mem());
        PEM_write_bio_PUBKEY(bio, key);
        char *data = nullptr;
        long n = BIO_get_mem_data(bio, &data);
        std::string out(data, static_cast<std::size_t>(n));
        BIO_free(bio);
        return out;
    }
    std::string sign(const std::string &message) const {
        EVP_MD_CTX *ctx = EVP_MD_CTX_new();
        EVP_DigestSignInit(ctx, nullptr, nullptr, nullptr, key);
        std::size_t n = 0;
        EVP_DigestSign(ctx, nullptr, &n, reinterpret_cast<const unsigned char *>(message.data()),
                       message.size());
        std::string sig(n, '\0');
        EVP_DigestSign(ctx, reinterpret_cast<unsigned char *>(sig.data()), &n,
                       reinterpret_cast<const unsigned char *>(message.data()), message.size());
        EVP_MD_CTX_free(ctx);
        return sig;
    }
};

TEST(Signature, VerifiesOnlyTheSignedBytesWithTheRightKey) {
    KeyPair good, other;
    const std::string text = R"({"schema": 1})";
    const std::string sig = good.sign(text);
    ASSERT_EQ(sig.size(), kEd25519SignatureBytes);
    std::vector<TrustedKey> keys{{"other", other.public_pem()}, {"good", good.public_pem()}};
    EXPECT_EQ(verify_signature(text, sig, keys), "good");
    EXPECT_FALSE(verify_signature(text + " ", sig, keys));
    std::string flipped = sig;
    flipped[10] ^= 1;
    EXPECT_FALSE(verify_signature(text, flipped, keys));
    EXPECT_FALSE(verify_signature(text, sig.substr(0, 63), keys));
    EXPECT_FALSE(verify_signature(text, sig, {{"other", other.public_pem()}}));
    EXPECT_FALSE(verify_signature(text, sig, {}));
}

TEST(Signature, AKeyThatIsNotEd25519IsAnError) {
    KeyPair ec("EC");
    KeyPair good;
    const std::string sig = good.sign("x");
    EXPECT_EQ(error_of([&] {
                  verify_signature("x", sig, {{"ec.pem", ec.public_pem()}});
              }),
              "ec.pem is not an Ed25519 public key in PEM (give the public half of an Ed25519 "
              "key: openssl pkey -in private.pem -pubout)");
    EXPECT_NE(error_of([&] { verify_signature("x", sig, {{"junk", "not a key"}}); }), "no error");
}

// --- the cache and `update`'s checks, against a file:// manifest root ----------------------

class Refresh : public ::testing::Test {
  protected:
    fs::path tmp, root;
    Home home;
    std::vector<std::string> warnings;
    KeyPair key;

    void SetUp() override {
        char tmpl[] = "/tmp/wasisdk-refresh-XXXXXX";
        tmp = ::mkdtemp(tmpl);
        root = tmp / "root";
        fs::create_directories(root);
        home.root = tmp / "home";
    }
    void TearDown() override { remove_all_quiet(tmp); }

    Store store() {
        return Store(home, {[](const std::string &) {},
                            [this](const std::string &w) { warnings.push_back(w); },
                            [](const std::string &) {}});
    }
    void publish(const std::string &generated, const std::string &releases = "",
                 const KeyPair *signer = nullptr) {
        std::string text =
            R"({"schema": 1, )" +
            (generated.empty() ? std::string() : "\"generated\": \"" + generated + "\", ") +
            R"("releases": [)" + releases + "]}";
        write_file_atomic(root / kReleaseManifestFile, text);
        write_file_atomic(root / kReleaseSignatureFile, (signer ? *signer : key).sign(text));
    }
    RefreshOutcome refresh() {
        FetchOptions fetch;
        return refresh_release_manifest(store(), fetch,
                                        {file_url(root.string()), {{"test key", key.public_pem()}}},
                                        built_in(), {});
    }
    std::string cached_generated() {
        auto c = load_cached_release_manifest(home, {{"test key", key.public_pem()}}, {});
        return c ? c->manifest.generated : "none";
    }
};

TEST_F(Refresh, CachesAVerifiedManifestAndReadsItBack) {
    publish("2026-07-21T00:00:00Z", R"({"version": "35.0", "artifacts": []})");
    RefreshOutcome o = refresh();
    EXPECT_TRUE(o.changed);
    EXPECT_EQ(o.previous_generated, "");
    EXPECT_EQ(o.added, (std::vector<std::string>{"35.0"}));
    EXPECT_EQ(o.current.key, "test key");
    auto cached = load_cached_release_manifest(home, {{"test key", key.public_pem()}}, {});
    ASSERT_TRUE(cached);
    EXPECT_EQ(cached->manifest.versions(), (std::vector<std::string>{"35.0"}));
    EXPECT_EQ(cached->manifest.origin, "signed release manifest " + file_url(root.string()) +
                                           "/wasi-sdk.json (generated 2026-07-21T00:00:00Z)");
    EXPECT_TRUE(is_utc_time(cached->fetched_at));
    // Nothing of the swap is left in tmp/, and the same manifest again is no change.
    EXPECT_TRUE(fs::is_empty(home.tmp()));
    EXPECT_FALSE(refresh().changed);
    // Another key does not vouch for the cache.
    KeyPair other;
    EXPECT_EQ(error_of([&] {
                  load_cached_release_manifest(home, {{"k2", other.public_pem()}}, {});
              }),
              (home.release_manifest_dir() / "wasi-sdk.json").string() +
                  " is not signed by a key this wasisdk trusts (k2) (set WASISDK_MANIFEST_KEY to "
                  "the key it was signed with, run wasisdk update, or remove " +
                  home.release_manifest_dir().string() + ")");
}

TEST_F(Refresh, ARollbackIsRefusedAndTheCacheStays) {
    publish("2026-07-21T00:00:00Z");
    refresh();
    publish("2026-07-20T23:59:59Z");
    EXPECT_NE(error_of([&] { refresh(); })
                  .find("was generated 2026-07-20T23:59:59Z, before the cached "
                        "release manifest (2026-07-21T00:00:00Z): refused as a "
                        "rollback"),
              std::string::npos);
    EXPECT_EQ(cached_generated(), "2026-07-21T00:00:00Z");
    // Other bytes under the same time: refused as well.
    publish("2026-07-21T00:00:00Z", R"({"version": "36.0", "artifacts": []})");
    EXPECT_NE(error_of([&] { refresh(); }).find("but has the same generated time"),
              std::string::npos);
    publish("2026-07-22T00:00:00Z");
    EXPECT_EQ(refresh().previous_generated, "2026-07-21T00:00:00Z");
    EXPECT_EQ(cached_generated(), "2026-07-22T00:00:00Z");
}

TEST_F(Refresh, BadSignaturesNoTimeAndPinConflictsCacheNothing) {
    KeyPair stranger;
    publish("2026-07-21T00:00:00Z", "", &stranger);
    EXPECT_EQ(error_of([&] { refresh(); }),
              "the signature of " + file_url(root.string()) +
                  "/wasi-sdk.json does not verify with the trusted key (test key) (nothing was "
                  "cached; the releases wasisdk knew stay as they were; check "
                  "WASISDK_MANIFEST_ROOT and WASISDK_MANIFEST_KEY)");
    publish("");
    EXPECT_NE(error_of([&] { refresh(); }).find("has no `generated` time"), std::string::npos);
    publish("2026-07-21T00:00:00Z", R"({"version": "22.0", "artifacts": [{"kind": "sdk",
        "host": "x86_64-linux", "url": "https://gh.example/x.tar.gz", "sha256": ")" +
                                        kB + R"("}]})");
    EXPECT_NE(error_of([&] { refresh(); }).find("the built-in manifest pins sha256 " + kA),
              std::string::npos);
    EXPECT_EQ(cached_generated(), "none");
    EXPECT_FALSE(fs::exists(home.release_manifest_dir()));
}

TEST_F(Refresh, AHomeHoldingOnlyTheCacheIsAdopted) {
    fs::create_directories(home.release_manifest_dir());
    EXPECT_NO_THROW(prepare_home_for_change(home));
    EXPECT_TRUE(is_own_temporary("release-manifest-x1y2z3"));
}

} // namespace
