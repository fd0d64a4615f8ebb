#pragma once

#include <QDate>
#include <QList>
#include <QPair>
#include <QString>
#include <QTimeZone>

#include <array>
#include <optional>

#include "centerreports.h"
#include "centerstore.h"
#include "deskpage.h"
#include "enrolmentlink.h"
#include "totalsbucket.h"

/**
 * The content of each desk page, drawn from figures DeskApp has read and checked. Nothing here
 * reads the database or decides who may see what; every figure is printed as it was given (money
 * in fen through DeskPage::money), so a page's figures are the report's figures.
 */
namespace DeskViews {

using DeskPage::Lang;

/// One day of a branch (or every branch).
struct DayFigures
{
    QDate day;
    QList<CenterReports::TotalsRow> totals; ///< CenterReports::totals(day), limited to the routes in view
    /// Payments taken in each local hour and in each village (before voids: a void counts on its
    /// own day, which these do not follow).
    std::array<CountedAmount, 24> byHour{};
    QList<QPair<QString, CountedAmount>> byVillage;
    /// The collection rate's parts, per route: principal paid on the route's bills that day, and
    /// what they owed as the day began (owed now plus principal paid on them since).
    struct RouteRate
    {
        QString route;
        Money collected;
        Money receivable;
    };
    QList<RouteRate> rates;
    RouteRate allRoutes; ///< the rates' sums

    /// Payments taken (and not voided since) on each of the 30 days ending on `day`.
    QList<QPair<QDate, CountedAmount>> trend;
};

struct ReceiptLine
{
    QString deviceId;
    qint64 seq = 0;
    EntryKind kind = EntryKind::Payment;
    qint64 timeMs = 0;
    QString collectorId;
    QString account;
    QString method;
    Money amount;
    /// For a payment: the void, and each print of it (seq and time).
    std::optional<QPair<qint64, qint64>> voidedBy;
    QList<QPair<qint64, qint64>> prints;
};

struct DeviceLine
{
    CenterDevice device;
    bool canCommand = false;
    /// The cash the collector holds as the journal the center has says (CenterReports::cashInHand);
    /// nullopt with no shift yet; `cashError` when it cannot be counted (a hostile journal).
    std::optional<Money> cashInHand;
    QString cashError;
};

/// `printable`: for the PDF (DeskPdf) — no form, links or bars.
[[nodiscard]] QString day(Lang lang, const DayFigures &figures, bool printable = false);
[[nodiscard]] QString exceptions(Lang lang, const QList<CenterReports::ExceptionRow> &rows, QDate from, QDate to,
                                 bool history, const QString &csrf, bool canSignOff, const QTimeZone &zone);
/// `total`: the rows' sum (counted by the caller, which can refuse a sum too large to count).
[[nodiscard]] QString cash(Lang lang, const QList<CenterReports::HandoverRow> &rows, Money total, QDate from, QDate to,
                           const QTimeZone &zone);
[[nodiscard]] QString collectors(Lang lang, const QList<CenterReports::ShiftRow> &rows, QDate from, QDate to,
                                 const QTimeZone &zone);
[[nodiscard]] QString receipts(Lang lang, const QString &query, const QList<ReceiptLine> &lines, const QTimeZone &zone);
/// `nowMs`: what the ages of the oldest unsynced entries are counted to.
[[nodiscard]] QString devices(Lang lang, const QList<DeviceLine> &lines, const QString &csrf, const QTimeZone &zone,
                              qint64 nowMs);
/// The admin's form for a new terminal's one-time enrolment code: its name, route and validity.
[[nodiscard]] QString enrolmentForm(Lang lang, const QStringList &routes, const QString &csrf);
/// A code just issued: the code in groups of four, when it expires, and `link` as a QR code the
/// terminal's first-run screen scans (with its text beside it, for a terminal without a scanner).
[[nodiscard]] QString enrolmentCode(Lang lang, const QString &device, const QString &route, const QString &code,
                                    qint64 expiresMs, const EnrolmentLink &link, const QTimeZone &zone);
/// A span of time as a person reads it: "45 min", "3 h 20 min", "2 d 5 h" (分钟, 小时, 天).
[[nodiscard]] QString age(Lang lang, qint64 ms);
[[nodiscard]] QString home(Lang lang, const DeskUser &user, const Money &collectedToday, qint64 openExceptions);
/// A sentence in a box, above a page's content (what an action did, or why it was refused).
[[nodiscard]] QString message(const QString &text, bool error);

} // namespace DeskViews
