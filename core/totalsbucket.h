#pragma once

#include <QString>

#include <array>
#include <optional>
#include <vector>

#include "journalentry.h"
#include "money.h"

/** A count and a sum, e.g. "12 cash payments, ¥3,450.00". */
struct CountedAmount
{
    qint64 count = 0;
    Money amount;
    bool operator==(const CountedAmount &) const = default;
};

/**
 * The additive figures of a journal's entries of one shift, one collector and one UTC hour. The
 * journal keeps one row of these per key (table journal_totals) and updates it in the same
 * transaction as each append, so DailyTotals adds up a few thousand rows instead of folding every
 * fact. Every figure is a sum over entries, so buckets merge by addition; what a void does is
 * settled when it is appended, by the rule of DailyTotals::add(): the first void of a payment
 * reverses it (its amount under that payment's method, its penalty and prepaid) in the void's own
 * bucket; a void of anything else, of a later seq, or a second void is an invalid void.
 * Derived data, never the signed record: it can always be rebuilt from the facts.
 */
struct TotalsBucket
{
    static constexpr qint64 MsPerHour = 3'600'000;
    static constexpr int Methods = 5;  ///< payment method index 0 (unknown) .. 4
    static constexpr int Outcomes = 7; ///< visit outcome index 0 (unknown) .. 6

    // ---- Key.
    qint64 shiftSeq = 0;      ///< the entries' shift column
    qint64 opensShiftSeq = 0; ///< a ShiftOpened filed under another shift: the seq it opens; else 0
    QString collectorId;
    qint64 hour = 0; ///< floor(time_ms / 3,600,000): hours since the epoch, UTC

    // ---- Figures.
    qint64 entries = 0;
    qint64 firstSeq = 0; ///< the lowest seq in the bucket, and its time
    qint64 firstTimeMs = 0;
    qint64 lastSeq = 0; ///< the highest seq in the bucket, and its time
    qint64 lastTimeMs = 0;
    std::array<CountedAmount, Methods> payments{}; ///< by methodIndex()
    std::array<CountedAmount, Methods> voids{};    ///< by the voided payment's methodIndex()
    Money penalty;                                 ///< of payments, net of voids
    Money prepaid;                                 ///< of payments, net of voids
    std::array<qint64, Outcomes> visits{};         ///< by outcome, 0 for one this code does not know
    qint64 receiptsPrinted = 0;
    qint64 receiptsReprinted = 0;
    CountedAmount handedOver;
    Money openingFloat;
    qint64 shiftsOpened = 0;
    qint64 shiftsClosed = 0;
    Money counted;    ///< Σ counted cash of closes
    Money difference; ///< Σ (counted − expected) of closes
    qint64 clockFlags = 0;
    qint64 invalidVoids = 0;

    /** What a void's target was when the void was appended. */
    struct VoidTarget
    {
        bool isPayment = false;
        int method = 0; ///< PaymentMethod as stored; unknown values count under index 0
        Money amount;
        Money penalty;
        Money prepaid;
        bool alreadyVoided = false; ///< an earlier void of it took effect
    };

    /// The bucket of one entry alone. For a void, `target` is the entry it names, if that entry
    /// exists and comes before the void (otherwise, and for a non-payment, it is an invalid void).
    [[nodiscard]] static TotalsBucket ofFact(const JournalFact &fact, const std::optional<VoidTarget> &target);

    /// Adds another bucket's figures (the key is kept): counts and sums add, first and last follow seq.
    void merge(const TotalsBucket &other);

    [[nodiscard]] bool sameKey(const TotalsBucket &other) const
    {
        return shiftSeq == other.shiftSeq && opensShiftSeq == other.opensShiftSeq && hour == other.hour &&
               collectorId == other.collectorId;
    }

    [[nodiscard]] static qint64 hourOf(qint64 timeMs);  ///< rounds toward minus infinity
    [[nodiscard]] static int methodIndex(int method);   ///< 1..4 as is, anything else 0
    [[nodiscard]] static int outcomeIndex(int outcome); ///< 1..6 as is, anything else 0

    bool operator==(const TotalsBucket &) const = default;

    /**
     * Facts to buckets without the database: remembers each payment (and whether a void has
     * reversed it) so that a void settles exactly as append() settles it. Facts must come in seq
     * order from seq 1. Rebuilds journal_totals, and splits a day into hours that are not whole
     * UTC hours.
     */
    class Fold
    {
    public:
        /// The bucket of this fact alone.
        [[nodiscard]] TotalsBucket add(const JournalFact &fact);

    private:
        struct Memo
        {
            qint64 amount = 0;
            qint64 penalty = 0;
            qint64 prepaid = 0;
            int method = -1; ///< -1: not a payment
            bool voided = false;
        };
        std::vector<Memo> m_memo; ///< index seq − 1
    };
};
