#pragma once

#include <QList>
#include <QMap>
#include <QString>

#include "dailytotals.h"
#include "journalentry.h"
#include "money.h"
#include "result.h"

class Journal;

/**
 * The cash a collector counts at the end of a shift, by note and coin (¥100, 50, 20, 10, 5, 1,
 * 0.5, 0.1, and the 5, 2 and 1 fen coins: cash change is given to the fen, so a drawer that is
 * exactly right may hold fen, and a count without them would invent a difference). Entered blind,
 * before the expected figure is shown; the counted total is computed from the counts here, never
 * typed.
 */
class CashCount
{
public:
    /// Note and coin values in fen, largest first.
    [[nodiscard]] static QList<qint64> denominations();
    /// Most pieces of one denomination a count may claim (a typo guard: ¥100 × 100,000 = ¥10 M).
    static constexpr qint64 MaxPieces = 100'000;

    CashCount() = default;
    /// Refuses a value that is not a note or coin above, a negative count, or one over MaxPieces.
    [[nodiscard]] static Result<CashCount> fromCounts(const QMap<qint64, qint64> &countsByFen);

    [[nodiscard]] Money total() const;
    [[nodiscard]] QMap<qint64, qint64> counts() const { return m_counts; } ///< zero counts left out

    bool operator==(const CashCount &) const = default;

private:
    QMap<qint64, qint64> m_counts;
};

/**
 * The Z-report of a closed shift: its totals from the entries up to and including the close, and
 * the close itself (expected, counted, denominations, approving supervisor). Computed from the
 * journal alone and bounded by the close's seq, so it reads the same forever after.
 */
struct ZReport
{
    qint64 shiftSeq = 0;
    qint64 closeSeq = 0;
    /// Which close of this device's journal this is: 1, 2, 3 … (the Z-report's number; a shift's
    /// seq is not, it jumps by the entries in between).
    qint64 number = 0;
    QString collectorId;
    qint64 openedMs = 0;
    qint64 closedMs = 0;
    ShiftClosedRecord closing;
    QList<Money> counts; ///< every blind count of the shift in order; the last is the close's
    DailyTotals totals;

    /// "zreport.no-shift" if shiftSeq is not a shift opening, "zreport.open" if it is not closed.
    [[nodiscard]] static Result<ZReport> forShift(const Journal &journal, qint64 shiftSeq);
};
