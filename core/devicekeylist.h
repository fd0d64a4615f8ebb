#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

#include <optional>

#include "result.h"

/**
 * The terminals' public keys as the center hands them to an auditor (`doorstep-center
 * export-keys`), for checking receipts and journals with no database and no network
 * (`doorstep-audit`). A text file, one terminal per line after the header:
 *
 *     # doorstep device keys 1
 *     <device> TAB <public key, base64 of the raw 32 bytes> TAB <enrolled ms> TAB <revoked ms or ->
 */
struct DeviceKeyList
{
    struct Entry
    {
        QString deviceId;
        QByteArray publicKey;
        qint64 enrolledMs = 0;
        std::optional<qint64> revokedMs;
        bool operator==(const Entry &) const = default;
    };
    QList<Entry> entries;

    /// The terminal whose key has this ReceiptCode key id, if any.
    [[nodiscard]] std::optional<Entry> byKeyId(const QByteArray &keyId) const;

    [[nodiscard]] QByteArray toText() const;
    /// Refuses ("device-keys.malformed", with the line) a file that is not one, a key that is
    /// not 32 bytes, a device listed twice.
    [[nodiscard]] static Result<DeviceKeyList> fromText(const QByteArray &text);
    [[nodiscard]] static Result<DeviceKeyList> load(const QString &path);
};
