#include "shiftreport.h"

#include <QCoreApplication>

#include "journal.h"

QList<qint64> CashCount::denominations()
{
    // The 5, 2 and 1 fen coins too: change is given to the fen, so an exact drawer holds fen.
    return {10000, 5000, 2000, 1000, 500, 100, 50, 10, 5, 2, 1};
}

Result<CashCount> CashCount::fromCounts(const QMap<qint64, qint64> &countsByFen)
{
    const QList<qint64> known = denominations();
    CashCount c;
    for (auto it = countsByFen.cbegin(); it != countsByFen.cend(); ++it) {
        if (!known.contains(it.key()))
            return Error{QStringLiteral("count.bad-denomination"),
                         QCoreApplication::translate("CashCount", "%1 is not a note or coin that can be counted.")
                             .arg(Money::fromFen(it.key()).format())};
        if (it.value() < 0 || it.value() > MaxPieces)
            return Error{QStringLiteral("count.bad-pieces"),
                         QCoreApplication::translate("CashCount", "%1 pieces of %2: a count is a whole number from 0 "
                                                                  "to %3.")
                             .arg(it.value())
                             .arg(Money::fromFen(it.key()).format())
                             .arg(MaxPieces)};
        if (it.value() > 0)
            c.m_counts.insert(it.key(), it.value());
    }
    return c;
}

Money CashCount::total() const
{
    Money sum;
    for (auto it = m_counts.cbegin(); it != m_counts.cend(); ++it)
        sum += Money::fromFen(it.key() * it.value()); // at most MaxPieces × ¥100 each: no overflow
    return sum;
}

Result<ZReport> ZReport::forShift(const Journal &journal, qint64 shiftSeq)
{
    ZReport z;
    z.shiftSeq = shiftSeq;
    bool opened = false;
    journal.forEachFact(shiftSeq, shiftSeq, [&](const JournalFact &f) {
        opened = f.kind == EntryKind::ShiftOpened;
        z.collectorId = f.collectorId;
        z.openedMs = f.timeMs;
        return false;
    });
    if (!opened || shiftSeq < 1)
        return Error{QStringLiteral("zreport.no-shift"),
                     QCoreApplication::translate("ZReport", "Entry %1 does not open a shift.").arg(shiftSeq)};
    journal.forEachFact(shiftSeq + 1, journal.lastSeq(), [&](const JournalFact &f) {
        if (f.kind == EntryKind::CashCounted && f.shiftSeq == shiftSeq)
            z.counts.append(f.amount);
        if (f.kind == EntryKind::ShiftClosed && f.shiftSeq == shiftSeq) {
            z.closeSeq = f.seq;
            z.closedMs = f.timeMs;
            return false;
        }
        return true;
    });
    if (z.closeSeq == 0)
        return Error{QStringLiteral("zreport.open"),
                     QCoreApplication::translate("ZReport", "The shift opened at entry %1 is still open: a Z-report "
                                                            "is printed after the close.")
                         .arg(shiftSeq)};
    journal.forEachFact(1, z.closeSeq, [&z](const JournalFact &f) {
        z.number += f.kind == EntryKind::ShiftClosed ? 1 : 0;
        return true;
    });
    const auto entry = journal.entry(z.closeSeq);
    if (!entry)
        return Error{
            QStringLiteral("zreport.unreadable"),
            QCoreApplication::translate("ZReport", "The shift's closing entry %1 cannot be read.").arg(z.closeSeq)};
    auto closing = recordFromCbor<ShiftClosedRecord>(entry->body);
    if (!closing)
        return closing.error();
    z.closing = std::move(closing).value();
    z.totals = DailyTotals::compute(journal, DailyTotals::Filter::shift(shiftSeq), shiftSeq, z.closeSeq);
    return z;
}
