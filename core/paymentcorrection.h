#pragma once

#include <QCborArray>
#include <QList>
#include <QString>

#include <optional>

#include "money.h"
#include "result.h"

/**
 * A payment the center reversed after its shift had closed (a void is possible only in the open
 * shift): wrong account, a cheque that bounced, a duplicate the billing system found. The
 * center's ledger gives the bills back what the payment took; the terminals of the route learn
 * of it with the next worklist and show it on the account, so a collector who comes back to a
 * customer whose bills are owed again knows why.
 */
struct PaymentCorrection
{
    QString deviceId; ///< the terminal that took the payment
    qint64 seq = 0;   ///< its journal entry
    QString account;
    Money amount;   ///< what the payment was
    QString reason; ///< in the supervisor's words
    QString madeBy; ///< who reversed it at the center
    qint64 atMs = 0;
    bool operator==(const PaymentCorrection &) const = default;

    /// The longest reason or name the center stores and a terminal accepts.
    static constexpr qsizetype MaxTextChars = 500;

    /// [[device, seq, account, fen, reason, by, at_ms], …]: on the wire and in the terminal's file.
    [[nodiscard]] static QCborArray toCbor(const QList<PaymentCorrection> &corrections);
    /// Refuses (nullopt) anything but that shape, a seq below 1, a negative or impossible amount,
    /// texts over MaxTextChars.
    [[nodiscard]] static std::optional<QList<PaymentCorrection>> fromCbor(const QCborArray &array);
    /// The corrections as the terminal keeps them between syncs (written whole or not at all).
    [[nodiscard]] static Status save(const QString &path, const QList<PaymentCorrection> &corrections);
    /// No file: none. A file that does not read back is an error.
    [[nodiscard]] static Result<QList<PaymentCorrection>> load(const QString &path);
};
