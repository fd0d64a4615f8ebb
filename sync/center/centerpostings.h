#pragma once

#include <QDate>
#include <QHash>
#include <QIODevice>
#include <QList>
#include <QTimeZone>

#include "centerdatabase.h"
#include "money.h"
#include "result.h"

/**
 * The center's side of posting to the utility's billing system, once. The ledger (CenterLedger)
 * writes a posting for every line a payment applied here: principal per bill, penalty per bill,
 * prepaid credit; a void or a correction writes the same lines negated. A posting never changes,
 * so exporting it again says exactly the same. The billing system acknowledges each one posted
 * or rejected; until it says "posted", an extract it cut does not know the payment, and the
 * import adds the posting back to what the extract says was paid (no bill reopens, nothing is
 * collected twice).
 *
 * Files (CSV as everywhere at the center: RFC 4180, CRLF, amounts in yuan, formula-safe):
 *   postings (export)   posting_id,source,device,payment_seq,source_seq,account,route,bill_id,part,
 *                       amount,created_utc
 *                       source payment|void|correction; part principal|penalty|prepaid (bill_id
 *                       empty); amount negative for a reversal.
 *   acknowledgement     posting_id,amount,status,reference   (status posted|rejected)
 */
class CenterPostings
{
public:
    CenterPostings(const CenterDatabase &db, const QTimeZone &zone);

    struct Exported
    {
        qint64 rows = 0;
        qint64 lastId = 0; ///< the next export starts after it (0: nothing written)
    };
    /// Every posting with an id above `afterId`, in id order.
    [[nodiscard]] Result<Exported> exportSince(QIODevice &out, qint64 afterId) const;

    struct Acknowledged
    {
        qint64 posted = 0;
        qint64 rejected = 0;
        qint64 already = 0;    ///< acknowledged before, the same way: nothing to do
        qint64 exceptions = 0; ///< unknown posting, another amount, a change of answer: listed, not applied
    };
    /// Applies the billing system's acknowledgement file in one transaction. A file that does not
    /// read (header, a field, a posting id twice) is refused with file, line and field, and
    /// nothing is applied; a line about an unknown posting, with another amount than the posting's,
    /// or answering differently from before becomes an exception ("posting-ack-unknown",
    /// "posting-ack-mismatch", "posting-ack-conflict") and is not applied; a rejection is applied
    /// and listed ("posting-rejected").
    [[nodiscard]] Result<Acknowledged> importAcknowledgement(const QString &path, qint64 nowMs);

    /** One day and route: what the center applied and what the billing system said of it. */
    struct DayRow
    {
        QDate day; ///< the day the posting was made (the center's time zone)
        QString route;
        qint64 postings = 0;
        Money applied;  ///< Σ postings (reversals negative)
        Money posted;   ///< of which the billing system posted
        Money rejected; ///< of which it rejected
        Money awaiting; ///< of which it has not answered
        /// Of the posted: principal the billing system acknowledged before its last extract came
        /// in, on bills whose extract shows less paid than it acknowledged (listed by unposted()).
        Money notInExtract;
        bool operator==(const DayRow &) const = default;
    };
    [[nodiscard]] Result<QList<DayRow>> reconciliation(QDate from, QDate to) const;

    /** A posting the billing system has not posted (awaiting an answer, or rejected), or posted
        and missing from its later extract ("not-in-extract"). */
    struct Open
    {
        qint64 id = 0;
        qint64 createdMs = 0;
        QString deviceId;
        qint64 paymentSeq = 0;
        QString source;
        QString account;
        QString billId;
        QString part;
        Money amount;
        QString state; ///< "awaiting", "rejected" or "not-in-extract"
        QString reference;
    };
    /// Every posting made from `from` to `to` not acknowledged as posted, oldest first: each
    /// difference of the reconciliation with its payment.
    [[nodiscard]] Result<QList<Open>> unposted(QDate from, QDate to) const;

    [[nodiscard]] static QByteArray renderCsv(const QList<DayRow> &rows);
    [[nodiscard]] static QByteArray renderCsv(const QList<Open> &rows);

private:
    [[nodiscard]] QPair<qint64, qint64> dayRange(QDate from, QDate to) const;
    /// Posting id → why: the posted principal made from `start` to `end` the last extract lacks.
    [[nodiscard]] Result<QHash<qint64, QString>> notInExtract(qint64 start, qint64 end) const;

    const CenterDatabase &m_db;
    QTimeZone m_zone;
};
