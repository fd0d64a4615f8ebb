#pragma once

#include <QDate>
#include <QString>

#include <array>
#include <limits>
#include <optional>
#include <vector>

#include "journalentry.h"
#include "money.h"
#include "totalsbucket.h" // CountedAmount

class Journal;

/**
 * The figures a collector closes a shift with and a supervisor reviews: a fold over JournalFact
 * (the journal's derived columns), so the center recomputes the same figures with the same code
 * from the entries it received. Computed from the journal alone; the only outside figure is the
 * receivable for the collection rate, which the caller takes from the route.
 *
 * Rules (README): a payment counts where its entry is, a void where the void is, so "collected"
 * is payments in the filter minus voids in the filter; when both fall in one shift or day the
 * voided payment simply no longer counts. A void of something that is not a payment, or a second
 * void of the same payment, moves no money and is counted as an exception. Methods the code does
 * not know (a damaged or newer row) are kept in their own bucket, never dropped.
 *
 * On the device, compute() reads the same figures from the totals the journal keeps per shift,
 * collector and hour (TotalsBucket), when the filter is made of whole hours; fold() is the fold
 * itself, which the center runs, and the two must agree figure for figure (tests hold them to it).
 */
class DailyTotals
{
public:
    /** Which entries count. Every set criterion must hold; none set is the whole journal. */
    struct Filter
    {
        std::optional<qint64> shiftSeq;  ///< entries of the shift opened at this seq
        std::optional<QDate> day;        ///< entries whose (trusted) time falls on this day
        int utcOffsetSeconds = 8 * 3600; ///< the device's time zone, for `day`
        std::optional<QString> collectorId;

        [[nodiscard]] static Filter all() { return {}; }
        [[nodiscard]] static Filter shift(qint64 seq);
        [[nodiscard]] static Filter onDay(QDate day, int utcOffsetSeconds = 8 * 3600);
        [[nodiscard]] static Filter collector(const QString &id);
    };

    DailyTotals()
        : DailyTotals(Filter{})
    {
    }
    explicit DailyTotals(Filter filter);

    /// The fold step. Facts must come in seq order; every fact, not only those in the filter
    /// (a void in the filter may reverse a payment outside it).
    void add(const JournalFact &fact);

    /// The figures of fromSeq..toSeq: from the journal's totals when that is the whole journal and
    /// fromAggregates() can answer, else fold().
    [[nodiscard]] static DailyTotals compute(const Journal &journal, const Filter &filter, qint64 fromSeq = 1,
                                             qint64 toSeq = std::numeric_limits<qint64>::max());
    /// Folds the journal's facts fromSeq..toSeq. Voids of payments before fromSeq are looked up.
    [[nodiscard]] static DailyTotals fold(const Journal &journal, const Filter &filter, qint64 fromSeq = 1,
                                          qint64 toSeq = std::numeric_limits<qint64>::max());
    /// The whole journal's figures from its totals (a sum of hour rows, no fact is read). Nothing
    /// when the filter is not whole UTC hours (a day at an offset such as +5:30) or the journal has
    /// no sound totals; unresolvedVoidTargets() is empty and add() must not follow.
    [[nodiscard]] static std::optional<DailyTotals> fromAggregates(const Journal &journal, const Filter &filter);
    /// Collected (payments − voids, as collected()) in each local hour 0..23 of `day`, for one
    /// collector or all. From the totals for whole-hour offsets, else from the facts.
    [[nodiscard]] static std::array<CountedAmount, 24> byHour(const Journal &journal, QDate day,
                                                              int utcOffsetSeconds = 8 * 3600,
                                                              const std::optional<QString> &collectorId = {});

    [[nodiscard]] const Filter &filter() const { return m_filter; }

    /// Seqs of voids whose payment this fold has not seen (compute() resolves them).
    [[nodiscard]] const std::vector<qint64> &unresolvedVoidTargets() const { return m_unresolvedTargets; }
    /// Applies a void in the filter to a payment fact from outside the folded range.
    void resolveVoid(const JournalFact &payment);

    // ---- Figures.
    [[nodiscard]] qint64 entries() const { return m_entries; } ///< entries in the filter
    [[nodiscard]] qint64 lastSeq() const { return m_lastSeq; } ///< the last seq folded (in or out of the filter)
    [[nodiscard]] qint64 firstTimeMs() const { return m_firstTimeMs; }
    [[nodiscard]] qint64 lastTimeMs() const { return m_lastTimeMs; }

