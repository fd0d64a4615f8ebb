#pragma once

#include <QByteArray>
#include <QString>

#include "result.h"

/**
 * The Ed25519 key pair a device signs its journal with (OpenSSL 3 EVP; ARCHITECTURE.md rule 3).
 * The private key never leaves this object except into its own key file, which is created
 * readable by the owner only and refused if anyone else can read it. deploy/ANDROID-KEYSTORE.md
 * describes how the key is kept on Android.
 */
class DeviceKey
{
public:
    DeviceKey();
    ~DeviceKey();
    DeviceKey(DeviceKey &&) noexcept;
    DeviceKey &operator=(DeviceKey &&) noexcept;
    DeviceKey(const DeviceKey &) = delete;
    DeviceKey &operator=(const DeviceKey &) = delete;

    [[nodiscard]] static DeviceKey generate();
    /// Loads the key file, or generates one and writes it readable by the owner only (0600,
    /// PKCS#8 PEM, created with that mode, synced and renamed into place: never briefly readable
    /// by others, never half-written). Refuses ("devicekey.permissions") a file that group or
    /// others can access, and ("devicekey.invalid") one that does not hold an Ed25519 private key.
    [[nodiscard]] static Result<DeviceKey> loadOrCreate(const QString &path);

    /// The key as PKCS#8 PEM, for a holder that keeps it itself: the center keeps its signing
    /// key in its database, where its instances share it. Empty for an invalid key.
    [[nodiscard]] QByteArray toPem() const;
    /// Reads what toPem() wrote; anything but an Ed25519 private key is "devicekey.invalid".
    [[nodiscard]] static Result<DeviceKey> fromPem(const QByteArray &pem);

    [[nodiscard]] bool isValid() const;
    [[nodiscard]] QByteArray publicKey() const;                     ///< raw 32 bytes
    [[nodiscard]] QByteArray sign(const QByteArray &message) const; ///< 64 bytes

    /// Verifies with a raw 32-byte public key.
    [[nodiscard]] static bool verify(const QByteArray &publicKey, const QByteArray &message,
                                     const QByteArray &signature);

private:
    [[nodiscard]] static Result<DeviceKey> readKeyFile(int fd, const QString &path);
    [[nodiscard]] static Result<DeviceKey> createKeyFile(const QString &path);

    struct Impl;
    Impl *d = nullptr;
};
