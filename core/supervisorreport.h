#pragma once

#include <QDate>
#include <QList>
#include <QSet>
#include <QString>

#include <array>
#include <functional>

#include "dailytotals.h"
#include "journalentry.h"
#include "money.h"
#include "totalsbucket.h"

class Journal;

/**
 * A supervisor's day on one terminal, from its journal alone: the day's totals (DailyTotals), the
 * collected amount by local hour and by village, and the exceptions a supervisor signs off —
 * voids, cash differences at close, clock flags, reprints and payments that went to prepaid.
 * The village of an account comes from the route (a payment for an account no longer on it
 * counts under an empty village name, never dropped).
 */
class SupervisorReport
{
public:
    struct VillageLine
    {
        QString village;
        CountedAmount collected;   ///< payments − voids of the day, net
        qint64 visits = 0;         ///< visit outcomes recorded (no payment)
        qint64 accountsServed = 0; ///< distinct accounts paid for or visited
    };

    struct Exception
    {
        enum class Kind { Void, CashDifference, ClockFlag, Reprint, Prepaid, Recount };
        Kind kind = Kind::Void;
        qint64 seq = 0;    ///< the entry that is the exception
        qint64 refSeq = 0; ///< Void: the payment it concerns; Reprint: the entry printed again
        qint64 timeMs = 0;
        QString collectorId;
        QString accountNumber; ///< Void, Reprint, Prepaid: the payment's account
        Money amount; ///< Void: the payment reversed; CashDifference, Recount: counted − expected; Prepaid: credit
        int printCount = 0; ///< Reprint: which print; Recount: which count of the shift
        PrintedDocument document = PrintedDocument::Receipt; ///< Reprint: a receipt, a void slip, a Z-report
    };

    using VillageOf = std::function<QString(const QString &accountNumber)>;

    [[nodiscard]] static SupervisorReport forDay(const Journal &journal, QDate day, const VillageOf &villageOf,
                                                 int utcOffsetSeconds = 8 * 3600);

    [[nodiscard]] QDate day() const { return m_day; }
    [[nodiscard]] const DailyTotals &totals() const { return m_totals; }
    [[nodiscard]] const std::array<CountedAmount, 24> &byHour() const { return m_hours; }
    /// Villages with a payment, a void or a visit that day, most collected first.
    [[nodiscard]] const QList<VillageLine> &byVillage() const { return m_villages; }
    /// In journal order.
    [[nodiscard]] const QList<Exception> &exceptions() const { return m_exceptions; }
    /// Accounts with a payment that still counts (not voided), and accounts with a visit outcome.
    [[nodiscard]] const QSet<QString> &accountsPaid() const { return m_paid; }
    [[nodiscard]] const QSet<QString> &accountsVisited() const { return m_visited; }

private:
    QDate m_day;
    DailyTotals m_totals;
    std::array<CountedAmount, 24> m_hours{};
    QList<VillageLine> m_villages;
    QList<Exception> m_exceptions;
    QSet<QString> m_paid;
    QSet<QString> m_visited;
};
