#pragma once

#include <QByteArray>
#include <QString>

#include "devicekey.h"
#include "result.h"

/**
 * The center's signed receipt for a journal export it imported (SD-card sync, the way back): the
 * device, the head of its journal the center now holds with that entry's hash, and when. The
 * terminal reads it from the same memory card and counts its entries up to the head as
 * acknowledged, as after an online sync, but only if the center's signing key (learnt over the
 * pinned link, CommandsReply::centerKey) signed it and the head is the terminal's own entry.
 *
 * Format "DOORSTEP-JOURNAL-ACK 1": the ASCII line "DOORSTEP-JOURNAL-ACK 1\n", then one CBOR array
 * [payload, signature], payload being the CBOR (as a byte string) of the map
 *   { "device": text, "head": int, "head_hash": bytes(32), "center_ms": int }
 * and signature the center key's Ed25519 signature of the payload bytes. A few hundred bytes.
 */
struct JournalAckFile
{
    QString deviceId;
    qint64 head = 0;
    QByteArray headHash;
    qint64 centerMs = 0;

    /// "<device>-<head>.doorstep-ack", beside the export it answers.
    [[nodiscard]] static QString fileName(const QString &deviceId, qint64 head);
    /// Writes the file whole or not at all (a temporary name, then renamed into place).
    [[nodiscard]] static Status write(const QString &path, const DeviceKey &centerKey, const JournalAckFile &ack);
    /// Reads and checks it against the center's public key: "ack.file" for a file that is not
    /// one (too large, damaged, a field missing or out of range), "ack.bad-signature" for one the
    /// key did not sign.
    [[nodiscard]] static Result<JournalAckFile> read(const QString &path, const QByteArray &centerPublicKey);
};
