#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

#include "journalentry.h"
#include "result.h"

/**
 * A device's journal written to a file, for when no link reaches the center (a memory card, a
 * laptop at the depot). The center imports it with the same verification and idempotency as an
 * upload: entries already held are acknowledged, a gap or a bad signature is refused.
 *
 * Format "DOORSTEP-JOURNAL-EXPORT 1": the ASCII line "DOORSTEP-JOURNAL-EXPORT 1\n", then one
 * CBOR array [payload, signature] where payload is the CBOR (as a byte string) of the map
 *   { "device": text, "public_key": bytes(32), "exported_ms": int, "first": int, "last": int,
 *     "entries": [ bytes (JournalEntry::toCbor) … ] }
 * and signature is the device key's Ed25519 signature of the payload bytes. Each entry also
 * carries its own signature; the file signature only says the device wrote this file whole.
 */
struct JournalExportFile
{
    QString deviceId;
    QByteArray publicKey;
    qint64 exportedMs = 0;
    QList<JournalEntry> entries; ///< consecutive, in seq order

    /// Writes the file (to a temporary name, then renamed into place).
    [[nodiscard]] static Status write(const QString &path, const QString &deviceId, const DeviceKey &key,
                                      const QList<JournalEntry> &entries, qint64 exportedMs);
    /// Reads and checks the framing, the limits, the file signature against `expectedKey`
    /// (the key the center enrolled; empty: the key in the file) and that entries are consecutive.
    [[nodiscard]] static Result<JournalExportFile> read(const QString &path, const QByteArray &expectedKey = {});
    /// Only the device id, to look up the enrolled key before read().
    [[nodiscard]] static Result<QString> peekDevice(const QString &path);
};