    /// Payments as taken (before voids), by method; pass no method for all methods.
    [[nodiscard]] CountedAmount payments(std::optional<PaymentMethod> method = std::nullopt) const;
    /// Voids in the filter, with the amount of the payment each reversed, by that payment's method.
    [[nodiscard]] CountedAmount voids(std::optional<PaymentMethod> method = std::nullopt) const;
    /// payments − voids: what was collected.
    [[nodiscard]] CountedAmount collected(std::optional<PaymentMethod> method = std::nullopt) const;
    /// Payments with a method this code does not know (damaged or newer rows): kept, shown apart.
    [[nodiscard]] CountedAmount paymentsOfUnknownMethod() const { return m_payments[0]; }

    [[nodiscard]] Money penaltiesCollected() const { return m_penalty; } ///< net of voids
    [[nodiscard]] Money prepaidCredited() const { return m_prepaid; }    ///< net of voids
    /// Collected toward bills and penalties: collected() minus prepaid credited.
    [[nodiscard]] Money settled() const;

    [[nodiscard]] qint64 visits(std::optional<VisitOutcome> outcome = std::nullopt) const;
    [[nodiscard]] qint64 receiptsPrinted() const { return m_receiptsPrinted; }     ///< originals
    [[nodiscard]] qint64 receiptsReprinted() const { return m_receiptsReprinted; } ///< duplicates
    [[nodiscard]] CountedAmount cashHandedOver() const { return m_handedOver; }
    [[nodiscard]] Money openingFloat() const { return m_float; }
    [[nodiscard]] qint64 shiftsOpened() const { return m_shiftsOpened; }
    [[nodiscard]] qint64 shiftsClosed() const { return m_shiftsClosed; }
    [[nodiscard]] Money countedCash() const { return m_counted; }          ///< Σ over closes in the filter
    [[nodiscard]] Money closingDifference() const { return m_difference; } ///< Σ (counted − expected) over closes
    [[nodiscard]] qint64 clockFlags() const { return m_clockFlags; }
    [[nodiscard]] qint64 invalidVoids() const { return m_invalidVoids; } ///< of a non-payment or a second time

    /// float + cash payments − voided cash − cash handed over − what the closes in the filter
    /// expected (that cash was counted and left the hand at the close). Zero for a closed shift.
    [[nodiscard]] Money expectedCashInHand() const;

    /// settled() ÷ receivable in basis points (10000 = 100 %), rounded down; nothing for a
    /// receivable of zero or less. Integer arithmetic only.
    [[nodiscard]] std::optional<qint64> collectionRateBps(Money receivable) const;

private:
    struct PaymentMemo
    {
        qint64 amount = 0;
        qint64 penalty = 0;
        qint64 prepaid = 0;
        int method = -1; ///< -1: this seq is not a payment; 0: unknown method
        bool voided = false;
    };
    [[nodiscard]] bool inFilter(const JournalFact &fact) const;
    /// Takes a sum of totals rows as this fold's figures (fromAggregates()).
    void setFigures(const TotalsBucket &sum);
    void applyVoid(PaymentMemo &memo);
    [[nodiscard]] static int methodIndex(int method);

    Filter m_filter;
    qint64 m_dayStartMs = 0;
    qint64 m_dayEndMs = 0;

    qint64 m_memoBase = 0; ///< seq of m_memo[0]
    std::vector<PaymentMemo> m_memo;
    std::vector<qint64> m_unresolvedTargets;
    std::vector<qint64> m_resolvedTargets;

    qint64 m_entries = 0;
    qint64 m_lastSeq = 0;
    qint64 m_firstTimeMs = 0;
    qint64 m_lastTimeMs = 0;
    std::array<CountedAmount, 5> m_payments{};
    std::array<CountedAmount, 5> m_voids{};
    Money m_penalty;
    Money m_prepaid;
    std::array<qint64, 7> m_visits{};
    qint64 m_receiptsPrinted = 0;
    qint64 m_receiptsReprinted = 0;
    CountedAmount m_handedOver;
    Money m_float;
    qint64 m_shiftsOpened = 0;
    qint64 m_shiftsClosed = 0;
    Money m_counted;
    Money m_difference;
    qint64 m_clockFlags = 0;
    qint64 m_invalidVoids = 0;
};
