#include "install/signature.h"

#include "base/error.h"

#include <memory>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

namespace wasisdk {

namespace {

struct PkeyFree {
    void operator()(EVP_PKEY *k) const { EVP_PKEY_free(k); }
};
struct BioFree {
    void operator()(BIO *b) const { BIO_free(b); }
};
struct MdCtxFree {
    void operator()(EVP_MD_CTX *c) const { EVP_MD_CTX_free(c); }
};
using Pkey = std::unique_ptr<EVP_PKEY, PkeyFree>;

Pkey load_ed25519(const TrustedKey &key) {
    std::unique_ptr<BIO, BioFree> bio(
        BIO_new_mem_buf(key.pem.data(), static_cast<int>(key.pem.size())));
    Pkey pkey(bio ? PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr) : nullptr);
    ERR_clear_error(); // a failed parse leaves errors that libcurl's TLS would see later
    if (!pkey || EVP_PKEY_get_base_id(pkey.get()) != EVP_PKEY_ED25519)
        throw Error(key.name + " is not an Ed25519 public key in PEM",
                    "give the public half of an Ed25519 key: openssl pkey -in private.pem -pubout",
                    ExitCode::usage);
    return pkey;
}

bool verifies(EVP_PKEY *pkey, std::string_view message, std::string_view signature) {
    std::unique_ptr<EVP_MD_CTX, MdCtxFree> ctx(EVP_MD_CTX_new());
    // Ed25519 hashes the message itself: no digest is named, and the one-shot
    // EVP_DigestVerify is the only call it supports.
    if (!ctx || EVP_DigestVerifyInit(ctx.get(), nullptr, nullptr, nullptr, pkey) != 1)
        return false;
    bool ok =
        EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char *>(signature.data()),
                         signature.size(), reinterpret_cast<const unsigned char *>(message.data()),
                         message.size()) == 1;
    ERR_clear_error();
    return ok;
}

} // namespace

std::optional<std::string> verify_signature(std::string_view message, std::string_view signature,
                                            const std::vector<TrustedKey> &keys) {
    std::vector<Pkey> loaded;
    for (const TrustedKey &k : keys)
        loaded.push_back(load_ed25519(k)); // every key checked, also after a match
    if (signature.size() != kEd25519SignatureBytes)
        return std::nullopt;
    for (std::size_t i = 0; i < keys.size(); ++i)
        if (verifies(loaded[i].get(), message, signature))
            return keys[i].name;
    return std::nullopt;
}

} // namespace wasisdk
