#include "devicekey.h"

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QRandomGenerator>

#include <cerrno>
#include <fcntl.h>
#include <memory>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

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

constexpr off_t MaxKeyFileSize = off_t(64) * 1024;

Error keyError(const char *code, const char *text, const QString &path)
{
    return Error{QString::fromLatin1(code), QCoreApplication::translate("DeviceKey", text).arg(path)};
}

/** A buffer for private key bytes, wiped when it goes. */
class SecretBytes
{
public:
    explicit SecretBytes(size_t size)
        : m_bytes(size)
    {
    }
    ~SecretBytes() { OPENSSL_cleanse(m_bytes.data(), m_bytes.size()); }
    SecretBytes(const SecretBytes &) = delete;
    SecretBytes &operator=(const SecretBytes &) = delete;
    [[nodiscard]] char *data() { return m_bytes.data(); }
    [[nodiscard]] size_t size() const { return m_bytes.size(); }

private:
    std::vector<char> m_bytes;
};

/// The Ed25519 private key in PKCS#8 PEM text, or null for anything else.
PkeyPtr ed25519FromPem(const char *pem, size_t size)
{
    std::unique_ptr<BIO, BioDeleter> bio(BIO_new_mem_buf(pem, int(size)));
    PkeyPtr pkey(bio ? PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr) : nullptr);
    return pkey && EVP_PKEY_get_id(pkey.get()) == EVP_PKEY_ED25519 ? std::move(pkey) : PkeyPtr();
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
    for (int attempt = 0; attempt < 2; ++attempt) {
        // Open first, then look at what was opened: no window between the check and the read.
        const int fd = ::open(QFile::encodeName(path).constData(), O_RDONLY | O_CLOEXEC);
        if (fd < 0) {
            if (errno != ENOENT)
                return keyError("devicekey.read", QT_TRANSLATE_NOOP("DeviceKey", "The device key %1 cannot be read."),
                                path);
            auto created = createKeyFile(path);
            // Another process may have created the file since we looked: then load that one.
            if (created.ok() || created.error().code != QLatin1String("devicekey.exists"))
                return created;
            continue;
        }
        auto loaded = readKeyFile(fd, path);
        ::close(fd);
        return loaded;
    }
    return keyError("devicekey.read", QT_TRANSLATE_NOOP("DeviceKey", "The device key %1 cannot be read."), path);
}

Result<DeviceKey> DeviceKey::readKeyFile(int fd, const QString &path)
{
    struct stat st
    {
    };
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode))
        return keyError("devicekey.invalid",
                        QT_TRANSLATE_NOOP("DeviceKey", "The file %1 does not hold an Ed25519 device key."), path);
    if ((st.st_mode & 077) != 0 || st.st_uid != ::geteuid())
        return keyError("devicekey.permissions",
                        QT_TRANSLATE_NOOP("DeviceKey", "The device key %1 can be read by other users; refusing to use "
                                                       "it. Restrict it to its owner (mode 0600)."),
                        path);
    if (st.st_size > MaxKeyFileSize)
        return keyError("devicekey.invalid",
                        QT_TRANSLATE_NOOP("DeviceKey", "The file %1 does not hold an Ed25519 device key."), path);
    SecretBytes pem(size_t(st.st_size));
    size_t got = 0;
    while (got < pem.size()) {
        const ssize_t n = ::read(fd, pem.data() + got, pem.size() - got);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return keyError("devicekey.read", QT_TRANSLATE_NOOP("DeviceKey", "The device key %1 cannot be read."),
                            path);
        got += size_t(n);
    }
    PkeyPtr pkey = ed25519FromPem(pem.data(), pem.size());
    if (!pkey)
        return keyError("devicekey.invalid",
                        QT_TRANSLATE_NOOP("DeviceKey", "The file %1 does not hold an Ed25519 device key."), path);
    DeviceKey key;
    key.d = new Impl;
    key.d->key = std::move(pkey);
    return key;
}

QByteArray DeviceKey::toPem() const
{
    std::unique_ptr<BIO, BioDeleter> bio(BIO_new(BIO_s_mem()));
    if (!isValid() || !bio ||
        PEM_write_bio_PrivateKey(bio.get(), d->key.get(), nullptr, nullptr, 0, nullptr, nullptr) != 1)
        return {};
    char *pem = nullptr;
    const long size = BIO_get_mem_data(bio.get(), &pem);
    return QByteArray(pem, qsizetype(size));
}

