#pragma once

#include <QList>
#include <QString>

#include <algorithm>
#include <limits>
#include <map>
#include <tuple>

#include "dailytotals.h"
#include "journal.h"

// The journal's totals against the facts, for every test that leaves a journal behind: the
// figures from the totals equal the fold's, figure by figure, and the stored rows equal the rows
// the facts make. Each function returns what differs, empty when nothing does.
namespace TotalsCheck {

/// The first figure in which `a` and `b` differ, named; empty when they agree on every figure.
inline QString difference(const DailyTotals &a, const DailyTotals &b)
{
    const auto ca = [](const CountedAmount &c) { return QStringLiteral("%1/%2").arg(c.count).arg(c.amount.fen()); };
    QStringList out;
    const auto same = [&out](const char *what, const QString &x, const QString &y) {
        if (x != y)
            out << QStringLiteral("%1: %2 vs %3").arg(QLatin1String(what), x, y);
    };
    const auto n = [](qint64 v) { return QString::number(v); };
    const auto m = [](Money v) { return QString::number(v.fen()); };
    same("entries", n(a.entries()), n(b.entries()));
    same("lastSeq", n(a.lastSeq()), n(b.lastSeq()));
    same("firstTimeMs", n(a.firstTimeMs()), n(b.firstTimeMs()));
    same("lastTimeMs", n(a.lastTimeMs()), n(b.lastTimeMs()));
    same("payments", ca(a.payments()), ca(b.payments()));
    same("voids", ca(a.voids()), ca(b.voids()));
    same("collected", ca(a.collected()), ca(b.collected()));
    for (const PaymentMethod pm :
         {PaymentMethod::Cash, PaymentMethod::BankCard, PaymentMethod::RechargeVoucher, PaymentMethod::BankTransfer}) {
        same(qPrintable(QStringLiteral("payments ") + paymentMethodKey(pm)), ca(a.payments(pm)), ca(b.payments(pm)));
        same(qPrintable(QStringLiteral("voids ") + paymentMethodKey(pm)), ca(a.voids(pm)), ca(b.voids(pm)));
    }
    same("payments of unknown method", ca(a.paymentsOfUnknownMethod()), ca(b.paymentsOfUnknownMethod()));
    same("penalties", m(a.penaltiesCollected()), m(b.penaltiesCollected()));
    same("prepaid", m(a.prepaidCredited()), m(b.prepaidCredited()));
    same("settled", m(a.settled()), m(b.settled()));
    same("visits", n(a.visits()), n(b.visits()));
    for (int o = int(VisitOutcome::NotHome); o <= int(VisitOutcome::Note); ++o)
        same(qPrintable(QStringLiteral("visits ") + visitOutcomeKey(VisitOutcome(o))), n(a.visits(VisitOutcome(o))),
             n(b.visits(VisitOutcome(o))));
    same("receipts printed", n(a.receiptsPrinted()), n(b.receiptsPrinted()));
    same("receipts reprinted", n(a.receiptsReprinted()), n(b.receiptsReprinted()));
    same("handed over", ca(a.cashHandedOver()), ca(b.cashHandedOver()));
    same("opening float", m(a.openingFloat()), m(b.openingFloat()));
    same("shifts opened", n(a.shiftsOpened()), n(b.shiftsOpened()));
    same("shifts closed", n(a.shiftsClosed()), n(b.shiftsClosed()));
    same("counted", m(a.countedCash()), m(b.countedCash()));
    same("difference", m(a.closingDifference()), m(b.closingDifference()));
    same("clock flags", n(a.clockFlags()), n(b.clockFlags()));
    same("invalid voids", n(a.invalidVoids()), n(b.invalidVoids()));
    same("expected cash", m(a.expectedCashInHand()), m(b.expectedCashInHand()));
    same("unresolved voids", n(qint64(a.unresolvedVoidTargets().size())), n(qint64(b.unresolvedVoidTargets().size())));
    return out.join(QStringLiteral("; "));
}

using Key = std::tuple<qint64, qint64, QString, qint64>;

inline Key keyOf(const TotalsBucket &b)
{
    return {b.shiftSeq, b.opensShiftSeq, b.collectorId, b.hour};
}

/// The rows in journal_totals, in key order; nothing if the journal reports no sound totals.
inline std::optional<QList<TotalsBucket>> storedBuckets(const Journal &journal)
{
    QList<TotalsBucket> rows;
    if (!journal.forEachTotalsBucket({}, [&rows](const TotalsBucket &b) { rows.append(b); }).ok())
        return std::nullopt;
    std::sort(rows.begin(), rows.end(), [](const auto &x, const auto &y) { return keyOf(x) < keyOf(y); });
    return rows;
}

/// The rows the facts make, in key order: what a rebuild would store.
inline QList<TotalsBucket> bucketsFromFacts(const Journal &journal)
{
    std::map<Key, TotalsBucket> buckets;
    TotalsBucket::Fold fold;
    journal.forEachFact(1, std::numeric_limits<qint64>::max(), [&](const JournalFact &f) {
        const TotalsBucket b = fold.add(f);
        auto [it, inserted] = buckets.try_emplace(keyOf(b), b);
        if (!inserted)
            it->second.merge(b);
        return true;
    });
    QList<TotalsBucket> rows;
    for (const auto &entry : buckets)
        rows.append(entry.second);
    return rows;
}

/// Whole-journal figures from the totals against the fold, and the stored rows against the facts.
inline QString disagreement(const Journal &journal)
{
    const auto aggregated = DailyTotals::fromAggregates(journal, DailyTotals::Filter::all());
    if (!aggregated)
        return QStringLiteral("the journal has no sound totals");
    const QString figures = difference(*aggregated, DailyTotals::fold(journal, DailyTotals::Filter::all()));
    if (!figures.isEmpty())
        return figures;
    const auto stored = storedBuckets(journal);
    if (!stored)
        return QStringLiteral("the totals could not be read");
    const QList<TotalsBucket> expected = bucketsFromFacts(journal);
    if (stored->size() != expected.size())
        return QStringLiteral("%1 totals rows, the facts make %2").arg(stored->size()).arg(expected.size());
    for (qsizetype i = 0; i < expected.size(); ++i)
        if (!(stored->at(i) == expected.at(i)))
            return QStringLiteral("totals row %1 (shift %2, collector %3, hour %4) differs from the facts' row")
                .arg(i)
                .arg(expected.at(i).shiftSeq)
                .arg(expected.at(i).collectorId)
                .arg(expected.at(i).hour);
    return {};
}

} // namespace TotalsCheck
