#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>

#include <memory>
#include <sys/stat.h>

#include <openssl/evp.h>
#include <openssl/pem.h>

#include "journalentry.h"

namespace {

struct PkeyDeleter
{
    void operator()(EVP_PKEY *k) const { EVP_PKEY_free(k); }
};
struct MdCtxDeleter
{
    void operator()(EVP_MD_CTX *c) const { EVP_MD_CTX_free(c); }
};
struct BioDeleter
{
    void operator()(BIO *b) const { BIO_free(b); }
};
using PkeyPtr = std::unique_ptr<EVP_PKEY, PkeyDeleter>;

Error keyError(const char *code, const char *text, const QString &path)
{
    return Error{QString::fromLatin1(code), QCoreApplication::translate("DeviceKey", text).arg(path)};
}

} // namespace

struct DeviceKey::Impl
{
    PkeyPtr key;
};

DeviceKey::DeviceKey() = default;

DeviceKey::~DeviceKey()
{
    delete d;
}

DeviceKey::DeviceKey(DeviceKey &&other) noexcept
    : d(std::exchange(other.d, nullptr))
{
}

DeviceKey &DeviceKey::operator=(DeviceKey &&other) noexcept
{
    if (this != &other) {
        delete d;
        d = std::exchange(other.d, nullptr);
    }
    return *this;
}

DeviceKey DeviceKey::generate()
{
    DeviceKey k;
    EVP_PKEY *raw = nullptr;
    std::unique_ptr<EVP_PKEY_CTX, decltype(&EVP_PKEY_CTX_free)> ctx(EVP_PKEY_CTX_new_id(EVP_PKEY_ED25519, nullptr),
                                                                    &EVP_PKEY_CTX_free);
    if (ctx && EVP_PKEY_keygen_init(ctx.get()) == 1 && EVP_PKEY_keygen(ctx.get(), &raw) == 1) {
        k.d = new Impl;
        k.d->key.reset(raw);
    }
    return k;
}

Result<DeviceKey> DeviceKey::loadOrCreate(const QString &path)
{
    const QByteArray nativePath = QFile::encodeName(path);
    struct stat st
    {
    };
    if (::stat(nativePath.constData(), &st) != 0) {
        // No key yet: make one, written so that no other user can ever read it, not even briefly.
        DeviceKey key = generate();
        if (!key.isValid())
            return keyError("devicekey.generate", "The device key could not be generated (%1).", path);
        std::unique_ptr<BIO, BioDeleter> bio(BIO_new(BIO_s_mem()));
        if (!bio || PEM_write_bio_PrivateKey(bio.get(), key.d->key.get(), nullptr, nullptr, 0, nullptr, nullptr) != 1)
            return keyError("devicekey.write", "The device key could not be encoded (%1).", path);
        char *pem = nullptr;
        const long pemSize = BIO_get_mem_data(bio.get(), &pem);
        const mode_t oldMask = ::umask(077);
        QSaveFile file(path);
        const bool opened = file.open(QIODevice::WriteOnly);
        ::umask(oldMask);
        if (!opened || file.write(pem, pemSize) != pemSize || !file.commit() ||
            !QFile::setPermissions(path, QFileDevice::ReadOwner | QFileDevice::WriteOwner))
            return keyError("devicekey.write", "The device key could not be written to %1.", path);
        return key;
    }
    if ((st.st_mode & 077) != 0)
        return keyError("devicekey.permissions",
                        "The device key %1 can be read by other users; refusing to use it. Restrict it to mode 0600.",
                        path);
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return keyError("devicekey.read", "The device key %1 cannot be read.", path);
    const QByteArray pem = file.read(64 * 1024);
    std::unique_ptr<BIO, BioDeleter> bio(BIO_new_mem_buf(pem.constData(), int(pem.size())));
    PkeyPtr pkey(bio ? PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr) : nullptr);
    if (!pkey || EVP_PKEY_get_id(pkey.get()) != EVP_PKEY_ED25519)
        return keyError("devicekey.invalid", "The file %1 does not hold an Ed25519 device key.", path);
    DeviceKey key;
    key.d = new Impl;
    key.d->key = std::move(pkey);
    return key;
}

bool DeviceKey::isValid() const
{
    return d && d->key;
}

QByteArray DeviceKey::publicKey() const
{
    if (!isValid())
        return {};
    QByteArray raw(32, Qt::Uninitialized);
    size_t size = size_t(raw.size());
    if (EVP_PKEY_get_raw_public_key(d->key.get(), reinterpret_cast<unsigned char *>(raw.data()), &size) != 1)
        return {};
    raw.resize(qsizetype(size));
    return raw;
}

QByteArray DeviceKey::sign(const QByteArray &message) const
{
    if (!isValid())
        return {};
    std::unique_ptr<EVP_MD_CTX, MdCtxDeleter> ctx(EVP_MD_CTX_new());
    QByteArray sig(64, Qt::Uninitialized);
    size_t size = size_t(sig.size());
    if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, nullptr, nullptr, d->key.get()) != 1 ||
        EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char *>(sig.data()), &size,
                       reinterpret_cast<const unsigned char *>(message.constData()), size_t(message.size())) != 1)
        return {};
    sig.resize(qsizetype(size));
    return sig;
}

bool DeviceKey::verify(const QByteArray &publicKey, const QByteArray &message, const QByteArray &signature)
{
    if (publicKey.size() != 32 || signature.size() != 64)
        return false;
    PkeyPtr key(EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr,
                                            reinterpret_cast<const unsigned char *>(publicKey.constData()), 32));
    std::unique_ptr<EVP_MD_CTX, MdCtxDeleter> ctx(EVP_MD_CTX_new());
    return key && ctx && EVP_DigestVerifyInit(ctx.get(), nullptr, nullptr, nullptr, key.get()) == 1 &&
           EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char *>(signature.constData()), 64,
                            reinterpret_cast<const unsigned char *>(message.constData()), size_t(message.size())) == 1;
}
