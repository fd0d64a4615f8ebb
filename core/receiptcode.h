#pragma once

#include <QByteArray>
#include <QString>

#include "devicekey.h"
#include "result.h"

/**
 * What a receipt's QR code says, signed by the terminal that printed it, so a customer, an
 * inspector or an auditor can tell a genuine receipt from a forged one with no network: the
 * terminal's key id, the journal entry's seq and time, the account, the amount, and the device
 * key's Ed25519 signature over exactly these (Ed25519 is deterministic: every print of a
 * receipt carries the same code).
 *
 *     DS2:<kind>:<key id>:<seq>:<time ms>:<account>:<amount fen>:<signature>
 *
 * kind P (payment) or V (void slip; the amount is the reversed payment's); key id the first
 * 5 bytes of SHA-256 of the terminal's public key; key id and signature in RFC 4648 base32
 * without padding; numbers in decimal; ':', '#' and '%' in the account percent-encoded. Upper-case
 * letters, digits and ':' only (for a digits-only account), the QR alphanumeric set; about 155
 * characters, version 8 or 9 at level M in the byte mode printers store. A utility that publishes a verification
 * address prints "<address>#<code>" instead. The signed message is "doorstep-receipt-v2\n" then the fields in that
 * order, one per line.
 */
struct ReceiptCode
{
    enum class Kind { Payment, Void };
    Kind kind = Kind::Payment;
    QByteArray keyId; ///< 5 bytes
    qint64 seq = 0;
    qint64 timeMs = 0;
    QString account;
    qint64 amountFen = 0;
    QByteArray signature; ///< 64 bytes

    static constexpr qsizetype KeyIdBytes = 5;

    [[nodiscard]] static QByteArray keyIdOf(const QByteArray &publicKey);
    /// The code for these fields, signed with `key`.
    [[nodiscard]] static ReceiptCode sign(Kind kind, const DeviceKey &key, qint64 seq, qint64 timeMs,
                                          const QString &account, qint64 amountFen);
    /// What the signature covers.
    [[nodiscard]] QByteArray signedMessage() const;
    [[nodiscard]] bool verify(const QByteArray &publicKey) const;

    /// The text in the QR code (`address` + '#' before it when given).
    [[nodiscard]] QString text(const QString &address = QString()) const;
    /// Reads a scanned code (with or without an address before '#'); "receipt-code.malformed"
    /// with what is wrong for anything else, including a code longer than any receipt prints.
    [[nodiscard]] static Result<ReceiptCode> parse(const QString &scanned);

    bool operator==(const ReceiptCode &) const = default;
};