Result<DeviceKey> DeviceKey::fromPem(const QByteArray &pem)
{
    const auto invalid = [] {
        return Error{QStringLiteral("devicekey.invalid"),
                     QCoreApplication::translate("DeviceKey", "This is not an Ed25519 private key.")};
    };
    if (pem.isEmpty() || pem.size() > MaxKeyFileSize)
        return invalid();
    PkeyPtr pkey = ed25519FromPem(pem.constData(), size_t(pem.size()));
    if (!pkey)
        return invalid();
    DeviceKey key;
    key.d = new Impl;
    key.d->key = std::move(pkey);
    return key;
}

Result<DeviceKey> DeviceKey::createKeyFile(const QString &path)
{
    DeviceKey key = generate();
    if (!key.isValid())
        return keyError("devicekey.generate",
                        QT_TRANSLATE_NOOP("DeviceKey", "The device key could not be generated (%1)."), path);
    std::unique_ptr<BIO, BioDeleter> bio(BIO_new(BIO_s_mem()));
    if (!bio || PEM_write_bio_PrivateKey(bio.get(), key.d->key.get(), nullptr, nullptr, 0, nullptr, nullptr) != 1)
        return keyError("devicekey.write", QT_TRANSLATE_NOOP("DeviceKey", "The device key could not be written to %1."),
                        path);
    char *pem = nullptr;
    const long pemSize = BIO_get_mem_data(bio.get(), &pem);

    // A new file beside the final one, created with mode 0600 in the open() call itself (the
    // umask can only take bits away), written, synced, then renamed into place without replacing
    // anything: no moment where the key is readable by others or half there under its name.
    const QString temp =
        QStringLiteral("%1.new-%2").arg(path).arg(QRandomGenerator::system()->generate(), 8, 16, QLatin1Char('0'));
    QFile file(temp);
    const auto writeFailed = [&] {
        file.remove();
        return keyError("devicekey.write", QT_TRANSLATE_NOOP("DeviceKey", "The device key could not be written to %1."),
                        path);
    };
    if (!file.open(QIODevice::WriteOnly | QIODevice::NewOnly, QFileDevice::ReadOwner | QFileDevice::WriteOwner))
        return writeFailed();
    if (file.write(pem, pemSize) != pemSize || !file.flush() || ::fsync(file.handle()) != 0)
        return writeFailed();
    file.close();
    if (QFile::exists(path)) {
        file.remove();
        return keyError("devicekey.exists", QT_TRANSLATE_NOOP("DeviceKey", "The device key %1 already exists."), path);
    }
    if (!QFile::rename(temp, path)) { // refuses to replace a file that appeared meanwhile
        const bool appeared = QFile::exists(path);
        file.remove();
        if (appeared)
            return keyError("devicekey.exists", QT_TRANSLATE_NOOP("DeviceKey", "The device key %1 already exists."),
                            path);
        return writeFailed();
    }
    // The rename is durable only once the directory is synced: a key lost in a power cut after
    // entries were signed with it would leave a journal nobody can continue.
    const int dir =
        ::open(QFile::encodeName(QFileInfo(path).absolutePath()).constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    const bool synced = dir >= 0 && ::fsync(dir) == 0;
    if (dir >= 0)
        ::close(dir);
    if (!synced)
        return keyError("devicekey.write", QT_TRANSLATE_NOOP("DeviceKey", "The device key could not be written to %1."),
                        path);
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
    // libsodium, not OpenSSL, for checking: it verifies about twice as fast on the same core, and
    // the center and the auditor check every signature of every entry. Signing stays with OpenSSL
    // (the key files are OpenSSL's); both are RFC 8032 Ed25519, libsodium the stricter about
    // non-canonical and small-order encodings, which only a forgery would use.
    static const bool ready = sodium_init() >= 0;
    return ready && publicKey.size() == crypto_sign_PUBLICKEYBYTES && signature.size() == crypto_sign_BYTES &&
           crypto_sign_verify_detached(reinterpret_cast<const unsigned char *>(signature.constData()),
                                       reinterpret_cast<const unsigned char *>(message.constData()),
                                       quint64(message.size()),
                                       reinterpret_cast<const unsigned char *>(publicKey.constData())) == 0;
}
