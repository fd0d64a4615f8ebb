#pragma once

#include <QByteArray>
#include <QCborValue>
#include <QDate>
#include <QHash>
#include <QIODevice>
#include <QList>
#include <QSet>
#include <QTimeZone>

#include "centerdatabase.h"
#include "money.h"
#include "result.h"

/**
 * What a supervisor and the billing system read from the center: daily totals (core's
 * DailyTotals fold over the journal's fact columns, so no entry is decoded), the exception list, and the export of
 * applied payments, voids and visits. Days are calendar days in the center's time zone.
 * Every report renders as CBOR, JSON or CSV with the same rows; amounts are integer fen on
 * CBOR/JSON and plain yuan ("1234.50") in CSV.
 */
class CenterReports
{
public:
    struct TotalsRow
    {
        QString dimension; ///< total, collector, method, route, device, void, penalty, prepaid, visit, handover,
                           ///< correction (payments reversed at the center that day)
        QString key;
        qint64 count = 0;
        Money amount;
        bool operator==(const TotalsRow &) const = default;
    };

    struct ExceptionRow
    {
        qint64 atMs = 0;
        QString kind; ///< overpayment, paid-elsewhere, unknown-account, void, tampering, refusal:<code>, not-synced …
        QString deviceId;
        qint64 seq = 0;
        QString account;
        Money amount;
        QString detail;
        /// Stable name of this exception, what a sign-off refers to: x<n> (recorded), r<n> (a refused
        /// batch), frozen:<device>:<head>, not-synced:<device>:<last sync ms>.
        QString id;
        QString signedOffBy; ///< empty while open
        qint64 signedOffMs = 0;
        QString signOffNote;
    };

    /// Which exceptions a report lists: the open ones, the signed-off history, or both.
    enum class SignOffState { Any, Open, SignedOff };
    static constexpr int MaxSignOffChars = 500;

    /// One handover of cash from a collector to a supervisor or cashier, as the device journaled it.
    struct HandoverRow
    {
        qint64 atMs = 0;
        QString deviceId;
        qint64 seq = 0;
        QString collectorId;
        QString receivedBy;
        Money amount;
        QString pieces; ///< "100×3 10×2" (yuan × pieces); empty for entries made before notes were counted
    };

    /// One closed shift of a terminal: its Z-report, the cash the journal expected against what
    /// the collector counted, who approved a difference, and the cash handed over in it.
    struct ShiftRow
    {
        QString deviceId;
        QString collectorId;
        qint64 openedSeq = 0; ///< the shift's ShiftOpened seq
        qint64 closedSeq = 0;
        qint64 closedMs = 0;
        qint64 zNumber = 0; ///< 0 for a close made before Z numbers were kept
        Money expected;
        Money counted;
        QString approvedBy; ///< the supervisor who accepted a difference (empty when none was needed)
        Money handedOver;   ///< cash handed over during the shift
        qint64 everPaidCount = 0;
        Money everPaid; ///< the terminal's perpetual total at this close
        [[nodiscard]] Money difference() const { return counted - expected; }
    };

    CenterReports(const CenterDatabase &db, const QTimeZone &zone);

    /// From here on, totals, exceptions and handovers count only devices on `routes` (what a
    /// branch's desk users see); a refusal from a device the center does not know is left out.
    void limitToRoutes(QSet<QString> routes);

    /// What was collected on `day` (payments minus voids, as core's DailyTotals folds it on the
    /// device: the same code over the same facts), split by collector, method, route and device,
    /// plus voids, penalties, prepaid credit, visits by outcome and cash handed over.
    [[nodiscard]] Result<QList<TotalsRow>> totals(QDate day) const;
    /// Exceptions and refusals recorded from `from` to `to` inclusive, devices frozen, and
    /// devices that have not synced for `staleHours` as of `nowMs`.
    [[nodiscard]] Result<QList<ExceptionRow>> exceptions(QDate from, QDate to, qint64 nowMs, int staleHours = 24,
                                                         SignOffState state = SignOffState::Any) const;
    /// A supervisor's sign-off of the exception called `id` (as listed by exceptions() as of
    /// `nowMs`): who, when and a note, kept for good. An exception is signed off once; a second
    /// sign-off is refused with who signed it, and nothing is ever deleted.
    [[nodiscard]] Result<ExceptionRow> signOff(const QString &id, const QString &who, const QString &note,
                                               qint64 nowMs) const;
    /// Cash handed over from `from` to `to` inclusive (by the entry's trusted time), in time order:
    /// what a cashier reconciles against the bags received.
    [[nodiscard]] Result<QList<HandoverRow>> handovers(QDate from, QDate to) const;

    /// Shifts closed from `from` to `to` inclusive (by the close's trusted time), in time order.
    [[nodiscard]] Result<QList<ShiftRow>> shifts(QDate from, QDate to) const;

    /// The cash `deviceId`'s collector holds as far as the center knows: the open (or last) shift
    /// of the journal held, folded as the terminal folds it for its limits (float + cash taken −
    /// voids − handed over − what a close left with). nullopt: no shift yet. A hostile journal
    /// whose sums would overflow is "report.overflow".
    [[nodiscard]] Result<std::optional<Money>> cashInHand(const QString &deviceId) const;

    /// CSV for the billing system, one row per payment, void and visit in (device, seq) order:
    /// device,seq,receipt,kind,time_utc,collector,account,method,amount,penalty,to_prepaid,
    /// voided_seq,visit_outcome,reference; then one "correction" row per payment reversed at the
    /// center in the period (the reversed seq in voided_seq, "who: reason" as reference).
    /// Returns the number of rows written.
    [[nodiscard]] Result<qint64> exportPayments(QIODevice &out, qint64 fromMs = 0,
                                                qint64 toMs = std::numeric_limits<qint64>::max()) const;

    enum class Format { Cbor, Json, Csv };
    [[nodiscard]] static std::optional<Format> formatFromKey(const QString &key); ///< cbor, json, csv
    [[nodiscard]] static QByteArray render(const QList<TotalsRow> &rows, Format format);
    [[nodiscard]] static QByteArray render(const QList<ExceptionRow> &rows, Format format);
    [[nodiscard]] static QByteArray render(const QList<HandoverRow> &rows, Format format);
    [[nodiscard]] static QByteArray render(const QList<ShiftRow> &rows, Format format);
    [[nodiscard]] static QByteArray mimeType(Format format);

    /// A calendar day written exactly YYYY-MM-DD, nothing before or after it.
    [[nodiscard]] static std::optional<QDate> parseDay(const QString &text);

private:
    [[nodiscard]] QPair<qint64, qint64> dayRange(QDate from, QDate to) const;
    /// The devices on the routes in view, read once per report (std::nullopt: every device,
    /// without limitToRoutes()).
    using DeviceSet = std::optional<QSet<QString>>;
    [[nodiscard]] Result<DeviceSet> devicesInView() const;

    const CenterDatabase &m_db;
    QTimeZone m_zone;
    std::optional<QSet<QString>> m_routes;
};
